//! A store that fails every call: readiness says so, liveness does not care,
//! and database details never reach the client.

use std::sync::Arc;

use async_trait::async_trait;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ketnoi_domain::{
    ApiKey, Contact, ContactInput, CrawlUrl, HubItem, HubItemInput, HubState, NewUrl, Site, SiteCrawlState, SiteInput,
    SiteUrl, SitemapState, Succession, Unit, UrlState, UrlUpdate, Webhook, WebhookDelivery,
};
use ketnoi_store::{ImportCounts, Page, SiteImportRow, SiteQuery, Store, StoreError, UnitQuery};
use ketnoi_web::AppState;
use serde_json::Value;

const SECRET: &str = "/var/lib/ketnoi/SECRET.db: table sites is malformed";

struct Broken;

fn fail<T>() -> ketnoi_store::Result<T> {
    Err(StoreError::Corrupt(SECRET.to_string()))
}

type R<T> = ketnoi_store::Result<T>;

#[async_trait]
impl ketnoi_store::HubStore for Broken {
    async fn hub_save(&self, _: Option<i64>, _: Option<i64>, _: &HubItemInput, _: Option<HubState>) -> R<HubItem> {
        fail()
    }
    async fn hub_set_state(&self, _: i64, _: Option<i64>, _: HubState) -> R<HubItem> {
        fail()
    }
    async fn hub_get(&self, _: i64) -> R<Option<HubItem>> {
        fail()
    }
    async fn hub_list(&self, _: &ketnoi_store::HubQuery) -> R<Page<HubItem>> {
        fail()
    }
    async fn hub_changes(&self, _: i64, _: &ketnoi_store::HubQuery) -> R<Vec<HubItem>> {
        fail()
    }
    async fn hub_last_seq(&self) -> R<i64> {
        fail()
    }
    async fn hub_import(&self, _: &[(i64, HubItemInput, HubState)]) -> R<ImportCounts> {
        fail()
    }
    async fn key_create(&self, _: &ApiKey) -> R<()> {
        fail()
    }
    async fn key_get(&self, _: &str) -> R<Option<ApiKey>> {
        fail()
    }
    async fn key_list(&self) -> R<Vec<ApiKey>> {
        fail()
    }
    async fn key_update(&self, _: &ApiKey) -> R<()> {
        fail()
    }
    async fn webhook_create(&self, _: &str, _: &str) -> R<Webhook> {
        fail()
    }
    async fn webhook_list(&self) -> R<Vec<Webhook>> {
        fail()
    }
    async fn webhook_delete(&self, _: i64) -> R<()> {
        fail()
    }
    async fn webhook_due(&self, _: chrono::DateTime<chrono::Utc>, _: i64) -> R<Vec<(WebhookDelivery, Webhook)>> {
        fail()
    }
    async fn webhook_record(&self, _: i64, _: &ketnoi_store::DeliveryOutcome) -> R<()> {
        fail()
    }
    async fn webhook_deliveries(&self, _: i64) -> R<Vec<WebhookDelivery>> {
        fail()
    }
}

#[async_trait]
impl ketnoi_store::CrawlStore for Broken {
    async fn crawl_enqueue(&self, _: i64, _: &[NewUrl], _: DateTime<Utc>) -> R<()> {
        fail()
    }
    async fn crawl_record(&self, _: i64, _: &[UrlUpdate], _: &[NewUrl], _: DateTime<Utc>) -> R<()> {
        fail()
    }
    async fn crawl_due(&self, _: i64, _: DateTime<Utc>, _: i64) -> R<Vec<CrawlUrl>> {
        fail()
    }
    async fn crawl_next_due(&self, _: i64) -> R<Option<DateTime<Utc>>> {
        fail()
    }
    async fn crawl_make_due(&self, _: i64, _: &[UrlState], _: DateTime<Utc>) -> R<u64> {
        fail()
    }
    async fn crawl_urls(&self, _: i64, _: Option<UrlState>, _: i64, _: i64) -> R<Page<CrawlUrl>> {
        fail()
    }
    async fn crawl_url(&self, _: i64, _: &str) -> R<Option<CrawlUrl>> {
        fail()
    }
    async fn crawl_known_urls(&self, _: i64) -> R<Vec<String>> {
        fail()
    }
    async fn crawl_document(&self, _: i64, _: &str) -> R<Option<String>> {
        fail()
    }
    async fn crawl_counts(&self, _: i64) -> R<BTreeMap<String, i64>> {
        fail()
    }
    async fn crawl_changes(
        &self,
        _: Option<(chrono::DateTime<chrono::Utc>, i64)>,
        _: chrono::DateTime<chrono::Utc>,
        _: i64,
    ) -> R<Vec<(ketnoi_domain::CrawlUrl, Option<String>)>> {
        fail()
    }
    async fn crawl_site_state(&self, _: i64) -> R<Option<SiteCrawlState>> {
        fail()
    }
    async fn crawl_save_site_state(&self, _: &SiteCrawlState) -> R<()> {
        fail()
    }
    async fn crawl_sitemaps(&self, _: i64) -> R<Vec<SitemapState>> {
        fail()
    }
    async fn crawl_save_sitemap(&self, _: i64, _: &SitemapState) -> R<()> {
        fail()
    }
}

#[async_trait]
impl ketnoi_store::SearchLogStore for Broken {
    async fn search_log_query(&self, _: &str, _: i64, _: DateTime<Utc>) -> R<()> {
        fail()
    }
    async fn search_log_click(&self, _: &str, _: &str, _: Option<i64>, _: DateTime<Utc>) -> R<()> {
        fail()
    }
    async fn search_top_queries(&self, _: DateTime<Utc>, _: i64) -> R<Vec<ketnoi_store::QueryStat>> {
        fail()
    }
    async fn search_zero_result_queries(&self, _: DateTime<Utc>, _: i64) -> R<Vec<ketnoi_store::QueryStat>> {
        fail()
    }
    async fn search_top_clicks(&self, _: DateTime<Utc>, _: i64) -> R<Vec<ketnoi_store::ClickStat>> {
        fail()
    }
}

#[async_trait]
impl ketnoi_store::BestBetStore for Broken {
    async fn best_bet_add(&self, _: &str, _: &str, _: &str, _: Option<&str>) -> R<ketnoi_store::BestBet> {
        fail()
    }
    async fn best_bet_delete(&self, _: i64) -> R<()> {
        fail()
    }
    async fn best_bets_for(&self, _: &str) -> R<Vec<ketnoi_store::BestBet>> {
        fail()
    }
    async fn best_bets_list(&self, _: i64, _: i64) -> R<Vec<ketnoi_store::BestBet>> {
        fail()
    }
}

#[async_trait]
impl ketnoi_store::BoxStore for Broken {
    async fn box_create(&self, _: &str, _: &str) -> R<ketnoi_store::StoredBox> {
        fail()
    }
    async fn box_get(&self, _: i64) -> R<Option<ketnoi_store::StoredBox>> {
        fail()
    }
    async fn box_update(&self, _: i64, _: Option<i64>, _: &str) -> R<ketnoi_store::StoredBox> {
        fail()
    }
    async fn box_delete(&self, _: i64) -> R<()> {
        fail()
    }
    async fn box_list(&self, _: i64, _: i64) -> R<Page<ketnoi_store::StoredBox>> {
        fail()
    }
}

#[async_trait]
impl Store for Broken {
    fn backend(&self) -> &'static str {
        "broken"
    }
    async fn ping(&self) -> ketnoi_store::Result<()> {
        fail()
    }
    async fn import_units(&self, _: &[Unit], _: &[Succession]) -> ketnoi_store::Result<ImportCounts> {
        fail()
    }
    async fn get_unit(&self, _: &str) -> ketnoi_store::Result<Option<Unit>> {
        fail()
    }
    async fn units_by_code(&self, _: &str) -> ketnoi_store::Result<Vec<Unit>> {
        fail()
    }
    async fn units_by_name_key(&self, _: &str) -> ketnoi_store::Result<Vec<Unit>> {
        fail()
    }
    async fn list_units(&self, _: &UnitQuery) -> ketnoi_store::Result<Vec<Unit>> {
        fail()
    }
    async fn successions(&self, _: &str) -> ketnoi_store::Result<(Vec<Succession>, Vec<Succession>)> {
        fail()
    }
    async fn create_site(&self, _: &SiteInput, _: &[SiteUrl]) -> ketnoi_store::Result<Site> {
        fail()
    }
    async fn get_site(&self, _: i64) -> ketnoi_store::Result<Option<Site>> {
        fail()
    }
    async fn update_site(&self, _: i64, _: Option<i64>, _: &SiteInput, _: &[SiteUrl]) -> ketnoi_store::Result<Site> {
        fail()
    }
    async fn delete_site(&self, _: i64, _: Option<i64>) -> ketnoi_store::Result<()> {
        fail()
    }
    async fn list_sites(&self, _: &SiteQuery) -> ketnoi_store::Result<Page<Site>> {
        fail()
    }
    async fn site_id_by_url_key(&self, _: &str) -> ketnoi_store::Result<Option<i64>> {
        fail()
    }
    async fn import_sites(&self, _: &[SiteImportRow]) -> ketnoi_store::Result<ImportCounts> {
        fail()
    }
    async fn create_contact(&self, _: &ContactInput) -> ketnoi_store::Result<Contact> {
        fail()
    }
    async fn get_contact(&self, _: i64) -> ketnoi_store::Result<Option<Contact>> {
        fail()
    }
    async fn update_contact(&self, _: i64, _: Option<i64>, _: &ContactInput) -> ketnoi_store::Result<Contact> {
        fail()
    }
    async fn delete_contact(&self, _: i64, _: Option<i64>) -> ketnoi_store::Result<()> {
        fail()
    }
    async fn list_contacts(&self, _: Option<&str>) -> ketnoi_store::Result<Vec<Contact>> {
        fail()
    }
}

#[tokio::test]
async fn a_failing_store_is_reported_without_leaking_details() {
    let state = AppState {
        store: Arc::new(Broken),
        admin_token: Some("t".into()),
        today: || chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        hub: Default::default(),
        search: None,
        boxes: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(ketnoi_web::serve(listener, state, async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();

    let r = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    for (path, status, code) in [
        ("/readyz", 503, "store_unavailable"),
        ("/api/v1/units", 500, "internal"),
        ("/api/v1/sites/1", 500, "internal"),
        ("/api/v1/sites/1/crawl", 500, "internal"),
        ("/api/v1/sites/1/pages?state=fetched", 500, "internal"),
        ("/api/v1/search/best-bets", 500, "internal"),
    ] {
        let r = client.get(format!("{base}{path}")).bearer_auth("t").send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        let text = r.text().await.unwrap();
        assert!(!text.contains("SECRET") && !text.contains("malformed"), "{path} leaks: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], code, "{path}");
    }

    // Graceful shutdown ends `serve` with Ok.
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Best bets come from the store; a store that fails leaves them out and the search still answers.
#[tokio::test]
async fn a_failing_store_does_not_fail_a_search() {
    let dir = tempfile::tempdir().unwrap();
    let index = ketnoi_index::SearchIndex::open(&dir.path().join("index")).unwrap();
    let state = AppState {
        store: Arc::new(Broken),
        admin_token: Some("t".into()),
        today: || chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        hub: Default::default(),
        search: Some(Arc::new(index)),
        boxes: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(ketnoi_web::serve(listener, state, async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let r = client.get(format!("{base}/api/v1/search?q=dich%20vu%20cong")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["best_bets"], serde_json::json!([]));
    let r = client.get(format!("{base}/search?q=dich%20vu%20cong")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}
