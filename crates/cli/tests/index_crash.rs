//! The search index survives `kill -9` while indexing: what was committed stays, the lock file
//! left behind does not block the next writer, and the next sync finishes the job.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use ketnoi_domain::{CrawlUrl, UrlSource, UrlState, UrlUpdate};
use ketnoi_store::{CrawlStore, Store};
use ketnoi_store_sqlite::SqliteStore;

const DOCS: usize = 6_000;

fn ketnoi(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ketnoi"));
    c.arg("--data-dir").arg(dir).args(args).env_remove("KETNOI_DATABASE_URL").env_remove("KETNOI_CONFIG");
    c
}

fn row(site_id: i64, url: &str) -> CrawlUrl {
    let now = Utc::now();
    CrawlUrl {
        state: UrlState::Fetched,
        status: Some(200),
        fetched_at: Some(now),
        changed_at: Some(now),
        kind: Some("news".into()),
        ..CrawlUrl::new(site_id, url, UrlSource::Push, 0, now)
    }
}

async fn fill(dir: &Path) {
    let store = SqliteStore::open(&dir.join("ketnoi.db")).await.unwrap();
    let input = ketnoi_domain::SiteInput {
        unit_id: None,
        name: "Cổng thử".into(),
        urls: vec!["https://thu.gov.vn".into()],
        status: ketnoi_domain::SiteStatus::Active,
        technology: None,
        hosting: Default::default(),
        parent_site_id: None,
        sitemaps: vec![],
        crawl: Default::default(),
        note: None,
    };
    let (input, urls) = input.validate().unwrap();
    let site = store.create_site(&input, &urls).await.unwrap();
    let mut batch = Vec::new();
    for i in 0..DOCS {
        let url = format!("https://thu.gov.vn/tin/{i}");
        let text = format!(
            "Bản tin số {i} về chuyển đổi số và cải cách hành chính của tỉnh. {}",
            "Nội dung chi tiết. ".repeat(40)
        );
        let doc = serde_json::json!({
            "url": url, "canonical": null, "title": format!("Tin số {i} về chuyển đổi số"), "description": null,
            "keywords": [], "language": "vi", "main_text": text, "published": null, "updated": null,
            "dublin_core": {}, "opengraph": {}, "json_ld": [], "robots": {"noindex": false, "nofollow": false},
            "links": [], "attachments": [], "legal": null, "kind": "news", "content_hash": format!("h{i}"), "simhash": 0
        });
        let mut upd = UrlUpdate::from_row(&row(site.id, &url));
        upd.document = Some(doc.to_string());
        batch.push(upd);
        if batch.len() == 500 {
            store.crawl_record(site.id, &batch, &[], Utc::now()).await.unwrap();
            batch.clear();
        }
    }
    store.crawl_record(site.id, &batch, &[], Utc::now()).await.unwrap();
}

fn count(dir: &Path) -> u64 {
    let out = ketnoi(dir, &["search", "chuyen doi so", "--json", "--limit", "1"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_indexing_loses_nothing_committed_and_the_next_sync_finishes() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path()).await;
    let mut child = ketnoi(dir.path(), &["index", "sync"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // Wait for the first commit (meta.json appears with segments), then kill without warning.
    let meta = dir.path().join("index").join("meta.json");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let committed = std::fs::read_to_string(&meta).map(|m| m.contains("\"segments\":[{")).unwrap_or(false);
        if committed || child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "no commit came");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.path().join("index").join(".tantivy-writer.lock").exists(), "the killed writer left its lock file");

    // A usable index with what was committed (a whole number of batches, or everything).
    let partial = count(dir.path());
    assert!(partial > 0 && partial as usize <= DOCS, "{partial}");
    assert!(partial.is_multiple_of(500) || partial as usize == DOCS, "commits are whole: {partial}");

    // The stale lock does not block the next writer, which continues from the last commit.
    let out = ketnoi(dir.path(), &["index", "sync"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(dir.path()) as usize, DOCS);
}
