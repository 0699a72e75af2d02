//! The per-site crawl report and the crawled URLs over HTTP: crawl data is written through
//! the store as the crawler would, then read back from a real server.

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use common::{Server, expect_error, site_json, start};
use ketnoi_domain::{CrawlReport, NewUrl, SiteCrawlState, SiteInput, SitemapState, UrlSource, UrlState, UrlUpdate};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).single().expect("valid time")
}

async fn create_site(s: &Server, name: &str, url: &str) -> i64 {
    let input: SiteInput = serde_json::from_value(site_json("38", name, &[url])).expect("site input");
    let (input, urls) = input.validate().expect("valid site");
    s.store.create_site(&input, &urls).await.expect("create site").id
}

fn new_url(url: &str, source: UrlSource, depth: i32) -> NewUrl {
    NewUrl { url: url.to_string(), source, depth, sitemap_lastmod: None }
}

/// Five URLs: two fetched, one failed, one excluded by robots.txt, one still queued; a
/// finished run's report; two sitemaps, one unreadable.
async fn crawled_site(s: &Server) -> i64 {
    let id = create_site(s, "Cổng TTĐT tỉnh Thanh Hóa", "thanhhoa.gov.vn").await;
    let base = "https://thanhhoa.gov.vn";
    let urls = [
        new_url(&format!("{base}/"), UrlSource::Seed, 0),
        new_url(&format!("{base}/tin-tuc/1"), UrlSource::Sitemap, 0),
        new_url(&format!("{base}/tin-tuc/2"), UrlSource::Sitemap, 0),
        new_url(&format!("{base}/admin/"), UrlSource::Link, 1),
        new_url(&format!("{base}/van-ban/3"), UrlSource::Link, 1),
    ];
    s.store.crawl_enqueue(id, &urls, at(1)).await.expect("enqueue");

    let rows = s.store.crawl_urls(id, None, 100, 0).await.expect("frontier").items;
    assert_eq!(rows.len(), 5);
    let update = |i: usize, state: UrlState| {
        let mut u = UrlUpdate::from_row(&rows[i]);
        u.state = state;
        u.fetched_at = Some(at(2));
        u.next_fetch_at = at(8);
        match state {
            UrlState::Fetched => {
                u.status = Some(200);
                u.title = Some(format!("Trang {i}"));
                u.kind = Some("news".into());
                u.document = Some(json!({ "title": format!("Trang {i}") }).to_string());
            }
            UrlState::Failed => {
                u.fetched_at = None;
                u.failures = 3;
                u.last_error = Some("timeout".into());
            }
            _ => u.fetched_at = None,
        }
        u
    };
    let updates = [
        update(0, UrlState::Fetched),
        update(1, UrlState::Fetched),
        update(2, UrlState::Failed),
        update(3, UrlState::Excluded),
    ];
    s.store.crawl_record(id, &updates, &[], at(2)).await.expect("record");

    let sitemaps = [
        SitemapState {
            url: format!("{base}/sitemap.xml"),
            parent: None,
            etag: Some("\"sm1\"".into()),
            last_modified: None,
            fetched_at: Some(at(1)),
            entries: 2,
            error: None,
        },
        SitemapState {
            url: format!("{base}/sitemap-tin-tuc.xml"),
            parent: Some(format!("{base}/sitemap.xml")),
            etag: None,
            last_modified: None,
            fetched_at: Some(at(1)),
            entries: 0,
            error: Some("không đọc được: XML hỏng ở dòng 7".into()),
        },
    ];
    for sm in &sitemaps {
        s.store.crawl_save_sitemap(id, sm).await.expect("save sitemap");
    }
    let report = CrawlReport {
        site_id: id,
        started_at: Some(at(1)),
        finished_at: Some(at(3)),
        interrupted: false,
        requests: 9,
        pages_new: 2,
        pages_changed: 2,
        errors: BTreeMap::from([("timeout".to_string(), 2), ("http_5xx".to_string(), 1)]),
        robots_excluded: 3,
        robots: "ok".into(),
        crawl_delay_ms: Some(1500),
        sitemaps: sitemaps.to_vec(),
        sitemap_problems: vec![format!("{base}/sitemap-tin-tuc.xml: không đọc được: XML hỏng ở dòng 7")],
        duration_ms: 7_200_000,
        fetch_ms_total: 4200,
        fetch_ms_max: 1900,
        frontier: BTreeMap::from([("fetched".to_string(), 2), ("queued".to_string(), 3)]),
        ..CrawlReport::default()
    };
    let state = SiteCrawlState {
        site_id: id,
        robots_body: Some("User-agent: *\nDisallow: /admin/\n".into()),
        robots_status: Some(200),
        report: Some(report),
        ..SiteCrawlState::default()
    };
    s.store.crawl_save_site_state(&state).await.expect("save site state");
    id
}

async fn get_ok(s: &Server, path: &str) -> (String, Value) {
    let r = s.req(Method::GET, path).send().await.expect("send");
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    let cache = r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (cache, r.json().await.expect("json"))
}

#[tokio::test]
async fn the_report_carries_errors_robots_sitemaps_and_the_frontier() {
    let s = start().await;
    let id = crawled_site(&s).await;
    let (cache, body) = get_ok(&s, &format!("/api/v1/sites/{id}/crawl")).await;
    assert_eq!(cache, "public, max-age=10");

    assert_eq!(body["site_id"], id);
    let report = &body["report"];
    assert_eq!(report["errors"], json!({ "timeout": 2, "http_5xx": 1 }));
    assert_eq!(report["robots_excluded"], 3);
    assert_eq!(report["robots"], "ok");
    assert_eq!(report["crawl_delay_ms"], 1500);
    assert_eq!(
        report["sitemap_problems"],
        json!(["https://thanhhoa.gov.vn/sitemap-tin-tuc.xml: không đọc được: XML hỏng ở dòng 7"])
    );
    assert_eq!(
        (report["requests"].as_u64(), report["pages_new"].as_u64(), report["pages_changed"].as_u64()),
        (Some(9), Some(2), Some(2))
    );
    assert_eq!(
        (report["duration_ms"].as_u64(), report["fetch_ms_total"].as_u64(), report["fetch_ms_max"].as_u64()),
        (Some(7_200_000), Some(4200), Some(1900))
    );
    assert_eq!(report["started_at"], "2026-11-23T01:00:00Z");
    assert_eq!(report["finished_at"], "2026-11-23T03:00:00Z");
    assert_eq!(report["interrupted"], false);

    // The frontier is counted now, not copied from the report.
    assert_eq!(body["frontier"], json!({ "fetched": 2, "failed": 1, "excluded": 1, "queued": 1 }));
    let sitemaps = body["sitemaps"].as_array().expect("sitemaps");
    assert_eq!(sitemaps.len(), 2);
    let broken = sitemaps.iter().find(|m| !m["error"].is_null()).expect("the broken sitemap");
    assert_eq!(broken["url"], "https://thanhhoa.gov.vn/sitemap-tin-tuc.xml");
    assert_eq!(broken["parent"], "https://thanhhoa.gov.vn/sitemap.xml");
    assert_eq!(broken["entries"], 0);

    // Nothing the crawler keeps for itself (robots.txt body) leaks into the answer.
    let text = body.to_string();
    assert!(!text.contains("robots_body") && !text.contains("Disallow"), "{text}");
}

#[tokio::test]
async fn a_site_never_crawled_has_a_null_report() {
    let s = start().await;
    crawled_site(&s).await;
    let id = create_site(&s, "Cổng TTĐT tỉnh Nghệ An", "nghean.gov.vn").await;
    let (_, body) = get_ok(&s, &format!("/api/v1/sites/{id}/crawl")).await;
    assert_eq!(body, json!({ "site_id": id, "report": null, "frontier": {}, "sitemaps": [] }));
    let (_, pages) = get_ok(&s, &format!("/api/v1/sites/{id}/pages")).await;
    assert_eq!(pages, json!({ "total": 0, "limit": 50, "offset": 0, "items": [] }));
}

#[tokio::test]
async fn pages_filter_by_state_and_page() {
    let s = start().await;
    let id = crawled_site(&s).await;
    let path = |q: &str| format!("/api/v1/sites/{id}/pages{q}");

    let (cache, all) = get_ok(&s, &path("")).await;
    assert_eq!(cache, "public, max-age=10");
    assert_eq!((all["total"].as_i64(), all["limit"].as_i64(), all["offset"].as_i64()), (Some(5), Some(50), Some(0)));
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(all["items"][0]["url"], "https://thanhhoa.gov.vn/");
    assert_eq!(all["items"][0]["source"], "seed");
    assert_eq!(all["items"][0]["status"], 200);
    assert_eq!(all["items"][0]["site_id"], id);

    let (_, fetched) = get_ok(&s, &path("?state=fetched")).await;
    assert_eq!(fetched["total"], 2);
    let items = fetched["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["state"] == "fetched" && i["kind"] == "news"), "{fetched}");
    // The stored extraction is not part of the listing.
    assert!(items.iter().all(|i| i.get("document").is_none()), "{fetched}");

    let (_, first) = get_ok(&s, &path("?state=fetched&limit=1&offset=0")).await;
    let (_, second) = get_ok(&s, &path("?state=fetched&limit=1&offset=1")).await;
    let (_, past) = get_ok(&s, &path("?state=fetched&limit=1&offset=2")).await;
    assert_eq!(
        (first["total"].as_i64(), second["total"].as_i64(), past["total"].as_i64()),
        (Some(2), Some(2), Some(2))
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(first["items"][0]["url"], second["items"][0]["url"]);
    assert_eq!(past["items"], json!([]));
    assert_eq!((first["limit"].as_i64(), second["offset"].as_i64()), (Some(1), Some(1)));

    let (_, failed) = get_ok(&s, &path("?state=failed")).await;
    assert_eq!(failed["total"], 1);
    assert_eq!(failed["items"][0]["last_error"], "timeout");
    assert_eq!(failed["items"][0]["failures"], 3);
    let (_, excluded) = get_ok(&s, &path("?state=excluded")).await;
    assert_eq!(excluded["items"][0]["url"], "https://thanhhoa.gov.vn/admin/");
    let (_, gone) = get_ok(&s, &path("?state=gone&limit=500")).await;
    assert_eq!((gone["total"].as_i64(), gone["limit"].as_i64()), (Some(0), Some(500)));
    // An empty parameter is an absent one, as HTML forms send it.
    let (_, blank) = get_ok(&s, &path("?state=&limit=&offset=")).await;
    assert_eq!(blank["total"], 5);
}

#[tokio::test]
async fn an_unknown_site_is_site_not_found() {
    let s = start().await;
    crawled_site(&s).await;
    for path in ["/api/v1/sites/424242/crawl", "/api/v1/sites/424242/pages", "/api/v1/sites/424242/pages?state=fetched"]
    {
        let r = s.req(Method::GET, path).send().await.unwrap();
        let body = expect_error(r, 404, "site_not_found").await;
        assert!(body["error"]["message_en"].as_str().unwrap().contains("424242"), "{body}");
    }
}

#[tokio::test]
async fn bad_ids_and_parameters_are_invalid_query_never_500() {
    let s = start().await;
    let id = crawled_site(&s).await;
    for bad in ["abc", "99999999999999999999", "0", "-1", "1.5", "%20"] {
        for tail in ["crawl", "pages"] {
            let r = s.req(Method::GET, &format!("/api/v1/sites/{bad}/{tail}")).send().await.unwrap();
            let body = expect_error(r, 400, "invalid_query").await;
            assert_eq!(body["error"]["details"][0]["field"], "id", "{bad}/{tail}: {body}");
        }
    }

    let r = s.req(Method::GET, &format!("/api/v1/sites/{id}/pages?state=nope")).send().await.unwrap();
    let body = expect_error(r, 400, "invalid_query").await;
    assert_eq!(body["error"]["details"][0]["field"], "state");
    let reason = body["error"]["details"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("trạng thái phải là một trong"), "{reason}");
    for state in ["queued", "fetched", "redirected", "excluded", "failed", "gone"] {
        assert!(reason.contains(state), "{reason}");
    }

    let cases = [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=100000", "limit"),
        ("limit=abc", "limit"),
        ("limit=99999999999999999999", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("state=FETCHED", "state"),
        ("state=fetched&state=gone", "query"),
        ("state=%FF", "state"),
    ];
    for (query, field) in cases {
        let r = s.req(Method::GET, &format!("/api/v1/sites/{id}/pages?{query}")).send().await.unwrap();
        let body = expect_error(r, 400, "invalid_query").await;
        assert_eq!(body["error"]["details"][0]["field"], field, "{query}: {body}");
    }

    // Parameters are checked before the site is looked up.
    let r = s.req(Method::GET, "/api/v1/sites/424242/pages?limit=0").send().await.unwrap();
    expect_error(r, 400, "invalid_query").await;
    // Read-only.
    let r = s.admin(Method::POST, &format!("/api/v1/sites/{id}/crawl")).send().await.unwrap();
    expect_error(r, 405, "method_not_allowed").await;
}
