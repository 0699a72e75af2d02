//! One site's crawl: robots.txt, then its sitemaps (sitemap-first discovery), then its due URLs
//! one at a time, shallowest first, following links within the site. Every fetch is written to
//! the store (with the links it revealed) before the next one starts.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ketnoi_domain::{
    CrawlReport, CrawlUrl, NewUrl, Site, SiteCrawlState, SitemapState, UrlSource, UrlState, UrlUpdate,
};
use tokio::sync::SemaphorePermit;
use url::Url;

use crate::crawler::{CrawlError, RunOptions, Shared};
use crate::fetch::{Conditional, FetchError, Fetched};
use crate::politeness::{Outcome, Permit, parse_retry_after};
use crate::progress::Progress;
use crate::recrawl::Change;
use crate::robots::{Robots, RobotsOutcome, truncate_body};
use crate::sitemap::{SitemapEntry, open_maybe_gzip_with_limit, parse_feed_links, parse_sitemap, parse_text_sitemap};
use crate::urls::{self, QueryVariants, UrlPolicy};

/// Extensions never worth a request: extraction reads HTML, PDF and DOCX only.
const SKIPPED_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "ico", "tif", "tiff", "mp3", "mp4", "avi", "mov", "wmv", "flv",
    "webm", "mkv", "wav", "zip", "rar", "7z", "gz", "tar", "exe", "msi", "apk", "iso", "css", "js", "woff", "woff2",
    "ttf", "doc", "xls", "xlsx", "ppt", "pptx",
];

/// Due URLs read from the store at a time.
const DUE_BATCH: i64 = 32;

/// What a site's pass keeps in memory; everything that must survive a kill is in the store.
pub(crate) struct SitePass {
    shared: Arc<Shared>,
    site: Site,
    seeds: Vec<Url>,
    hosts: Vec<String>,
    policy: UrlPolicy,
    robots: Robots,
    known: HashSet<String>,
    variants: QueryVariants,
    max_urls: usize,
    report: CrawlReport,
    state: SiteCrawlState,
    /// Stored pages that now answer 404/410, deleted at the end of the pass unless the circuit
    /// breaker trips.
    pending_gone: Vec<UrlUpdate>,
    strikes: u32,
    ips: HashMap<String, Option<IpAddr>>,
    started: Instant,
    /// `report.requests` when the state was last saved.
    saved_at_requests: u64,
}

/// The URL a fetch's content belongs to (the requested one, or a redirect's target).
struct Target {
    url: String,
    source: UrlSource,
    depth: i32,
    prev: Option<CrawlUrl>,
}

impl SitePass {
    pub(crate) fn new(shared: Arc<Shared>, site: Site) -> Self {
        let policy = UrlPolicy { allow_private: shared.config.fetch.allow_private };
        let seeds: Vec<Url> = site.input.urls.iter().filter_map(|u| urls::normalize(u, policy).ok()).collect();
        let hosts = seeds.iter().filter_map(|u| u.host_str().map(str::to_string)).collect();
        let max_urls = site.input.crawl.max_urls.unwrap_or(shared.config.max_urls_per_site) as usize;
        let variants = QueryVariants::new(shared.config.max_query_variants);
        let report = CrawlReport { site_id: site.id, started_at: Some(Utc::now()), ..Default::default() };
        SitePass {
            state: SiteCrawlState { site_id: site.id, ..Default::default() },
            shared,
            site,
            seeds,
            hosts,
            policy,
            robots: Robots::allow_all(),
            known: HashSet::new(),
            variants,
            max_urls,
            report,
            pending_gone: Vec::new(),
            strikes: 0,
            ips: HashMap::new(),
            started: Instant::now(),
            saved_at_requests: 0,
        }
    }

    pub(crate) async fn run(mut self, options: RunOptions) -> Result<CrawlReport, CrawlError> {
        self.shared.emit(Progress::SiteStarted { site_id: self.site.id, name: self.site.input.name.clone() });
        let store = self.shared.store.clone();
        let site_id = self.site.id;
        if let Some(state) = store.crawl_site_state(site_id).await? {
            self.state = SiteCrawlState { report: None, ..state };
        }
        for url in store.crawl_known_urls(site_id).await? {
            if let Ok(parsed) = Url::parse(&url) {
                let _ = self.variants.admit(&parsed);
            }
            self.known.insert(url);
        }
        let seeds: Vec<NewUrl> = self
            .seeds
            .clone()
            .into_iter()
            .filter(|u| self.known.insert(u.to_string()))
            .map(|u| NewUrl { url: u.to_string(), source: UrlSource::Seed, depth: 0, sitemap_lastmod: None })
            .collect();
        store.crawl_enqueue(site_id, &seeds, Utc::now()).await?;
        if options.sweep {
            let states =
                [UrlState::Queued, UrlState::Fetched, UrlState::Redirected, UrlState::Excluded, UrlState::Failed];
            store.crawl_make_due(site_id, &states, Utc::now()).await?;
        }

        if self.refresh_robots(options.sweep).await? {
            self.refresh_sitemaps(options.sweep).await?;
            self.crawl_due(options).await?;
        } else {
            self.report.interrupted = true;
        }
        self.finish().await
    }

    // ----- the page loop -----

    async fn crawl_due(&mut self, options: RunOptions) -> Result<(), CrawlError> {
        let store = self.shared.store.clone();
        loop {
            if self.shared.stopped() || self.strikes >= self.shared.config.max_host_strikes {
                self.report.interrupted = true;
                return Ok(());
            }
            let due = store.crawl_due(self.site.id, Utc::now(), DUE_BATCH).await?;
            if due.is_empty() {
                self.apply_pending_gone().await?;
                let wait = match store.crawl_next_due(self.site.id).await? {
                    Some(at) => (at - Utc::now()).to_std().unwrap_or_default(),
                    None if options.once => return Ok(()),
                    None => Duration::from_secs(60),
                };
                if options.once && wait > self.shared.config.once_wait {
                    return Ok(());
                }
                self.save_state().await?;
                // Recrawling: wake for the next due URL, or to read the sitemaps again.
                let nap = if options.once { wait } else { wait.min(self.shared.config.sitemap_ttl) };
                self.shared.sleep(nap.min(Duration::from_secs(60)).max(Duration::from_millis(10))).await;
                if !options.once {
                    self.refresh_robots(false).await?;
                    self.refresh_sitemaps(false).await?;
                }
                continue;
            }
            for row in due {
                if self.shared.stopped() || self.strikes >= self.shared.config.max_host_strikes {
                    break;
                }
                self.process(row).await?;
            }
        }
    }

    async fn process(&mut self, row: CrawlUrl) -> Result<(), CrawlError> {
        let now = Utc::now();
        if !self.robots.allowed(&row.url) {
            let mut upd = UrlUpdate::from_row(&row);
            upd.state = UrlState::Excluded;
            upd.drop_document = true;
            upd.next_fetch_at = now + chrono_duration(self.shared.config.robots_ttl);
            self.report.robots_excluded += 1;
            return self.record(vec![upd], vec![]).await;
        }
        let conditional = if row.state == UrlState::Fetched {
            Conditional { etag: row.etag.clone(), last_modified: row.last_modified.clone() }
        } else {
            Conditional::default()
        };
        let Some(result) = self.request(&row.url, &conditional).await else {
            return Ok(()); // stopped: nothing written, the URL stays due
        };
        match result {
            Err(e) => {
                let kind = error_kind(&e);
                let upd = self.failure(&row, kind, e.to_string());
                self.record(vec![upd], vec![]).await
            }
            Ok(fetched) => self.answered(row, fetched).await,
        }
    }

    /// An HTTP answer: a redirect queues its target (a URL of its own, paced like any other),
    /// anything else is decided by [`SitePass::outcome`].
    async fn answered(&mut self, row: CrawlUrl, f: Fetched) -> Result<(), CrawlError> {
        self.shared.emit(Progress::Page { site_id: self.site.id, url: row.url.clone(), status: f.status });
        let mut found = Vec::new();
        if matches!(f.status, 301 | 302 | 303 | 307 | 308) {
            let now = Utc::now();
            let mut upd = UrlUpdate::from_row(&row);
            upd.state = UrlState::Redirected;
            upd.status = Some(f.status as i32);
            upd.fetched_at = Some(now);
            upd.failures = 0;
            upd.drop_document = true;
            upd.next_fetch_at = now + chrono_duration(self.shared.config.recrawl.initial);
            let target = Url::parse(&row.url)
                .ok()
                .zip(f.headers.location.as_deref())
                .and_then(|(base, loc)| urls::resolve(&base, loc, self.policy).ok());
            match target {
                Some(t) if urls::same_site(&t, &self.hosts) => {
                    upd.canonical = Some(t.to_string());
                    found.extend(self.admit(t.as_str(), row.depth, UrlSource::Redirect));
                }
                _ => self.report.count_error("offsite_redirect"),
            }
            return self.record(vec![upd], found).await;
        }
        let target = Target { url: row.url.clone(), source: row.source, depth: row.depth, prev: Some(row) };
        let upd = self.outcome(&target, &f, &mut found);
        self.record(vec![upd], found).await
    }

    /// The update for the URL holding the answer.
    fn outcome(&mut self, t: &Target, f: &Fetched, found: &mut Vec<NewUrl>) -> UrlUpdate {
        let now = Utc::now();
        let mut upd = match &t.prev {
            Some(prev) => UrlUpdate::from_row(prev),
            None => UrlUpdate::from_row(&CrawlUrl::new(self.site.id, &t.url, t.source, t.depth, now)),
        };
        upd.status = Some(f.status as i32);
        let had_page = t.prev.as_ref().is_some_and(|p| p.state == UrlState::Fetched);
        if !(f.status == 429 || f.status >= 500) {
            self.strikes = 0;
        }
        match f.status {
            304 if had_page => {
                self.report.pages_unchanged += 1;
                self.succeeded(&mut upd, Change::Unchanged, now);
                upd
            }
            200 => self.content(t, f, upd, found, now),
            404 | 410 => self.gone(upd, had_page, now),
            429 | 503 => {
                self.strikes += 1;
                self.report.count_error("throttled");
                let wait = f
                    .headers
                    .retry_after
                    .as_deref()
                    .and_then(|v| parse_retry_after(v, now))
                    .unwrap_or(self.shared.config.gate.backoff_initial)
                    .min(self.shared.config.gate.backoff_cap);
                upd.next_fetch_at = now + chrono_duration(wait);
                upd.last_error = Some(format!("HTTP {}", f.status));
                upd
            }
            s => {
                let kind = match s {
                    400..=499 => "http_4xx",
                    500..=599 => "http_5xx",
                    _ => "http_other",
                };
                if s >= 500 {
                    self.strikes += 1;
                }
                let row = t.prev.clone().unwrap_or_else(|| CrawlUrl::new(self.site.id, &t.url, t.source, t.depth, now));
                let mut failed = self.failure(&row, kind, format!("HTTP {s}"));
                failed.status = Some(s as i32);
                failed
            }
        }
    }

    fn succeeded(&self, upd: &mut UrlUpdate, change: Change, now: DateTime<Utc>) {
        let policy = &self.shared.config.recrawl;
        upd.state = UrlState::Fetched;
        upd.fetched_at = Some(now);
        upd.failures = 0;
        upd.last_error = None;
        upd.interval_secs = policy.next_interval(upd.interval_secs, change);
        upd.next_fetch_at = now + chrono::Duration::seconds(upd.interval_secs);
        if change != Change::Unchanged {
            upd.changed_at = Some(now);
        }
    }

    /// A 200: extract, decide what is stored, follow links.
    fn content(
        &mut self,
        t: &Target,
        f: &Fetched,
        mut upd: UrlUpdate,
        found: &mut Vec<NewUrl>,
        now: DateTime<Utc>,
    ) -> UrlUpdate {
        let had_page = t.prev.as_ref().is_some_and(|p| p.state == UrlState::Fetched);
        upd.etag = f.headers.etag.clone();
        upd.last_modified = f.headers.last_modified.clone();
        let Ok(url) = Url::parse(&t.url) else {
            return self.failure_update(upd, "bad_url", "not a URL".into(), now);
        };
        let doc = match ketnoi_extract::extract(&url, &f.body, f.headers.content_type.as_deref()) {
            Ok(doc) => doc,
            Err(e) => {
                self.report.count_error("extract");
                upd.drop_document = true;
                upd.kind = None;
                self.succeeded(&mut upd, if had_page { Change::Changed } else { Change::New }, now);
                upd.last_error = Some(e.to_string());
                return upd;
            }
        };
        if ketnoi_extract::looks_like_soft_404(&doc) {
            return self.gone(upd, had_page, now);
        }
        let header_robots = f.headers.x_robots_tag.as_deref().unwrap_or("").to_ascii_lowercase();
        let noindex = doc.robots.noindex || header_robots.contains("noindex") || header_robots.contains("none");
        let nofollow = doc.robots.nofollow || header_robots.contains("nofollow") || header_robots.contains("none");
        let canonical = doc
            .canonical
            .as_deref()
            .and_then(|c| urls::normalize(c, self.policy).ok())
            .filter(|c| urls::same_site(c, &self.hosts) && c.as_str() != t.url)
            .map(|c| c.to_string());
        if let Some(c) = &canonical
            && let Some(n) = self.admit(c, t.depth, UrlSource::Link)
        {
            found.push(n);
        }
        if !nofollow {
            for link in doc.links.iter().filter(|l| !l.nofollow) {
                if let Some(n) = self.admit(&link.url, t.depth + 1, UrlSource::Link) {
                    found.push(n);
                }
            }
        }
        let change = match &t.prev {
            Some(p) if p.state == UrlState::Fetched && p.content_hash.as_deref() == Some(doc.content_hash.as_str()) => {
                Change::Unchanged
            }
            Some(p) if p.state == UrlState::Fetched => Change::Changed,
            _ => Change::New,
        };
        match change {
            Change::New => self.report.pages_new += 1,
            Change::Changed => self.report.pages_changed += 1,
            Change::Unchanged => self.report.pages_unchanged += 1,
        }
        self.succeeded(&mut upd, change, now);
        upd.content_hash = Some(doc.content_hash.clone());
        upd.simhash = Some(doc.simhash as i64);
        upd.kind = serde_json::to_value(doc.kind).ok().and_then(|v| v.as_str().map(str::to_string));
        upd.title = doc.title.clone();
        upd.noindex = noindex;
        upd.canonical = canonical;
        if noindex || upd.canonical.is_some() {
            upd.drop_document = true;
        } else {
            upd.document = serde_json::to_string(&doc).ok();
        }
        upd
    }

    /// 404/410 or a soft 404. A URL without a stored page becomes a tombstone at once; a stored
    /// page waits for the end of the pass, where the circuit breaker decides.
    fn gone(&mut self, mut upd: UrlUpdate, had_page: bool, now: DateTime<Utc>) -> UrlUpdate {
        if had_page {
            let mut gone = upd.clone();
            gone.state = UrlState::Gone;
            gone.drop_document = true;
            gone.document = None;
            gone.fetched_at = Some(now);
            self.pending_gone.push(gone);
            // Until then it stays stored, not due again in this pass.
            upd.next_fetch_at = now + chrono_duration(self.shared.config.recrawl.min);
            upd.last_error = Some(format!("HTTP {}: chờ xoá", upd.status.unwrap_or(404)));
            return upd;
        }
        self.report.count_error("not_found");
        upd.state = UrlState::Gone;
        upd.drop_document = true;
        upd.fetched_at = Some(now);
        upd
    }

    fn failure(&mut self, row: &CrawlUrl, kind: &str, message: String) -> UrlUpdate {
        self.failure_update(UrlUpdate::from_row(row), kind, message, Utc::now())
    }

    fn failure_update(&mut self, mut upd: UrlUpdate, kind: &str, message: String, now: DateTime<Utc>) -> UrlUpdate {
        let policy = &self.shared.config.recrawl;
        // No answer at all (refused, reset, closed, timed out): the host may be down.
        if matches!(kind, "connect" | "timeout" | "http") {
            self.strikes += 1;
        }
        self.report.count_error(kind);
        self.shared.emit(Progress::Error { site_id: self.site.id, url: upd.url.clone(), kind: kind.to_string() });
        upd.failures += 1;
        upd.last_error = Some(message);
        upd.next_fetch_at = now + chrono_duration(policy.error_delay(upd.failures));
        if upd.state == UrlState::Queued && upd.failures >= policy.max_failures {
            upd.state = UrlState::Failed;
            upd.next_fetch_at = now + chrono_duration(policy.max);
        }
        upd
    }

    async fn record(&mut self, updates: Vec<UrlUpdate>, found: Vec<NewUrl>) -> Result<(), CrawlError> {
        self.shared.store.crawl_record(self.site.id, &updates, &found, Utc::now()).await?;
        // The report is saved now and then, so a killed run leaves a recent one behind.
        if self.report.requests >= self.saved_at_requests + 200 {
            self.save_state().await?;
        }
        Ok(())
    }

    /// Applies the deletions the pass found, unless they are too many (circuit breaker).
    async fn apply_pending_gone(&mut self) -> Result<(), CrawlError> {
        if self.pending_gone.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending_gone);
        let stored = self.shared.store.crawl_counts(self.site.id).await?.get("fetched").copied().unwrap_or(0);
        let allowed = (self.shared.config.breaker_ratio * stored as f64).floor() as u64;
        let allowed = allowed.max(self.shared.config.breaker_min);
        self.report.sweep_gone += pending.len() as u64;
        if pending.len() as u64 > allowed {
            self.report.sweep_breaker_tripped = true;
            tracing::warn!(
                site = self.site.id,
                gone = pending.len(),
                allowed,
                "freshness sweep: too many pages answer 404/410, nothing deleted (circuit breaker)"
            );
            return Ok(());
        }
        self.report.pages_deleted += pending.len() as u64;
        self.shared.store.crawl_record(self.site.id, &pending, &[], Utc::now()).await?;
        Ok(())
    }

    async fn finish(mut self) -> Result<CrawlReport, CrawlError> {
        if !self.report.interrupted {
            self.apply_pending_gone().await?;
        }
        self.report.finished_at = Some(Utc::now());
        self.save_state().await?;
        self.shared.emit(Progress::SiteFinished { report: Box::new(self.report.clone()) });
        Ok(self.report)
    }

    async fn save_state(&mut self) -> Result<(), CrawlError> {
        self.saved_at_requests = self.report.requests;
        self.report.duration_ms = self.started.elapsed().as_millis() as u64;
        self.report.frontier = self.shared.store.crawl_counts(self.site.id).await?;
        self.state.report = Some(self.report.clone());
        self.shared.store.crawl_save_site_state(&self.state).await?;
        Ok(())
    }

    // ----- discovery -----

    /// A link or canonical URL found on a page: kept when it is on this site, not a trap, not a
    /// file extraction cannot read, not known yet and within the site's URL limit.
    fn admit(&mut self, raw: &str, depth: i32, source: UrlSource) -> Option<NewUrl> {
        let url = self.screen(raw, depth)?;
        let key = url.to_string();
        if self.known.contains(&key) {
            return None;
        }
        if self.known.len() >= self.max_urls {
            self.report.over_url_limit += 1;
            return None;
        }
        self.known.insert(key.clone());
        Some(NewUrl { url: key, source, depth, sitemap_lastmod: None })
    }

    /// The checks every discovered URL passes, known or not.
    fn screen(&mut self, raw: &str, depth: i32) -> Option<Url> {
        let url = urls::normalize(raw, self.policy).ok()?;
        if !urls::same_site(&url, &self.hosts) || depth > self.shared.config.max_depth {
            return None;
        }
        let ext = url.path().rsplit('/').next().and_then(|s| s.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase());
        if ext.is_some_and(|e| SKIPPED_EXTENSIONS.contains(&e.as_str())) {
            return None;
        }
        if urls::check_trap(&url, &self.shared.config.traps).is_err() || self.variants.admit(&url).is_err() {
            self.report.traps_refused += 1;
            return None;
        }
        Some(url)
    }

    // ----- robots.txt -----

    /// Loads or refreshes robots.txt; `false` when it cannot be had (5xx, unreachable) and no
    /// stored copy exists: RFC 9309 then means "disallow everything", so the pass stops.
    async fn refresh_robots(&mut self, force: bool) -> Result<bool, CrawlError> {
        let ttl = chrono_duration(self.shared.config.robots_ttl);
        let fresh = self.state.robots_fetched_at.is_some_and(|t| Utc::now() - t < ttl);
        let agent = robots_agent(&self.shared.config.fetch.user_agent);
        if fresh && !force && self.state.robots_status.is_some() {
            self.apply_robots(&agent).await;
            return Ok(true);
        }
        let Some(origin) = self.seeds.first().cloned() else { return Ok(false) };
        let url = origin.join("/robots.txt").map(|u| u.to_string()).unwrap_or_default();
        let conditional = if self.state.robots_body.is_some() {
            Conditional { etag: self.state.robots_etag.clone(), last_modified: self.state.robots_last_modified.clone() }
        } else {
            Conditional::default()
        };
        let Some(result) = self.request_following(&url, &conditional).await else { return Ok(false) };
        let usable = match result {
            Ok(f) if f.status == 304 && self.state.robots_status.is_some() => {
                self.state.robots_fetched_at = Some(Utc::now());
                true
            }
            Ok(f) if !RobotsOutcome::from_status(f.status).retry_later() => {
                let ok = (200..300).contains(&f.status);
                self.state.robots_status = Some(f.status as i32);
                self.state.robots_body = ok.then(|| String::from_utf8_lossy(truncate_body(&f.body)).into_owned());
                self.state.robots_etag = if ok { f.headers.etag.clone() } else { None };
                self.state.robots_last_modified = if ok { f.headers.last_modified.clone() } else { None };
                self.state.robots_fetched_at = Some(Utc::now());
                true
            }
            Ok(f) => {
                self.report.robots = format!("robots.txt trả lời HTTP {}: tạm dừng thu thập", f.status);
                self.state.robots_status.is_some()
            }
            Err(e) => {
                self.report.count_error(error_kind(&e));
                self.strikes += 1;
                self.report.robots = format!("không tải được robots.txt ({e}): tạm dừng thu thập");
                self.state.robots_status.is_some()
            }
        };
        if usable {
            self.apply_robots(&agent).await;
        }
        Ok(usable)
    }

    async fn apply_robots(&mut self, agent: &str) {
        let status = self.state.robots_status.unwrap_or(404) as u16;
        let body = self.state.robots_body.clone().unwrap_or_default();
        self.robots = Robots::from_outcome(agent, RobotsOutcome::from_status(status), body.as_bytes());
        self.report.robots = match status {
            200..=299 => "ok".to_string(),
            s => format!("không có robots.txt (HTTP {s}): được phép thu thập mọi trang"),
        };
        let site_delay = self.site.input.crawl.delay_seconds.map(|s| Duration::from_secs(s as u64));
        let delay = self.robots.crawl_delay().max(site_delay).map(|d| d.min(Duration::from_secs(60)));
        self.report.crawl_delay_ms = delay.map(|d| d.as_millis() as u64);
        let mut gate = self.shared.gate.lock().await;
        for h in &self.hosts {
            gate.set_crawl_delay(h, delay);
        }
    }

    // ----- sitemaps -----

    async fn refresh_sitemaps(&mut self, force: bool) -> Result<(), CrawlError> {
        let ttl = chrono_duration(self.shared.config.sitemap_ttl);
        if !force && self.state.sitemaps_read_at.is_some_and(|t| Utc::now() - t < ttl) {
            self.report.sitemaps = self.shared.store.crawl_sitemaps(self.site.id).await?;
            return Ok(());
        }
        let stored: HashMap<String, SitemapState> =
            self.shared.store.crawl_sitemaps(self.site.id).await?.into_iter().map(|s| (s.url.clone(), s)).collect();
        let mut roots: Vec<String> = self.robots.sitemaps();
        roots.extend(self.site.input.sitemaps.iter().cloned());
        let default_root = roots.is_empty();
        if default_root && let Some(origin) = self.seeds.first() {
            roots.push(origin.join("/sitemap.xml").map(|u| u.to_string()).unwrap_or_default());
        }
        let mut queue: VecDeque<(String, Option<String>, usize)> = VecDeque::new();
        let mut seen = HashSet::new();
        for r in roots {
            if let Some(u) = self.sitemap_url(&r) {
                queue.push_back((u, None, 0));
            }
        }
        let mut read = Vec::new();
        let mut complete = true;
        while let Some((url, parent, level)) = queue.pop_front() {
            if !seen.insert(url.clone()) {
                continue;
            }
            if read.len() >= self.shared.config.max_sitemaps || level > 4 {
                self.report.sitemap_problems.push(format!("{url}: bỏ qua (quá nhiều sơ đồ hoặc lồng quá sâu)"));
                continue;
            }
            let prev = stored.get(&url);
            let conditional = match prev {
                Some(p) if p.error.is_none() => {
                    Conditional { etag: p.etag.clone(), last_modified: p.last_modified.clone() }
                }
                _ => Conditional::default(),
            };
            let Some(result) = self.request_following(&url, &conditional).await else {
                complete = false;
                break;
            };
            let mut sm = SitemapState {
                url: url.clone(),
                parent: parent.clone(),
                etag: None,
                last_modified: None,
                fetched_at: Some(Utc::now()),
                entries: 0,
                error: None,
            };
            match result {
                Err(e) => {
                    self.report.count_error(error_kind(&e));
                    sm.error = Some(e.to_string());
                    complete = false;
                }
                Ok(f) if f.status == 304 && prev.is_some() => {
                    let p = prev.expect("checked");
                    sm = SitemapState { fetched_at: Some(Utc::now()), parent, ..p.clone() };
                    for child in stored.values().filter(|s| s.parent.as_deref() == Some(url.as_str())) {
                        queue.push_back((child.url.clone(), Some(url.clone()), level + 1));
                    }
                }
                Ok(f) if f.status == 200 => {
                    sm.etag = f.headers.etag.clone();
                    sm.last_modified = f.headers.last_modified.clone();
                    let (pages, children, problem) = self.read_sitemap(&url, &f);
                    sm.entries = pages.len() as i64;
                    sm.error = problem;
                    for child in children {
                        queue.push_back((child, Some(url.clone()), level + 1));
                    }
                    for chunk in pages.chunks(500) {
                        self.shared.store.crawl_enqueue(self.site.id, chunk, Utc::now()).await?;
                    }
                }
                Ok(f) if f.status == 404 && default_root && parent.is_none() => {
                    sm.error = Some("không có sơ đồ trang (HTTP 404)".into());
                }
                Ok(f) => {
                    if f.status == 429 || f.status >= 500 {
                        complete = false;
                    }
                    sm.error = Some(format!("HTTP {}", f.status));
                }
            }
            if let Some(problem) = &sm.error
                && !(default_root && sm.parent.is_none() && problem.contains("404"))
            {
                self.report.sitemap_problems.push(format!("{}: {problem}", sm.url));
            }
            self.shared.store.crawl_save_sitemap(self.site.id, &sm).await?;
            read.push(sm);
        }
        self.report.sitemaps = read;
        if complete {
            self.state.sitemaps_read_at = Some(Utc::now());
        }
        self.save_state().await?;
        Ok(())
    }

    /// A sitemap URL on this site, normalised; a relative one (`Sitemap: /sitemap.xml`, seen in
    /// the wild though RFC 9309 asks for absolute URLs) is read against the site's home.
    fn sitemap_url(&self, raw: &str) -> Option<String> {
        let url = match self.seeds.first() {
            Some(home) => urls::resolve(home, raw, self.policy).ok()?,
            None => urls::normalize(raw, self.policy).ok()?,
        };
        urls::same_site(&url, &self.hosts).then(|| url.to_string())
    }

    /// Entries of a fetched sitemap: pages to enqueue, child sitemaps, and a problem if any.
    fn read_sitemap(&mut self, url: &str, f: &Fetched) -> (Vec<NewUrl>, Vec<String>, Option<String>) {
        let limit = self.shared.config.fetch.max_decompressed_bytes;
        let content_type = f.headers.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let plain = content_type.starts_with("text/plain") || url.ends_with(".txt");
        let head = String::from_utf8_lossy(&f.body[..f.body.len().min(512)]).to_ascii_lowercase();
        if content_type.contains("rss")
            || content_type.contains("atom")
            || head.contains("<rss")
            || head.contains("<feed")
        {
            return self.read_feed(f);
        }
        let read = if plain {
            parse_text_sitemap(open_maybe_gzip_with_limit(&f.body, limit))
        } else {
            parse_sitemap(open_maybe_gzip_with_limit(&f.body, limit))
        };
        let mut pages = Vec::new();
        let mut children = Vec::new();
        for entry in &read.entries {
            let child = match entry {
                SitemapEntry::Sitemap { loc, .. } => Some(loc),
                SitemapEntry::Page { loc, .. } if looks_like_sitemap(loc) => Some(loc),
                SitemapEntry::Page { .. } => None,
            };
            if let Some(loc) = child {
                children.extend(self.sitemap_url(loc));
                continue;
            }
            let Some(u) = self.screen(entry.loc(), 0) else { continue };
            let key = u.to_string();
            if !self.known.contains(&key) {
                if self.known.len() >= self.max_urls {
                    self.report.over_url_limit += 1;
                    continue;
                }
                self.known.insert(key.clone());
            }
            let lastmod = entry.lastmod().map(|t| t.with_timezone(&Utc));
            pages.push(NewUrl { url: key, source: UrlSource::Sitemap, depth: 0, sitemap_lastmod: lastmod });
        }
        let mut problems = Vec::new();
        if let Some(e) = &read.error {
            problems.push(e.to_string());
        }
        if read.skipped > 0 {
            problems.push(format!("{} mục không đọc được", read.skipped));
        }
        if read.truncated {
            problems.push("bị cắt vì quá lớn".to_string());
        }
        (pages, children, (!problems.is_empty()).then(|| problems.join("; ")))
    }

    /// A feed named as a sitemap (portals without sitemaps often have RSS): its item links.
    fn read_feed(&mut self, f: &Fetched) -> (Vec<NewUrl>, Vec<String>, Option<String>) {
        let read =
            parse_feed_links(open_maybe_gzip_with_limit(&f.body, self.shared.config.fetch.max_decompressed_bytes));
        let mut pages = Vec::new();
        for link in &read.links {
            pages.extend(self.admit(link, 0, UrlSource::Feed));
        }
        (pages, Vec::new(), read.error.map(|e| e.to_string()))
    }

    // ----- requests -----

    /// One polite request: waits for the host's turn and a global slot, retries a 429/503 as the
    /// host asks (the gate holds the host back meanwhile). `None` when the crawl was stopped.
    async fn request(&mut self, url: &str, conditional: &Conditional) -> Option<Result<Fetched, FetchError>> {
        let parsed = Url::parse(url).ok()?;
        let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
        let ip = self.ip_of(&parsed).await;
        let attempts = self.shared.config.throttle_attempts.max(1);
        let shared = self.shared.clone();
        for attempt in 1..=attempts {
            let (permit, slot) = acquire(&shared, &host, ip).await?;
            let started = Instant::now();
            let result = shared.fetcher.fetch(url, conditional).await;
            let ms = started.elapsed().as_millis() as u64;
            self.report.requests += 1;
            self.report.fetch_ms_total += ms;
            self.report.fetch_ms_max = self.report.fetch_ms_max.max(ms);
            let outcome = match &result {
                Ok(f) => Outcome::from_status(
                    f.status,
                    f.headers.retry_after.as_deref().and_then(|v| parse_retry_after(v, Utc::now())),
                ),
                Err(_) => Outcome::Failed,
            };
            shared.gate.lock().await.release(permit, Instant::now(), outcome);
            drop(slot);
            let throttled = matches!(outcome, Outcome::Throttled { .. });
            if throttled && attempt < attempts && !shared.stopped() {
                self.report.count_error("throttled");
                continue;
            }
            return Some(result);
        }
        None
    }

    /// A request for robots.txt or a sitemap: redirects within the site (http → https, bare host
    /// → www) are followed, up to five hops as RFC 9309 asks, each hop paced like any request.
    async fn request_following(&mut self, url: &str, conditional: &Conditional) -> Option<Result<Fetched, FetchError>> {
        let mut current = url.to_string();
        for _ in 0..=5 {
            let result = self.request(&current, conditional).await?;
            let next = match &result {
                Ok(f) if matches!(f.status, 301 | 302 | 303 | 307 | 308) => {
                    f.headers.location.as_deref().and_then(|loc| {
                        let base = Url::parse(&current).ok()?;
                        urls::resolve(&base, loc, self.policy).ok().filter(|u| urls::same_site(u, &self.hosts))
                    })
                }
                _ => None,
            };
            match next {
                Some(n) => current = n.to_string(),
                None => return Some(result),
            }
        }
        Some(Err(FetchError::TooManyRedirects(5)))
    }

    /// The server address of a URL's host (for the per-IP limit): the `--resolve` mapping, else DNS.
    async fn ip_of(&mut self, url: &Url) -> Option<IpAddr> {
        let host = url.host_str()?.to_ascii_lowercase();
        if let Some(ip) = self.ips.get(&host) {
            return *ip;
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let mapped = self.shared.config.fetch.resolve.iter().find(|(h, a)| *h == host && a.port() == port);
        let ip = match mapped {
            Some((_, addr)) => Some(addr.ip()),
            None => {
                tokio::net::lookup_host((host.as_str(), port)).await.ok().and_then(|mut a| a.next()).map(|a| a.ip())
            }
        };
        self.ips.insert(host, ip);
        ip
    }
}

/// Waits until the host may be asked again and a global slot is free. The slot is taken only
/// once the host's delay has passed, so a host waiting out its Crawl-delay holds no slot.
async fn acquire<'a>(shared: &'a Shared, host: &str, ip: Option<IpAddr>) -> Option<(Permit, SemaphorePermit<'a>)> {
    loop {
        if shared.stopped() {
            return None;
        }
        let wait = shared.gate.lock().await.next_allowed(host).map(|t| t.saturating_duration_since(Instant::now()));
        if let Some(w) = wait.filter(|w| !w.is_zero()) {
            shared.sleep(w).await;
            continue;
        }
        let slot = shared.slots.acquire().await.ok()?;
        let attempt = shared.gate.lock().await.try_acquire(host, ip, Instant::now());
        match attempt {
            Ok(permit) => return Some((permit, slot)),
            Err(crate::politeness::Wait(d)) => {
                drop(slot);
                shared.sleep(d.max(Duration::from_millis(5))).await;
            }
        }
    }
}

/// The error kinds of the crawl report.
pub(crate) fn error_kind(e: &FetchError) -> &'static str {
    match e {
        FetchError::Timeout => "timeout",
        FetchError::Connect(_) => "connect",
        FetchError::TooLarge { .. } => "too_large",
        FetchError::TooManyRedirects(_) | FetchError::RedirectLoop(_) => "redirects",
        FetchError::PrivateAddress(_) => "private_address",
        FetchError::Http(_) => "http",
    }
}

/// A `<loc>` in a urlset that is really another sitemap (flat sitemaps mixing both).
fn looks_like_sitemap(loc: &str) -> bool {
    let last = loc.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let last = last.split('?').next().unwrap_or("");
    last.contains("sitemap") && (last.ends_with(".xml") || last.ends_with(".xml.gz") || last.ends_with(".txt"))
}

/// The product token robots.txt groups are matched against: `ketnoi` of `ketnoi/0.1 (+...)`.
fn robots_agent(user_agent: &str) -> String {
    user_agent.split(['/', ' ']).next().unwrap_or("ketnoi").to_string()
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_locs_in_urlsets_are_recognised() {
        assert!(looks_like_sitemap("http://x.gov.vn/sitemap-van-ban.xml"));
        assert!(looks_like_sitemap("http://x.gov.vn/sitemaps/news-sitemap.xml.gz"));
        assert!(!looks_like_sitemap("http://x.gov.vn/tin-tuc/sitemap-cua-tinh.html"));
        assert!(!looks_like_sitemap("http://x.gov.vn/a.xml"));
    }

    #[test]
    fn robots_agent_is_the_product_token() {
        assert_eq!(robots_agent("ketnoi/0.1 (+https://x)"), "ketnoi");
        assert_eq!(robots_agent("bot"), "bot");
    }
}
