//! Malformed and hostile input: every refusal is the JSON envelope with a
//! code from `error_table()`, and nothing makes the server answer 500.

mod common;

use common::{expect_error, start};
use ketnoi_web::error_table;
use reqwest::Method;
use serde_json::{Value, json};

const JSON: &str = "application/json";

struct Case {
    what: &'static str,
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
}

fn case(
    what: &'static str,
    method: Method,
    path: &str,
    ct: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
) -> Case {
    Case { what, method, path: path.to_string(), content_type: ct, body, status, code }
}

fn site_with(name: &str, url: &str) -> Vec<u8> {
    json!({ "unit_id": "38", "name": name, "urls": [url], "status": "active" }).to_string().into_bytes()
}

#[tokio::test]
async fn hostile_input_gets_the_error_envelope() {
    let s = start().await;
    let post = Method::POST;
    let sites = "/api/v1/sites";
    let huge = format!(r#"{{"unit_id":"38","name":"{}","status":"active"}}"#, "x".repeat(1024 * 1024 + 10));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut invalid_utf8 = br#"{"unit_id":"38","name":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    invalid_utf8.extend_from_slice(br#"","urls":["a.gov.vn"],"status":"active"}"#);

    let cases = vec![
        case("truncated JSON", post.clone(), sites, Some(JSON), br#"{"name":"#.to_vec(), 400, "invalid_json"),
        case("empty body", post.clone(), sites, Some(JSON), vec![], 400, "invalid_json"),
        case("JSON array", post.clone(), sites, Some(JSON), b"[]".to_vec(), 400, "invalid_json"),
        case("deep nesting", post.clone(), sites, Some(JSON), deep.into_bytes(), 400, "invalid_json"),
        case(
            "unknown field",
            post.clone(),
            sites,
            Some(JSON),
            br#"{"unit":"38","name":"x","status":"active","urls":["a.gov.vn"]}"#.to_vec(),
            400,
            "invalid_json",
        ),
        case(
            "bad enum",
            post.clone(),
            sites,
            Some(JSON),
            br#"{"name":"x","status":"dead"}"#.to_vec(),
            400,
            "invalid_json",
        ),
        case("invalid UTF-8", post.clone(), sites, Some(JSON), invalid_utf8, 400, "invalid_json"),
        case(
            "text/plain",
            post.clone(),
            sites,
            Some("text/plain"),
            site_with("x", "a.gov.vn"),
            415,
            "unsupported_media_type",
        ),
        case("no content type", post.clone(), sites, None, site_with("x", "a.gov.vn"), 415, "unsupported_media_type"),
        case(
            "form body",
            post.clone(),
            sites,
            Some("application/x-www-form-urlencoded"),
            b"name=x".to_vec(),
            415,
            "unsupported_media_type",
        ),
        case("over 1 MiB", post.clone(), sites, Some(JSON), huge.into_bytes(), 413, "payload_too_large"),
        case(
            "javascript URL",
            post.clone(),
            sites,
            Some(JSON),
            site_with("x", "javascript:alert(1)"),
            422,
            "validation_failed",
        ),
        case(
            "10,000-char name",
            post.clone(),
            sites,
            Some(JSON),
            site_with(&"đ".repeat(10_000), "b.gov.vn"),
            422,
            "validation_failed",
        ),
        case(
            "NUL in name",
            post.clone(),
            sites,
            Some(JSON),
            site_with("a\u{0}b", "c.gov.vn"),
            422,
            "validation_failed",
        ),
        case(
            "contact unknown field",
            post.clone(),
            "/api/v1/contacts",
            Some(JSON),
            br#"{"unit_id":"38","role":"unit","full_name":"A","ssn":"1"}"#.to_vec(),
            400,
            "invalid_json",
        ),
        case("site id abc", Method::GET, "/api/v1/sites/abc", None, vec![], 400, "invalid_query"),
        case("site id overflow", Method::GET, "/api/v1/sites/99999999999999999999", None, vec![], 400, "invalid_query"),
        case("site id zero", Method::GET, "/api/v1/sites/0", None, vec![], 400, "invalid_query"),
        case("site id bad percent", Method::GET, "/api/v1/sites/%FF", None, vec![], 400, "invalid_query"),
        case("delete id abc", Method::DELETE, "/api/v1/sites/abc", None, vec![], 400, "invalid_query"),
        case(
            "contact id overflow",
            Method::GET,
            "/api/v1/contacts/99999999999999999999",
            None,
            vec![],
            400,
            "invalid_query",
        ),
        case("unit id NUL", Method::GET, "/api/v1/units/a%00b", None, vec![], 400, "invalid_query"),
        case("negative limit", Method::GET, "/api/v1/sites?limit=-1", None, vec![], 400, "invalid_query"),
        case("zero limit", Method::GET, "/api/v1/sites?limit=0", None, vec![], 400, "invalid_query"),
        case("huge limit", Method::GET, "/api/v1/sites?limit=1000000", None, vec![], 400, "invalid_query"),
        case(
            "overflow limit",
            Method::GET,
            "/api/v1/sites?limit=99999999999999999999",
            None,
            vec![],
            400,
            "invalid_query",
        ),
        case("negative offset", Method::GET, "/api/v1/sites?offset=-5", None, vec![], 400, "invalid_query"),
        case("bad status", Method::GET, "/api/v1/sites?status=deleted", None, vec![], 400, "invalid_query"),
        case("bad host", Method::GET, "/api/v1/sites?host=a%20b", None, vec![], 400, "invalid_query"),
        case(
            "repeated parameter",
            Method::GET,
            "/api/v1/units?at=2025-01-01&at=2025-01-02",
            None,
            vec![],
            400,
            "invalid_query",
        ),
        case("unknown route", Method::GET, "/api/v2/everything", None, vec![], 404, "not_found"),
        case("root", Method::GET, "/", None, vec![], 404, "not_found"),
        case("DELETE /healthz", Method::DELETE, "/healthz", None, vec![], 405, "method_not_allowed"),
        case("PATCH a site", Method::PATCH, "/api/v1/sites/1", None, vec![], 405, "method_not_allowed"),
    ];

    for c in cases {
        let mut request = s.admin(c.method.clone(), &c.path).body(c.body);
        if let Some(ct) = c.content_type {
            request = request.header("content-type", ct);
        }
        let r = request.send().await.unwrap_or_else(|e| panic!("{}: {e}", c.what));
        let body = expect_error(r, c.status, c.code).await;
        if c.code == "validation_failed" {
            let details = body["error"]["details"].as_array().unwrap_or_else(|| panic!("{}: no details", c.what));
            assert!(details.iter().all(|d| d["field"].is_string() && d["reason"].is_string()), "{}", c.what);
        }
        // Echoed input stays short.
        assert!(body.to_string().len() < 4096, "{}: error body too long", c.what);
    }

    // A bad If-Match is refused before anything is written.
    let r = s.admin(Method::DELETE, "/api/v1/sites/1").header("If-Match", "W/\"1\"").send().await.unwrap();
    expect_error(r, 400, "bad_if_match").await;
}

#[tokio::test]
async fn odd_requests_never_produce_500() {
    let s = start().await;
    let known: Vec<&str> = error_table().into_iter().map(|r| r.0).collect();
    let paths = [
        "/api/v1/units?parent=%FF%FE",
        "/api/v1/units?at=%00",
        "/api/v1/units/%E2%80%AE",
        "/api/v1/units?level=",
        "/api/v1/sites?unit=%FF",
        "/api/v1/sites?host=",
        "/api/v1/sites?limit=1e3",
        "/api/v1/sites/1%2F2",
        "/api/v1/sites/-0",
        "/api/v1/units/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/sites/1/extra",
        "//api//v1//sites",
    ];
    for path in paths {
        for token in [false, true] {
            let mut request = s.req(Method::GET, path);
            if token {
                request = request.bearer_auth(&s.token);
            }
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            let text = r.text().await.unwrap();
            assert!(status < 500, "{path}: {status} {text}");
            if status >= 400 {
                let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}"));
                let code = v["error"]["code"].as_str().unwrap_or_default();
                assert!(known.contains(&code), "{path}: unknown code {code}");
            }
        }
    }
    // Hostile Authorization headers are just wrong credentials.
    for auth in ["Bearer", "Bearer  ", "Bearer \u{7f}", "bearer x y z", &format!("Bearer {}", "a".repeat(8000))] {
        let r = s.req(Method::GET, "/api/v1/contacts").header("Authorization", auth).send().await;
        if let Ok(r) = r {
            expect_error(r, 401, "unauthorized").await;
        }
    }
}

#[test]
fn error_codes_are_unique() {
    let table = error_table();
    let mut codes: Vec<&str> = table.iter().map(|r| r.0).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), table.len(), "duplicate codes in {table:?}");
    for required in [
        "bad_request",
        "invalid_json",
        "unsupported_media_type",
        "payload_too_large",
        "validation_failed",
        "invalid_query",
        "unauthorized",
        "not_found",
        "method_not_allowed",
        "unit_not_found",
        "site_not_found",
        "contact_not_found",
        "duplicate_url",
        "version_conflict",
        "bad_if_match",
        "reference_invalid",
        "store_unavailable",
        "internal",
    ] {
        assert!(codes.contains(&required), "{required} missing");
    }
}
