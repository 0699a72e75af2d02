//! Starts the real server on a free port over a fresh SQLite register.
#![allow(dead_code)] // each test binary uses a different part of this helper

use std::sync::Arc;

use chrono::NaiveDate;
use ketnoi_store::Store;
use ketnoi_store_sqlite::SqliteStore;
use ketnoi_web::{AppState, error_table};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

pub const TOKEN: &str = "test-admin-token-0123456789";

pub fn pinned_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

pub struct Server {
    pub base: String,
    pub token: String,
    pub client: Client,
    pub store: Arc<dyn Store>,
    _shutdown: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Server {
    start_with(Some(TOKEN.to_string())).await
}

pub async fn start_with(admin_token: Option<String>) -> Server {
    start_full(admin_token, Default::default()).await
}

pub async fn start_full(admin_token: Option<String>, hub: ketnoi_web::hub::HubSettings) -> Server {
    start_inner(admin_token, hub, false).await
}

/// With a search index on disk beside the store.
pub async fn start_with_search() -> Server {
    start_inner(Some(TOKEN.to_string()), Default::default(), true).await
}

/// With these box settings (public URLs, who may frame boxes, refresh interval).
pub async fn start_with_boxes(boxes: ketnoi_web::boxes::BoxSettings) -> Server {
    start_inner_with(Some(TOKEN.to_string()), Default::default(), false, boxes).await
}

async fn start_inner(admin_token: Option<String>, hub: ketnoi_web::hub::HubSettings, search: bool) -> Server {
    start_inner_with(admin_token, hub, search, Default::default()).await
}

async fn start_inner_with(
    admin_token: Option<String>,
    hub: ketnoi_web::hub::HubSettings,
    search: bool,
    boxes: ketnoi_web::boxes::BoxSettings,
) -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("ketnoi.db")).await.expect("open store");
    let data = ketnoi_units::builtin().expect("built-in units");
    store.import_units(&data.units, &data.successions).await.expect("import units");
    let store: Arc<dyn Store> = Arc::new(store);
    let search =
        search.then(|| Arc::new(ketnoi_index::SearchIndex::open(&dir.path().join("index")).expect("open index")));
    let state = AppState { store: store.clone(), admin_token, today: pinned_today, hub, search, boxes };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = ketnoi_web::serve(listener, state, async move {
            let _ = rx.await;
        })
        .await;
    });
    Server { base, token: TOKEN.to_string(), client: Client::new(), store, _shutdown: tx, _dir: dir }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.req(method, path).bearer_auth(&self.token)
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.req(Method::GET, path).send().await.expect("send");
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.json().await.expect("json")
    }
}

/// Asserts a response is the error envelope with this status and code, that
/// the code is listed in `error_table()` with that status, and returns the body.
pub async fn expect_error(r: Response, status: u16, code: &str) -> Value {
    let got = r.status().as_u16();
    let ctype = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let text = r.text().await.expect("body");
    assert_eq!(got, status, "status for {code}: {text}");
    assert!(ctype.starts_with("application/json"), "content type {ctype:?} for {code}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    assert_eq!(body["error"]["code"], code, "{text}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{text}");
    assert!(body["error"]["message_en"].as_str().is_some_and(|m| !m.is_empty()), "{text}");
    let row = error_table().into_iter().find(|r| r.0 == code).unwrap_or_else(|| panic!("{code} not in table"));
    assert_eq!(row.1, status, "table status of {code}");
    body
}

pub fn site_json(unit: &str, name: &str, urls: &[&str]) -> Value {
    serde_json::json!({ "unit_id": unit, "name": name, "urls": urls, "status": "active" })
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
