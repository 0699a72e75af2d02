//! Every bad input of the Annex II endpoints, table-driven: `Status: false`,
//! a Vietnamese message, the status of the error table, never a 500.

mod common;

use ketnoi_domain::{HubItemInput, HubItemType, HubState};
use ketnoi_hub::keys::{self, KeyRequest};
use ketnoi_web::error_table;
use reqwest::StatusCode;
use serde_json::Value;

struct Case {
    name: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
}

fn form(name: &'static str, path: &'static str, body: String, status: u16, code: &'static str) -> Case {
    Case { name, path, content_type: Some("application/x-www-form-urlencoded"), body: body.into_bytes(), status, code }
}

#[tokio::test]
async fn every_bad_input_gets_status_false_and_a_clear_message() {
    let server = common::start().await;
    let item = HubItemInput::new(HubItemType::News, "Tin");
    server.store.hub_save(None, None, &item, Some(HubState::Published)).await.unwrap();
    let key = |allow: &str| KeyRequest {
        name: "k".into(),
        allow_ips: vec![allow.into()],
        scope: None,
        rate_per_minute: Some(100_000),
    };
    let (_, good) = keys::issue(server.store.as_ref(), key("127.0.0.1")).await.unwrap();
    let (_, far) = keys::issue(server.store.as_ref(), key("192.0.2.0/24")).await.unwrap();
    let (revoked_key, revoked) = keys::issue(server.store.as_ref(), key("127.0.0.1")).await.unwrap();
    keys::revoke_stored(server.store.as_ref(), revoked_key).await.unwrap();
    let k = |rest: &str| format!("secret_key={good}&{rest}");
    let detail = "/api/v1/hubcontent/detail";
    let list = "/api/v1/hubcontent/distribution";

    let mut cases = vec![
        form("no key", detail, "id=1".into(), 401, "hub_key_missing"),
        form("empty key", detail, "secret_key=&id=1".into(), 401, "hub_key_missing"),
        form("seed placeholder key", detail, "secret_key=*****&id=1".into(), 401, "hub_key_invalid"),
        form("unknown key", detail, format!("secret_key=kn_deadbeef_{}&id=1", "0".repeat(64)), 401, "hub_key_invalid"),
        form("revoked key", detail, format!("secret_key={revoked}&id=1"), 401, "hub_key_invalid"),
        form("IP not allowed", detail, format!("secret_key={far}&id=1"), 403, "hub_ip_not_allowed"),
        form("unknown id", detail, k("id=999999"), 404, "hub_item_not_found"),
        form("id not a number", detail, k("id=abc"), 400, "hub_invalid_param"),
        form("id too big", detail, k("id=99999999999999999999999"), 400, "hub_invalid_param"),
        form("id missing", detail, k(""), 400, "hub_invalid_param"),
        form("id twice", detail, k("id=1&id=2"), 400, "hub_invalid_param"),
        form("key twice", detail, format!("secret_key={good}&secret_key={good}&id=1"), 400, "hub_invalid_param"),
        form("type abc", list, k("type=abc"), 400, "hub_invalid_param"),
        form("type 9", list, k("type=1;9"), 400, "hub_invalid_param"),
        form("page_size 0", list, k("page_size=0"), 400, "hub_invalid_param"),
        form("page_size 21", list, k("page_size=21"), 400, "hub_invalid_param"),
        form("page_size -5", list, k("page_size=-5"), 400, "hub_invalid_param"),
        form("page_size huge", list, k("page_size=18446744073709551617"), 400, "hub_invalid_param"),
        form("page_index negative", list, k("page_index=-1"), 400, "hub_invalid_param"),
        form("page_index text", list, k("page_index=one"), 400, "hub_invalid_param"),
        form("distribution injection", list, k("distribution=1%3B%3Cscript%3E"), 400, "hub_invalid_param"),
        form("type twice", list, k("type=1&type=2"), 400, "hub_invalid_param"),
        form("percent-encoded invalid UTF-8", detail, k("id=%FF%FE"), 400, "hub_invalid_param"),
        form("parameter flood", list, k(&"x=1&".repeat(100)), 400, "hub_invalid_param"),
        Case {
            name: "raw invalid UTF-8",
            path: detail,
            content_type: Some("application/x-www-form-urlencoded"),
            body: [format!("secret_key={good}&id=").into_bytes(), vec![0xff, 0xfe]].concat(),
            status: 400,
            code: "hub_invalid_param",
        },
        Case {
            name: "JSON body",
            path: detail,
            content_type: Some("application/json"),
            body: br#"{"id":1}"#.to_vec(),
            status: 415,
            code: "form_required",
        },
        Case {
            name: "text body",
            path: list,
            content_type: Some("text/plain"),
            body: b"id=1".to_vec(),
            status: 415,
            code: "form_required",
        },
        Case {
            name: "body without type",
            path: detail,
            content_type: None,
            body: b"id=1".to_vec(),
            status: 415,
            code: "form_required",
        },
        Case {
            name: "broken multipart",
            path: detail,
            content_type: Some("multipart/form-data"),
            body: b"--x\r\nnot a part".to_vec(),
            status: 400,
            code: "bad_request",
        },
        Case {
            name: "oversized body",
            path: list,
            content_type: Some("application/x-www-form-urlencoded"),
            body: k(&format!("pad={}", "a".repeat(2 * 1024 * 1024))).into_bytes(),
            status: 413,
            code: "payload_too_large",
        },
    ];
    cases.push(form("wrong key shape", detail, "secret_key=kn_xyz&id=1".into(), 401, "hub_key_invalid"));

    for case in cases {
        let mut request = server.client.post(server.url(case.path)).body(case.body);
        if let Some(ct) = case.content_type {
            request = request.header("content-type", ct);
        }
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let code = r.headers().get("x-ketnoi-error").map(|v| v.to_str().unwrap().to_string());
        let text = r.text().await.unwrap();
        assert_ne!(status, 500, "{}: {text}", case.name);
        assert_eq!(status, case.status, "{}: {text}", case.name);
        assert_eq!(code.as_deref(), Some(case.code), "{}: {text}", case.name);
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {text}", case.name));
        assert_eq!(v["Status"], false, "{}", case.name);
        assert_eq!(v["Data"], Value::Null, "{}", case.name);
        let message = v["Message"].as_str().unwrap();
        assert!(
            message.chars().any(|c| "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ".contains(c)),
            "{}: message should be Vietnamese: {message}",
            case.name
        );
        let row = error_table().into_iter().find(|r| r.0 == case.code).expect("code in table");
        assert_eq!(row.1, case.status, "{}", case.name);
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            vec!["Data", "LastUpdated", "Message", "Status"],
            "{}",
            case.name
        );
    }
    assert_eq!(server.client.get(server.url(detail)).send().await.unwrap().status(), StatusCode::METHOD_NOT_ALLOWED);
}
