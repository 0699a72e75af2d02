//! `ketnoi documents import`: pushed documents from a JSON Lines file, all or nothing unless
//! --skip-invalid, searchable right after.

mod common;

use common::{ketnoi, ok, text};

use std::path::Path;

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// A data directory with the units and one registered site; returns the site id.
fn with_site(dir: &Path) -> i64 {
    ok(ketnoi(dir, &["units", "import"]));
    let site = ok(ketnoi(dir, &["sites", "add", "--unit", "38", "--url", "thanhhoa.gov.vn", "--json"]));
    json(&site)["id"].as_i64().unwrap()
}

fn line(site: i64, path: &str, title: &str, content: &str) -> String {
    serde_json::json!({
        "url": format!("https://thanhhoa.gov.vn/{path}"),
        "site": site,
        "title": title,
        "content": content,
        "type": "news",
        "published": "2026-02-01",
    })
    .to_string()
}

fn three_lines(site: i64) -> String {
    [
        line(site, "tin/le-hoi-lam-kinh", "Lễ hội Lam Kinh 2026", "Tỉnh Thanh Hóa tổ chức lễ hội Lam Kinh."),
        line(site, "tin/cang-nghi-son", "Cảng Nghi Sơn đón tàu lớn", "Cảng biển Nghi Sơn đón tàu trọng tải lớn."),
        serde_json::json!({
            "url": "https://www.thanhhoa.gov.vn/van-ban/nd-42",
            "site": site,
            "title": "Nghị định 42/2022/NĐ-CP",
            "content": "Quy định về cung cấp thông tin và dịch vụ công trực tuyến.",
            "type": "legal_document",
            "number": "42/2022/NĐ-CP",
            "issuer": "Chính phủ"
        })
        .to_string(),
    ]
    .join("\n")
}

/// The URLs `ketnoi search` finds.
fn search_urls(dir: &Path, query: &str) -> Vec<String> {
    let found = json(&ok(ketnoi(dir, &["search", query, "--json"])));
    found["hits"].as_array().unwrap().iter().map(|h| h["url"].as_str().unwrap().to_string()).collect()
}

#[test]
fn imported_documents_are_searchable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_site(dir.path());
    let file = dir.path().join("docs.jsonl");
    // A byte order mark, CRLF line ends and a blank line are all fine.
    std::fs::write(&file, format!("\u{feff}{}\r\n\r\n", three_lines(site).replace('\n', "\r\n"))).unwrap();
    let report = json(&ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap(), "--json"])));
    assert_eq!((report["imported"].as_u64(), report["created"].as_u64()), (Some(3), Some(3)), "{report}");
    assert_eq!(report["index"]["state"], "synced", "{report}");
    assert_eq!(report["index"]["documents"], 3, "{report}");

    let found = json(&ok(ketnoi(dir.path(), &["search", "lễ hội lam kinh", "--json"])));
    assert_eq!(found["hits"][0]["url"], "https://thanhhoa.gov.vn/tin/le-hoi-lam-kinh", "{found}");
    assert!(search_urls(dir.path(), "cang nghi son").contains(&"https://thanhhoa.gov.vn/tin/cang-nghi-son".into()));
    assert!(search_urls(dir.path(), "42/2022/ND-CP").contains(&"https://www.thanhhoa.gov.vn/van-ban/nd-42".into()));

    // Importing again replaces, it does not duplicate; the frontier keeps them as pushed rows.
    let again = json(&ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap(), "--json"])));
    assert_eq!((again["created"].as_u64(), again["replaced"].as_u64()), (Some(0), Some(3)), "{again}");
    assert_eq!(again["index"]["documents"], 3, "{again}");
    let pages = ok(ketnoi(dir.path(), &["crawl", "pages", &site.to_string(), "--json"]));
    assert_eq!(pages.matches("\"push\"").count(), 3, "{pages}");
    let plain = ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap()]));
    assert!(plain.contains("3 tài liệu đã nhập"), "{plain}");
}

#[test]
fn one_bad_line_imports_nothing_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_site(dir.path());
    let file = dir.path().join("bad.jsonl");
    let lines = [
        line(site, "tin/mot", "Hội chợ nông sản Nga Sơn", "Hội chợ nông sản."),
        line(site, "tin/hai", "", "Không có tiêu đề."),
        "{not json".to_string(),
        line(site + 100, "tin/ba", "Trang không có", "x"),
        line(site, "tin/bon", "Tin bốn", "Nội dung bốn.").replace("thanhhoa.gov.vn", "gia-mao.example"),
        line(site, "tin/nam", "Giải đua thuyền sông Mã", "Đua thuyền truyền thống."),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    for (n, field) in [(2, "title"), (3, "JSON"), (4, "site"), (5, "url")] {
        assert!(err.contains(&format!("bad.jsonl:{n}: {field}")), "line {n} not named:\n{err}");
    }
    assert!(!err.contains("bad.jsonl:1:") && !err.contains("bad.jsonl:6:"), "{err}");
    let pages = ok(ketnoi(dir.path(), &["crawl", "pages", &site.to_string(), "--json"]));
    assert!(!pages.contains("tin/mot"), "nothing was written: {pages}");

    let skipped =
        json(&ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap(), "--skip-invalid", "--json"])));
    assert_eq!(skipped["imported"], 2, "{skipped}");
    assert_eq!(skipped["rejected"].as_array().unwrap().len(), 4, "{skipped}");
    assert_eq!(skipped["rejected"][0]["line"], 2);
    assert!(search_urls(dir.path(), "đua thuyền").contains(&"https://thanhhoa.gov.vn/tin/nam".into()));
    assert!(search_urls(dir.path(), "hội chợ nông sản").contains(&"https://thanhhoa.gov.vn/tin/mot".into()));
}

#[test]
fn unreadable_files_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let missing = ketnoi(dir.path(), &["documents", "import", dir.path().join("none.jsonl").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(65));
    let latin1 = dir.path().join("latin1.jsonl");
    std::fs::write(&latin1, b"{\"url\":\"https://thanhhoa.gov.vn/\",\"site\":1,\"title\":\"L\xea h\xf4i\"}\n").unwrap();
    let out = ketnoi(dir.path(), &["documents", "import", latin1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(65));
    assert!(text(&out.stderr).contains("UTF-8"), "{}", text(&out.stderr));
    let big = dir.path().join("big.jsonl");
    std::fs::write(&big, "x".repeat(2048)).unwrap();
    let out = ketnoi(dir.path(), &["documents", "import", big.to_str().unwrap(), "--max-bytes", "1024"]);
    assert_eq!(out.status.code(), Some(65));
    assert!(text(&out.stderr).contains("1024"), "{}", text(&out.stderr));
}

#[test]
fn a_held_index_is_left_to_the_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_site(dir.path());
    let file = dir.path().join("docs.jsonl");
    std::fs::write(&file, three_lines(site)).unwrap();
    // This process holds the index's one writer, as `ketnoi serve` does.
    let held = ketnoi_index::SearchIndex::open(&dir.path().join("index")).unwrap();
    let out = ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap()]));
    assert!(out.contains("máy chủ đang chạy"), "{out}");
    let report = json(&ok(ketnoi(dir.path(), &["documents", "import", file.to_str().unwrap(), "--json"])));
    assert_eq!(report["index"]["state"], "server", "{report}");
    // The documents are in the store: the holder indexes them when it syncs.
    let counts = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = ketnoi_store_sqlite::SqliteStore::open(&dir.path().join("ketnoi.db")).await.unwrap();
        ketnoi_index::sync::sync_once(&held, &store, chrono::Utc::now(), std::time::Duration::ZERO).await.unwrap()
    });
    assert_eq!(counts.indexed, 3);
}
