//! The OpenAPI document covers every route, names every error code, and the
//! docs page renders without scripts.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::Value;

const SOURCES: [&str; 2] = [include_str!("../src/lib.rs"), include_str!("../src/hub/mod.rs")];

/// The quoted path of every `.route("…"` in the router sources.
fn routed_paths() -> Vec<String> {
    let mut out = Vec::new();
    for source in SOURCES {
        let mut rest = source;
        while let Some(i) = rest.find(".route(\"") {
            rest = &rest[i + ".route(\"".len()..];
            let end = rest.find('"').expect("closing quote");
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

async fn spec(server: &common::Server) -> Value {
    let r = server.req(Method::GET, "/api/openapi.json").send().await.expect("send");
    assert_eq!(r.status(), StatusCode::OK);
    let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ctype.starts_with("application/json"), "{ctype}");
    let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
    assert!(cache.contains("public") && cache.contains("max-age=300"), "{cache}");
    let text = r.text().await.expect("body");
    serde_json::from_str(&text).expect("the document is JSON")
}

#[tokio::test]
async fn the_document_is_openapi_3_1() {
    let server = common::start().await;
    let doc = spec(&server).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "ketnoi API");
    let embedded: Value = serde_json::from_str(ketnoi_web::openapi::OPENAPI_JSON).expect("embedded JSON");
    assert_eq!(doc, embedded, "the served document is the embedded one");
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_path_exists() {
    let server = common::start().await;
    let doc = spec(&server).await;
    let paths = doc["paths"].as_object().expect("paths");
    let routed = routed_paths();
    assert!(routed.len() >= 20, "found only {routed:?}");
    for path in &routed {
        assert!(paths.contains_key(path), "route {path} is not documented");
    }
    for path in paths.keys() {
        let concrete = path.replace("{id}", "1").replace("{name}", "loader.js");
        for method in [Method::GET, Method::POST] {
            let r = server.req(method.clone(), &concrete).send().await.expect("send");
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            let fallback = status == StatusCode::NOT_FOUND && text.contains(r#"{"error":{"code":"not_found""#);
            assert!(!fallback, "documented {method} {path} hits the fallback: {text}");
        }
    }
}

#[tokio::test]
async fn every_error_code_is_documented() {
    let text = ketnoi_web::openapi::OPENAPI_JSON;
    for (code, ..) in ketnoi_web::error_table() {
        assert!(text.contains(code), "error code {code} is not in the document");
    }
}

#[tokio::test]
async fn the_docs_page_is_plain_html() {
    let server = common::start().await;
    let r = server.req(Method::GET, "/api/docs").send().await.expect("send");
    assert_eq!(r.status(), StatusCode::OK);
    let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let page = r.text().await.expect("body");
    assert!(page.contains("/api/v1/hubcontent/distribution"));
    assert!(page.contains("lang=\"vi\""));
    assert!(page.contains("href=\"/api/openapi.json\""));
    assert!(!page.to_ascii_lowercase().contains("<script"));
}
