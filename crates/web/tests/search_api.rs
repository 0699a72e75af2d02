//! Search and push ingest over HTTP: a pushed document is searchable at once (well within two
//! seconds) and gone after its DELETE; every odd parameter is a clear 400, never a 500.

mod common;

use std::time::{Duration, Instant};

use common::{enc, expect_error, start, start_with_search};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn register_site(s: &common::Server) -> i64 {
    let r = s
        .admin(Method::POST, "/api/v1/sites")
        .json(&json!({ "unit_id": "38", "name": "Cổng TTĐT tỉnh Thanh Hóa", "urls": ["https://thanhhoa.gov.vn"], "status": "active" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn decree(site: i64) -> Value {
    json!({
        "url": "https://thanhhoa.gov.vn/van-ban/nd-42-2022",
        "site": site,
        "title": "Nghị định 42/2022/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến",
        "content": "Chính phủ ban hành Nghị định số 42/2022/NĐ-CP quy định việc cung cấp thông tin và dịch vụ công trực tuyến trên môi trường mạng.",
        "type": "legal_document",
        "published": "2022-06-24",
        "number": "42/2022/NĐ-CP"
    })
}

#[tokio::test]
async fn a_pushed_document_is_found_within_two_seconds_and_gone_after_delete() {
    let s = start_with_search().await;
    let site = register_site(&s).await;
    let pushed = Instant::now();
    let r = s.admin(Method::POST, "/api/v1/documents").json(&decree(site)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let found = loop {
        let v = s.get_json("/api/v1/search?q=nghi%20dinh%2042").await;
        if v["total"].as_u64().unwrap_or(0) > 0 {
            break v;
        }
        assert!(pushed.elapsed() < Duration::from_secs(2), "not searchable within two seconds");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let hit = &found["results"][0];
    assert_eq!(hit["url"], "https://thanhhoa.gov.vn/van-ban/nd-42-2022");
    assert_eq!(hit["unit_name"], "Tỉnh Thanh Hóa");
    assert_eq!(hit["level"], "province");
    assert_eq!(hit["official"], true);
    assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>"), "{hit}");
    assert_eq!(found["did_you_mean"], "nghị định 42");

    // Pushing again replaces (200), the store holds it as a pushed row.
    let again = s.admin(Method::PUT, "/api/v1/documents").json(&decree(site)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let pages = s.get_json(&format!("/api/v1/sites/{site}/pages")).await;
    assert_eq!(pages["items"][0]["source"], "push");

    let url = "https://thanhhoa.gov.vn/van-ban/nd-42-2022";
    let gone =
        s.admin(Method::DELETE, &format!("/api/v1/documents?site={site}&url={}", enc(url))).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get_json("/api/v1/search?q=nghi%20dinh%2042").await["total"], 0);
    let twice =
        s.admin(Method::DELETE, &format!("/api/v1/documents?site={site}&url={}", enc(url))).send().await.unwrap();
    expect_error(twice, 404, "document_not_found").await;
}

#[tokio::test]
async fn push_refuses_strangers_and_documents_of_other_sites() {
    let s = start_with_search().await;
    let site = register_site(&s).await;
    let r = s.req(Method::POST, "/api/v1/documents").json(&decree(site)).send().await.unwrap();
    expect_error(r, 401, "unauthorized").await;
    let mut other = decree(site);
    other["url"] = json!("https://chinhphu-vn.com/gia-mao");
    let r = s.admin(Method::POST, "/api/v1/documents").json(&other).send().await.unwrap();
    expect_error(r, 400, "invalid_query").await;
    let mut unknown_site = decree(site);
    unknown_site["site"] = json!(999);
    let r = s.admin(Method::POST, "/api/v1/documents").json(&unknown_site).send().await.unwrap();
    expect_error(r, 404, "site_not_found").await;
    for (field, value) in [
        ("title", json!("")),
        ("type", json!("virus")),
        ("published", json!("hôm qua")),
        ("url", json!("javascript:alert(1)")),
    ] {
        let mut bad = decree(site);
        bad[field] = value;
        let r = s.admin(Method::POST, "/api/v1/documents").json(&bad).send().await.unwrap();
        expect_error(r, 400, "invalid_query").await;
    }
    let mut extra = decree(site);
    extra["unknown_field"] = json!(1);
    let r = s.admin(Method::POST, "/api/v1/documents").json(&extra).send().await.unwrap();
    expect_error(r, 400, "invalid_json").await;
}

#[tokio::test]
async fn bad_search_parameters_are_clear_400s() {
    let s = start_with_search().await;
    let long = "a".repeat(600);
    for path in [
        "/api/v1/search".to_string(),
        "/api/v1/search?q=".to_string(),
        "/api/v1/search?q=%20%20".to_string(),
        format!("/api/v1/search?q={long}"),
        "/api/v1/search?q=x&limit=100000".to_string(),
        "/api/v1/search?q=x&limit=0".to_string(),
        "/api/v1/search?q=x&page=0".to_string(),
        "/api/v1/search?q=x&page=abc".to_string(),
        "/api/v1/search?q=x&from=2025-13-45".to_string(),
        "/api/v1/search?q=x&from=2025-06-02&to=2025-06-01".to_string(),
        "/api/v1/search?q=x&type=virus".to_string(),
        "/api/v1/search?q=x&level=galaxy".to_string(),
        "/api/v1/search?q=x&sort=random".to_string(),
        "/api/v1/search?q=x&site=-1".to_string(),
        "/api/v1/search?q=x&province=hanoi".to_string(),
    ] {
        let r = s.req(Method::GET, &path).send().await.unwrap();
        expect_error(r, 400, "invalid_query").await;
    }
    // Odd but valid queries answer 200.
    for q in ["%22unbalanced", "%00%01nghi", "%E4%B8%AD%E6%96%87", "AND%20OR%20NOT", "*", "x&page=999"] {
        let v = s.get_json(&format!("/api/v1/search?q={q}")).await;
        assert!(v["results"].is_array(), "{q}: {v}");
    }
    let suggest: Value = s.get_json("/api/v1/suggest?q=nghi").await;
    assert!(suggest.is_array());
}

#[tokio::test]
async fn without_an_index_search_is_unavailable_not_broken() {
    let s = start().await;
    let r = s.req(Method::GET, "/api/v1/search?q=x").send().await.unwrap();
    expect_error(r, 503, "search_unavailable").await;
}
