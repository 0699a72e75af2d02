//! End-to-end checks of the WebDriver client against the system's headless Chromium.
//!
//! Skipped (with a message) when Chromium/chromedriver are not installed, unless `CI` or
//! `KETNOI_TEST_BROWSER` is set, in which case a missing browser fails.

mod support;

use std::time::{Duration, Instant};

use ketnoi_webdriver::{Browser, LogEntry, launch};
use support::{Reply, Site};

fn pages(port: u16, path: &str) -> Reply {
    match path {
        "/" => Reply::html(
            "<!doctype html><title>Kết nối thử</title>\
             <h1 id=greeting>Xin chào</h1>\
             <ul><li>một</li><li>hai</li><li>ba</li></ul>\
             <input id=name value=cũ>\
             <button id=go>Bấm</button><p id=out>chưa bấm</p>\
             <script src=/app.js></script>",
        ),
        "/app.js" => Reply::js(
            "document.getElementById('go').addEventListener('click', () => {\n\
               document.getElementById('out').textContent = 'đã bấm: ' + document.getElementById('name').value;\n\
             });",
        ),
        "/host" => Reply::html(format!(
            "<!doctype html><title>host</title>\
             <p id=top>trang chủ</p>\
             <iframe id=child src=\"http://localhost:{port}/frame\"></iframe>\
             <img src=\"http://127.0.0.2:1/x.png\" alt=blocked>"
        ))
        .header("Content-Security-Policy", format!("default-src 'self'; frame-src http://localhost:{port}")),
        "/frame" => Reply::html("<!doctype html><p id=inner>trong khung</p><script src=/frame.js></script>"),
        "/frame.js" => Reply::js("console.error('boom-from-frame');"),
        _ => Reply::not_found(),
    }
}

async fn browser_or_skip(test: &str) -> Option<Browser> {
    let browser = launch().await.unwrap_or_else(|e| panic!("launching headless chromium: {e}"));
    if browser.is_none() {
        eprintln!("{test}: skipped, no browser");
    }
    browser
}

#[tokio::test(flavor = "multi_thread")]
async fn navigates_executes_and_finds_elements() {
    let Some(browser) = browser_or_skip("navigates_executes_and_finds_elements").await else { return };
    let site = Site::start(pages).await;

    browser.goto(&site.url("/")).await.unwrap();
    assert_eq!(browser.current_url().await.unwrap(), site.url("/"));
    assert_eq!(browser.title().await.unwrap(), "Kết nối thử");
    assert_eq!(browser.find("#greeting").await.unwrap().text().await.unwrap(), "Xin chào");
    assert_eq!(browser.find_all("li").await.unwrap().len(), 3);
    browser.wait_for("return document.querySelectorAll('li').length === 3", Duration::from_secs(5)).await.unwrap();

    let name = browser.find("#name").await.unwrap();
    assert_eq!(name.attr("value").await.unwrap().as_deref(), Some("cũ"));
    assert_eq!(name.attr("data-missing").await.unwrap(), None);
    name.clear().await.unwrap();
    name.send_keys("Minh").await.unwrap();
    assert_eq!(name.property("value").await.unwrap(), "Minh");

    let button = browser.find("#go").await.unwrap();
    let rect = button.rect().await.unwrap();
    assert!(rect.width > 0.0 && rect.height > 0.0, "{rect:?}");
    button.click().await.unwrap();
    browser
        .wait_for("return document.getElementById('out').textContent.startsWith('đã')", Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(browser.find("#out").await.unwrap().text().await.unwrap(), "đã bấm: Minh");

    // Elements go into scripts as DOM nodes and come back as references.
    let tag = browser.execute("return arguments[0].tagName + arguments[1]", vec![button.as_arg(), 1.into()]).await;
    assert_eq!(tag.unwrap(), "BUTTON1");
    let returned = browser.execute("return document.getElementById('out')", vec![]).await.unwrap();
    assert_eq!(browser.element_from(&returned).unwrap().text().await.unwrap(), "đã bấm: Minh");
    let sum = browser.execute_async("arguments[arguments.length - 1](arguments[0] + 2)", vec![40.into()]).await;
    assert_eq!(sum.unwrap(), 42);
    assert!(!browser.find("ul").await.unwrap().css_value("display").await.unwrap().is_empty());
    assert_eq!(browser.find("ul").await.unwrap().find("li").await.unwrap().text().await.unwrap(), "một");

    let missing = browser.find("#nope").await.unwrap_err().to_string();
    assert!(missing.contains("find(\"#nope\")") && missing.contains("no such element"), "{missing}");
    let timeout = browser.wait_for("return false", Duration::from_millis(300)).await.unwrap_err().to_string();
    assert!(timeout.contains("timed out"), "{timeout}");

    browser.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_console_errors_and_csp_violations_from_frames() {
    let Some(browser) = browser_or_skip("reads_console_errors_and_csp_violations_from_frames").await else { return };
    let site = Site::start(pages).await;

    browser.goto(&site.url("/host")).await.unwrap();
    let frame = browser.find("#child").await.unwrap();
    browser.switch_to_frame(&frame).await.unwrap();
    assert_eq!(browser.find("#inner").await.unwrap().text().await.unwrap(), "trong khung");
    browser.switch_to_parent_frame().await.unwrap();
    assert_eq!(browser.find("#top").await.unwrap().text().await.unwrap(), "trang chủ");
    browser.switch_to_frame(&frame).await.unwrap();
    browser.switch_to_default().await.unwrap();
    assert_eq!(browser.find("#top").await.unwrap().text().await.unwrap(), "trang chủ");

    // Entries may trail the load event slightly, and each read drains the log: accumulate.
    let has_console = |log: &[LogEntry]| log.iter().any(|e| e.message.contains("boom-from-frame"));
    let has_csp = |log: &[LogEntry]| {
        log.iter().any(|e| e.message.contains("127.0.0.2:1/x.png") && e.message.contains("Content Security Policy"))
    };
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(has_console(&log) && has_csp(&log)) && Instant::now() < deadline {
        log.extend(browser.browser_log().await.unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for entry in &log {
        eprintln!("log: {entry:?}");
    }
    assert!(has_console(&log), "no console error from the frame in {log:#?}");
    assert!(has_csp(&log), "no CSP refusal of the image in {log:#?}");
    let console = log.iter().find(|e| e.message.contains("boom-from-frame")).unwrap();
    assert_eq!(console.level, "SEVERE");
    assert!(console.timestamp > 0);

    browser.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn takes_screenshots() {
    let Some(browser) = browser_or_skip("takes_screenshots").await else { return };
    let site = Site::start(pages).await;

    browser.set_window_size(800, 600).await.unwrap();
    browser.goto(&site.url("/")).await.unwrap();
    let png = browser.screenshot_png().await.unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG: {:?}", &png[..png.len().min(8)]);

    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("webdriver-smoke").join("home.png");
    browser.save_screenshot(&path).await.unwrap();
    let saved = std::fs::read(&path).unwrap();
    assert!(saved.starts_with(b"\x89PNG\r\n\x1a\n"));
    eprintln!("screenshot saved to {}", path.display());

    browser.quit().await.unwrap();
}
