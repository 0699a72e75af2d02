//! Webhooks against a real local receiver: signed, retried with backoff
//! after failures, delivered once accepted.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use ketnoi_domain::{HubItemInput, HubItemType, HubState};
use ketnoi_hub::webhooks::{WebhookConfig, client, deliver_due, signature};
use ketnoi_store::{HubStore, Store};
use ketnoi_store_sqlite::SqliteStore;

#[derive(Default)]
struct Received {
    calls: u32,
    accepted: Vec<(HeaderMap, Bytes)>,
}

#[tokio::test]
async fn deliveries_are_signed_retried_and_completed() {
    let received = Arc::new(Mutex::new(Received::default()));
    let r = received.clone();
    // Fails twice (a receiver restarting), then accepts.
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let r = r.clone();
            async move {
                let mut r = r.lock().unwrap();
                r.calls += 1;
                if r.calls <= 2 {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                r.accepted.push((headers, body));
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("k.db")).await.unwrap();
    let hook = store.webhook_create(&format!("http://{addr}/hook"), "bí-mật").await.unwrap();
    let item = HubItemInput::new(HubItemType::News, "Tin khẩn");
    let saved = store.hub_save(None, None, &item, Some(HubState::Published)).await.unwrap();

    let config = WebhookConfig {
        first_retry: Duration::from_millis(50),
        max_retry: Duration::from_millis(200),
        ..Default::default()
    };
    let http = client(&config);
    let store: &dyn Store = &store;
    for _ in 0..100 {
        deliver_due(store, &http, &config).await;
        if !received.lock().unwrap().accepted.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (calls, headers, body) = {
        let r = received.lock().unwrap();
        (r.calls, r.accepted[0].0.clone(), r.accepted[0].1.clone())
    };
    assert_eq!(calls, 3, "two failures, then success");
    let timestamp: i64 = headers["x-ketnoi-timestamp"].to_str().unwrap().parse().unwrap();
    assert_eq!(headers["x-ketnoi-signature"].to_str().unwrap(), signature("bí-mật", timestamp, &body));
    assert_eq!(headers["x-ketnoi-event"], "publish");
    let payload: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((payload["Event"].as_str(), payload["Id"].as_i64()), (Some("publish"), Some(saved.id)));
    assert_eq!(payload["Item"]["Title"], "Tin khẩn");
    let log = store.webhook_deliveries(hook.id).await.unwrap();
    assert_eq!((log[0].attempts, log[0].delivered_at.is_some()), (3, true));
    // Nothing is due any more: a delivered event is never sent again.
    assert_eq!(deliver_due(store, &http, &config).await, 0);
}

#[tokio::test]
async fn a_receiver_that_never_answers_is_given_up_after_max_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("k.db")).await.unwrap();
    // Port 9 (discard) on loopback: connection refused.
    let hook = store.webhook_create("http://127.0.0.1:9/hook", "s").await.unwrap();
    let item = HubItemInput::new(HubItemType::Video, "Video");
    store.hub_save(None, None, &item, Some(HubState::Published)).await.unwrap();
    let config = WebhookConfig {
        first_retry: Duration::from_millis(10),
        max_retry: Duration::from_millis(20),
        max_attempts: 3,
        ..Default::default()
    };
    let http = client(&config);
    for _ in 0..50 {
        deliver_due(&store, &http, &config).await;
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    let log = store.webhook_deliveries(hook.id).await.unwrap();
    assert_eq!(log[0].attempts, 3);
    assert!(log[0].delivered_at.is_none() && log[0].last_error.is_some());
}
