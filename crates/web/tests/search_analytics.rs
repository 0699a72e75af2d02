//! Query analytics over HTTP: searches are counted (with those that found nothing), followed
//! results are counted and redirected, but only to registered sites (no open redirect), and only
//! operators see the numbers.

mod common;

use std::time::{Duration, Instant};

use common::{enc, expect_error, start_with_search};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DECREE: &str = "https://thanhhoa.gov.vn/van-ban/nd-42-2022";

async fn site_with_a_decree(s: &common::Server) -> i64 {
    let r = s
        .admin(Method::POST, "/api/v1/sites")
        .json(&json!({ "unit_id": "38", "name": "Cổng TTĐT tỉnh Thanh Hóa", "urls": ["https://thanhhoa.gov.vn"], "status": "active" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let site = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let doc = json!({
        "url": DECREE,
        "site": site,
        "title": "Nghị định 42/2022/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến",
        "content": "Chính phủ ban hành Nghị định số 42/2022/NĐ-CP quy định việc cung cấp thông tin trên môi trường mạng.",
        "type": "legal_document",
        "number": "42/2022/NĐ-CP"
    });
    let r = s.admin(Method::POST, "/api/v1/documents").json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    site
}

/// A client that shows redirects instead of following them.
fn no_follow() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn analytics(s: &common::Server, query: &str) -> Value {
    let r = s.admin(Method::GET, &format!("/api/v1/search/analytics{query}")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// Searches are logged in the background: wait until `done` holds (well within two seconds).
async fn eventually(s: &common::Server, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let v = analytics(s, "").await;
        if done(&v) {
            return v;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "analytics never showed it: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn count_of(list: &Value, query: &str) -> Option<(i64, i64)> {
    list.as_array()?
        .iter()
        .find(|q| q["query"] == query)
        .map(|q| (q["count"].as_i64().unwrap(), q["zero_results_count"].as_i64().unwrap()))
}

#[tokio::test]
async fn searches_are_counted_and_those_finding_nothing_are_listed() {
    let s = start_with_search().await;
    site_with_a_decree(&s).await;
    let found = s.get_json(&format!("/api/v1/search?q={}", enc("nghị định 42"))).await;
    assert!(found["total"].as_u64().unwrap() > 0);
    s.get_json(&format!("/api/v1/search?q={}", enc("  Nghị   định 42"))).await;
    let nothing = s.get_json(&format!("/api/v1/search?q={}", enc("zzqxw không có gì"))).await;
    assert_eq!(nothing["total"], 0);
    // A later page of a search is not a new search; a filter-only search has no query to log.
    s.get_json(&format!("/api/v1/search?q={}&page=2", enc("nghị định 42"))).await;
    s.get_json("/api/v1/search?type=legal_document").await;

    // The two spellings are one query; which one is shown depends on which log landed last
    // (they are written in the background, in no fixed order).
    let v = eventually(&s, |v| {
        (count_of(&v["top_queries"], "Nghị   định 42") == Some((2, 0))
            || count_of(&v["top_queries"], "nghị định 42") == Some((2, 0)))
            && count_of(&v["zero_result_queries"], "zzqxw không có gì").is_some()
    })
    .await;
    assert_eq!(v["top_queries"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["zero_result_queries"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(count_of(&v["zero_result_queries"], "zzqxw không có gì"), Some((1, 1)));
    assert_eq!(v["days"], 30);
    let limited = analytics(&s, "?days=7&limit=1").await;
    assert_eq!(limited["top_queries"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_click_is_counted_and_redirects_only_to_registered_sites() {
    let s = start_with_search().await;
    site_with_a_decree(&s).await;
    let client = no_follow();
    let click = |q: &str, url: &str, pos: &str| {
        client.get(s.url(&format!("/search/click?q={}&url={}&pos={pos}", enc(q), enc(url)))).send()
    };

    let r = click("nghị định 42", DECREE, "1").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], DECREE);
    assert_eq!(r.headers()["cache-control"], "no-store");
    // Another spelling of the registered host is the same site.
    let www = "https://www.thanhhoa.gov.vn/tin-tuc?id=7";
    let r = click("Nghị định 42", www, "").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], www);

    let v = analytics(&s, "").await;
    let clicks = v["top_clicks"].as_array().unwrap();
    assert_eq!(clicks.len(), 2, "{v}");
    assert_eq!((&clicks[0]["url"], &clicks[0]["count"]), (&json!(DECREE), &json!(1)));
    assert_eq!(clicks[0]["query"], "nghị định 42", "no search logged: the query's key");

    // Anything not on a registered site is refused: no open redirect.
    for evil in [
        "https://evil.example/",
        "https://thanhhoa.gov.vn.evil.example/",
        "https://evilthanhhoa.gov.vn/",
        "https://user@evil.example@thanhhoa.gov.vn/",
        "//evil.example/",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://thanhhoa.gov.vn/",
    ] {
        let r = click("x", evil, "1").await.unwrap();
        assert!(r.headers().get("location").is_none(), "{evil}");
        expect_error(r, 400, "invalid_query").await;
    }
    for (q, url, pos) in [("x", "", "1"), ("x", DECREE, "0"), ("x", DECREE, "abc"), (&"a".repeat(600), DECREE, "1")] {
        let r = click(q, url, pos).await.unwrap();
        expect_error(r, 400, "invalid_query").await;
    }
    let v = analytics(&s, "").await;
    assert_eq!(v["top_clicks"].as_array().unwrap().len(), 2, "refused clicks are not counted: {v}");
}

#[tokio::test]
async fn analytics_need_the_admin_token_and_sane_parameters() {
    let s = start_with_search().await;
    let r = s.req(Method::GET, "/api/v1/search/analytics").send().await.unwrap();
    expect_error(r, 401, "unauthorized").await;
    let r = s.req(Method::GET, "/api/v1/search/analytics").bearer_auth("wrong").send().await.unwrap();
    expect_error(r, 401, "unauthorized").await;
    for bad in ["?days=0", "?days=367", "?days=abc", "?limit=0", "?limit=101", "?limit=-1", "?days=1e3"] {
        let r = s.admin(Method::GET, &format!("/api/v1/search/analytics{bad}")).send().await.unwrap();
        expect_error(r, 400, "invalid_query").await;
    }
    let empty = analytics(&s, "?days=1&limit=5").await;
    for list in ["top_queries", "zero_result_queries", "top_clicks"] {
        assert_eq!(empty[list], json!([]), "{list}");
    }
}
