//! A synthetic web, a SQLite store with its sites registered, and a crawler pointed at both.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use ketnoi_crawl::{CrawlConfig, Crawler, RunOptions};
use ketnoi_domain::{CrawlReport, Site, SiteInput};
use ketnoi_store::Store;
use ketnoi_store_sqlite::SqliteStore;
use ketnoi_synthweb::{Config, Running, SiteSpec, SynthWeb};
use tokio::sync::watch;

pub struct World {
    pub running: Running,
    pub web: Arc<SynthWeb>,
    pub store: Arc<dyn Store>,
    pub sites: Vec<Site>,
    pub _dir: tempfile::TempDir,
}

impl World {
    /// Serves `config`'s web and registers the sites `pick` keeps.
    pub async fn new(config: Config, pick: impl Fn(&SiteSpec) -> bool) -> World {
        let web = Arc::new(SynthWeb::generate(&config));
        let running = ketnoi_synthweb::start(web.clone()).await.expect("synthetic web starts");
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("ketnoi.db")).await.unwrap());
        let mut sites = Vec::new();
        for spec in web.sites().iter().filter(|s| pick(s)) {
            let (input, urls) = web.site_input(spec, false).validate().expect("synthetic site is valid");
            sites.push(store.create_site(&input, &urls).await.unwrap());
        }
        World { running, web, store, sites, _dir: dir }
    }

    /// Test settings: loopback allowed, every host mapped to the web, a short floor delay.
    pub fn config(&self) -> CrawlConfig {
        let mut c = CrawlConfig::default();
        c.fetch.allow_private = true;
        c.fetch.timeout = Duration::from_secs(5);
        c.fetch.resolve = self.web.sites().iter().map(|s| (s.host.clone(), self.running.addr)).collect();
        c.gate.floor_delay = Duration::from_millis(20);
        c.gate.max_in_flight_per_ip = 16;
        c.once_wait = Duration::from_secs(10);
        c.concurrency = 16;
        c.with_calendar_window("2025-06-15".parse().unwrap())
    }

    pub async fn crawl(&self, config: CrawlConfig, options: RunOptions) -> Vec<CrawlReport> {
        self.crawl_sites(config, options, self.sites.clone()).await
    }

    pub async fn crawl_sites(&self, config: CrawlConfig, options: RunOptions, sites: Vec<Site>) -> Vec<CrawlReport> {
        let (_stop_tx, stop) = watch::channel(false);
        let crawler = Crawler::new(self.store.clone(), config, None, stop).unwrap();
        crawler.run(sites, options).await.unwrap()
    }

    pub fn site_of(&self, spec: &SiteSpec) -> &Site {
        let url = self.web.url(&spec.host, "/");
        self.sites
            .iter()
            .find(|s| s.input.urls.iter().any(|u| u.trim_end_matches('/') == url.trim_end_matches('/')))
            .expect("registered")
    }

    pub fn input_of(&self, spec: &SiteSpec) -> SiteInput {
        self.web.site_input(spec, false)
    }
}

pub const ONCE: RunOptions = RunOptions { once: true, sweep: false };
pub const SWEEP: RunOptions = RunOptions { once: true, sweep: true };
