//! `ketnoi crawl` as users run it: a real process crawling the synthetic web over loopback,
//! killed with SIGKILL in the middle and started again.

mod common;

use common::{ok, text};

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ketnoi_domain::UrlState;
use ketnoi_store::{CrawlStore, Store};
use ketnoi_store_sqlite::SqliteStore;
use ketnoi_synthweb::{Config, SiteSpec, SynthWeb, Trait};

fn crawl_command(dir: &Path, resolve: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ketnoi"));
    c.arg("--data-dir")
        .arg(dir)
        .args(["crawl", "--all", "--once", "--progress", "log", "--allow-private", "--min-delay-ms", "20"])
        .args(extra)
        .env("KETNOI_CRAWL_RESOLVE", resolve)
        .env_remove("KETNOI_DATABASE_URL")
        .env_remove("KETNOI_CONFIG");
    c
}

/// Sites without faults that would make the crawl slow or flaky.
fn calm(s: &SiteSpec) -> bool {
    !s.traits.iter().any(|t| {
        matches!(
            t,
            Trait::Slow | Trait::Flaky503 | Trait::RateLimited429 | Trait::GoesAway | Trait::Traps | Trait::Limits
        )
    })
}

async fn register(dir: &Path, web: &SynthWeb, pick: impl Fn(&SiteSpec) -> bool) -> Vec<(i64, SiteSpec)> {
    let store = SqliteStore::open(&dir.join("ketnoi.db")).await.unwrap();
    let mut out = Vec::new();
    for spec in web.sites().iter().filter(|s| pick(s)) {
        let (input, urls) = web.site_input(spec, false).validate().unwrap();
        out.push((store.create_site(&input, &urls).await.unwrap().id, spec.clone()));
    }
    out
}

fn resolve_env(web: &SynthWeb, port: u16) -> String {
    web.sites().iter().map(|s| format!("{}:{port}:127.0.0.1", s.host)).collect::<Vec<_>>().join(",")
}

/// Robots.txt and sitemaps are read again by a restarted run (their state is saved when read
/// to the end); pages are what must not be fetched twice.
fn is_page(path: &str) -> bool {
    path != "/robots.txt" && !path.contains("sitemap")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_with_sigkill_resumes_without_fetching_a_page_twice() {
    let web = Arc::new(SynthWeb::generate(&Config { pages_per_site: 20, ..Config::small() }));
    let running = ketnoi_synthweb::start(web.clone()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sites = register(dir.path(), &web, calm).await;
    assert!(sites.len() >= 5);
    let resolve = resolve_env(&web, running.addr.port());

    // Kill -9 once about a third of the pages were asked for.
    let expected: usize = sites.iter().map(|(_, s)| web.expected_pages(s).len()).sum();
    let mut child =
        crawl_command(dir.path(), &resolve, &[]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while web.request_log().iter().filter(|r| is_page(&r.path)).count() < expected / 3 {
        assert!(Instant::now() < deadline, "the crawl made no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL: no chance to tidy up
    child.wait().unwrap();
    let at_kill = web.request_log();

    // What the store held when it died: committed fetches only.
    let store = SqliteStore::open(&dir.path().join("ketnoi.db")).await.unwrap();
    let mut stored: HashSet<String> = HashSet::new();
    for (id, _) in &sites {
        for u in store.crawl_urls(*id, Some(UrlState::Fetched), 10_000, 0).await.unwrap().items {
            stored.insert(u.url);
        }
    }
    assert!(!stored.is_empty() && stored.len() < expected, "killed mid-crawl: {} of {expected} stored", stored.len());

    let out = ok(crawl_command(dir.path(), &resolve, &["--json"]).output().unwrap());
    let reports: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(reports.iter().all(|r| r["interrupted"] == false), "{out}");

    // No page was fetched twice unconditionally, except those whose first answer was never
    // committed (in flight at the kill: at most one per host).
    let port = running.addr.port();
    let mut unconditional: BTreeMap<String, usize> = BTreeMap::new();
    for r in web.request_log().iter().filter(|r| is_page(&r.path)) {
        if r.if_none_match.is_none() && r.if_modified_since.is_none() {
            *unconditional.entry(format!("http://{}:{port}{}", r.host, r.path)).or_default() += 1;
        }
    }
    let twice: Vec<&String> = unconditional.iter().filter(|(_, n)| **n > 1).map(|(u, _)| u).collect();
    for url in &twice {
        assert!(!stored.contains(*url), "{url} was stored before the kill yet fetched again");
    }
    assert!(twice.len() <= sites.len(), "refetched after the kill: {twice:?}");
    assert!(at_kill.len() < web.request_log().len());

    // And the crawl is complete.
    for (id, spec) in &sites {
        for page in web.expected_pages(spec).iter().filter(|p| !p.disallowed_by_robots && !p.url.contains("utm_")) {
            let row = store.crawl_url(*id, &page.url).await.unwrap();
            assert_eq!(row.map(|r| r.state), Some(UrlState::Fetched), "{}", page.url);
        }
    }

    // The report is there for the CLI too.
    let report = ok(Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["crawl", "report", &sites[0].0.to_string()])
        .output()
        .unwrap());
    assert!(report.contains("robots.txt:") && report.contains("frontier:") && report.contains("fetched"), "{report}");
}

#[test]
fn crawl_refuses_bad_arguments_with_exit_65() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ketnoi"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("KETNOI_CRAWL_RESOLVE")
            .output()
            .unwrap()
    };
    let no_choice = run(&["crawl", "--once"]);
    assert_eq!(no_choice.status.code(), Some(65));
    assert!(text(&no_choice.stderr).contains("--site"), "{}", text(&no_choice.stderr));
    assert_eq!(run(&["crawl", "--all", "--resolve", "no-port-here"]).status.code(), Some(65));
    assert_eq!(run(&["crawl", "--site", "42"]).status.code(), Some(65));
    assert_eq!(run(&["crawl", "report", "42"]).status.code(), Some(65));
    let bad_state = run(&["crawl", "pages", "1", "--state", "nope"]);
    assert_eq!(bad_state.status.code(), Some(65));
    assert!(text(&bad_state.stderr).contains("queued"));
    // clap refuses contradictions itself (exit 2).
    assert_eq!(run(&["crawl", "--all", "--site", "1"]).status.code(), Some(2));
}
