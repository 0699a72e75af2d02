//! The two Annex II endpoints as portals call them: the seed's cURL commands
//! with the real `curl` binary, PHP-style multipart, and every bad input.

mod common;

use std::process::Command;

use common::{Server, start};
use ketnoi_domain::HubState;
use ketnoi_hub::import::parse_jsonl;
use ketnoi_hub::keys::{self, KeyRequest};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The seed's example item (Annex II) plus a few more to page and filter.
const ITEMS: &str = r#"{"Attachments":"{}","Avatar":"http://avatar.png","Content":"Nội dung 1","DistributionTo":["1","2","3"],"Id":1,"OriginalUrl":"http://link_goc-123456.htm","PublishedBy":"username","PublishedDate":"2024-07-29T15:55:24","RefId":123456,"Sapo":"Mô tả 1","SiteId":102,"Source":"Nguồn","Status":1,"Title":"Tiêu đề 1","Type":1}
{"Id":2,"Type":2,"Title":"Video chỉ đạo","DistributionTo":["2"],"PublishedDate":"2024-07-30T09:00:00","Status":1}
{"Id":3,"Type":3,"Title":"Văn bản 409/VPCP-TTDT","DistributionTo":[],"PublishedDate":"2024-07-31T09:00:00","Status":1}
{"Id":4,"Type":1,"Title":"Tin cho Đồng Nai","DistributionTo":["75"],"PublishedDate":"2024-08-01T09:00:00","Status":1}
{"Id":5,"Type":1,"Title":"Bản nháp","PublishedDate":"2024-08-02T09:00:00","Status":0}
{"Id":6,"Type":3,"Title":"Văn bản đã thu hồi","PublishedDate":"2024-08-03T09:00:00","Status":2}
"#;

async fn seeded(allow: &[&str]) -> (Server, String) {
    let server = start().await;
    let (items, errors) = parse_jsonl(ITEMS);
    assert!(errors.is_empty());
    let batch: Vec<_> = items.into_iter().map(|(_, id, item, state)| (id, item, state)).collect();
    server.store.hub_import(&batch).await.unwrap();
    let request = KeyRequest {
        name: "Cổng TTĐT tỉnh Đồng Nai".into(),
        allow_ips: allow.iter().map(|s| s.to_string()).collect(),
        scope: None,
        rate_per_minute: Some(100_000),
    };
    let (_, secret) = keys::issue(server.store.as_ref(), request).await.unwrap();
    (server, secret)
}

fn curl(args: &[&str]) -> (u16, Value) {
    let out = Command::new("curl")
        .args(["--silent", "--show-error", "--write-out", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("the curl binary runs");
    assert!(out.status.success(), "curl failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, code) = text.rsplit_once('\n').unwrap();
    (code.parse().unwrap(), serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")))
}

// curl blocks its thread: the server needs another one to answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seeds_curl_commands_work_unchanged() {
    let (server, secret) = seeded(&["127.0.0.1/32", "::1"]).await;
    let detail_url = server.url("/api/v1/hubcontent/detail");
    // Annex II, API 1, with the host changed and a real key.
    let (status, body) = curl(&[
        "--location",
        &detail_url,
        "--header",
        "Content-Type: application/x-www-form-urlencoded",
        "--data-urlencode",
        &format!("secret_key={secret}"),
        "--data-urlencode",
        "id=1",
    ]);
    assert_eq!(status, 200);
    assert_eq!(body["Status"], true);
    assert_eq!(body["Message"], "Ok");
    let expected = json!({
        "Attachments": "{}", "Avatar": "http://avatar.png", "Content": "Nội dung 1",
        "DistributionTo": ["1", "2", "3"], "Id": 1, "OriginalUrl": "http://link_goc-123456.htm",
        "PublishedBy": "username", "PublishedDate": "2024-07-29T15:55:24", "RefId": 123456,
        "Sapo": "Mô tả 1", "SiteId": 102, "Source": "Nguồn", "Status": 1, "Title": "Tiêu đề 1", "Type": 1
    });
    assert_eq!(body["Data"], expected);
    let last_updated = body["LastUpdated"].as_str().unwrap();
    assert!(chrono::NaiveDateTime::parse_from_str(last_updated, "%d/%m/%Y %H:%M:%S").is_ok(), "{last_updated}");
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["Data", "LastUpdated", "Message", "Status"],
        "exactly the seed's envelope"
    );

    // Annex II, API 2: type=3,1 distribution=1,2,3 page_index=1 page_size=5.
    let (status, list) = curl(&[
        "--location",
        &server.url("/api/v1/hubcontent/distribution"),
        "--header",
        "Content-Type: application/x-www-form-urlencoded",
        "--data-urlencode",
        &format!("secret_key={secret}"),
        "--data-urlencode",
        "type=3,1",
        "--data-urlencode",
        "distribution=1,2,3",
        "--data-urlencode",
        "page_index=1",
        "--data-urlencode",
        "page_size=5",
    ]);
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["Status"], true);
    // Item 1 (news for 1,2,3) and item 3 (document for everyone); not the
    // video (type 2), not the item for 75, not the draft or the withdrawn one.
    let ids: Vec<i64> = list["Data"]["Item"].as_array().unwrap().iter().map(|i| i["Id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![3, 1], "newest first");
    assert_eq!(list["Data"]["Total"], 2);
    assert_eq!(list["Data"]["Item"][1], expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn php_style_multipart_gets_the_same_answer_as_urlencoded() {
    let (server, secret) = seeded(&["127.0.0.1"]).await;
    let url = server.url("/api/v1/hubcontent/distribution");
    let (_, urlencoded) = curl(&[
        &url,
        "--data-urlencode",
        &format!("secret_key={secret}"),
        "--data-urlencode",
        "type=1;3",
        "--data-urlencode",
        "distribution=-1",
        "--data-urlencode",
        "page_index=1",
        "--data-urlencode",
        "page_size=20",
    ]);
    // PHP's curl with CURLOPT_POSTFIELDS given an array sends multipart/form-data.
    let (status, multipart) = curl(&[
        &url,
        "-F",
        &format!("secret_key={secret}"),
        // --form-string: curl's -F would read "; 3" as a field option.
        "--form-string",
        "type=1; 3",
        "-F",
        "distribution=-1",
        "-F",
        "page_index=1",
        "-F",
        "page_size=20",
    ]);
    assert_eq!(status, 200, "{multipart}");
    assert_eq!(multipart["Data"], urlencoded["Data"]);
    assert_eq!(multipart["Data"]["Total"], 3);
    // PHP arrays as type[]=1&type[]=3.
    let (_, arrays) =
        curl(&[&url, "-F", &format!("secret_key={secret}"), "-F", "type[]=1", "-F", "type[]=3", "-F", "page_size=20"]);
    assert_eq!(arrays["Data"], urlencoded["Data"]);
}

#[tokio::test]
async fn page_index_starts_at_one_and_zero_is_the_first_page_too() {
    let (server, secret) = seeded(&["127.0.0.1"]).await;
    let page = |index: i64| {
        let server = &server;
        let secret = &secret;
        async move {
            let r = server
                .client
                .post(server.url("/api/v1/hubcontent/distribution"))
                .form(&[("secret_key", secret.as_str()), ("page_index", &index.to_string()), ("page_size", "2")])
                .send()
                .await
                .unwrap();
            let v: Value = r.json().await.unwrap();
            v["Data"]["Item"].as_array().unwrap().iter().map(|i| i["Id"].as_i64().unwrap()).collect::<Vec<_>>()
        }
    };
    assert_eq!(page(0).await, page(1).await);
    let mut seen: Vec<i64> = [page(1).await, page(2).await, page(3).await].concat();
    assert!(page(3).await.is_empty(), "four published items, two per page");
    seen.sort();
    assert_eq!(seen, vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn keys_in_headers_ip_allow_lists_scope_and_withdrawn_items() {
    let (server, secret) = seeded(&["127.0.0.1"]).await;
    let detail = |id: &'static str| server.client.post(server.url("/api/v1/hubcontent/detail")).form(&[("id", id)]);
    let r = detail("1").header("X-Api-Key", &secret).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = detail("1").bearer_auth(&secret).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    for (id, state) in [("5", HubState::Draft), ("6", HubState::Withdrawn)] {
        let r = detail(id).header("X-Api-Key", &secret).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{state:?} items are not served");
    }

    let (elsewhere, far_secret) = seeded(&["10.0.0.0/8"]).await;
    let r = elsewhere
        .client
        .post(elsewhere.url("/api/v1/hubcontent/detail"))
        .header("X-Forwarded-For", "10.1.2.3")
        .form(&[("secret_key", far_secret.as_str()), ("id", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "X-Forwarded-For from an untrusted peer is ignored");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["Status"], false);
    assert!(v["Message"].as_str().unwrap().contains("127.0.0.1"), "{v}");

    let scoped = KeyRequest {
        name: "Đồng Nai".into(),
        allow_ips: vec!["127.0.0.1".into()],
        scope: Some(vec!["75".into()]),
        rate_per_minute: None,
    };
    let (_, scoped_secret) = keys::issue(server.store.as_ref(), scoped).await.unwrap();
    let list = |distribution: &'static str| {
        server
            .client
            .post(server.url("/api/v1/hubcontent/distribution"))
            .form(&[("secret_key", scoped_secret.as_str()), ("distribution", distribution)])
    };
    let v: Value = list("-1").send().await.unwrap().json().await.unwrap();
    let ids: Vec<i64> = v["Data"]["Item"].as_array().unwrap().iter().map(|i| i["Id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![4, 3], "a scoped key reads its units' items and items for everyone");
    assert_eq!(list("38").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let r = server
        .client
        .post(server.url("/api/v1/hubcontent/detail"))
        .form(&[("secret_key", scoped_secret.as_str()), ("id", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "an item for other units does not exist for a scoped key");
}

#[tokio::test]
async fn trusted_proxies_forward_the_client_address() {
    let hub =
        ketnoi_web::hub::HubSettings { trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()], ..Default::default() };
    let server = common::start_full(Some(common::TOKEN.into()), hub).await;
    let request =
        KeyRequest { name: "p".into(), allow_ips: vec!["203.0.113.0/24".into()], scope: None, rate_per_minute: None };
    let (_, secret) = keys::issue(server.store.as_ref(), request).await.unwrap();
    let call = |xff: &'static str| {
        server
            .client
            .post(server.url("/api/v1/hubcontent/distribution"))
            .header("X-Forwarded-For", xff)
            .form(&[("secret_key", secret.as_str())])
    };
    assert_eq!(call("203.0.113.5").send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(call("203.0.113.5, 198.51.100.1").send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let server = start().await;
    let request =
        KeyRequest { name: "r".into(), allow_ips: vec!["127.0.0.1".into()], scope: None, rate_per_minute: Some(60) };
    let (_, secret) = keys::issue(server.store.as_ref(), request).await.unwrap();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..8 {
        let r = server
            .client
            .post(server.url("/api/v1/hubcontent/distribution"))
            .form(&[("secret_key", secret.as_str())])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        statuses.push(status);
        if status == 429 {
            retry_after = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["Status"], false);
        }
    }
    assert_eq!(&statuses[..6], &[200; 6], "the burst passes");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");
    assert!(retry_after.is_some_and(|s| s.parse::<u64>().is_ok_and(|n| (1..=60).contains(&n))));
}

#[tokio::test]
async fn rotated_keys_keep_working_for_the_grace_period_and_revoked_ones_stop() {
    let server = start().await;
    let create = server
        .admin(reqwest::Method::POST, "/api/v1/hub/keys")
        .json(&json!({ "name": "Cổng tỉnh", "allow_ips": ["127.0.0.1"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), StatusCode::CREATED);
    let created: Value = create.json().await.unwrap();
    let (id, old) =
        (created["key"]["id"].as_str().unwrap().to_string(), created["secret"].as_str().unwrap().to_string());
    assert!(!created["key"].to_string().contains("hash"), "hashes never leave the server");
    let call = |secret: String| {
        let server = &server;
        async move {
            server
                .client
                .post(server.url("/api/v1/hubcontent/distribution"))
                .form(&[("secret_key", secret.as_str())])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(call(old.clone()).await, StatusCode::OK);
    let rotated: Value = server
        .admin(reqwest::Method::POST, &format!("/api/v1/hub/keys/{id}/rotate"))
        .json(&json!({ "grace_hours": 1 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(call(new.clone()).await, StatusCode::OK);
    assert_eq!(call(old.clone()).await, StatusCode::OK, "the old key works during the grace period");
    let revoke = server.admin(reqwest::Method::POST, &format!("/api/v1/hub/keys/{id}/revoke")).send().await.unwrap();
    assert_eq!(revoke.status(), StatusCode::OK);
    assert_eq!(call(new).await, StatusCode::UNAUTHORIZED);
    assert_eq!(call(old).await, StatusCode::UNAUTHORIZED);
}
