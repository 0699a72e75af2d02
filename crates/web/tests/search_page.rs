//! The search page for people, the OpenSearch description and the embeddable per-site search
//! box, over HTTP against a real server and index.

mod common;

use std::time::{Duration, Instant};

use common::{start, start_with_search};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PAGE_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

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

/// Registers a site, pushes a decree to it and waits until the index has it.
async fn with_decree() -> (common::Server, i64) {
    let s = start_with_search().await;
    let site = register_site(&s).await;
    let doc = json!({
        "url": "https://thanhhoa.gov.vn/van-ban/nd-42-2022",
        "site": site,
        "title": "Nghị định 42/2022/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến",
        "content": "Chính phủ ban hành Nghị định số 42/2022/NĐ-CP quy định việc cung cấp thông tin và dịch vụ công trực tuyến trên môi trường mạng.",
        "type": "legal_document",
        "published": "2022-06-24",
        "number": "42/2022/NĐ-CP"
    });
    let r = s.admin(Method::POST, "/api/v1/documents").json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let pushed = Instant::now();
    while s.get_json("/api/v1/search?q=nghi%20dinh%2042").await["total"].as_u64().unwrap_or(0) == 0 {
        assert!(pushed.elapsed() < Duration::from_secs(5), "not searchable");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (s, site)
}

/// GET a page: status, headers checked for every search page, body.
async fn get_page(s: &common::Server, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = s.req(Method::GET, path).send().await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.text().await.unwrap();
    (status, headers, body)
}

async fn search_page(s: &common::Server, path: &str, status: StatusCode) -> String {
    let (got, headers, body) = get_page(s, path).await;
    assert_eq!(got, status, "{path}: {body}");
    let ctype = headers["content-type"].to_str().unwrap();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert_eq!(headers["content-security-policy"], PAGE_CSP);
    if !status.is_server_error() {
        assert_eq!(headers["cache-control"], "public, max-age=30");
    }
    assert!(!body.to_ascii_lowercase().contains("<script"), "{path}: a script in {body}");
    body
}

#[tokio::test]
async fn results_for_a_query_typed_without_tones() {
    let (s, site) = with_decree().await;
    let page = search_page(&s, "/search?q=nghi+dinh+42", StatusCode::OK).await;
    assert!(page.contains("<html lang=\"vi\">"), "{page}");
    assert!(page.contains("name=\"viewport\""));
    assert!(page.contains("<label for=\"q\">"));
    assert!(page.contains("href=\"#main\""), "skip link");
    assert!(page.contains("<link rel=\"search\" type=\"application/opensearchdescription+xml\""));
    assert!(page.contains("<ol class=\"hits\""));
    assert!(page.contains("<mark>"), "{page}");
    assert!(page.contains("href=\"https://thanhhoa.gov.vn/van-ban/nd-42-2022\""));
    assert!(page.contains("✔</span> Nguồn chính thức"), "official mark with a symbol: {page}");
    assert!(page.contains("24/06/2022"), "{page}");
    assert!(page.contains("Văn bản"));
    assert!(page.contains("Cổng TTĐT tỉnh Thanh Hóa (Tỉnh Thanh Hóa)"), "{page}");
    assert!(page.contains("Tìm thấy 1 kết quả"), "{page}");
    // Tones restored, as a link that keeps the query's other parameters.
    assert!(page.contains("Có phải bạn muốn tìm:"), "{page}");
    assert!(page.contains("nghị định 42"), "{page}");
    // Facets in words, with the province named from the register.
    assert!(page.contains("Tỉnh, thành phố"), "{page}");
    assert!(page.contains("Tỉnh Thanh Hóa (1)"), "{page}");

    // Scoped to the site: said so, with a way out.
    let scoped = search_page(&s, &format!("/search?q=nghi+dinh+42&site={site}"), StatusCode::OK).await;
    assert!(scoped.contains("Tìm trong:</strong> Cổng TTĐT tỉnh Thanh Hóa"), "{scoped}");
    assert!(scoped.contains("<input type=\"hidden\" name=\"site\""), "{scoped}");
    assert!(scoped.contains("<mark>"));
    let other = search_page(&s, &format!("/search?q=nghi+dinh+42&site={}", site + 1), StatusCode::OK).await;
    assert!(other.contains("Không tìm thấy kết quả nào"), "{other}");
}

#[tokio::test]
async fn english_with_lang_en() {
    let (s, _) = with_decree().await;
    let page = search_page(&s, "/search?q=nghi+dinh+42&lang=en", StatusCode::OK).await;
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Search official information"));
    assert!(page.contains("1 result"), "{page}");
    assert!(page.contains("Official source"));
    assert!(page.contains("Legal document"));
    assert!(page.contains("Did you mean:"));
    assert!(page.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
    assert!(!page.contains("Nguồn chính thức"));
    // The way back to Vietnamese keeps the query.
    assert!(page.contains("href=\"/search?q=nghi%20dinh%2042\" lang=\"vi\""), "{page}");
}

#[tokio::test]
async fn hostile_queries_come_back_escaped() {
    let (s, _) = with_decree().await;
    for (raw, encoded) in [
        ("<script>alert(1)</script>", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        ("\"><img src=x onerror=alert(1)>", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"),
    ] {
        for path in [format!("/search?q={encoded}"), format!("/search?q={encoded}&lang=en&type=news")] {
            let page = search_page(&s, &path, StatusCode::OK).await;
            assert!(!page.contains(raw), "{raw} unescaped in {page}");
            assert!(!page.contains("<img"), "{page}");
            assert!(!page.contains("<script"), "{page}");
            assert!(page.contains("&lt;"), "{page}");
        }
    }
    // Bad values of the other parameters are echoed escaped too, if at all.
    let page = search_page(&s, "/search?q=x&type=%3Cscript%3E", StatusCode::BAD_REQUEST).await;
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn facet_links_keep_the_query() {
    let (s, _) = with_decree().await;
    let page = search_page(&s, "/search?q=nghi+dinh+42&sort=date", StatusCode::OK).await;
    let facet = "href=\"/search?q=nghi%20dinh%2042&amp;sort=date&amp;type=legal_document\"";
    assert!(page.contains(facet), "{page}");
    let level = "href=\"/search?q=nghi%20dinh%2042&amp;sort=date&amp;level=province\"";
    assert!(page.contains(level), "{page}");
    // The chosen facet is marked and links back without itself.
    let chosen = search_page(&s, "/search?q=nghi+dinh+42&type=legal_document", StatusCode::OK).await;
    assert!(chosen.contains("aria-current=\"true\""), "{chosen}");
    assert!(chosen.contains("href=\"/search?q=nghi%20dinh%2042\""), "{chosen}");
    assert!(chosen.contains("<mark>"));
}

#[tokio::test]
async fn an_empty_query_shows_only_the_form() {
    let s = start_with_search().await;
    for path in ["/search", "/search?q=", "/search?q=%20%20&lang=en"] {
        let page = search_page(&s, path, StatusCode::OK).await;
        assert!(page.contains("<form method=\"get\" action=\"/search\""));
        assert!(!page.contains("class=\"hits\""));
        assert!(!page.contains("class=\"error\""));
    }
}

#[tokio::test]
async fn bad_parameters_are_a_400_page_in_vietnamese() {
    let s = start_with_search().await;
    let page = search_page(&s, "/search?q=x&page=abc", StatusCode::BAD_REQUEST).await;
    assert!(page.contains("class=\"error\""), "{page}");
    assert!(page.contains("Tham số truy vấn"), "{page}");
    assert!(page.contains("page: phải là số nguyên trong khoảng 1..1000"), "{page}");
    assert!(page.contains("<label for=\"q\">"), "the form stays");
    for path in [
        "/search?q=x&from=2025-13-45",
        "/search?q=x&type=virus",
        "/search?q=x&level=galaxy",
        "/search?q=x&site=-1",
        "/search?q=x&sort=random",
        "/search?q=x&q=y",
        &format!("/search?q={}", "a".repeat(600)),
    ] {
        let page = search_page(&s, path, StatusCode::BAD_REQUEST).await;
        assert!(page.contains("class=\"error\""), "{path}: {page}");
    }
    let en = search_page(&s, "/search?q=x&page=abc&lang=en", StatusCode::BAD_REQUEST).await;
    assert!(en.contains("must be an integer in 1..1000"), "{en}");
}

#[tokio::test]
async fn without_an_index_the_page_is_503() {
    let s = start().await;
    let page = search_page(&s, "/search?q=nghi+dinh", StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(page.contains("Tìm kiếm tạm thời không dùng được"), "{page}");
    assert!(page.contains("<label for=\"q\">"));
}

#[tokio::test]
async fn opensearch_description_has_both_templates() {
    let s = start_with_search().await;
    let r = s.req(Method::GET, "/opensearch.xml").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ctype.starts_with("application/opensearchdescription+xml"), "{ctype}");
    let xml = r.text().await.unwrap();
    let host = s.base.trim_start_matches("http://");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">"));
    assert!(xml.contains("<ShortName>ketnoi</ShortName>"));
    assert!(xml.contains("<Description>Tìm kiếm"));
    assert!(xml.contains("<InputEncoding>UTF-8</InputEncoding>"));
    assert!(xml.contains(&format!(
        "<Url type=\"text/html\" method=\"get\" template=\"http://{host}/search?q={{searchTerms}}\"/>"
    )));
    assert!(xml.contains(&format!(
        "<Url type=\"application/x-suggestions+json\" method=\"get\" template=\"http://{host}/api/v1/suggest?q={{searchTerms}}\"/>"
    )));
    assert!(xml.trim_end().ends_with("</OpenSearchDescription>"));
    assert_eq!(xml.matches("<Url ").count(), xml.matches("/>").count(), "every Url closes itself");

    // Behind a TLS proxy, and a hostile Host is refused rather than echoed.
    let r = s
        .req(Method::GET, "/opensearch.xml")
        .header("host", "tim.chinhphu.vn")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let xml = r.text().await.unwrap();
    assert!(xml.contains("template=\"https://tim.chinhphu.vn/search?q={searchTerms}\""), "{xml}");
    let r = s.req(Method::GET, "/opensearch.xml").header("host", "x\"/><evil").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_embedded_box_searches_its_site_in_the_top_window() {
    let (s, site) = with_decree().await;
    let (status, headers, page) = get_page(&s, &format!("/embed/search-box?site={site}")).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(!headers.contains_key("x-frame-options"));
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(page.contains("<form action=\"/search\" method=\"get\" target=\"_top\""), "{page}");
    assert!(page.contains(&format!("<input type=\"hidden\" name=\"site\" value=\"{site}\">")), "{page}");
    assert!(page.contains("<label for=\"q\">Tìm trong Cổng TTĐT tỉnh Thanh Hóa</label>"), "{page}");
    assert!(page.contains(&format!("<iframe src=\"{}/embed/search-box?site={site}\"", s.base)), "snippet: {page}");
    assert!(!page.to_ascii_lowercase().contains("<script"));
    // What the box submits finds the site's documents.
    let results = search_page(&s, &format!("/search?site={site}&q=nghi+dinh+42"), StatusCode::OK).await;
    assert!(results.contains("<mark>"));

    let en = get_page(&s, &format!("/embed/search-box?site={site}&lang=en")).await.2;
    assert!(en.contains("<html lang=\"en\">") && en.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));

    for path in
        ["/embed/search-box", "/embed/search-box?site=999", "/embed/search-box?site=abc", "/embed/search-box?site=-3"]
    {
        let (status, headers, page) = get_page(&s, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(page.contains("hộp tìm kiếm này hiện không dùng được"), "{path}: {page}");
        assert!(!page.contains("<form"), "{path}");
    }
}
