//! Storage of the crawl: the frontier with what each fetch learnt, the sitemaps read, and the
//! per-site state (robots.txt, last report) kept between runs.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ketnoi_domain::{CrawlUrl, NewUrl, SiteCrawlState, SitemapState, UrlState, UrlUpdate};

use crate::{Page, Result};

#[async_trait]
pub trait CrawlStore: Send + Sync {
    /// Adds URLs the site does not know yet. For a known URL, a sitemap `lastmod` newer than
    /// the one seen before makes it due at `now` (the server says it changed).
    async fn crawl_enqueue(&self, site_id: i64, urls: &[NewUrl], now: DateTime<Utc>) -> Result<()>;
    /// Writes what fetches decided (insert or replace by URL) together with the URLs they
    /// revealed, in one transaction: a crawl killed after this call never fetches these
    /// URLs again before they are due, and one killed before it loses nothing it had stored.
    async fn crawl_record(
        &self,
        site_id: i64,
        updates: &[UrlUpdate],
        found: &[NewUrl],
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// URLs due at `now` (every state but `gone`), shallowest first, then oldest due.
    async fn crawl_due(&self, site_id: i64, now: DateTime<Utc>, limit: i64) -> Result<Vec<CrawlUrl>>;
    /// When the next URL of the site falls due (`None`: nothing left to fetch, ever).
    async fn crawl_next_due(&self, site_id: i64) -> Result<Option<DateTime<Utc>>>;
    /// Makes every URL in one of `states` due at `now` (the freshness sweep); returns how many.
    async fn crawl_make_due(&self, site_id: i64, states: &[UrlState], now: DateTime<Utc>) -> Result<u64>;
    async fn crawl_urls(
        &self,
        site_id: i64,
        state: Option<UrlState>,
        limit: i64,
        offset: i64,
    ) -> Result<Page<CrawlUrl>>;
    async fn crawl_url(&self, site_id: i64, url: &str) -> Result<Option<CrawlUrl>>;
    /// Every URL the site's frontier knows, for duplicate and limit checks.
    async fn crawl_known_urls(&self, site_id: i64) -> Result<Vec<String>>;
    /// The stored extraction (JSON) of a page.
    async fn crawl_document(&self, site_id: i64, url: &str) -> Result<Option<String>>;
    /// Frontier rows by state.
    async fn crawl_counts(&self, site_id: i64) -> Result<BTreeMap<String, i64>>;

    /// Rows answered (fetched, changed, gone) after `after` = (fetched_at, id) and before
    /// `until`, oldest first, with their stored documents: what the search index has not seen.
    /// Readers stay a little behind "now" (`until`), because concurrent writers commit
    /// fetched_at values slightly out of order.
    async fn crawl_changes(
        &self,
        after: Option<(DateTime<Utc>, i64)>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(CrawlUrl, Option<String>)>>;

    async fn crawl_site_state(&self, site_id: i64) -> Result<Option<SiteCrawlState>>;
    async fn crawl_save_site_state(&self, state: &SiteCrawlState) -> Result<()>;
    async fn crawl_sitemaps(&self, site_id: i64) -> Result<Vec<SitemapState>>;
    async fn crawl_save_sitemap(&self, site_id: i64, sitemap: &SitemapState) -> Result<()>;
}
