//! The crawler: one task per site (per-host queues, never one global FIFO), a shared politeness
//! gate (per-host delay, per-IP limit, backoff), a global cap on requests in flight, and the
//! frontier in the store so a killed crawl resumes where it stopped.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use ketnoi_domain::{CrawlReport, Site, SiteStatus};
use ketnoi_store::{Store, StoreError};
use tokio::sync::{Mutex, Semaphore, mpsc, watch};

use crate::fetch::{FetchConfig, FetchError, Fetcher};
use crate::politeness::{GateConfig, HostGate};
use crate::progress::Progress;
use crate::recrawl::RecrawlPolicy;
use crate::site_pass::SitePass;
use crate::urls::{CalendarWindow, TrapLimits};

/// Everything that tunes a crawl. `Default` is the production setting.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    pub fetch: FetchConfig,
    pub gate: GateConfig,
    /// Requests in flight across all hosts.
    pub concurrency: usize,
    /// URLs kept per site unless the register sets `crawl.max_urls`.
    pub max_urls_per_site: u32,
    /// Distinct query strings per path.
    pub max_query_variants: usize,
    /// Link hops from a seed or sitemap entry.
    pub max_depth: i32,
    pub traps: TrapLimits,
    pub recrawl: RecrawlPolicy,
    /// robots.txt is fetched again after this long.
    pub robots_ttl: Duration,
    /// Sitemaps are read again after this long.
    pub sitemap_ttl: Duration,
    /// Most sitemap documents read per site and pass.
    pub max_sitemaps: usize,
    /// `--once`: when nothing is due, wait for a URL due within this long (a Retry-After, a
    /// retry) before calling the site done.
    pub once_wait: Duration,
    /// A host that failed this many times in a row (no connection, throttled, 5xx) ends its
    /// site's pass: the rest waits for the next run.
    pub max_host_strikes: u32,
    /// The freshness-sweep circuit breaker: in one pass, at most
    /// `max(breaker_min, breaker_ratio × stored pages)` pages of a site may be deleted as gone;
    /// more looks like an outage or a CMS migration, and nothing is deleted.
    pub breaker_ratio: f64,
    pub breaker_min: u64,
    /// Attempts for one request answered 429/503 (waiting as the host asks in between).
    pub throttle_attempts: u32,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        Self {
            fetch: FetchConfig::default(),
            gate: GateConfig::default(),
            concurrency: 32,
            max_urls_per_site: 20_000,
            max_query_variants: 20,
            max_depth: 12,
            traps: TrapLimits::default(),
            recrawl: RecrawlPolicy::default(),
            robots_ttl: Duration::from_secs(24 * 3600),
            sitemap_ttl: Duration::from_secs(3600),
            max_sitemaps: 1000,
            once_wait: Duration::from_secs(120),
            max_host_strikes: 8,
            breaker_ratio: 0.3,
            breaker_min: 3,
            throttle_attempts: 5,
        }
    }
}

impl CrawlConfig {
    /// Calendar pages further than two years back or three months ahead of `today` are traps.
    pub fn with_calendar_window(mut self, today: NaiveDate) -> Self {
        self.traps.calendar = Some(CalendarWindow::around(today, 2, 3));
        self
    }
}

/// How one run behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Crawl until nothing is due, then return (otherwise keep recrawling until stopped).
    pub once: bool,
    /// Freshness sweep: re-check every stored page now (conditional GET), re-read robots.txt and
    /// sitemaps, and delete pages that answer 404/410 (subject to the circuit breaker).
    pub sweep: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] FetchError),
}

/// What every site task shares.
pub(crate) struct Shared {
    pub store: Arc<dyn Store>,
    pub config: CrawlConfig,
    pub fetcher: Fetcher,
    pub gate: Mutex<HostGate>,
    pub slots: Semaphore,
    pub progress: Option<mpsc::UnboundedSender<Progress>>,
    pub stop: watch::Receiver<bool>,
}

impl Shared {
    pub fn emit(&self, event: Progress) {
        if let Some(tx) = &self.progress {
            let _ = tx.send(event);
        }
    }

    pub fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Sleeps, waking early when the crawl is stopped.
    pub async fn sleep(&self, d: Duration) {
        let mut stop = self.stop.clone();
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            // A dropped sender disables this branch: then only the timer ends the sleep.
            Ok(_) = stop.wait_for(|s| *s) => {}
        }
    }
}

pub struct Crawler {
    shared: Arc<Shared>,
}

impl Crawler {
    /// `stop`: set it to `true` to end the run at the next URL boundary (every write already
    /// made stays).
    pub fn new(
        store: Arc<dyn Store>,
        config: CrawlConfig,
        progress: Option<mpsc::UnboundedSender<Progress>>,
        stop: watch::Receiver<bool>,
    ) -> Result<Self, CrawlError> {
        let fetcher = Fetcher::new(FetchConfig { follow_redirects: false, ..config.fetch.clone() })?;
        let shared = Shared {
            store,
            gate: Mutex::new(HostGate::new(config.gate.clone())),
            slots: Semaphore::new(config.concurrency.max(1)),
            fetcher,
            config,
            progress,
            stop,
        };
        Ok(Self { shared: Arc::new(shared) })
    }

    /// Crawls `sites` concurrently (each site's URLs one at a time) and returns each site's
    /// report, in the order given. Sites not active or with crawling disabled are skipped.
    pub async fn run(&self, sites: Vec<Site>, options: RunOptions) -> Result<Vec<CrawlReport>, CrawlError> {
        let mut tasks = Vec::new();
        for site in sites {
            if site.input.status != SiteStatus::Active || !site.input.crawl.enabled || site.input.urls.is_empty() {
                continue;
            }
            let shared = self.shared.clone();
            tasks.push(tokio::spawn(async move { SitePass::new(shared, site).run(options).await }));
        }
        let mut reports = Vec::with_capacity(tasks.len());
        for task in tasks {
            match task.await {
                Ok(report) => reports.push(report?),
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => {}
            }
        }
        Ok(reports)
    }
}
