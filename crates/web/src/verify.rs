//! "Is this site official?" (SPEC §2.3): `GET /api/v1/verify?url=…` answers
//! JSON, `GET /verify?url=…` a plain page for citizens (no script). Both are
//! public. The register's base URLs are indexed once and kept for
//! [`REGISTER_TTL`], so a site registered a moment ago may take that long to
//! show up.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock, Weak};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use ketnoi_domain::SiteStatus;
use ketnoi_register::verify::{self, Register, Report, Verdict};
use ketnoi_store::Store;
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::html::{esc, query_value};

/// How long an indexed register is reused.
pub const REGISTER_TTL: Duration = Duration::from_secs(60);
const CACHE_CONTROL: &str = "public, max-age=300";

#[derive(Debug, Deserialize)]
pub struct VerifyParams {
    url: Option<String>,
    lang: Option<String>,
}

/// `GET /api/v1/verify`. Input that is not a web address (or an IP address)
/// is `invalid_query`, with the reason in `details`.
pub async fn api(State(state): State<AppState>, ApiQuery(p): ApiQuery<VerifyParams>) -> Result<Response, ApiError> {
    let input =
        p.url.as_deref().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
            ApiError::invalid_query("url", "thiếu địa chỉ cần kiểm tra / the url parameter is required")
        })?;
    let report = check(&state.store, input).await?;
    if report.verdict == "invalid" {
        return Err(ApiError::invalid_query("url", format!("{} / {}", report.message, report.message_en)));
    }
    let mut response = Json(report).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    Ok(response)
}

/// `GET /verify`: the form, and the verdict when `url` is given. Vietnamese,
/// or English with `lang=en`; 400 for input that cannot be checked.
pub async fn page(State(state): State<AppState>, ApiQuery(p): ApiQuery<VerifyParams>) -> Result<Response, ApiError> {
    let en = p.lang.as_deref().is_some_and(|l| l.trim().eq_ignore_ascii_case("en"));
    let input = p.url.as_deref().unwrap_or("");
    let report = match input.trim() {
        "" => None,
        _ => Some(check(&state.store, input).await?),
    };
    let status = match &report {
        Some(r) if r.verdict == "invalid" => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let mut response = (status, Html(render(report.as_ref(), en))).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
    );
    Ok(response)
}

/// Invalid input is answered without reading the register.
async fn check(store: &Arc<dyn Store>, input: &str) -> Result<Report, ApiError> {
    let empty = Register::default();
    let register = match empty.verify(input).verdict {
        Verdict::Invalid(_) => None,
        _ => Some(register(store).await?),
    };
    Ok(verify::report(store.as_ref(), register.as_deref().unwrap_or(&empty), input).await?)
}

struct Cached {
    /// Weak, so the cache never keeps a store alive; while the entry exists
    /// no other store can take its address.
    store: Weak<dyn Store>,
    built: Instant,
    register: Arc<Register>,
}

/// The indexed register of `store`, rebuilt after [`REGISTER_TTL`]. One
/// build at a time: concurrent requests wait for it instead of each reading
/// every site.
pub(crate) async fn register(store: &Arc<dyn Store>) -> Result<Arc<Register>, ApiError> {
    static CACHE: OnceLock<Mutex<Vec<Cached>>> = OnceLock::new();
    let mut entries = CACHE.get_or_init(Default::default).lock().await;
    entries.retain(|e| e.store.strong_count() > 0);
    let weak = Arc::downgrade(store);
    if let Some(e) = entries.iter().find(|e| Weak::ptr_eq(&e.store, &weak))
        && e.built.elapsed() < REGISTER_TTL
    {
        return Ok(e.register.clone());
    }
    let register = Arc::new(verify::load(store.as_ref()).await?);
    entries.retain(|e| !Weak::ptr_eq(&e.store, &weak));
    entries.push(Cached { store: weak, built: Instant::now(), register: register.clone() });
    Ok(register)
}

/// (CSS class, symbol, Vietnamese label, English label) of a verdict. The
/// label says in words what the colour shows.
fn badge(r: &Report) -> (&'static str, &'static str, &'static str, &'static str) {
    match r.verdict {
        "registered" if r.official => ("ok", "✔", "CHÍNH THỨC", "OFFICIAL"),
        "registered" => ("caution", "!", "ĐÃ NGỪNG HOẠT ĐỘNG", "RETIRED"),
        "subdomain_of_registered" => ("caution", "?", "CHƯA ĐĂNG KÝ RIÊNG", "NOT REGISTERED ITSELF"),
        "unregistered_path" => ("caution", "?", "NGOÀI TRANG ĐÃ ĐĂNG KÝ", "OUTSIDE THE REGISTERED SITES"),
        "look_alike" => ("danger", "⚠", "CẢNH BÁO: TÊN MIỀN GIẢ DANH", "WARNING: LOOK-ALIKE DOMAIN"),
        "not_registered" => ("caution", "✖", "KHÔNG CÓ TRONG DANH BẠ", "NOT IN THE REGISTER"),
        _ => ("invalid", "–", "KHÔNG KIỂM TRA ĐƯỢC", "CANNOT BE CHECKED"),
    }
}

fn render(report: Option<&Report>, en: bool) -> String {
    let t = |vi: &'static str, english: &'static str| if en { english } else { vi };
    let input = report.map(|r| r.input.as_str()).unwrap_or("");
    let mut html = String::with_capacity(4096);
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:44rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}}
label{{display:block;font-weight:bold;margin-bottom:.25rem}}
input[type=text]{{box-sizing:border-box;width:100%;font-size:1.1rem;padding:.5rem;border:2px solid #555;border-radius:.25rem}}
button{{margin-top:.5rem;font-size:1.1rem;padding:.4rem 1.2rem}}
:focus{{outline:3px solid #1a5fb4;outline-offset:2px}}
.verdict{{border:4px solid;border-radius:.5rem;padding:.5rem 1rem;margin:1.5rem 0}}
.verdict .label{{font-size:1.3rem;font-weight:bold;margin:.25rem 0}}
.ok{{border-color:#1b7a36;background:#e7f4ea}}
.danger{{border-color:#b00020;background:#fdecee}}
.caution{{border-color:#8a5a00;background:#fff4dc}}
.invalid{{border-color:#555;background:#f1f1f1}}
dt{{font-weight:bold}}
code{{word-break:break-all}}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{intro}</p>
<p><a href="/verify?{switch_query}" lang="{other_lang}">{switch}</a></p>
</header>
<main>
<form method="get" action="/verify">
<label for="url">{field}</label>
<input id="url" name="url" type="text" inputmode="url" autocomplete="off" spellcheck="false" maxlength="2000" value="{value}" placeholder="chinhphu.vn">
{hidden_lang}<button type="submit">{submit}</button>
</form>
"#,
        lang = t("vi", "en"),
        title = t("Trang này có phải trang chính thức?", "Is this site official?"),
        intro = t(
            "Nhập địa chỉ trang web hoặc tên miền để biết nó có thuộc danh bạ cổng/trang thông tin điện tử của cơ quan nhà nước hay không, và cảnh báo nếu nó giả danh một trang chính thức.",
            "Enter a web address or domain name to learn whether it is in the register of government portals and sites, and be warned if it imitates an official one.",
        ),
        other_lang = t("en", "vi"),
        switch_query = {
            let lang = if en { "" } else { "&lang=en" };
            if input.is_empty() {
                lang.trim_start_matches('&').to_string()
            } else {
                format!("url={}{lang}", query_value(input))
            }
        },
        switch = t("English", "Tiếng Việt"),
        field = t("Địa chỉ trang web hoặc tên miền", "Web address or domain name"),
        value = esc(input),
        hidden_lang = if en { "<input type=\"hidden\" name=\"lang\" value=\"en\">\n" } else { "" },
        submit = t("Kiểm tra", "Check"),
    );
    if let Some(r) = report {
        let (class, symbol, vi, english) = badge(r);
        let message = if en { &r.message_en } else { &r.message };
        let _ = write!(
            html,
            "<section class=\"verdict {class}\" aria-labelledby=\"verdict-heading\">\n<h2 id=\"verdict-heading\">{heading}</h2>\n<p class=\"label\"><span aria-hidden=\"true\">{symbol}</span> {label}</p>\n<p>{message}</p>\n",
            heading = t("Kết quả", "Result"),
            label = if en { english } else { vi },
            message = esc(message),
        );
        let mut facts = String::new();
        if let Some(host) = &r.host {
            let _ =
                write!(facts, "<dt>{}</dt><dd><code>{}</code>", t("Tên miền đã kiểm tra", "Domain checked"), esc(host));
            if let Some(u) = r.host_unicode.as_ref().filter(|u| *u != host) {
                let _ = write!(facts, " ({} <code>{}</code>)", t("hiển thị là", "shown as"), esc(u));
            }
            facts.push_str("</dd>\n");
        }
        if let Some(s) = &r.site {
            site_facts(&mut facts, t("Trang/cổng", "Site"), s, en);
        }
        if let Some(u) = &r.unit {
            let _ = writeln!(facts, "<dt>{}</dt><dd>{} ({})</dd>", t("Đơn vị", "Unit"), esc(&u.name), esc(&u.id));
        }
        if let Some(s) = &r.related {
            site_facts(&mut facts, t("Trang đã đăng ký liên quan", "Related registered site"), s, en);
        }
        if let Some(s) = &r.resembles {
            site_facts(&mut facts, t("Trang chính thức bị giả danh", "Official site imitated"), s, en);
        }
        if !facts.is_empty() {
            let _ = write!(html, "<dl>\n{facts}</dl>\n");
        }
        html.push_str("</section>\n");
    }
    let _ = write!(
        html,
        "</main>\n<footer>\n<p>{note} <a href=\"/api/docs\">API</a>: <code>GET /api/v1/verify?url=…</code></p>\n</footer>\n</body>\n</html>\n",
        note = t(
            "Danh bạ do Văn phòng Chính phủ và các cơ quan cập nhật; trang mới đăng ký có thể cần một phút để hiện ra.",
            "The register is kept by the Government Office and member bodies; a newly registered site may take a minute to show up.",
        ),
    );
    html
}

fn site_facts(out: &mut String, title: &str, s: &verify::SiteInfo, en: bool) {
    let status = match (s.status, en) {
        (SiteStatus::Active, false) => "đang hoạt động",
        (SiteStatus::Active, true) => "active",
        (SiteStatus::NoPortal, false) => "chưa có cổng/trang",
        (SiteStatus::NoPortal, true) => "no portal yet",
        (SiteStatus::Retired, false) => "đã ngừng hoạt động",
        (SiteStatus::Retired, true) => "retired",
    };
    let _ =
        write!(out, "<dt>{}</dt><dd>{} ({}, {}) <code>{}</code>", esc(title), esc(&s.name), s.id, status, esc(&s.key));
    // Only the register's own URLs become links, and only after the check.
    let urls: Vec<String> = s
        .urls
        .iter()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(|u| format!("<a href=\"{0}\" rel=\"noopener\">{0}</a>", esc(u)))
        .collect();
    if !urls.is_empty() {
        let _ = write!(out, "<br>{}", urls.join(" "));
    }
    out.push_str("</dd>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("a b&c=<d>/é"), "a%20b%26c%3D%3Cd%3E%2F%C3%A9");
        assert_eq!(query_value("chinhphu.vn"), "chinhphu.vn");
    }

    #[test]
    fn the_empty_page_is_a_form_without_script() {
        for en in [false, true] {
            let page = render(None, en);
            assert!(page.contains("<label for=\"url\">"));
            assert!(page.contains("id=\"url\" name=\"url\""));
            assert!(!page.to_ascii_lowercase().contains("<script"));
            assert!(page.contains(if en { "lang=\"en\"" } else { "lang=\"vi\"" }));
        }
    }
}
