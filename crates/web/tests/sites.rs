mod common;

use common::{expect_error, site_json, start, start_with};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn sites_crud_with_etags() {
    let s = start().await;
    let body = site_json("38", "Cổng TTĐT tỉnh Thanh Hóa", &["thanhhoa.gov.vn"]);

    // Writes need the token.
    let r = s.req(Method::POST, "/api/v1/sites").json(&body).send().await.unwrap();
    let www = r.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_string());
    expect_error(r, 401, "unauthorized").await;
    assert_eq!(www.as_deref(), Some("Bearer"));

    let r = s.admin(Method::POST, "/api/v1/sites").json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/sites/{id}"));
    assert_eq!(created["urls"], json!(["https://thanhhoa.gov.vn/"]));
    assert_eq!(created["version"], 1);

    // Public read, with ETag.
    let r = s.req(Method::GET, &location).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let listed = s.get_json("/api/v1/sites?unit=38").await;
    assert_eq!(
        (listed["total"].as_i64(), listed["limit"].as_i64(), listed["offset"].as_i64()),
        (Some(1), Some(100), Some(0))
    );
    assert_eq!(s.get_json("/api/v1/sites?host=thanhhoa.gov.vn&status=active").await["total"], 1);
    assert_eq!(s.get_json("/api/v1/sites?status=retired").await["total"], 0);

    // Update with the current version, then a stale one.
    let renamed = site_json("38", "Cổng Thông tin điện tử tỉnh Thanh Hóa", &["thanhhoa.gov.vn"]);
    let r = s.admin(Method::PUT, &location).header("If-Match", "\"1\"").json(&renamed).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let r = s.admin(Method::PUT, &location).header("If-Match", "\"1\"").json(&renamed).send().await.unwrap();
    expect_error(r, 409, "version_conflict").await;
    let r = s.admin(Method::PUT, &location).header("If-Match", "yesterday").json(&renamed).send().await.unwrap();
    expect_error(r, 400, "bad_if_match").await;
    let r = s.admin(Method::DELETE, &location).header("If-Match", "\"1\"").send().await.unwrap();
    expect_error(r, 409, "version_conflict").await;

    // Another spelling of the same URL is a duplicate; an unknown unit is a bad reference.
    let dup = site_json("38", "Trùng", &["http://www.thanhhoa.gov.vn/"]);
    let r = s.admin(Method::POST, "/api/v1/sites").json(&dup).send().await.unwrap();
    let body = expect_error(r, 409, "duplicate_url").await;
    assert!(body["error"]["message_en"].as_str().unwrap().contains(&format!("site {id}")));
    let orphan = site_json("99999", "Không có đơn vị", &["orphan.gov.vn"]);
    let r = s.admin(Method::POST, "/api/v1/sites").json(&orphan).send().await.unwrap();
    expect_error(r, 422, "reference_invalid").await;
    let r = s.admin(Method::PUT, "/api/v1/sites/424242").json(&renamed).send().await.unwrap();
    expect_error(r, 404, "site_not_found").await;

    // Delete, then it is gone.
    let r = s.admin(Method::DELETE, &location).header("If-Match", "\"2\"").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    expect_error(s.req(Method::GET, &location).send().await.unwrap(), 404, "site_not_found").await;
    expect_error(s.admin(Method::DELETE, &location).send().await.unwrap(), 404, "site_not_found").await;
}

#[tokio::test]
async fn contacts_are_absent_without_credentials() {
    let s = start().await;
    let contact = json!({
        "unit_id": "38", "role": "unit", "full_name": "Trần Lê Phúc",
        "position": "Chuyên viên", "phone": "0912.933.361", "email": "phuc@thanhhoa.gov.vn"
    });
    let r = s.admin(Method::POST, "/api/v1/contacts").json(&contact).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s.admin(Method::POST, "/api/v1/sites").json(&site_json("38", "Cổng tỉnh", &["thanhhoa.gov.vn"])).send();
    let site: Value = r.await.unwrap().json().await.unwrap();
    let path = format!("/api/v1/sites/{}", site["id"]);

    let anonymous = s.req(Method::GET, &path);
    let wrong = s.req(Method::GET, &path).bearer_auth("not-the-token");
    let basic = s.req(Method::GET, &path).header("Authorization", format!("Basic {}", s.token));
    for (who, request) in [("anonymous", anonymous), ("wrong token", wrong), ("basic scheme", basic)] {
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{who}");
        let text = r.text().await.unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.as_object().unwrap().get("contacts").is_none(), "{who}: {text}");
        for secret in ["Trần Lê Phúc", "0912.933.361", "phuc@thanhhoa.gov.vn"] {
            assert!(!text.contains(secret), "{who} sees {secret}");
        }
    }
    // Lists never carry contacts, even for operators.
    let r = s.admin(Method::GET, "/api/v1/sites?unit=38").send().await.unwrap();
    assert!(!r.text().await.unwrap().contains("Trần Lê Phúc"));

    let r = s.admin(Method::GET, &path).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let v: Value = r.json().await.unwrap();
    let contacts = v["contacts"].as_array().expect("contacts for the operator");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["full_name"], "Trần Lê Phúc");

    expect_error(s.req(Method::GET, "/api/v1/contacts").send().await.unwrap(), 401, "unauthorized").await;
    expect_error(s.req(Method::GET, "/api/v1/contacts/1").send().await.unwrap(), 401, "unauthorized").await;
    let r = s.req(Method::GET, "/api/v1/contacts").bearer_auth("wrong").send().await.unwrap();
    expect_error(r, 401, "unauthorized").await;
}

#[tokio::test]
async fn contacts_crud() {
    let s = start().await;
    let input = json!({ "unit_id": "38", "role": "vendor", "full_name": "Nguyễn Văn A", "phone": "0900 000 000" });
    let r = s.admin(Method::POST, "/api/v1/contacts").json(&input).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();

    let r = s.admin(Method::GET, "/api/v1/contacts?unit=38").send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["total"], 1);
    let r = s.admin(Method::GET, &location).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");

    let changed = json!({ "unit_id": "38", "role": "vendor", "full_name": "Nguyễn Văn B" });
    let r = s.admin(Method::PUT, &location).header("If-Match", "\"1\"").json(&changed).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["version"], 2);
    let r = s.admin(Method::PUT, &location).header("If-Match", "\"1\"").json(&changed).send().await.unwrap();
    expect_error(r, 409, "version_conflict").await;

    let bad = json!({ "unit_id": "38", "role": "unit", "full_name": "", "phone": "<script>" });
    let r = s.admin(Method::POST, "/api/v1/contacts").json(&bad).send().await.unwrap();
    let body = expect_error(r, 422, "validation_failed").await;
    assert_eq!(body["error"]["details"].as_array().unwrap().len(), 2);
    let orphan = json!({ "unit_id": "99999", "role": "unit", "full_name": "X" });
    let r = s.admin(Method::POST, "/api/v1/contacts").json(&orphan).send().await.unwrap();
    expect_error(r, 422, "reference_invalid").await;

    assert_eq!(s.admin(Method::DELETE, &location).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    expect_error(s.admin(Method::GET, &location).send().await.unwrap(), 404, "contact_not_found").await;
}

#[tokio::test]
async fn without_a_configured_token_admin_endpoints_are_closed() {
    let s = start_with(None).await;
    let r = s.admin(Method::GET, "/api/v1/contacts").send().await.unwrap();
    let body = expect_error(r, 401, "unauthorized").await;
    assert!(body["error"]["message_en"].as_str().unwrap().contains("no admin token is configured"));
    let r = s.admin(Method::POST, "/api/v1/sites").json(&site_json("38", "x", &["x.gov.vn"])).send().await.unwrap();
    expect_error(r, 401, "unauthorized").await;
    // Public reads still work, and never show contacts.
    assert_eq!(s.get_json("/api/v1/sites").await["total"], 0);
}
