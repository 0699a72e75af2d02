//! Boxes in a real browser (headless Chromium from Debian, driven over
//! WebDriver): a portal page on another origin, with the strict CSP the
//! builder prints and hostile global CSS, embeds each template through the
//! loader. Screenshots of each template are kept under
//! `target/tmp/box-screenshots/`.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use ketnoi_domain::{HubItemInput, HubItemType, HubState};
use ketnoi_web::boxes::{BoxSettings, FrameAncestors};
use ketnoi_webdriver::Browser;
use serde_json::{Value, json};

const HOSTILE_CSS: &str = "div { color: red !important; font-size: 40px }\n\
    * { line-height: 3; box-sizing: content-box }\n\
    iframe { border: 12px solid blue; height: 5px }\n\
    a { color: lime !important }";

/// Runs before the loader: notes the window's own properties (to prove the
/// loader adds none) and any CSP violation on the host page.
const HARNESS_JS: &str = "window.__knTest = { before: Object.getOwnPropertyNames(window), violations: [] };\n\
    document.addEventListener('securitypolicyviolation', function (e) {\n\
      window.__knTest.violations.push(e.violatedDirective + ' ' + e.blockedURI);\n\
    });";

type Pages = Arc<Mutex<HashMap<String, (String, String)>>>;

/// The portal: serves pages registered by the test, each with its own CSP.
struct Portal {
    base: String,
    pages: Pages,
}

impl Portal {
    async fn start() -> Portal {
        let pages: Pages = Arc::default();
        let app = axum::Router::new()
            .route("/page/{name}", axum::routing::get(page))
            .route("/hostile.css", axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/css")], HOSTILE_CSS) }))
            .route(
                "/harness.js",
                axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], HARNESS_JS) }),
            )
            .with_state(pages.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Portal { base, pages }
    }

    /// A portal page: hostile CSS, the harness, then `body`, under `csp`.
    fn put(&self, name: &str, csp: &str, body: &str) -> String {
        let html = format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng TTĐT tỉnh</title>\
             <link rel=\"stylesheet\" href=\"/hostile.css\"><script src=\"/harness.js\"></script></head>\
             <body><div id=\"host-div\">Tin của cổng</div>{body}<div id=\"host-after\">Chân trang</div></body></html>"
        );
        self.pages.lock().unwrap().insert(name.to_string(), (csp.to_string(), html));
        format!("{}/page/{name}", self.base)
    }
}

async fn page(State(pages): State<Pages>, Path(name): Path<String>) -> axum::response::Response {
    let Some((csp, html)) = pages.lock().unwrap().get(&name).cloned() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()), (header::CONTENT_SECURITY_POLICY, csp)], html)
        .into_response()
}

/// The host page's policy: `default-src 'self'` plus exactly the entries the
/// builder printed for this deployment.
fn strict_csp<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    std::iter::once("default-src 'self'".to_string())
        .chain(entries.into_iter().map(|(directive, sources)| format!("{directive} 'self' {sources}")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The entries as the API answers them (`[{directive, sources}]`).
fn api_csp(entries: &Value) -> String {
    strict_csp(
        entries
            .as_array()
            .expect("csp entries")
            .iter()
            .map(|e| (e["directive"].as_str().unwrap(), e["sources"].as_str().unwrap())),
    )
}

/// A box server (frames allowed everywhere, refreshing every `refresh_seconds`) with the seeded
/// hub items, and a portal on another origin.
async fn box_server_and_portal(refresh_seconds: u32) -> (common::Server, Portal) {
    let server =
        common::start_with_boxes(BoxSettings { urls: None, frame_ancestors: FrameAncestors::All, refresh_seconds })
            .await;
    seed(&server).await;
    (server, Portal::start().await)
}

async fn publish(server: &common::Server, kind: HubItemType, title: &str, setup: impl FnOnce(&mut HubItemInput)) {
    let mut item = HubItemInput::new(kind, title);
    item.original_url = "https://baochinhphu.vn/tin.htm".into();
    item.source = "Cổng TTĐT Chính phủ".into();
    setup(&mut item);
    server.store.hub_save(None, None, &item, Some(HubState::Published)).await.expect("publish");
}

/// The box server reached as `localhost` (the portal is `127.0.0.1`): another origin.
fn box_origin(server: &common::Server) -> String {
    server.base.replace("127.0.0.1", "localhost")
}

async fn create_box(server: &common::Server, spec: Value) -> Value {
    let response = server.client.post(format!("{}/api/v1/boxes", box_origin(server))).json(&spec).send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// Severe browser log entries, minus favicon misses and `allowed` substrings.
async fn severe(browser: &Browser, allowed: &[&str]) -> Vec<String> {
    browser
        .browser_log()
        .await
        .expect("browser log")
        .into_iter()
        .filter(|e| e.level == "SEVERE")
        .map(|e| e.message)
        .filter(|m| !m.contains("favicon.ico") && !allowed.iter().any(|a| m.contains(a)))
        .collect()
}

async fn wait(browser: &Browser, script: &str, what: &str) {
    if let Err(e) = browser.wait_for(script, Duration::from_secs(20)).await {
        let log = browser.browser_log().await.unwrap_or_default();
        panic!("waiting for {what}: {e}\nbrowser log: {log:#?}");
    }
}

async fn js(browser: &Browser, script: &str) -> Value {
    browser.execute(script, vec![]).await.expect(script)
}

fn screenshot_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("box-screenshots")
}

/// What a template must show, checked inside its frame.
struct Expect {
    template: &'static str,
    shown: &'static [&'static str],
    hidden: &'static [&'static str],
}

async fn seed(server: &common::Server) {
    for i in 1..=4 {
        publish(server, HubItemType::News, &format!("Tin chỉ đạo số {i} về chuyển đổi số"), |it| {
            it.sapo = "Thủ tướng yêu cầu các bộ, ngành đẩy mạnh kết nối.".into();
            it.published_date = chrono::NaiveDate::from_ymd_opt(2025, 3, i).unwrap().and_hms_opt(9, 0, 0);
        })
        .await;
    }
    for i in 1..=3 {
        publish(server, HubItemType::Video, &format!("Video họp báo Chính phủ tháng {i}"), |it| {
            it.attachments = json!({"video": format!("https://media.chinhphu.vn/hop-bao-{i}.mp4")}).to_string();
            it.published_date = chrono::NaiveDate::from_ymd_opt(2025, 4, i).unwrap().and_hms_opt(9, 0, 0);
        })
        .await;
    }
    for (i, number) in ["12/2025/NĐ-CP", "45/QĐ-TTg", "05/CT-TTg", "409/VPCP-TTDT", "77/2025/TT-BTC"].iter().enumerate()
    {
        publish(
            server,
            HubItemType::Document,
            &format!("Văn bản số {number} hướng dẫn kết nối cổng thông tin"),
            |it| {
                it.sapo = format!("Trích yếu của văn bản {number}.");
                it.published_date = chrono::NaiveDate::from_ymd_opt(2025, 5, u32::try_from(i).unwrap() + 1)
                    .unwrap()
                    .and_hms_opt(8, 0, 0);
            },
        )
        .await;
    }
    let mut draft = HubItemInput::new(HubItemType::News, "Bản nháp không được hiện");
    draft.original_url = "https://baochinhphu.vn/nhap.htm".into();
    server.store.hub_save(None, None, &draft, None).await.expect("draft");
}

#[tokio::test(flavor = "multi_thread")]
async fn boxes_work_in_a_real_browser_under_a_strict_csp_and_hostile_css() {
    let Some(browser) = ketnoi_webdriver::launch().await.expect("browser") else { return };
    let (server, portal) = box_server_and_portal(1).await;
    std::fs::create_dir_all(screenshot_dir()).unwrap();

    let cases = [
        Expect {
            template: "news_list",
            shown: &["Tin chỉ đạo số 4", "Tin chỉ đạo số 1", "Video họp báo Chính phủ tháng 3"],
            hidden: &["Bản nháp", "12/2025/NĐ-CP"],
        },
        Expect {
            template: "news_grid", shown: &["Tin chỉ đạo số 2"], hidden: &["Video họp báo", "Bản nháp"]
        },
        Expect {
            template: "video_playlist", shown: &["Video họp báo Chính phủ tháng 1"], hidden: &["Tin chỉ đạo"]
        },
        Expect {
            template: "document_table",
            shown: &["12/2025/NĐ-CP", "45/QĐ-TTg", "Trích yếu của văn bản"],
            hidden: &["Tin chỉ đạo"],
        },
    ];
    for case in &cases {
        let (content, news, video) = match case.template {
            "document_table" => ("documents", false, false),
            "news_grid" => ("media", true, false),
            _ => ("media", true, true),
        };
        let created = create_box(
            &server,
            json!({"title": format!("Box {}", case.template), "template": case.template, "content": content,
                   "news": news, "video": video, "height": 2400, "header_background": "#1d3f8f", "header_text": "#ffffff"}),
        )
        .await;
        let csp = api_csp(&created["csp"]);
        let url = portal.put(case.template, &csp, created["embed"]["loader"].as_str().unwrap());
        browser.goto(&url).await.unwrap();
        wait(&browser, "const f = document.querySelector('[data-ketnoi-box] iframe'); return !!f && f.getBoundingClientRect().height < 2400", "the box to load and fit").await;
        let t = case.template;

        // The host page: its styles unchanged, nothing added to it but the iframe, no globals
        // (`window[0]` comes with any iframe; `ret_nodes` is chromedriver's own).
        let host = js(
            &browser,
            "const d = getComputedStyle(document.getElementById('host-div'));\n\
             const f = document.querySelector('[data-ketnoi-box] iframe');\n\
             const added = Object.getOwnPropertyNames(window).filter(k => !window.__knTest.before.includes(k) && k !== '__knTest' && !/^[0-9]+$/.test(k) && k !== 'ret_nodes');\n\
             return { color: d.color, size: d.fontSize, sheets: document.styleSheets.length, styles: document.querySelectorAll('style').length,\n\
                      frames: document.querySelectorAll('iframe').length, added, violations: window.__knTest.violations,\n\
                      frameBorder: getComputedStyle(f).borderTopWidth, frameHeight: f.getBoundingClientRect().height,\n\
                      title: f.title, lazy: f.getAttribute('loading'), src: f.src };",
        )
        .await;
        assert_eq!(host["color"], "rgb(255, 0, 0)", "{t}: the host's own styles still apply outside the box");
        assert_eq!(host["size"], "40px", "{t}");
        assert_eq!(host["sheets"], 1, "{t}: the box added no stylesheet to the host page");
        assert_eq!(host["styles"], 0, "{t}");
        assert_eq!(host["frames"], 1, "{t}");
        assert_eq!(host["added"], json!([]), "{t}: the loader defines no globals");
        assert_eq!(host["violations"], json!([]), "{t}: no CSP violation on the host page");
        assert_eq!(host["frameBorder"], "0px", "{t}: hostile iframe rules do not win");
        assert_eq!(host["title"], format!("Box {t}"), "{t}: the iframe has a title");
        assert_eq!(host["lazy"], "lazy", "{t}");
        assert!(host["src"].as_str().unwrap().starts_with(&box_origin(&server)), "{t}: cross-origin frame");
        let frame_height = host["frameHeight"].as_f64().unwrap();

        // Inside the box: the right items, the box's own styles, and a height that fits.
        let frame = browser.find("[data-ketnoi-box] iframe").await.unwrap();
        browser.switch_to_frame(&frame).await.unwrap();
        let inside = js(
            &browser,
            "const h = document.querySelector('.kn-title');\n\
             const link = document.querySelector('.kn-link, .kn-pick');\n\
             return { text: document.body.innerText, lang: document.documentElement.lang,\n\
                      titleColor: getComputedStyle(h).color, titleSize: getComputedStyle(h).fontSize,\n\
                      lineHeight: getComputedStyle(document.body).lineHeight, boxSizing: getComputedStyle(h).boxSizing,\n\
                      linkColor: link ? getComputedStyle(link).color : null,\n\
                      base: document.querySelector('base').target,\n\
                      content: document.querySelector('.kn-root').getBoundingClientRect().height,\n\
                      scrolls: document.documentElement.scrollHeight > innerHeight + 1,\n\
                      focusable: [...document.querySelectorAll('a[href], button')].every(e => e.tabIndex >= 0),\n\
                      videos: document.querySelectorAll('video, iframe').length };",
        )
        .await;
        let text = inside["text"].as_str().unwrap();
        for s in case.shown {
            assert!(text.contains(s), "{t}: «{s}» is shown\n{text}");
        }
        for s in case.hidden {
            assert!(!text.contains(s), "{t}: «{s}» is not shown\n{text}");
        }
        assert_eq!(inside["lang"], "vi", "{t}");
        assert_eq!(inside["titleColor"], "rgb(255, 255, 255)", "{t}: the host's CSS does not reach into the box");
        assert_ne!(inside["titleSize"], "40px", "{t}");
        assert_eq!(inside["boxSizing"], "border-box", "{t}");
        assert_ne!(inside["linkColor"], "rgb(0, 255, 0)", "{t}");
        assert_eq!(inside["base"], "_top", "{t}: links open in the top window");
        assert_eq!(inside["scrolls"], false, "{t}: the frame is tall enough for its content");
        assert_eq!(inside["focusable"], true, "{t}: every link and button is reachable by keyboard");
        assert_eq!(inside["videos"], 0, "{t}: no player is loaded before a click");
        let content = inside["content"].as_f64().unwrap();
        assert!((frame_height - content).abs() <= 2.0, "{t}: frame {frame_height}px fits content {content}px");
        browser.switch_to_default().await.unwrap();
        browser.save_screenshot(screenshot_dir().join(format!("{t}.png"))).await.unwrap();
        let errors = severe(&browser, &[]).await;
        assert!(errors.is_empty(), "{t}: no console errors or CSP violations: {errors:#?}");
    }

    // Video players load on click only.
    browser.goto(&format!("{}/page/video_playlist", portal.base)).await.unwrap();
    wait(&browser, "return !!document.querySelector('[data-ketnoi-box] iframe')", "the playlist").await;
    let frame = browser.find("[data-ketnoi-box] iframe").await.unwrap();
    browser.switch_to_frame(&frame).await.unwrap();
    wait(&browser, "return !!document.querySelector('button.kn-play')", "the play button").await;
    browser.find("button.kn-play").await.unwrap().click().await.unwrap();
    let src = js(&browser, "const v = document.querySelector('video'); return v ? v.getAttribute('src') : null").await;
    assert_eq!(src, "https://media.chinhphu.vn/hop-bao-3.mp4", "the newest video plays on click");
    browser.switch_to_default().await.unwrap();
    let _ = browser.browser_log().await; // The video host does not exist here: its errors are expected.

    browser.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_box_updates_itself_pages_inside_and_survives_being_included_twice() {
    let Some(browser) = ketnoi_webdriver::launch().await.expect("browser") else { return };
    let (server, portal) = box_server_and_portal(1).await;
    let news =
        create_box(&server, json!({"title": "Tin mới", "template": "news_list", "count": 3, "height": 2000})).await;
    let docs = create_box(
        &server,
        json!({"title": "Văn bản", "template": "document_table", "content": "documents", "criteria": "paged", "count": 2, "height": 2000}),
    )
    .await;
    let csp = api_csp(&news["csp"]);
    // Both embed codes, each with its own copy of the loader: two boxes, two frames.
    let body = format!("{}\n{}", news["embed"]["loader"].as_str().unwrap(), docs["embed"]["loader"].as_str().unwrap());
    let url = portal.put("twice", &csp, &body);
    browser.goto(&url).await.unwrap();
    wait(&browser, "return document.querySelectorAll('iframe').length === 2 && [...document.querySelectorAll('iframe')].every(f => f.getBoundingClientRect().height < 2000)", "two fitted boxes").await;
    let counts = js(&browser, "return [document.querySelectorAll('iframe').length, document.querySelectorAll('script[src*=\"loader.\"]').length]").await;
    assert_eq!(counts, json!([2, 2]), "two loaders on the page, one frame per placeholder");
    js(&browser, "window.__knTest.marker = 'not reloaded'; return null").await;

    // A newly published item appears without reloading the host page.
    publish(&server, HubItemType::News, "Tin vừa đăng: Chính phủ họp phiên thường kỳ", |it| {
        it.published_date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(9, 0, 0);
    })
    .await;
    let frames = browser.find_all("iframe").await.unwrap();
    browser.switch_to_frame(&frames[0]).await.unwrap();
    wait(&browser, "return document.body.innerText.includes('Tin vừa đăng')", "the new item in the box").await;
    let height_fits = js(&browser, "return document.documentElement.scrollHeight <= innerHeight + 1").await;
    browser.switch_to_default().await.unwrap();
    assert_eq!(height_fits, true);
    assert_eq!(js(&browser, "return window.__knTest.marker").await, "not reloaded");

    // "All, paged" boxes page inside the box, and the frame follows the new height.
    browser.switch_to_frame(&frames[1]).await.unwrap();
    assert!(js(&browser, "return document.body.innerText").await.as_str().unwrap().contains("Trang 1/3"));
    browser.find("a[data-page='2']").await.unwrap().click().await.unwrap();
    wait(&browser, "return document.body.innerText.includes('Trang 2/3')", "page 2 inside the box").await;
    let focused = js(&browser, "return document.activeElement && document.activeElement.id").await;
    assert_eq!(focused, "kn-items", "keyboard focus follows the new page");
    browser.switch_to_default().await.unwrap();
    assert!(browser.current_url().await.unwrap().ends_with("/page/twice"), "the host page did not navigate");
    let errors = severe(&browser, &[]).await;
    assert!(errors.is_empty(), "no console errors: {errors:#?}");
    browser.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_builder_clicked_through_gives_a_working_embed_code() {
    let Some(browser) = ketnoi_webdriver::launch().await.expect("browser") else { return };
    let (server, portal) = box_server_and_portal(60).await;

    browser.goto(&format!("{}/boxes/builder", box_origin(&server))).await.unwrap();
    // Step 2: documents; step 3: title, colours, the document table.
    browser.find("input[name=content][value=documents]").await.unwrap().click().await.unwrap();
    let title = browser.find("input[name=title]").await.unwrap();
    title.clear().await.unwrap();
    title.send_keys("Văn bản chỉ đạo mới").await.unwrap();
    browser.find("input[name=template][value=document_table]").await.unwrap().click().await.unwrap();
    // The live preview follows the form.
    wait(&browser, "return document.getElementById('kn-preview').src.includes('document_table')", "the live preview")
        .await;
    let preview = browser.find("#kn-preview").await.unwrap();
    browser.switch_to_frame(&preview).await.unwrap();
    wait(
        &browser,
        "return document.body && document.body.innerText.includes('12/2025/NĐ-CP')",
        "documents in the preview",
    )
    .await;
    browser.switch_to_default().await.unwrap();

    // A low-contrast colour pair is refused with an explanation.
    js(&browser, "document.querySelector('input[name=text]').value = '#aaaaaa'; return null").await;
    browser.find("#kn-save").await.unwrap().click().await.unwrap();
    wait(&browser, "return !!document.querySelector('.b-errors')", "the contrast error").await;
    let error = browser.find(".b-errors").await.unwrap().text().await.unwrap();
    assert!(error.contains("4.5:1"), "{error}");
    // The refused save and the preview of the refused colours answered 422, as they should.
    let refused = severe(&browser, &[]).await;
    assert!(refused.iter().all(|m| m.contains("422")), "{refused:#?}");
    js(&browser, "document.querySelector('input[name=text]').value = '#222222'; return null").await;

    // Step 4: save, copy the embed code, paste it into a portal.
    browser.find("#kn-save").await.unwrap().click().await.unwrap();
    wait(&browser, "return !!document.getElementById('kn-embed-loader')", "the embed codes").await;
    let code = browser.find("#kn-embed-loader").await.unwrap().property("value").await.unwrap();
    let csp_text = browser.find("#kn-csp").await.unwrap().text().await.unwrap();
    let csp = strict_csp(csp_text.lines().map(|l| l.trim_end_matches(';').split_once(' ').unwrap()));
    let url = portal.put("from-builder", &csp, code.as_str().unwrap());
    browser.goto(&url).await.unwrap();
    wait(&browser, "return !!document.querySelector('[data-ketnoi-box] iframe')", "the pasted box").await;
    let frame = browser.find("[data-ketnoi-box] iframe").await.unwrap();
    browser.switch_to_frame(&frame).await.unwrap();
    wait(&browser, "return document.body && document.body.innerText.includes('Văn bản chỉ đạo mới') && document.body.innerText.includes('45/QĐ-TTg')", "the saved box").await;
    browser.switch_to_default().await.unwrap();
    let errors = severe(&browser, &[]).await;
    assert!(errors.is_empty(), "no console errors: {errors:#?}");
    browser.save_screenshot(screenshot_dir().join("builder-embed.png")).await.unwrap();
    browser.quit().await.unwrap();
}
