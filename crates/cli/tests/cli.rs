//! The binary as users run it: real processes, real files, real HTTP.

mod common;

use common::{ketnoi, ok, text};

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const ANNEX: &str = "STT\tTên cơ quan, đơn vị\tĐịa chỉ cổng/trang thông tin điện tử\tGhi chú\n\
    1\tUBND huyện Nga Sơn\tngason.thanhhoa.gov.vn\t\n\
    2\tThị trấn Nga Sơn\tthitran.ngason.thanhhoa.gov.vn\tChưa có cổng/trang thông tin điện tử\n\
    3\tXã Nga Điền\tngadien.ngason.thanhhoa.gov.vn\t\n";

fn json_len(s: &str) -> usize {
    serde_json::from_str::<Vec<serde_json::Value>>(s).expect("a JSON array").len()
}

#[test]
fn help_lists_every_command() {
    let out = ok(Command::new(env!("CARGO_BIN_EXE_ketnoi")).arg("--help").output().unwrap());
    for command in ["serve", "demo", "migrate", "config", "units", "sites", "contacts"] {
        assert!(out.contains(command), "--help lacks {command}:\n{out}");
    }
    let units = ok(Command::new(env!("CARGO_BIN_EXE_ketnoi")).args(["units", "--help"]).output().unwrap());
    for sub in ["import", "list", "show"] {
        assert!(units.contains(sub));
    }
}

#[test]
fn units_import_then_list_by_parent_date_and_level() {
    let dir = tempfile::tempdir().unwrap();
    let first = ok(ketnoi(dir.path(), &["units", "import", "--json"]));
    let counts: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(counts["created"].as_u64().unwrap() > 14_000);
    let again: serde_json::Value =
        serde_json::from_str(&ok(ketnoi(dir.path(), &["units", "import", "--json"]))).unwrap();
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)), "import is idempotent");

    let communes = ok(ketnoi(dir.path(), &["units", "list", "--parent", "38", "--json"]));
    assert_eq!(json_len(&communes), 166);
    let districts = ok(ketnoi(dir.path(), &["units", "list", "--parent", "38", "--at", "2025-06-30", "--json"]));
    assert_eq!(json_len(&districts), 26);
    assert_eq!(json_len(&ok(ketnoi(dir.path(), &["units", "list", "--level", "province", "--json"]))), 34);
    let old = ok(ketnoi(dir.path(), &["units", "list", "--level", "province", "--at", "2025-06-30", "--json"]));
    assert_eq!(json_len(&old), 63);

    let unknown = ketnoi(dir.path(), &["units", "list", "--parent", "zz"]);
    assert_eq!(unknown.status.code(), Some(65));
    assert!(text(&unknown.stderr).contains("zz"));
    let bad_date = ketnoi(dir.path(), &["units", "list", "--at", "2025-13-45"]);
    assert_eq!(bad_date.status.code(), Some(2), "clap reports a malformed date as a usage error");
}

#[test]
fn sites_import_is_idempotent_and_a_bad_row_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    ok(ketnoi(dir.path(), &["units", "import"]));
    let annex = dir.path().join("annex.tsv");
    std::fs::write(&annex, ANNEX).unwrap();
    let first = ok(ketnoi(dir.path(), &["sites", "import", annex.to_str().unwrap(), "--json"]));
    let report: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(report["counts"]["created"], 3);
    let again: serde_json::Value =
        serde_json::from_str(&ok(ketnoi(dir.path(), &["sites", "import", annex.to_str().unwrap(), "--json"]))).unwrap();
    assert_eq!((again["counts"]["created"].as_u64(), again["counts"]["unchanged"].as_u64()), (Some(0), Some(3)));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "unit_code,urls\n38,thanhhoa.gov.vn\n99999,sai.gov.vn\n").unwrap();
    let out = ketnoi(dir.path(), &["sites", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(err.contains("bad.csv:3:") && err.contains("99999"), "{err}");
    assert_eq!(json_len(&ok(ketnoi(dir.path(), &["sites", "list", "--json"]))), 3, "nothing written");

    let skipped = ok(ketnoi(dir.path(), &["sites", "import", bad.to_str().unwrap(), "--skip-invalid"]));
    assert!(skipped.contains("1 tạo mới"), "{skipped}");
    assert_eq!(json_len(&ok(ketnoi(dir.path(), &["sites", "list", "--json"]))), 4);

    let csv = ok(ketnoi(dir.path(), &["sites", "export"]));
    assert!(csv.starts_with("unit_code,unit_name,name,urls"));
    assert_eq!(csv.lines().count(), 5);
}

#[test]
fn oversized_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    std::fs::write(&big, "unit_code,urls\n".repeat(100)).unwrap();
    let out = ketnoi(dir.path(), &["sites", "import", big.to_str().unwrap(), "--max-bytes", "100"]);
    assert_eq!(out.status.code(), Some(65));
    assert!(text(&out.stderr).contains("100 byte"));
    let missing = ketnoi(dir.path(), &["sites", "import", "/nonexistent.csv"]);
    assert_eq!(missing.status.code(), Some(65));
}

#[test]
fn listing_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    ok(ketnoi(dir.path(), &["units", "import"]));
    let mut child = Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["units", "list", "--level", "commune"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // stdout is dropped here: the next write gets EPIPE
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn flags_beat_environment_which_beats_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ketnoi.toml"),
        "listen = \"127.0.0.1:6666\"\nmetrics_listen = \"127.0.0.1:6667\"\n",
    )
    .unwrap();
    let show = |env: Option<&str>, flag: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ketnoi"));
        c.arg("--data-dir").arg(dir.path()).args(["config", "--json"]).env_remove("KETNOI_LISTEN");
        if let Some(e) = env {
            c.env("KETNOI_LISTEN", e);
        }
        if let Some(f) = flag {
            c.args(["--listen", f]);
        }
        let v: serde_json::Value = serde_json::from_str(&ok(c.output().unwrap())).unwrap();
        (v["listen"].as_str().unwrap().to_string(), v["metrics_listen"].as_str().unwrap().to_string())
    };
    assert_eq!(show(None, None).0, "127.0.0.1:6666");
    assert_eq!(show(Some("127.0.0.1:7777"), None).0, "127.0.0.1:7777");
    assert_eq!(show(Some("127.0.0.1:7777"), Some("127.0.0.1:8888")).0, "127.0.0.1:8888");
    assert_eq!(show(None, None).1, "127.0.0.1:6667");

    let secret = Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "--json"])
        .env("KETNOI_ADMIN_TOKEN", "super-secret-token-value")
        .env("KETNOI_DATABASE_URL", "postgres://u:hunter2@127.0.0.1/test")
        .output()
        .unwrap();
    let shown = ok(secret);
    assert!(!shown.contains("super-secret") && !shown.contains("hunter2"), "{shown}");
}

#[tokio::test]
async fn serve_answers_health_and_metrics_then_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
        .env("KETNOI_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("http://")).expect("listening line").to_string();
    let metrics = line.split("metrics: ").nth(1).and_then(|s| s.split(',').next()).expect("metrics url").to_string();

    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status(), 200);
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert!(ready.text().await.unwrap().contains("sqlite"));
    let units = client.get(format!("{base}/api/v1/units?level=province")).send().await.unwrap();
    assert_eq!(units.status(), 200, "the API is mounted");
    let scraped = client.get(&metrics).send().await.unwrap().text().await.unwrap();
    assert!(scraped.contains("http_requests_total"), "{scraped}");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "graceful shutdown exits 0: {:?}", out.status);
    let logs = text(&out.stderr);
    assert!(logs.lines().any(|l| l.starts_with('{') && l.contains("shutting down")), "structured logs: {logs}");
}

#[test]
fn sites_and_contacts_crud_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(ketnoi(dir.path(), &["units", "import"]));
    let added = ok(ketnoi(dir.path(), &["sites", "add", "--unit", "38", "--url", "thanhhoa.gov.vn", "--json"]));
    let site: serde_json::Value = serde_json::from_str(&added).unwrap();
    assert_eq!(site["name"], "Tỉnh Thanh Hóa", "the unit's name is the default");
    let id = site["id"].as_i64().unwrap().to_string();
    let dup = ketnoi(dir.path(), &["sites", "add", "--unit", "38", "--url", "http://www.thanhhoa.gov.vn/"]);
    assert_eq!(dup.status.code(), Some(65), "a duplicate URL is bad input");
    let updated = ok(ketnoi(dir.path(), &["sites", "update", &id, "--technology", "Liferay", "--json"]));
    let updated: serde_json::Value = serde_json::from_str(&updated).unwrap();
    assert_eq!((updated["technology"].as_str(), updated["version"].as_i64()), (Some("Liferay"), Some(2)));
    assert_eq!(updated["urls"][0], "https://thanhhoa.gov.vn/", "fields not given keep their values");
    let bad = ketnoi(dir.path(), &["sites", "update", &id, "--url", "javascript:alert(1)"]);
    assert_eq!(bad.status.code(), Some(65));

    let contact = ok(ketnoi(dir.path(), &["contacts", "add", "--unit", "38", "--name", "Trần Lê Phúc", "--json"]));
    let contact_id = serde_json::from_str::<serde_json::Value>(&contact).unwrap()["id"].as_i64().unwrap().to_string();
    ok(ketnoi(dir.path(), &["contacts", "update", &contact_id, "--phone", "0912.933.361"]));
    let listed = ok(ketnoi(dir.path(), &["contacts", "list", "--unit", "38", "--json"]));
    assert!(listed.contains("0912.933.361"));
    let bad_phone = ketnoi(dir.path(), &["contacts", "update", &contact_id, "--phone", "<script>"]);
    assert_eq!(bad_phone.status.code(), Some(65));
    ok(ketnoi(dir.path(), &["contacts", "delete", &contact_id]));
    ok(ketnoi(dir.path(), &["sites", "delete", &id]));
    assert_eq!(json_len(&ok(ketnoi(dir.path(), &["sites", "list", "--json"]))), 0);
    assert_eq!(ketnoi(dir.path(), &["sites", "delete", &id]).status.code(), Some(65));
}

#[test]
fn hub_import_keys_and_webhooks_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    std::fs::write(
        &file,
        "{\"Id\":1,\"Type\":1,\"Title\":\"Tiêu đề 1\",\"DistributionTo\":[\"1\",\"2\"],\"PublishedDate\":\"2024-07-29T15:55:24\",\"Status\":1}\n\
         {\"Id\":2,\"Type\":3,\"Title\":\"Văn bản\",\"Status\":0}\n",
    )
    .unwrap();
    let first = ok(ketnoi(dir.path(), &["hub", "import", file.to_str().unwrap(), "--json"]));
    assert!(first.contains("\"created\": 2"), "{first}");
    let again = ok(ketnoi(dir.path(), &["hub", "import", file.to_str().unwrap(), "--json"]));
    assert!(again.contains("\"unchanged\": 2"), "import is idempotent on Id: {again}");
    let shown = ok(ketnoi(dir.path(), &["hub", "show", "1"]));
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!((v["Status"].as_bool(), v["Data"]["PublishedDate"].as_str()), (Some(true), Some("2024-07-29T15:55:24")));
    ok(ketnoi(dir.path(), &["hub", "publish", "2"]));
    ok(ketnoi(dir.path(), &["hub", "withdraw", "1"]));
    let listed = ok(ketnoi(dir.path(), &["hub", "list", "--json"]));
    assert!(listed.contains("\"total\": 1"), "{listed}");

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"Id\":3,\"Type\":1,\"Title\":\"ok\"}\n{\"Id\":4,\"Type\":\"abc\"}\n").unwrap();
    let out = ketnoi(dir.path(), &["hub", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(65));
    assert!(text(&out.stderr).contains("bad.jsonl:2:"));
    assert!(ketnoi(dir.path(), &["hub", "show", "3"]).status.code() == Some(65), "nothing imported");

    let created =
        ok(ketnoi(dir.path(), &["keys", "create", "--name", "Cổng tỉnh", "--allow-ip", "127.0.0.1/32,::1", "--json"]));
    let key: serde_json::Value = serde_json::from_str(&created).unwrap();
    let secret = key["secret"].as_str().unwrap();
    assert!(secret.starts_with("kn_"));
    let listed = ok(ketnoi(dir.path(), &["keys", "list", "--json"]));
    assert!(!listed.contains(secret) && !listed.contains("hash"), "secrets are shown once: {listed}");
    let no_ip = ketnoi(dir.path(), &["keys", "create", "--name", "x", "--allow-ip", "300.0.0.1"]);
    assert_eq!(no_ip.status.code(), Some(65));
    let id = key["id"].as_str().unwrap();
    let rotated = ok(ketnoi(dir.path(), &["keys", "rotate", id, "--json"]));
    assert!(!rotated.contains(secret));
    ok(ketnoi(dir.path(), &["keys", "revoke", id]));

    let hook = ok(ketnoi(dir.path(), &["webhooks", "add", "https://portal.example.gov.vn/hook", "--json"]));
    assert!(hook.contains("\"secret\""));
    assert_eq!(ketnoi(dir.path(), &["webhooks", "add", "javascript:alert(1)"]).status.code(), Some(65));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_serves_the_register_and_the_hub_and_crawls_a_synthetic_web() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .args(["demo", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
        .env_remove("KETNOI_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut base, mut key, mut web) = (String::new(), String::new(), String::new());
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(k) = line.split_whitespace().find(|w| w.starts_with("kn_")) {
            key = k.to_string();
        }
        if line.starts_with("synthetic government web: ") {
            web = line.split_whitespace().find(|w| w.starts_with("127.0.0.1:")).unwrap().to_string();
        }
        if line.starts_with("ketnoi listening on ") {
            base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
            break;
        }
    }
    let client = reqwest::Client::new();
    let units: serde_json::Value =
        client.get(format!("{base}/api/v1/units?parent=38")).send().await.unwrap().json().await.unwrap();
    assert_eq!(units["total"], 166);
    let sites: serde_json::Value =
        client.get(format!("{base}/api/v1/sites")).send().await.unwrap().json().await.unwrap();
    assert!(sites["total"].as_i64().unwrap() >= 3);
    let hub: serde_json::Value = client
        .post(format!("{base}/api/v1/hubcontent/distribution"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("secret_key={key}&type=-1&distribution=38&page_index=1&page_size=20"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hub["Status"], true, "{hub}");
    assert!(hub["Data"]["Total"].as_i64().unwrap() >= 3);

    // The synthetic web's sites are registered and crawled in the background.
    let port = web.rsplit(':').next().unwrap().to_string();
    let sites: serde_json::Value =
        client.get(format!("{base}/api/v1/sites?limit=100")).send().await.unwrap().json().await.unwrap();
    let synthetic: Vec<i64> = sites["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["urls"].as_array().unwrap().iter().any(|u| u.as_str().unwrap().contains(&format!(":{port}/"))))
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(synthetic.len(), 30, "{sites}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let crawled = loop {
        let report: serde_json::Value = client
            .get(format!("{base}/api/v1/sites/{}/crawl", synthetic[0]))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if report["report"]["finished_at"].is_string() || std::time::Instant::now() > deadline {
            break report;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    assert!(crawled["report"]["pages_new"].as_u64().unwrap() > 10, "{crawled}");
    let pages: serde_json::Value = client
        .get(format!("{base}/api/v1/sites/{}/pages?state=fetched", synthetic[0]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(pages["total"].as_i64().unwrap() > 10, "{pages}");

    // What was crawled becomes searchable (the index follows the store a few seconds behind).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let found = loop {
        let found: serde_json::Value =
            client.get(format!("{base}/api/v1/search?q=nghi%20dinh%2042")).send().await.unwrap().json().await.unwrap();
        if found["total"].as_u64().unwrap_or(0) > 0 || std::time::Instant::now() > deadline {
            break found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    let first = &found["results"][0];
    assert!(first["title"].as_str().unwrap().contains("42/2022/NĐ-CP"), "{found}");
    assert_eq!(first["official"], true);
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(child.wait().unwrap().success());
}
