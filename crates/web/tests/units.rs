mod common;

use common::{expect_error, start};
use reqwest::Method;
use serde_json::Value;

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

#[tokio::test]
async fn health_and_readiness() {
    let s = start().await;
    assert_eq!(s.get_json("/healthz").await, serde_json::json!({ "status": "ok" }));
    let ready = s.get_json("/readyz").await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["store"], "sqlite");
}

#[tokio::test]
async fn units_follow_the_2025_reform() {
    let s = start().await;

    let communes = s.get_json("/api/v1/units?parent=38").await;
    assert_eq!(communes["at"], "2026-11-23", "today is pinned");
    assert_eq!(communes["parent"]["id"], "38");
    assert_eq!(communes["total"], 166);
    assert_eq!(items(&communes).len(), 166);
    assert!(items(&communes).iter().all(|u| u["level"] == "commune" && u["parent_id"] == "38"));
    let first = &items(&communes)[0];
    for key in ["id", "code", "name", "kind", "kind_label", "level", "parent_id", "valid_from", "valid_to"] {
        assert!(first.get(key).is_some(), "unit JSON lacks {key}: {first}");
    }

    let districts = s.get_json("/api/v1/units?parent=38&at=2025-06-30").await;
    assert_eq!(items(&districts).len(), 26);
    assert!(items(&districts).iter().all(|u| u["level"] == "district"));

    assert_eq!(items(&s.get_json("/api/v1/units?level=province").await).len(), 34);
    assert_eq!(items(&s.get_json("/api/v1/units?level=province&at=2025-06-30").await).len(), 63);
    let roots = s.get_json("/api/v1/units").await;
    assert_eq!(roots["parent"], Value::Null);
    assert_eq!(items(&roots).len(), 35, "the Government and 34 provinces");
}

#[tokio::test]
async fn a_reused_code_resolves_by_date_and_shows_its_successors() {
    let s = start().await;
    // Code 00004 named Phường Trúc Bạch before the reform, then Phường Ba Đình.
    let old = s.get_json("/api/v1/units/00004?at=2025-06-30").await;
    assert!(old["valid_to"].is_string(), "{old}");
    let successors = old["successors"].as_array().expect("successors");
    assert!(!successors.is_empty(), "{old}");
    assert!(successors.iter().all(|l| l["name"].is_string() && l["coverage"].is_string()));
    assert!(old["predecessors"].as_array().expect("predecessors").is_empty());

    // The same detail by exact id, whatever the date.
    let id = old["id"].as_str().expect("id");
    assert_eq!(s.get_json(&format!("/api/v1/units/{id}")).await["id"], id);

    // And the new unit lists the old one among its predecessors.
    let new_id = successors[0]["id"].as_str().expect("successor id");
    let new = s.get_json(&format!("/api/v1/units/{new_id}")).await;
    assert!(new["predecessors"].as_array().expect("predecessors").iter().any(|l| l["id"] == id));
    let today = s.get_json("/api/v1/units/00004").await;
    assert!(today["valid_to"].is_null(), "today the code names the new unit: {today}");
}

#[tokio::test]
async fn bad_unit_queries_are_refused() {
    let s = start().await;
    let get = |p: &str| s.req(Method::GET, p).send();
    expect_error(get("/api/v1/units?parent=no-such-unit").await.unwrap(), 404, "unit_not_found").await;
    expect_error(get("/api/v1/units/no-such-unit").await.unwrap(), 404, "unit_not_found").await;
    let body = expect_error(get("/api/v1/units?at=2025-13-45").await.unwrap(), 400, "invalid_query").await;
    assert_eq!(body["error"]["details"][0]["field"], "at");
    let body = expect_error(get("/api/v1/units?level=planet").await.unwrap(), 400, "invalid_query").await;
    assert_eq!(body["error"]["details"][0]["field"], "level");
    let long = "x".repeat(500);
    expect_error(get(&format!("/api/v1/units?parent={long}")).await.unwrap(), 400, "invalid_query").await;
}
