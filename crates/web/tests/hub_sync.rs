//! Incremental sync, public GET data, feeds and operator endpoints of the hub.

mod common;

use std::collections::{HashMap, HashSet};

use ketnoi_domain::{HubItemInput, HubItemType, HubState};
use ketnoi_hub::keys::{self, KeyRequest};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn item(n: usize) -> HubItemInput {
    let kind = if n.is_multiple_of(3) { HubItemType::Document } else { HubItemType::News };
    HubItemInput {
        content: format!("<p>Nội dung {n}</p>"),
        published_date: Some(
            chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap().and_hms_opt(8, 0, n as u32 % 60).unwrap(),
        ),
        ..HubItemInput::new(kind, format!("Tin số {n}"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_syncing_while_items_are_published_ends_with_exactly_the_published_set() {
    let server = common::start().await;
    let request = KeyRequest {
        name: "sync".into(),
        allow_ips: vec!["127.0.0.1".into()],
        scope: None,
        rate_per_minute: Some(1_000_000),
    };
    let (_, secret) = keys::issue(server.store.as_ref(), request).await.unwrap();

    let store = server.store.clone();
    let publisher = tokio::spawn(async move {
        let mut ids = Vec::new();
        for n in 0..60 {
            let saved = store.hub_save(None, None, &item(n), Some(HubState::Published)).await.unwrap();
            ids.push(saved.id);
            if n % 7 == 3 {
                store.hub_set_state(ids[n / 2], None, HubState::Withdrawn).await.unwrap();
            }
            if n % 5 == 1 {
                let mut edited = item(n);
                edited.title = format!("Tin số {n} (sửa)");
                store.hub_save(Some(saved.id), None, &edited, None).await.unwrap();
            }
            tokio::task::yield_now().await;
        }
    });

    let mut cursor = "0".to_string();
    let mut shown: HashMap<i64, i64> = HashMap::new();
    let mut seen_versions: HashSet<(i64, i64)> = HashSet::new();
    let mut withdrawn_markers = 0;
    let mut finished = false;
    loop {
        let done = finished;
        let r = server
            .client
            .get(server.url(&format!("/api/v1/hub/changes?cursor={cursor}&limit=3")))
            .header("X-Api-Key", &secret)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let v: Value = r.json().await.unwrap();
        for change in v["Data"]["Items"].as_array().unwrap() {
            let (id, version) = (change["Id"].as_i64().unwrap(), change["Version"].as_i64().unwrap());
            assert!(seen_versions.insert((id, version)), "version {version} of {id} delivered twice");
            match change["State"].as_str().unwrap() {
                "published" => {
                    assert_eq!(change["Item"]["Id"], id);
                    shown.insert(id, version);
                }
                "withdrawn" => {
                    assert!(change["Item"].is_null());
                    withdrawn_markers += 1;
                    shown.remove(&id);
                }
                other => panic!("unexpected state {other}"),
            }
        }
        cursor = v["Data"]["NextCursor"].as_str().unwrap().to_string();
        if !v["Data"]["HasMore"].as_bool().unwrap() {
            if done {
                break;
            }
            if publisher.is_finished() {
                // One more full pass after the publisher stopped.
                finished = true;
            }
        }
    }
    publisher.await.unwrap();
    let published: HashMap<i64, i64> = server
        .store
        .hub_list(&ketnoi_store::HubQuery { limit: 1000, ..Default::default() })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.id, i.version))
        .collect();
    assert_eq!(shown, published, "the portal shows exactly the published items, at their latest versions");
    assert!(withdrawn_markers > 0, "withdrawals reached the portal");
}

#[tokio::test]
async fn public_data_is_cacheable_and_revalidated() {
    let server = common::start().await;
    for n in 0..3 {
        server.store.hub_save(None, None, &item(n), Some(HubState::Published)).await.unwrap();
    }
    let r = server.req(Method::GET, "/api/v1/hub/items?type=1&page_size=5").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
    assert!(cache.contains("stale-while-revalidate"), "{cache}");
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["Status"].as_bool(), v["Data"]["Total"].as_i64()), (Some(true), Some(2)));

    let again = server
        .req(Method::GET, "/api/v1/hub/items?type=1&page_size=5")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    server.store.hub_save(None, None, &item(10), Some(HubState::Published)).await.unwrap();
    let changed = server
        .req(Method::GET, "/api/v1/hub/items?type=1&page_size=5")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK, "a publication changes the ETag");

    let one = server.req(Method::GET, "/api/v1/hub/items/1").send().await.unwrap();
    assert_eq!(one.status(), StatusCode::OK);
    let bad = server.req(Method::GET, "/api/v1/hub/items?page_size=500").send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = server.req(Method::GET, "/api/v1/hub/items?ids=1,x").send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn feeds_for_any_filter() {
    let server = common::start().await;
    let mut hostile = item(1);
    hostile.content = "<p>ok</p><script>alert(1)</script><img src=x onerror=alert(2)>".into();
    server.store.hub_save(None, None, &hostile, Some(HubState::Published)).await.unwrap();
    server.store.hub_save(None, None, &item(3), Some(HubState::Published)).await.unwrap();
    for (path, ctype, marker) in [
        ("/api/v1/hub/feed.rss?type=1", "application/rss+xml", "<rss version=\"2.0\""),
        ("/api/v1/hub/feed.atom?type=1", "application/atom+xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        ("/api/v1/hub/feed.json?type=1", "application/feed+json", "jsonfeed.org/version/1.1"),
    ] {
        let r = server.req(Method::GET, path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with(ctype));
        assert!(r.headers().contains_key("etag"));
        let body = r.text().await.unwrap();
        assert!(body.contains(marker), "{path}: {body}");
        assert!(body.contains("Tin số 1") && !body.contains("Tin số 3"), "the type filter applies: {body}");
        assert!(!body.contains("<script") && !body.contains("onerror"), "content is sanitised: {body}");
    }
}

#[tokio::test]
async fn operators_author_publish_and_withdraw_over_http() {
    let server = common::start().await;
    let body =
        json!({ "type": 1, "title": "Thông cáo báo chí", "content": "<p>Nội dung</p>", "distribution_to": ["38"] });
    let anon = server.req(Method::POST, "/api/v1/hub/items").json(&body).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    let created = server.admin(Method::POST, "/api/v1/hub/items").json(&body).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["state"], "draft");
    let public = server.req(Method::GET, &format!("/api/v1/hub/items/{id}")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND, "drafts are not public");
    let published = server
        .admin(Method::POST, &format!("/api/v1/hub/items/{id}/publish"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), StatusCode::OK);
    let stale = server
        .admin(Method::POST, &format!("/api/v1/hub/items/{id}/withdraw"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(
        server.req(Method::GET, &format!("/api/v1/hub/items/{id}")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let bad =
        server.admin(Method::POST, "/api/v1/hub/items").json(&json!({ "type": 7, "title": "x" })).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = server
        .admin(Method::POST, "/api/v1/hub/items")
        .json(&json!({ "type": 1, "title": "", "avatar": "javascript:alert(1)" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hook =
        server.admin(Method::POST, "/api/v1/hub/webhooks").json(&json!({ "url": "ftp://x" })).send().await.unwrap();
    assert_eq!(hook.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hook = server
        .admin(Method::POST, "/api/v1/hub/webhooks")
        .json(&json!({ "url": "http://127.0.0.1:9/hook" }))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), StatusCode::CREATED);
    let keys = server
        .admin(Method::POST, "/api/v1/hub/keys")
        .json(&json!({ "name": "x", "allow_ips": ["not-an-ip"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(keys.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
