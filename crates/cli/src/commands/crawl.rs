//! `ketnoi crawl`: crawl registered sites with progress, or print a site's crawl report.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use ketnoi_crawl::fetch::{DEFAULT_USER_AGENT, parse_resolve};
use ketnoi_crawl::{CrawlConfig, Crawler, RunOptions};
use ketnoi_domain::{CrawlReport, Site, SiteStatus, UrlState};
use ketnoi_store::{SiteQuery, Store};
use tokio::sync::{mpsc, watch};

use super::crawl_progress::{self, ProgressView};
use super::{bad_input, print_json};
use crate::cli::{CrawlAction, CrawlArgs, CrawlTuning, ProgressMode};
use crate::config::Config;

pub async fn run(store: Arc<dyn Store>, config: &Config, args: CrawlArgs, today: NaiveDate) -> anyhow::Result<()> {
    match args.action {
        Some(CrawlAction::Report { site, json }) => return report(store.as_ref(), site, json).await,
        Some(CrawlAction::Pages { site, state, limit, json }) => {
            return pages(store.as_ref(), site, state.as_deref(), limit, json).await;
        }
        None => {}
    }
    let sites = select_sites(store.as_ref(), &args.sites, args.all).await?;
    let crawl_config = crawl_config(&config.crawl, today)?;
    let options = RunOptions { once: args.once, sweep: args.sweep };
    let (stop_tx, stop) = watch::channel(false);
    tokio::spawn(async move {
        crate::serve::shutdown_signal().await;
        eprintln!("stopping: the URLs in flight finish, the rest stays queued (run the same command to resume)");
        let _ = stop_tx.send(true);
    });
    let reports = crawl_with_progress(store, crawl_config, sites, options, args.progress, stop).await?;
    if args.json {
        return print_json(&reports);
    }
    for r in &reports {
        outln!("{}", summary_line(r));
    }
    Ok(())
}

/// Runs a crawl while a progress view draws its events; shared with `ketnoi demo`.
pub async fn crawl_with_progress(
    store: Arc<dyn Store>,
    config: CrawlConfig,
    sites: Vec<Site>,
    options: RunOptions,
    mode: ProgressMode,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<Vec<CrawlReport>> {
    let (tx, rx) = mpsc::unbounded_channel();
    let view = ProgressView::new(mode, sites.len());
    let drawer = tokio::spawn(crawl_progress::draw(view, rx));
    let crawler = Crawler::new(store, config, Some(tx), stop).context("cannot start the crawler")?;
    let reports = crawler.run(sites, options).await;
    drop(crawler); // closes the progress channel
    drawer.await.context("progress display")?;
    Ok(reports?)
}

/// The crawler's settings from the effective configuration.
pub fn crawl_config(tuning: &CrawlTuning, today: NaiveDate) -> anyhow::Result<CrawlConfig> {
    let mut c = CrawlConfig::default().with_calendar_window(today);
    for spec in &tuning.resolve {
        c.fetch.resolve.push(parse_resolve(spec).map_err(|e| bad_input(format!("--resolve: {e}")))?);
    }
    c.fetch.allow_private = tuning.allow_private;
    if let Some(url) = &tuning.contact_url {
        c.fetch.user_agent = format!("ketnoi/{} (+{url})", env!("CARGO_PKG_VERSION"));
    } else {
        c.fetch.user_agent = DEFAULT_USER_AGENT.to_string();
    }
    if let Some(n) = tuning.concurrency {
        anyhow::ensure!(n > 0, "--concurrency must be at least 1");
        c.concurrency = n;
    }
    if let Some(ms) = tuning.min_delay_ms {
        c.gate.floor_delay = Duration::from_millis(ms);
    }
    if let Some(n) = tuning.per_ip {
        anyhow::ensure!(n > 0, "--per-ip must be at least 1");
        c.gate.max_in_flight_per_ip = n;
    }
    Ok(c)
}

async fn select_sites(store: &dyn Store, ids: &[i64], all: bool) -> anyhow::Result<Vec<Site>> {
    if !all && ids.is_empty() {
        return Err(bad_input("chọn trang cần thu thập: --site ID (lặp lại được) hoặc --all"));
    }
    let mut sites = Vec::new();
    if all {
        let mut offset = 0;
        loop {
            let query = SiteQuery { status: Some(SiteStatus::Active), limit: 500, offset, ..Default::default() };
            let page = store.list_sites(&query).await?;
            let n = page.items.len() as i64;
            sites.extend(page.items);
            offset += n;
            if n == 0 || offset >= page.total {
                break;
            }
        }
        return Ok(sites);
    }
    for id in ids {
        let site = store.get_site(*id).await?.ok_or_else(|| bad_input(format!("không có trang/cổng số {id}")))?;
        if site.input.status != SiteStatus::Active || site.input.urls.is_empty() {
            return Err(bad_input(format!("trang/cổng số {id} không hoạt động hoặc không có địa chỉ")));
        }
        if !site.input.crawl.enabled {
            return Err(bad_input(format!("trang/cổng số {id} đã tắt thu thập (crawl.enabled = false)")));
        }
        sites.push(site);
    }
    Ok(sites)
}

fn summary_line(r: &CrawlReport) -> String {
    format!(
        "site {}: {} requests, {} new, {} changed, {} unchanged, {} deleted, {} errors{}{}",
        r.site_id,
        r.requests,
        r.pages_new,
        r.pages_changed,
        r.pages_unchanged,
        r.pages_deleted,
        r.error_total(),
        if r.sweep_breaker_tripped { ", deletions held back by the circuit breaker" } else { "" },
        if r.interrupted { " (interrupted: run again to resume)" } else { "" },
    )
}

async fn report(store: &dyn Store, site_id: i64, json: bool) -> anyhow::Result<()> {
    let site = store.get_site(site_id).await?.ok_or_else(|| bad_input(format!("không có trang/cổng số {site_id}")))?;
    let report = store.crawl_site_state(site_id).await?.and_then(|s| s.report);
    let frontier = store.crawl_counts(site_id).await?;
    if json {
        return print_json(&serde_json::json!({ "site_id": site_id, "report": report, "frontier": frontier }));
    }
    outln!("{} (site {site_id})", site.input.name);
    let Some(r) = report else {
        outln!("not crawled yet");
        return Ok(());
    };
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or("-".to_string(), |t| t.to_rfc3339());
    outln!(
        "last run:        {} → {}{}",
        when(r.started_at),
        when(r.finished_at),
        if r.interrupted { " (interrupted)" } else { "" }
    );
    outln!("requests:        {} ({} ms in all, slowest {} ms)", r.requests, r.fetch_ms_total, r.fetch_ms_max);
    outln!(
        "pages:           {} new, {} changed, {} unchanged, {} deleted",
        r.pages_new,
        r.pages_changed,
        r.pages_unchanged,
        r.pages_deleted
    );
    outln!(
        "robots.txt:      {}{}",
        r.robots,
        r.crawl_delay_ms.map_or(String::new(), |d| format!(", Crawl-delay {d} ms"))
    );
    outln!("robots excluded: {}", r.robots_excluded);
    outln!("traps refused:   {}, over the URL limit: {}", r.traps_refused, r.over_url_limit);
    if r.sweep_gone > 0 {
        let held = if r.sweep_breaker_tripped { " — held back by the circuit breaker" } else { "" };
        outln!("sweep:           {} pages answered 404/410{held}", r.sweep_gone);
    }
    if r.errors.is_empty() {
        outln!("errors:          none");
    } else {
        let list: Vec<String> = r.errors.iter().map(|(k, v)| format!("{k} {v}")).collect();
        outln!("errors:          {}", list.join(", "));
    }
    outln!("sitemaps:        {}", r.sitemaps.len());
    for s in &r.sitemaps {
        outln!("  {} ({} entries){}", s.url, s.entries, s.error.as_deref().map_or(String::new(), |e| format!(": {e}")));
    }
    for p in &r.sitemap_problems {
        outln!("  problem: {p}");
    }
    let states: Vec<String> = frontier.iter().map(|(k, v)| format!("{k} {v}")).collect();
    outln!("frontier:        {}", if states.is_empty() { "empty".to_string() } else { states.join(", ") });
    Ok(())
}

async fn pages(store: &dyn Store, site_id: i64, state: Option<&str>, limit: i64, json: bool) -> anyhow::Result<()> {
    let state = match state {
        Some(s) => Some(UrlState::parse(s).ok_or_else(|| {
            let allowed: Vec<&str> = UrlState::ALL.iter().map(|s| s.as_str()).collect();
            bad_input(format!("trạng thái «{s}» không hợp lệ; dùng một trong: {}", allowed.join(", ")))
        })?),
        None => None,
    };
    if !(1..=10_000).contains(&limit) {
        return Err(bad_input("--limit phải từ 1 đến 10000"));
    }
    store.get_site(site_id).await?.ok_or_else(|| bad_input(format!("không có trang/cổng số {site_id}")))?;
    let page = store.crawl_urls(site_id, state, limit, 0).await?;
    if json {
        return print_json(&page);
    }
    for u in &page.items {
        let status = u.status.map_or("-".to_string(), |s| s.to_string());
        outln!("{}\t{}\t{}\t{}", u.state.as_str(), status, u.url, u.title.as_deref().unwrap_or(""));
    }
    outln!("{} of {} URLs", page.items.len(), page.total);
    Ok(())
}
