//! The crawler against the synthetic government web, over real HTTP on loopback: politeness,
//! sitemap shapes, traps, encodings, and what ends up in the store.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use common::{ONCE, World};
use ketnoi_crawl::robots::Robots;
use ketnoi_crawl::urls::UrlPolicy;
use ketnoi_domain::UrlState;
use ketnoi_synthweb::{Config, Feature, RequestRecord, SitemapShape, Trait};

fn by_host(log: &[RequestRecord]) -> BTreeMap<String, Vec<RequestRecord>> {
    let mut m: BTreeMap<String, Vec<RequestRecord>> = BTreeMap::new();
    for r in log {
        m.entry(r.host.clone()).or_default().push(r.clone());
    }
    m
}

/// One crawl of the whole small web, asserted from every side.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_crawl_of_the_synthetic_web_is_polite_complete_and_correct() {
    let w = World::new(Config::small(), |_| true).await;
    let started = Instant::now();
    let reports = w.crawl(w.config(), ONCE).await;
    let elapsed = started.elapsed();
    let log = w.web.request_log();
    eprintln!("crawl of {} sites: {} requests in {elapsed:?}", w.sites.len(), log.len());
    for r in &reports {
        eprintln!(
            "site {}: requests {} new {} errors {:?} traps {} robots {:?} problems {:?} interrupted {} {}ms",
            r.site_id,
            r.requests,
            r.pages_new,
            r.errors,
            r.traps_refused,
            r.robots,
            r.sitemap_problems,
            r.interrupted,
            r.duration_ms
        );
    }
    let hosts = by_host(&log);

    // Honest User-Agent with a contact URL, on every request.
    assert!(
        log.iter().all(|r| r.user_agent.as_deref().is_some_and(|ua| ua.starts_with("ketnoi/") && ua.contains("+http")))
    );

    // Only registered hosts were asked (the limits host links to unregistered and private ones).
    let registered: HashSet<&str> = w.web.sites().iter().map(|s| s.host.as_str()).collect();
    assert!(hosts.keys().all(|h| registered.contains(h.as_str())), "{:?}", hosts.keys());

    for spec in w.web.sites() {
        let reqs = hosts.get(&spec.host).cloned().unwrap_or_default();
        // Nothing robots.txt disallows was requested (checked with the web's own RFC 9309 matcher
        // through the ground truth, and with ours for paths outside it).
        let disallowed: HashSet<String> =
            w.web.expected_pages(spec).into_iter().filter(|p| p.disallowed_by_robots).map(|p| p.path).collect();
        let robots = w.web.render(&spec.host, "/robots.txt").filter(|r| r.status == 200);
        let ours = robots.map(|r| Robots::parse("ketnoi", &r.body));
        for r in &reqs {
            assert!(!disallowed.contains(&r.path), "{} requested {} which robots.txt disallows", spec.host, r.path);
            if let Some(rules) = &ours {
                assert!(rules.allowed(&r.path), "{}{} is disallowed", spec.host, r.path);
            }
        }
        // Never two requests at once to one host, never closer than its Crawl-delay.
        assert!(w.web.max_in_flight(&spec.host) <= 1, "{} saw concurrent requests", spec.host);
        if let Some(delay) = spec.crawl_delay.filter(|_| !spec.has(Trait::NoRobots)) {
            for pair in reqs.windows(2) {
                let gap = pair[1].at.duration_since(pair[0].at);
                assert!(
                    gap + Duration::from_millis(15) >= delay,
                    "{}: {} then {} only {gap:?} apart (Crawl-delay {delay:?})",
                    spec.host,
                    pair[0].path,
                    pair[1].path
                );
            }
        }
    }

    // Every page a correct crawler should find was fetched and stored, except what robots.txt
    // disallows and what a fault host withholds.
    for spec in w.web.sites().iter().filter(|s| !s.has(Trait::GoesAway)) {
        let site = w.site_of(spec);
        for page in w.web.expected_pages(spec) {
            if page.disallowed_by_robots {
                continue;
            }
            // Tracking parameters are normalised away: the variant is its clean page.
            let key = ketnoi_crawl::urls::normalize(&page.url, UrlPolicy { allow_private: true }).unwrap().to_string();
            let row = w.store.crawl_url(site.id, &key).await.unwrap();
            let row = row.unwrap_or_else(|| panic!("{} was never found", page.url));
            if key != page.url {
                assert_eq!(Some(key), page.canonical_of, "only tracking variants normalise to another URL");
                continue;
            }
            assert_eq!(row.state, UrlState::Fetched, "{}: {:?} {:?}", page.url, row.state, row.last_error);
            if page.noindex {
                assert!(row.noindex && !row.is_page(), "{} is noindex", page.url);
            }
            if let Some(of) = &page.canonical_of {
                assert_eq!(row.canonical.as_deref(), Some(of.as_str()), "{} names its canonical", page.url);
                assert!(!row.is_page());
            }
        }
    }

    // Every sitemap shape was read to its pages.
    for shape in [
        SitemapShape::Single,
        SitemapShape::Chunked,
        SitemapShape::IndexWithGzipAndNews,
        SitemapShape::Nested,
        SitemapShape::FlatMixed,
        SitemapShape::NoNamespace,
    ] {
        let Some(spec) = w.web.sites().iter().find(|s| s.sitemap == shape) else { continue };
        let site = w.site_of(spec);
        let read = w.store.crawl_sitemaps(site.id).await.unwrap();
        let expected: HashSet<String> =
            w.web.sitemap_paths(spec).into_iter().map(|p| w.web.url(&spec.host, &p)).collect();
        let got: HashSet<String> = read.iter().map(|s| s.url.clone()).collect();
        assert!(expected.is_subset(&got), "{shape:?}: expected {expected:?}, read {got:?}");
        assert!(read.iter().all(|s| s.error.is_none()), "{shape:?}: {read:?}");
        let in_sitemaps = w.web.expected_pages(spec).into_iter().filter(|p| p.in_sitemap && !p.disallowed_by_robots);
        for page in in_sitemaps {
            let row = w.store.crawl_url(site.id, &page.url).await.unwrap().expect("sitemap page known");
            assert_eq!(row.source, ketnoi_domain::UrlSource::Sitemap, "{shape:?}: {} came from the sitemap", page.url);
        }
    }

    // The traps stayed within their limits.
    let trap = w.web.sites().iter().find(|s| s.has(Trait::Traps)).unwrap();
    let calendar = hosts[&trap.host].iter().filter(|r| r.path.starts_with("/lich")).count();
    assert!(calendar <= 2 * 12 + 3 + 2, "calendar trap: {calendar} requests");
    let search = hosts[&trap.host].iter().filter(|r| r.path.starts_with("/tim-kiem")).count();
    assert!(search <= 21, "query-variant trap: {search} requests");
    assert!(reports.iter().any(|r| r.traps_refused > 0));

    // windows-1258 and TCVN3 pages became correct Vietnamese.
    for feature in [Feature::Windows1258, Feature::CharsetMetaOnly, Feature::Tcvn3] {
        let url = w.web.feature_urls(feature).pop().expect("feature present");
        let spec = w.web.site(url::Url::parse(&url).unwrap().host_str().unwrap()).unwrap();
        let site = w.site_of(spec);
        let truth = w.web.expected_pages(spec).into_iter().find(|p| p.url == url).expect("ground truth");
        let doc: ketnoi_extract::Document =
            serde_json::from_str(&w.store.crawl_document(site.id, &url).await.unwrap().expect("stored")).unwrap();
        assert_eq!(doc.title.as_deref(), Some(truth.title.as_str()), "{feature:?}");
        let first = truth.paragraphs.first().unwrap_or_else(|| panic!("{feature:?} {url} {truth:?}"));
        assert!(doc.main_text.contains(first.as_str()), "{feature:?}: {first:?} not in {:?}", doc.main_text);
    }

    // The slow host did not hold the others back: every host whose whole crawl needs less time
    // than the slow host's finished first.
    let slow = w.web.sites().iter().find(|s| s.has(Trait::Slow)).unwrap();
    let slow_last = hosts[&slow.host].last().unwrap().at;
    let slow_first = hosts[&slow.host].first().unwrap().at;
    let mut overtaken = 0;
    // (Hosts that throttle us are paced by their answers, not by their Crawl-delay: left out.)
    let paced_by_delay = |s: &&ketnoi_synthweb::SiteSpec| {
        !s.has(Trait::Traps) && !s.has(Trait::RateLimited429) && !s.has(Trait::Flaky503)
    };
    for spec in w.web.sites().iter().filter(|s| s.host != slow.host).filter(paced_by_delay) {
        let reqs = &hosts[&spec.host];
        let delay = spec.crawl_delay.unwrap_or_default().max(Duration::from_millis(20));
        if delay * reqs.len() as u32 + Duration::from_secs(1) < slow_last.duration_since(slow_first) {
            assert!(reqs.last().unwrap().at < slow_last, "{} finished after the slow host", spec.host);
            overtaken += 1;
        }
    }
    assert!(overtaken >= 3, "only {overtaken} hosts could be compared with the slow one");

    // The host that answered 429 taught the gate its pace: a few 429s, not one per page.
    let limited = w.web.sites().iter().find(|s| s.has(Trait::RateLimited429)).unwrap();
    let too_many = hosts[&limited.host].iter().filter(|r| r.status == 429).count();
    assert!((1..=3).contains(&too_many), "{} answered 429 {too_many} times", limited.host);

    // The big page and the gzip bomb were cut at the size limits, not stored.
    let limits = w.web.sites().iter().find(|s| s.has(Trait::Limits)).unwrap();
    let limits_report = reports.iter().find(|r| r.site_id == w.site_of(limits).id).unwrap();
    assert!(limits_report.errors.get("too_large").copied().unwrap_or(0) >= 2, "{limits_report:?}");

    // The 503 host recovered and was crawled; the report says what happened.
    let flaky = w.web.sites().iter().find(|s| s.has(Trait::Flaky503)).unwrap();
    let flaky_report = reports.iter().find(|r| r.site_id == w.site_of(flaky).id).unwrap();
    assert!(flaky_report.errors.get("throttled").copied().unwrap_or(0) >= 1, "{flaky_report:?}");
    assert!(flaky_report.pages_new > 5);
}

/// Portals without a sitemap often have RSS: a feed registered in the site's sitemap list
/// feeds the frontier like one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_registered_as_a_sitemap_feeds_the_frontier() {
    let probe = ketnoi_synthweb::SynthWeb::generate(&Config::small());
    let feed_url = probe.feature_urls(Feature::RssFeed).pop().expect("a site with a feed");
    let feed_host = url::Url::parse(&feed_url).unwrap().host_str().unwrap().to_string();
    let w = World::new(Config::small(), |s| s.host == feed_host).await;
    let spec = w.web.site(&feed_host).unwrap();
    let site = w.site_of(spec).clone();
    let mut input = w.input_of(spec);
    input.sitemaps = vec![w.web.url(&feed_host, url::Url::parse(&feed_url).unwrap().path())];
    let (input, urls) = input.validate().unwrap();
    let site = w.store.update_site(site.id, None, &input, &urls).await.unwrap();
    let reports = w.crawl_sites(w.config(), ONCE, vec![site.clone()]).await;
    let feed = reports[0].sitemaps.iter().find(|s| s.url.contains(url::Url::parse(&feed_url).unwrap().path())).unwrap();
    assert!(feed.error.is_none() && feed.entries > 0, "{feed:?}");
    let from_feed = w.store.crawl_urls(site.id, None, 1000, 0).await.unwrap().items;
    assert!(from_feed.iter().any(|u| u.source == ketnoi_domain::UrlSource::Feed), "{from_feed:?}");
}
