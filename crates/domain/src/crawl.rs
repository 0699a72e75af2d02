//! The crawl frontier and what it learnt: one [`CrawlUrl`] per (site, normalised URL), the
//! per-site state kept between runs, and the report of a site's last crawl.
//!
//! The frontier lives in the store so a crawl killed at any moment resumes where it stopped:
//! a URL is written as fetched, with its validators, in the same transaction as the links it
//! revealed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a URL entered the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlSource {
    /// A registered start URL of the site.
    Seed,
    Sitemap,
    Feed,
    Link,
    /// The target of a redirect.
    Redirect,
    /// Pushed by the site itself through the documents API (never fetched by the crawler).
    Push,
}

impl UrlSource {
    pub fn as_str(self) -> &'static str {
        match self {
            UrlSource::Seed => "seed",
            UrlSource::Sitemap => "sitemap",
            UrlSource::Feed => "feed",
            UrlSource::Link => "link",
            UrlSource::Redirect => "redirect",
            UrlSource::Push => "push",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "seed" => UrlSource::Seed,
            "sitemap" => UrlSource::Sitemap,
            "feed" => UrlSource::Feed,
            "link" => UrlSource::Link,
            "redirect" => UrlSource::Redirect,
            "push" => UrlSource::Push,
            _ => return None,
        })
    }
}

/// Where a URL stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlState {
    /// Never fetched successfully yet.
    Queued,
    /// Fetched; a page is stored (unless it is `noindex` or names another canonical URL).
    Fetched,
    /// Answered with a redirect; the target is its own row.
    Redirected,
    /// Refused by robots.txt.
    Excluded,
    /// Gave up after repeated failures; retried slowly.
    Failed,
    /// Answered 404/410 (or a soft 404): nothing stored, kept as a tombstone so links to it are
    /// not followed again.
    Gone,
}

impl UrlState {
    pub const ALL: [UrlState; 6] = [
        UrlState::Queued,
        UrlState::Fetched,
        UrlState::Redirected,
        UrlState::Excluded,
        UrlState::Failed,
        UrlState::Gone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UrlState::Queued => "queued",
            UrlState::Fetched => "fetched",
            UrlState::Redirected => "redirected",
            UrlState::Excluded => "excluded",
            UrlState::Failed => "failed",
            UrlState::Gone => "gone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        UrlState::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A URL newly found (sitemap, feed, link or redirect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUrl {
    pub url: String,
    pub source: UrlSource,
    /// Link hops from a seed or sitemap entry.
    pub depth: i32,
    /// `<lastmod>` of its sitemap entry: a newer one than the last fetch makes it due now.
    pub sitemap_lastmod: Option<DateTime<Utc>>,
}

/// One row of the frontier, with what its last fetch taught us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlUrl {
    pub id: i64,
    pub site_id: i64,
    pub url: String,
    pub source: UrlSource,
    pub depth: i32,
    pub state: UrlState,
    /// When it is due for a (re)fetch.
    pub next_fetch_at: DateTime<Utc>,
    pub sitemap_lastmod: Option<DateTime<Utc>>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Last HTTP status (none before the first answer).
    pub status: Option<i32>,
    /// Last answer (200 or 304).
    pub fetched_at: Option<DateTime<Utc>>,
    /// Last time the content was seen to change.
    pub changed_at: Option<DateTime<Utc>>,
    /// Current recrawl interval (adaptive).
    pub interval_secs: i64,
    /// Consecutive failures.
    pub failures: i32,
    pub last_error: Option<String>,
    pub content_hash: Option<String>,
    /// SimHash of the main text, bit pattern kept in an i64.
    pub simhash: Option<i64>,
    /// Extracted kind ("news", "legal_document"...).
    pub kind: Option<String>,
    pub title: Option<String>,
    /// The canonical URL the page names when it is not itself.
    pub canonical: Option<String>,
    pub noindex: bool,
}

impl CrawlUrl {
    /// A row for a URL the store does not know yet: queued, due at `now`, nothing learnt.
    pub fn new(site_id: i64, url: &str, source: UrlSource, depth: i32, now: DateTime<Utc>) -> Self {
        CrawlUrl {
            id: 0,
            site_id,
            url: url.to_string(),
            source,
            depth,
            state: UrlState::Queued,
            next_fetch_at: now,
            sitemap_lastmod: None,
            etag: None,
            last_modified: None,
            status: None,
            fetched_at: None,
            changed_at: None,
            interval_secs: 0,
            failures: 0,
            last_error: None,
            content_hash: None,
            simhash: None,
            kind: None,
            title: None,
            canonical: None,
            noindex: false,
        }
    }

    /// Whether a searchable page is stored for this URL.
    pub fn is_page(&self) -> bool {
        self.state == UrlState::Fetched && !self.noindex && self.canonical.is_none()
    }
}

/// What a fetch decided about one URL; written with [`CrawlUrl`]'s key (site, url).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlUpdate {
    pub url: String,
    pub source: UrlSource,
    pub depth: i32,
    pub state: UrlState,
    pub next_fetch_at: DateTime<Utc>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub status: Option<i32>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub changed_at: Option<DateTime<Utc>>,
    pub interval_secs: i64,
    pub failures: i32,
    pub last_error: Option<String>,
    pub content_hash: Option<String>,
    pub simhash: Option<i64>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub canonical: Option<String>,
    pub noindex: bool,
    /// The extracted document as JSON: `Some` replaces the stored one, `None` keeps it
    /// (a 304), and [`UrlUpdate::drop_document`] removes it.
    pub document: Option<String>,
    pub drop_document: bool,
}

impl UrlUpdate {
    /// An update that keeps everything of `row` (callers change what the fetch taught).
    pub fn from_row(row: &CrawlUrl) -> Self {
        UrlUpdate {
            url: row.url.clone(),
            source: row.source,
            depth: row.depth,
            state: row.state,
            next_fetch_at: row.next_fetch_at,
            etag: row.etag.clone(),
            last_modified: row.last_modified.clone(),
            status: row.status,
            fetched_at: row.fetched_at,
            changed_at: row.changed_at,
            interval_secs: row.interval_secs,
            failures: row.failures,
            last_error: row.last_error.clone(),
            content_hash: row.content_hash.clone(),
            simhash: row.simhash,
            kind: row.kind.clone(),
            title: row.title.clone(),
            canonical: row.canonical.clone(),
            noindex: row.noindex,
            document: None,
            drop_document: false,
        }
    }
}

/// A sitemap (or feed) document of a site, with its validators and what it listed last time,
/// so an unchanged sitemap costs one conditional request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitemapState {
    pub url: String,
    /// The index that named it (`None`: robots.txt, a default location or the register).
    pub parent: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// Page entries read last time.
    pub entries: i64,
    /// The last problem (unreadable, truncated, not found...), if any.
    pub error: Option<String>,
}

/// What is kept per site between crawl runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteCrawlState {
    pub site_id: i64,
    pub robots_body: Option<String>,
    pub robots_status: Option<i32>,
    pub robots_etag: Option<String>,
    pub robots_last_modified: Option<String>,
    pub robots_fetched_at: Option<DateTime<Utc>>,
    /// When every sitemap of the site was last read to the end.
    pub sitemaps_read_at: Option<DateTime<Utc>>,
    pub report: Option<CrawlReport>,
}

/// The report of a site's last crawl run (counts are for that run), as served by the API and
/// printed by `ketnoi crawl report`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlReport {
    pub site_id: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The run ended before the frontier was empty (stopped, killed, or `--once` time limit).
    pub interrupted: bool,
    /// Requests sent (robots.txt, sitemaps and pages).
    pub requests: u64,
    /// Pages answered 200 and stored (new or changed).
    pub pages_changed: u64,
    /// Pages answered 304, or 200 with unchanged content.
    pub pages_unchanged: u64,
    /// Pages newly found and fetched for the first time.
    pub pages_new: u64,
    /// Pages removed because they now answer 404/410.
    pub pages_deleted: u64,
    /// Errors by kind: `timeout`, `connect`, `http_4xx`, `http_5xx`, `too_large`, `redirects`,
    /// `private_address`, `extract`, `throttled`...
    pub errors: BTreeMap<String, u64>,
    /// URLs not requested because robots.txt disallows them.
    pub robots_excluded: u64,
    /// "ok", "none (404: everything allowed)", "unreachable: ..." and so on.
    pub robots: String,
    pub crawl_delay_ms: Option<u64>,
    pub sitemaps: Vec<SitemapState>,
    /// Sitemap problems in words (one per problem).
    pub sitemap_problems: Vec<String>,
    /// Links refused as crawler traps (calendar, repeated segments, query variants).
    pub traps_refused: u64,
    /// Links refused because the site reached its URL limit.
    pub over_url_limit: u64,
    /// The freshness sweep: pages found gone and whether the circuit breaker held them back.
    pub sweep_gone: u64,
    pub sweep_breaker_tripped: bool,
    /// Milliseconds: whole run, sum and maximum of request times.
    pub duration_ms: u64,
    pub fetch_ms_total: u64,
    pub fetch_ms_max: u64,
    /// Frontier rows by state after the run.
    pub frontier: BTreeMap<String, i64>,
}

impl CrawlReport {
    pub fn count_error(&mut self, kind: &str) {
        *self.errors.entry(kind.to_string()).or_insert(0) += 1;
    }

    pub fn error_total(&self) -> u64 {
        self.errors.values().sum()
    }
}
