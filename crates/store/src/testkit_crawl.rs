//! The crawl part of the storage story: the frontier survives, lastmod moves URLs, records are
//! all-or-nothing and tombstones are never due.

use chrono::{Duration, TimeZone, Utc};
use ketnoi_domain::{CrawlReport, NewUrl, SiteCrawlState, SitemapState, UrlSource, UrlState, UrlUpdate};

use crate::testkit::{site, valid};
use crate::{Store, StoreError};

fn new(url: &str, source: UrlSource, depth: i32, lastmod: Option<&str>) -> NewUrl {
    NewUrl { url: url.to_string(), source, depth, sitemap_lastmod: lastmod.map(|l| l.parse().expect("test lastmod")) }
}

pub async fn crawl_story(store: &dyn Store) {
    let (input, urls) = valid(site("38", "Cổng crawl", &["https://crawl-story.thanhhoa.gov.vn/"]));
    let s = store.create_site(&input, &urls).await.unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let a = "https://crawl-story.thanhhoa.gov.vn/a";
    let b = "https://crawl-story.thanhhoa.gov.vn/b";

    store
        .crawl_enqueue(
            s.id,
            &[new(a, UrlSource::Sitemap, 0, Some("2025-01-01T00:00:00Z")), new(b, UrlSource::Link, 1, None)],
            t0,
        )
        .await
        .unwrap();
    // Enqueueing again changes nothing (no duplicate rows, same due time).
    store.crawl_enqueue(s.id, &[new(b, UrlSource::Link, 1, None)], t0 + Duration::hours(1)).await.unwrap();
    let due = store.crawl_due(s.id, t0, 10).await.unwrap();
    assert_eq!(due.iter().map(|u| u.url.as_str()).collect::<Vec<_>>(), vec![a, b], "shallowest first");
    assert!(due.iter().all(|u| u.state == UrlState::Queued));
    assert_eq!(store.crawl_known_urls(s.id).await.unwrap().len(), 2);

    // A fetch records a, with its document and the links it revealed, in one write.
    let mut upd = UrlUpdate::from_row(&due[0]);
    upd.state = UrlState::Fetched;
    upd.status = Some(200);
    upd.etag = Some("\"v1\"".into());
    upd.fetched_at = Some(t0);
    upd.next_fetch_at = t0 + Duration::days(1);
    upd.interval_secs = 86_400;
    upd.title = Some("Tin A".into());
    upd.simhash = Some(-5);
    upd.document = Some("{\"title\":\"Tin A\"}".into());
    let c = "https://crawl-story.thanhhoa.gov.vn/c";
    store.crawl_record(s.id, &[upd.clone()], &[new(c, UrlSource::Link, 1, None)], t0).await.unwrap();
    let stored = store.crawl_url(s.id, a).await.unwrap().unwrap();
    assert_eq!((stored.state, stored.etag.as_deref(), stored.simhash), (UrlState::Fetched, Some("\"v1\""), Some(-5)));
    assert!(stored.is_page());
    assert_eq!(store.crawl_document(s.id, a).await.unwrap().as_deref(), Some("{\"title\":\"Tin A\"}"));
    let due: Vec<String> = store.crawl_due(s.id, t0, 10).await.unwrap().into_iter().map(|u| u.url).collect();
    assert_eq!(due, vec![b.to_string(), c.to_string()], "a fetched URL is not due before its time");
    assert_eq!(store.crawl_next_due(s.id).await.unwrap(), Some(t0));

    // A 304 keeps the document (document: None), a newer sitemap lastmod makes it due again.
    upd.document = None;
    upd.status = Some(304);
    store.crawl_record(s.id, &[upd.clone()], &[], t0).await.unwrap();
    assert!(store.crawl_document(s.id, a).await.unwrap().is_some(), "a 304 keeps the stored page");
    store.crawl_enqueue(s.id, &[new(a, UrlSource::Sitemap, 0, Some("2025-01-01T00:00:00Z"))], t0).await.unwrap();
    assert!(!store.crawl_due(s.id, t0, 10).await.unwrap().iter().any(|u| u.url == a), "same lastmod: not due");
    store.crawl_enqueue(s.id, &[new(a, UrlSource::Sitemap, 0, Some("2025-01-02T00:00:00Z"))], t0).await.unwrap();
    assert!(store.crawl_due(s.id, t0, 10).await.unwrap().iter().any(|u| u.url == a), "newer lastmod: due now");

    // Gone: the document leaves, the row stays as a tombstone that is never due.
    upd.state = UrlState::Gone;
    upd.status = Some(404);
    upd.drop_document = true;
    upd.next_fetch_at = t0;
    store.crawl_record(s.id, &[upd.clone()], &[], t0).await.unwrap();
    assert_eq!(store.crawl_document(s.id, a).await.unwrap(), None);
    assert!(!store.crawl_due(s.id, t0 + Duration::days(400), 10).await.unwrap().iter().any(|u| u.url == a));
    let counts = store.crawl_counts(s.id).await.unwrap();
    assert_eq!((counts.get("gone"), counts.get("queued")), (Some(&1), Some(&2)));
    assert_eq!(store.crawl_urls(s.id, Some(UrlState::Queued), 10, 0).await.unwrap().total, 2);
    assert_eq!(store.crawl_urls(s.id, None, 1, 1).await.unwrap().items.len(), 1);

    // The sweep makes fetched pages due now.
    let mut b_row = store.crawl_url(s.id, b).await.unwrap().unwrap();
    b_row.state = UrlState::Fetched;
    let mut b_upd = UrlUpdate::from_row(&b_row);
    b_upd.next_fetch_at = t0 + Duration::days(3);
    store.crawl_record(s.id, &[b_upd], &[], t0).await.unwrap();
    assert_eq!(store.crawl_make_due(s.id, &[UrlState::Fetched], t0).await.unwrap(), 1);
    assert!(store.crawl_due(s.id, t0, 10).await.unwrap().iter().any(|u| u.url == b));

    // A record naming a site that does not exist writes nothing at all.
    let bad = store.crawl_record(-1, &[UrlUpdate::from_row(&b_row)], &[new(c, UrlSource::Link, 1, None)], t0).await;
    assert!(matches!(bad, Err(StoreError::Reference(_))), "{bad:?}");

    // Per-site state and sitemaps round-trip.
    let mut report = CrawlReport { site_id: s.id, requests: 3, robots: "ok".into(), ..Default::default() };
    report.count_error("timeout");
    let state = SiteCrawlState {
        site_id: s.id,
        robots_body: Some("User-agent: *\nDisallow: /private\n".into()),
        robots_status: Some(200),
        robots_fetched_at: Some(t0),
        report: Some(report.clone()),
        ..Default::default()
    };
    store.crawl_save_site_state(&state).await.unwrap();
    store.crawl_save_site_state(&state).await.unwrap();
    assert_eq!(store.crawl_site_state(s.id).await.unwrap(), Some(state));
    let sm = SitemapState {
        url: "https://crawl-story.thanhhoa.gov.vn/sitemap.xml".into(),
        parent: None,
        etag: Some("\"s1\"".into()),
        last_modified: None,
        fetched_at: Some(t0),
        entries: 2,
        error: None,
    };
    store.crawl_save_sitemap(s.id, &sm).await.unwrap();
    store.crawl_save_sitemap(s.id, &sm).await.unwrap();
    assert_eq!(store.crawl_sitemaps(s.id).await.unwrap(), vec![sm]);

    // The index's feed: answered rows in (fetched_at, id) order, resumable, bounded by `until`.
    let until = t0 + Duration::days(1);
    let changes = store.crawl_changes(None, until, 10).await.unwrap();
    assert!(changes.iter().any(|(u, _)| u.url == a), "{changes:?}");
    let last = &changes.last().unwrap().0;
    let after = Some((last.fetched_at.unwrap(), last.id));
    assert!(store.crawl_changes(after, until, 10).await.unwrap().is_empty(), "nothing after the last one");
    assert!(store.crawl_changes(None, t0, 10).await.unwrap().is_empty(), "until is exclusive");

    // Deleting the site takes its crawl data with it.
    store.delete_site(s.id, None).await.unwrap();
    assert!(store.crawl_site_state(s.id).await.unwrap().is_none());
    assert!(store.crawl_known_urls(s.id).await.unwrap().is_empty());
}
