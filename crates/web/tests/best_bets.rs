//! Operator best bets over HTTP: pinned to a query, shown first (page 1 only) by the search API
//! and the search page whatever the spelling, tones included; operators only; bad input refused.

mod common;

use common::{expect_error, start_with_search};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PORTAL: &str = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html";

async fn register_site_and_push(s: &common::Server) {
    let r = s
        .admin(Method::POST, "/api/v1/sites")
        .json(&json!({ "unit_id": "38", "name": "Cổng TTĐT tỉnh Thanh Hóa", "urls": ["https://thanhhoa.gov.vn"], "status": "active" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let site = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    for (i, title) in ["Dịch vụ công trực tuyến tỉnh Thanh Hóa", "Hướng dẫn nộp hồ sơ dịch vụ công"].iter().enumerate()
    {
        let doc = json!({
            "url": format!("https://thanhhoa.gov.vn/tin/dich-vu-cong-{i}"),
            "site": site,
            "title": title,
            "content": "Người dân nộp hồ sơ dịch vụ công trực tuyến qua Cổng Dịch vụ công.",
            "type": "news",
            "published": "2026-03-01"
        });
        let r = s.admin(Method::POST, "/api/v1/documents").json(&doc).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
}

async fn add(s: &common::Server, body: Value) -> reqwest::Response {
    s.admin(Method::POST, "/api/v1/search/best-bets").json(&body).send().await.unwrap()
}

#[tokio::test]
async fn a_best_bet_comes_first_on_page_one_whatever_the_spelling() {
    let s = start_with_search().await;
    register_site_and_push(&s).await;
    let r = add(
        &s,
        json!({ "query": "Dịch vụ công", "url": PORTAL, "title": "Cổng <Dịch vụ công> Quốc gia", "description": "Nộp hồ sơ & tra cứu" }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let bet: Value = r.json().await.unwrap();
    assert_eq!(bet["query_key"], "dich vu cong");
    assert_eq!(bet["position"], 1);

    // Without tones, other case and spacing: the same key.
    let v = s.get_json("/api/v1/search?q=dich%20vu%20cong&limit=1").await;
    assert_eq!(v["best_bets"][0]["url"], PORTAL, "{v}");
    assert_eq!(v["best_bets"][0]["title"], "Cổng <Dịch vụ công> Quốc gia");
    assert_eq!(v["best_bets"][0]["description"], "Nộp hồ sơ & tra cứu");
    assert_eq!(v["best_bets"].as_array().unwrap().len(), 1);
    let v = s.get_json("/api/v1/search?q=D%E1%BB%8ACH%20%20V%E1%BB%A4%20C%C3%94NG").await;
    assert_eq!(v["best_bets"][0]["url"], PORTAL, "{v}");
    // Page 2: organic results only.
    let v = s.get_json("/api/v1/search?q=dich%20vu%20cong&limit=1&page=2").await;
    assert_eq!(v["best_bets"], json!([]), "{v}");
    // Another query: none.
    let v = s.get_json("/api/v1/search?q=thanh%20hoa").await;
    assert_eq!(v["best_bets"], json!([]));

    // The page shows them in their own box, escaped, above the results.
    let page = s.req(Method::GET, "/search?q=dich+vu+cong").send().await.unwrap().text().await.unwrap();
    let boxed = page.find("Kết quả được đề xuất").expect("labelled box");
    assert!(boxed < page.find("id=\"results\"").expect("results"), "above the results");
    assert!(page.contains(&format!("href=\"{PORTAL}\"")));
    assert!(page.contains("Cổng &lt;Dịch vụ công&gt; Quốc gia"));
    assert!(page.contains("Nộp hồ sơ &amp; tra cứu"));
    assert!(!page.contains("<Dịch vụ công>"));
    let en = s.req(Method::GET, "/search?q=dich+vu+cong&lang=en").send().await.unwrap().text().await.unwrap();
    assert!(en.contains("Recommended"));
    let later = s.req(Method::GET, "/search?q=dich+vu+cong&limit=1&page=2").send().await.unwrap().text().await.unwrap();
    assert!(!later.contains("Kết quả được đề xuất"));
}

#[tokio::test]
async fn operators_add_list_and_delete_best_bets() {
    let s = start_with_search().await;
    let path = "/api/v1/search/best-bets";
    let body = json!({ "query": "UBND tỉnh", "url": "https://thanhhoa.gov.vn/", "title": "UBND tỉnh Thanh Hóa" });

    // Operators only.
    expect_error(s.req(Method::GET, path).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(s.req(Method::POST, path).json(&body).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(s.req(Method::DELETE, &format!("{path}/1")).send().await.unwrap(), 401, "unauthorized").await;

    let r = add(&s, body.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    let second: Value = add(&s, json!({ "query": "ubnd   TỈNH", "url": "https://a.gov.vn/", "title": "A" }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["position"], 2, "one key for both spellings");

    // The same URL on the same query (any spelling) is a conflict.
    let dup = add(&s, json!({ "query": "Ubnd Tinh", "url": "https://thanhhoa.gov.vn", "title": "again" })).await;
    expect_error(dup, 409, "best_bet_exists").await;

    // Bad input.
    let bad = s.admin(Method::POST, path).body("{").header("content-type", "application/json").send().await.unwrap();
    expect_error(bad, 400, "invalid_json").await;
    let r = add(&s, json!({ "query": "q", "url": "https://a.gov.vn/", "title": "t", "extra": 1 })).await;
    expect_error(r, 400, "invalid_json").await;
    let long_url = format!("https://a.gov.vn/{}", "a".repeat(2000));
    for (body, field) in [
        (json!({ "query": " ", "url": "https://a.gov.vn/", "title": "t" }), "query"),
        (json!({ "query": "q".repeat(201), "url": "https://a.gov.vn/", "title": "t" }), "query"),
        (json!({ "query": "q", "url": "javascript:alert(1)", "title": "t" }), "url"),
        (json!({ "query": "q", "url": "/relative", "title": "t" }), "url"),
        (json!({ "query": "q", "url": long_url, "title": "t" }), "url"),
        (json!({ "query": "q", "url": "https://a.gov.vn/", "title": "" }), "title"),
        (json!({ "query": "q", "url": "https://a.gov.vn/", "title": "t".repeat(301) }), "title"),
    ] {
        let v = expect_error(add(&s, body).await, 422, "validation_failed").await;
        assert_eq!(v["error"]["details"][0]["field"], field, "{v}");
    }
    expect_error(s.admin(Method::GET, &format!("{path}?limit=0")).send().await.unwrap(), 400, "invalid_query").await;

    let r = s.admin(Method::GET, path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let list: Value = r.json().await.unwrap();
    assert_eq!(list["best_bets"].as_array().unwrap().len(), 2, "{list}");
    assert_eq!(list["best_bets"][0]["id"], first["id"]);
    let page: Value =
        s.admin(Method::GET, &format!("{path}?limit=1&offset=1")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["best_bets"][0]["id"], second["id"]);

    let one = format!("{path}/{}", first["id"]);
    assert_eq!(s.admin(Method::DELETE, &one).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    expect_error(s.admin(Method::DELETE, &one).send().await.unwrap(), 404, "best_bet_not_found").await;
    expect_error(s.admin(Method::DELETE, &format!("{path}/abc")).send().await.unwrap(), 400, "invalid_query").await;
    let v = s.get_json("/api/v1/search?q=ubnd%20tinh").await;
    assert_eq!(v["best_bets"].as_array().unwrap().len(), 1);
    assert_eq!(v["best_bets"][0]["url"], "https://a.gov.vn/");
}
