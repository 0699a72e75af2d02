//! Crawl rows as both backends return them.

use ketnoi_domain::{CrawlUrl, SiteCrawlState, SitemapState, UrlSource, UrlState};

use crate::StoreError;
use crate::hub_rows::timestamp;

pub const CRAWL_URL_COLUMNS: &str = "id, site_id, url, source, depth, state, next_fetch_at, sitemap_lastmod, etag, \
     last_modified, status, fetched_at, changed_at, interval_secs, failures, last_error, content_hash, simhash, kind, \
     title, canonical, noindex";

fn opt_time(s: Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
    s.as_deref().map(timestamp).transpose()
}

#[derive(sqlx::FromRow)]
pub struct CrawlUrlRow {
    pub id: i64,
    pub site_id: i64,
    pub url: String,
    pub source: String,
    pub depth: i32,
    pub state: String,
    pub next_fetch_at: String,
    pub sitemap_lastmod: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub status: Option<i32>,
    pub fetched_at: Option<String>,
    pub changed_at: Option<String>,
    pub interval_secs: i64,
    pub failures: i32,
    pub last_error: Option<String>,
    pub content_hash: Option<String>,
    pub simhash: Option<i64>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub canonical: Option<String>,
    pub noindex: bool,
}

impl TryFrom<CrawlUrlRow> for CrawlUrl {
    type Error = StoreError;

    fn try_from(r: CrawlUrlRow) -> Result<Self, StoreError> {
        Ok(CrawlUrl {
            id: r.id,
            site_id: r.site_id,
            source: UrlSource::parse(&r.source)
                .ok_or_else(|| StoreError::Corrupt(format!("url source {:?}", r.source)))?,
            state: UrlState::parse(&r.state).ok_or_else(|| StoreError::Corrupt(format!("url state {:?}", r.state)))?,
            url: r.url,
            depth: r.depth,
            next_fetch_at: timestamp(&r.next_fetch_at)?,
            sitemap_lastmod: opt_time(r.sitemap_lastmod)?,
            etag: r.etag,
            last_modified: r.last_modified,
            status: r.status,
            fetched_at: opt_time(r.fetched_at)?,
            changed_at: opt_time(r.changed_at)?,
            interval_secs: r.interval_secs,
            failures: r.failures,
            last_error: r.last_error,
            content_hash: r.content_hash,
            simhash: r.simhash,
            kind: r.kind,
            title: r.title,
            canonical: r.canonical,
            noindex: r.noindex,
        })
    }
}

/// A frontier row with its stored document (the index's feed).
#[derive(sqlx::FromRow)]
pub struct ChangedRow {
    #[sqlx(flatten)]
    pub row: CrawlUrlRow,
    pub document: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct SitemapRow {
    pub url: String,
    pub parent: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub fetched_at: Option<String>,
    pub entries: i64,
    pub error: Option<String>,
}

impl TryFrom<SitemapRow> for SitemapState {
    type Error = StoreError;

    fn try_from(r: SitemapRow) -> Result<Self, StoreError> {
        Ok(SitemapState {
            url: r.url,
            parent: r.parent,
            etag: r.etag,
            last_modified: r.last_modified,
            fetched_at: opt_time(r.fetched_at)?,
            entries: r.entries,
            error: r.error,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteStateRow {
    pub site_id: i64,
    pub robots_body: Option<String>,
    pub robots_status: Option<i32>,
    pub robots_etag: Option<String>,
    pub robots_last_modified: Option<String>,
    pub robots_fetched_at: Option<String>,
    pub sitemaps_read_at: Option<String>,
    pub report: Option<String>,
}

impl TryFrom<SiteStateRow> for SiteCrawlState {
    type Error = StoreError;

    fn try_from(r: SiteStateRow) -> Result<Self, StoreError> {
        let report = r
            .report
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("crawl report: {e}")))?;
        Ok(SiteCrawlState {
            site_id: r.site_id,
            robots_body: r.robots_body,
            robots_status: r.robots_status,
            robots_etag: r.robots_etag,
            robots_last_modified: r.robots_last_modified,
            robots_fetched_at: opt_time(r.robots_fetched_at)?,
            sitemaps_read_at: opt_time(r.sitemaps_read_at)?,
            report,
        })
    }
}
