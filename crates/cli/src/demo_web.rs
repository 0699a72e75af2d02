//! The demo's synthetic government web: served on loopback, its sites registered, crawled in the
//! background while ketnoi serves.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use ketnoi_crawl::RunOptions;
use ketnoi_domain::Site;
use ketnoi_store::Store;
use ketnoi_synthweb::{Running, SynthWeb};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::cli::ProgressMode;
use crate::config::Config;

/// The port the demo web prefers, so a demo restarted on the same data directory finds the URLs
/// it registered; another free port when it is taken.
const PREFERRED_ADDR: ([u8; 4], u16) = ([127, 0, 0, 1], 18_090);

pub struct DemoWeb {
    pub running: Running,
    pub sites: Vec<Site>,
}

/// Starts the synthetic web (`Config::demo()`: about thirty ministry, province and commune
/// portals) and registers each of its sites that the register does not hold yet.
pub async fn start(store: &dyn Store) -> anyhow::Result<DemoWeb> {
    let web = Arc::new(SynthWeb::generate(&ketnoi_synthweb::Config::demo()));
    let running = match ketnoi_synthweb::start_on(web.clone(), SocketAddr::from(PREFERRED_ADDR)).await {
        Ok(r) => r,
        Err(_) => ketnoi_synthweb::start(web.clone()).await.context("cannot start the synthetic web")?,
    };
    let mut sites = Vec::new();
    let mut created = 0;
    for spec in web.sites() {
        let (input, urls) = web.site_input(spec, true).validate().map_err(|e| anyhow::anyhow!("{}: {e}", spec.host))?;
        let key = &urls[0].key;
        let site = match store.site_id_by_url_key(key).await? {
            Some(id) => store.get_site(id).await?.context("registered site vanished")?,
            None => {
                created += 1;
                store.create_site(&input, &urls).await.with_context(|| format!("registering {}", spec.host))?
            }
        };
        sites.push(site);
    }
    println!("synthetic government web: {} sites on {} ({created} newly registered)", sites.len(), running.addr);
    Ok(DemoWeb { running, sites })
}

/// Crawls the demo web once, with progress on standard error, while the server runs.
pub fn crawl_in_background(store: Arc<dyn Store>, config: &Config, web: &DemoWeb) -> anyhow::Result<JoinHandle<()>> {
    let mut tuning = config.crawl.clone();
    tuning.allow_private = true;
    for spec in web.running.web.sites() {
        tuning.resolve.push(format!("{}:{}:{}", spec.host, web.running.addr.port(), web.running.addr.ip()));
    }
    let mut crawl = crate::commands::crawl::crawl_config(&tuning, crate::store::vn_today())?;
    if config.crawl.min_delay_ms.is_none() {
        crawl.gate.floor_delay = Duration::from_millis(100);
    }
    crawl.gate.max_in_flight_per_ip = crawl.gate.max_in_flight_per_ip.max(16);
    let sites = web.sites.clone();
    let (stop_tx, stop) = watch::channel(false);
    Ok(tokio::spawn(async move {
        let _keep_open = stop_tx; // the task is aborted on shutdown; until then nothing stops the crawl
        let options = RunOptions { once: true, sweep: false };
        match crate::commands::crawl::crawl_with_progress(store, crawl, sites, options, ProgressMode::Auto, stop).await
        {
            Ok(reports) => {
                let pages: u64 = reports.iter().map(|r| r.pages_new + r.pages_changed + r.pages_unchanged).sum();
                println!(
                    "demo crawl finished: {pages} pages from {} sites (see /api/v1/sites/ID/crawl)",
                    reports.len()
                );
            }
            Err(e) => eprintln!("demo crawl failed: {e:#}"),
        }
    }))
}
