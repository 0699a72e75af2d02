//! Crawling again: unchanged sites cost only 304s, edits are picked up through sitemap lastmod,
//! deleted pages leave the store after a sweep, an outage deletes nothing, and the circuit
//! breaker holds back a mass deletion.

mod common;

use common::{ONCE, SWEEP, World};
use ketnoi_domain::UrlState;
use ketnoi_synthweb::{Config, PageKind, SiteSpec, SitemapShape, Trait};

/// Plain sites: no fault or encoding traits, a sitemap, a short crawl delay.
fn plain(s: &SiteSpec) -> bool {
    s.traits.iter().all(|t| matches!(t, Trait::PrintVersions | Trait::JsonLd))
        && s.sitemap != SitemapShape::None
        && s.crawl_delay.is_none_or(|d| d.as_millis() <= 500)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unchanged_site_costs_only_conditional_requests_answered_304() {
    let w = World::new(Config::small(), plain).await;
    assert!(!w.sites.is_empty());
    w.crawl(w.config(), ONCE).await;
    let first = w.web.request_log().len();
    w.web.clear_request_log();

    // A plain second run has nothing due: robots.txt, sitemaps and pages are all fresh.
    w.crawl(w.config(), ONCE).await;
    assert!(w.web.request_log().is_empty(), "nothing is due yet: {:?}", w.web.request_log());

    // A sweep re-checks everything: every request is conditional and answered 304.
    let reports = w.crawl(w.config(), SWEEP).await;
    let log = w.web.request_log();
    assert!(log.len() * 10 >= first * 8, "the sweep re-checked the site ({} of {first} requests)", log.len());
    for r in &log {
        assert!(
            r.if_none_match.is_some() || r.if_modified_since.is_some(),
            "unconditional request {}{}",
            r.host,
            r.path
        );
        assert_eq!(r.status, 304, "{}{} answered {}", r.host, r.path, r.status);
    }
    assert!(reports.iter().all(|r| r.pages_new == 0 && r.pages_changed == 0 && r.pages_deleted == 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_edit_is_refetched_through_the_sitemap_lastmod_alone() {
    let w = World::new(Config::small(), plain).await;
    w.crawl(w.config(), ONCE).await;
    let spec = w.web.sites().iter().find(|s| plain(s)).unwrap();
    let site = w.site_of(spec);
    let page = w.web.expected_pages(spec).into_iter().find(|p| p.kind == PageKind::News && p.in_sitemap).unwrap();
    let before = w.store.crawl_url(site.id, &page.url).await.unwrap().unwrap();
    w.web.edit_page(&page.url).unwrap();
    w.web.clear_request_log();

    // Sitemaps are re-read (their TTL passed), pages are not due: only the edited page is fetched.
    let mut config = w.config();
    config.sitemap_ttl = std::time::Duration::ZERO;
    w.crawl_sites(config, ONCE, vec![site.clone()]).await;
    let pages: Vec<String> = w
        .web
        .requests_to(&spec.host)
        .into_iter()
        .filter(|r| !r.path.contains("sitemap") && r.path != "/robots.txt")
        .map(|r| r.path)
        .collect();
    assert_eq!(pages, vec![page.path.clone()], "only the page whose lastmod moved");
    let after = w.store.crawl_url(site.id, &page.url).await.unwrap().unwrap();
    assert_ne!(after.content_hash, before.content_hash);
    assert!(after.changed_at > before.changed_at);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleted_pages_leave_after_a_sweep_but_an_outage_or_a_mass_404_deletes_nothing() {
    let w = World::new(Config { sites: 14, ..Config::small() }, |s| plain(s) || s.has(Trait::GoesAway)).await;
    w.crawl(w.config(), ONCE).await;

    // Two pages deleted (one 404, one 410): gone after the sweep, the rest stays.
    let spec = w.web.sites().iter().find(|s| plain(s)).unwrap();
    let site = w.site_of(spec);
    let news: Vec<_> = w.web.expected_pages(spec).into_iter().filter(|p| p.kind == PageKind::News).collect();
    w.web.delete_page(&news[0].url).unwrap();
    w.web.delete_page_as(&news[1].url, ketnoi_synthweb::Deletion::Gone).unwrap();
    let stored_before = w.store.crawl_counts(site.id).await.unwrap()["fetched"];
    let reports = w.crawl_sites(w.config(), SWEEP, vec![site.clone()]).await;
    assert_eq!(reports[0].pages_deleted, 2, "{:?}", reports[0]);
    for p in &news[..2] {
        let row = w.store.crawl_url(site.id, &p.url).await.unwrap().unwrap();
        assert_eq!(row.state, UrlState::Gone);
        assert!(w.store.crawl_document(site.id, &p.url).await.unwrap().is_none(), "{} left the store", p.url);
    }
    assert!(w.store.crawl_document(site.id, &news[2].url).await.unwrap().is_some());
    assert_eq!(w.store.crawl_counts(site.id).await.unwrap()["fetched"], stored_before - 2);

    // The host that goes away: connections fail, nothing is deleted.
    let away = w.web.sites().iter().find(|s| s.has(Trait::GoesAway)).unwrap();
    let away_site = w.site_of(away);
    let stored = w.store.crawl_counts(away_site.id).await.unwrap()["fetched"];
    assert!(stored > 5);
    w.web.set_host_down(&away.host, true).unwrap();
    let reports = w.crawl_sites(w.config(), SWEEP, vec![away_site.clone()]).await;
    assert_eq!(reports[0].pages_deleted, 0);
    assert!(reports[0].interrupted, "an unreachable host ends the pass: {:?}", reports[0]);
    assert_eq!(w.store.crawl_counts(away_site.id).await.unwrap()["fetched"], stored, "an outage deletes nothing");
    w.web.set_host_down(&away.host, false).unwrap();

    // Most pages of a site answering 404 at once looks like a broken CMS: the breaker holds.
    let spec2 = w.web.sites().iter().filter(|s| plain(s)).nth(1).unwrap();
    let site2 = w.site_of(spec2);
    let pages2: Vec<_> = w.web.expected_pages(spec2).into_iter().filter(|p| p.kind != PageKind::Other).collect();
    for p in &pages2 {
        w.web.delete_page(&p.url).unwrap();
    }
    let stored2 = w.store.crawl_counts(site2.id).await.unwrap()["fetched"];
    let reports = w.crawl_sites(w.config(), SWEEP, vec![site2.clone()]).await;
    assert!(reports[0].sweep_breaker_tripped, "{:?}", reports[0]);
    assert_eq!(reports[0].pages_deleted, 0);
    assert_eq!(w.store.crawl_counts(site2.id).await.unwrap()["fetched"], stored2);
    assert!(w.store.crawl_document(site2.id, &pages2[0].url).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_continuous_crawl_picks_up_edits_and_stops_when_asked() {
    use std::time::{Duration, Instant};
    let w = World::new(Config::small(), plain).await;
    let spec = w.web.sites().iter().find(|s| plain(s)).unwrap();
    let site = w.site_of(spec).clone();
    let mut config = w.config();
    config.sitemap_ttl = Duration::from_millis(500);
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let crawler = ketnoi_crawl::Crawler::new(w.store.clone(), config, None, stop).unwrap();
    let run =
        tokio::spawn(
            async move { crawler.run(vec![site], ketnoi_crawl::RunOptions { once: false, sweep: false }).await },
        );
    let site = w.site_of(spec);
    let page = w.web.expected_pages(spec).into_iter().find(|p| p.kind == PageKind::News && p.in_sitemap).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let first = loop {
        if let Some(row) = w.store.crawl_url(site.id, &page.url).await.unwrap().filter(|r| r.state == UrlState::Fetched)
        {
            break row;
        }
        assert!(Instant::now() < deadline, "never fetched");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    w.web.edit_page(&page.url).unwrap();
    loop {
        let row = w.store.crawl_url(site.id, &page.url).await.unwrap().unwrap();
        if row.content_hash != first.content_hash {
            break;
        }
        assert!(Instant::now() < deadline, "the edit was never picked up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop_tx.send(true).unwrap();
    let reports = tokio::time::timeout(Duration::from_secs(10), run).await.expect("stops promptly").unwrap().unwrap();
    assert!(reports[0].interrupted);
    assert!(reports[0].pages_changed >= 1, "{:?}", reports[0]);
}
