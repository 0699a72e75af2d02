//! The search pages for people (SPEC §2.3): `GET /search`, a server-rendered page over the same
//! index and the same parameter checks as `GET /api/v1/search` (Vietnamese first, English with
//! `lang=en`, no script, no external asset); `GET /opensearch.xml`, the OpenSearch 1.1
//! description; and `GET /embed/search-box?site=ID`, the tiny page a member portal puts in an
//! iframe to search only its own site.
//!
//! Everything that comes from the query or the index is escaped here, except the index's
//! `title_html` and `snippet_html`, which it escapes itself and which only carry `<mark>`.

use std::fmt::Write as _;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use ketnoi_domain::{SiteStatus, UnitLevel};
use ketnoi_index::{FacetCount, Hit, SearchResults};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::non_empty;
use crate::html::{esc, query_value};
use crate::search::{self, SearchParams};

/// The policy of the search page: nothing but its own inline style, forms only to this origin.
pub const PAGE_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";
/// The embeddable box is meant to be framed by any member portal.
pub const EMBED_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors *";
const PAGE_CACHE: &str = "public, max-age=30";
const EMBED_CACHE: &str = "public, max-age=300";
const OPENSEARCH_CACHE: &str = "public, max-age=3600";
/// Province facet entries shown (each needs a name from the register).
const MAX_PROVINCES: usize = 20;

/// Every parameter of `/search`, as text, to be written back into links.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    q: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    unit: Option<String>,
    site: Option<String>,
    level: Option<String>,
    province: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    /// `page` is read by [`search::request`] only: links set it themselves.
    limit: Option<String>,
    lang: Option<String>,
}

/// The UI strings, one table per language.
struct Text {
    lang: &'static str,
    other_lang: &'static str,
    switch: &'static str,
    skip: &'static str,
    title: &'static str,
    intro: &'static str,
    label: &'static str,
    submit: &'static str,
    options: &'static str,
    sort: &'static str,
    sort_relevance: &'static str,
    sort_date: &'static str,
    from: &'static str,
    to: &'static str,
    scope: &'static str,
    scope_all: &'static str,
    site_unknown: &'static str,
    active: &'static str,
    remove: &'static str,
    results: &'static str,
    count_one: &'static str,
    count_many: &'static str,
    none: &'static str,
    empty_page: &'static str,
    did_you_mean: &'static str,
    best_bets: &'static str,
    official: &'static str,
    duplicates_one: &'static str,
    duplicates_many: &'static str,
    related: &'static str,
    rel_same_number: &'static str,
    rel_public_service: &'static str,
    rel_news: &'static str,
    rel_other: &'static str,
    filters: &'static str,
    facet_kind: &'static str,
    facet_level: &'static str,
    facet_province: &'static str,
    pages: &'static str,
    prev: &'static str,
    next: &'static str,
    page_of: &'static str,
    error: &'static str,
    unavailable: &'static str,
    footer: &'static str,
    kinds: [&'static str; 6],
    levels: [&'static str; 3],
    embed_label: &'static str,
    embed_submit: &'static str,
    embed_unavailable: &'static str,
    embed_title: &'static str,
    thousands: char,
}

const VI: Text = Text {
    lang: "vi",
    other_lang: "en",
    switch: "English",
    skip: "Bỏ qua, đến nội dung chính",
    title: "Tìm kiếm thông tin chính thức",
    intro: "Tìm trên các cổng, trang thông tin điện tử của cơ quan nhà nước trong danh bạ; gõ có dấu hoặc không dấu đều được.",
    label: "Từ khóa tìm kiếm",
    submit: "Tìm kiếm",
    options: "Tùy chọn tìm kiếm",
    sort: "Sắp xếp",
    sort_relevance: "Phù hợp nhất",
    sort_date: "Mới nhất",
    from: "Từ ngày",
    to: "Đến ngày",
    scope: "Tìm trong:",
    scope_all: "Tìm trên tất cả các cổng, trang",
    site_unknown: "trang/cổng không có trong danh bạ, số",
    active: "Đang lọc:",
    remove: "bỏ lọc",
    results: "Kết quả tìm kiếm",
    count_one: "Tìm thấy {n} kết quả",
    count_many: "Tìm thấy {n} kết quả",
    none: "Không tìm thấy kết quả nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.",
    empty_page: "Trang này không còn kết quả.",
    did_you_mean: "Có phải bạn muốn tìm:",
    best_bets: "Kết quả được đề xuất",
    official: "Nguồn chính thức",
    duplicates_one: "Cũng được đăng trên {n} cổng/trang khác",
    duplicates_many: "Cũng được đăng trên {n} cổng/trang khác",
    related: "Liên quan",
    rel_same_number: "Cùng số hiệu",
    rel_public_service: "Dịch vụ công",
    rel_news: "Tin liên quan",
    rel_other: "Liên quan",
    filters: "Lọc kết quả",
    facet_kind: "Loại nội dung",
    facet_level: "Cấp",
    facet_province: "Tỉnh, thành phố",
    pages: "Phân trang",
    prev: "Trang trước",
    next: "Trang sau",
    page_of: "Trang {p} / {n}",
    error: "Không tìm được",
    unavailable: "Tìm kiếm tạm thời không dùng được",
    footer: "Chỉ tìm trên các nguồn chính thức trong danh bạ. Dành cho lập trình viên:",
    kinds: ["Tin tức", "Văn bản", "Dịch vụ công", "Đa phương tiện", "Dữ liệu", "Khác"],
    levels: ["Trung ương", "Tỉnh, thành phố", "Xã, phường, đặc khu"],
    embed_label: "Tìm trong",
    embed_submit: "Tìm",
    embed_unavailable: "Xin lỗi, hộp tìm kiếm này hiện không dùng được.",
    embed_title: "Tìm kiếm",
    thousands: '.',
};

const EN: Text = Text {
    lang: "en",
    other_lang: "vi",
    switch: "Tiếng Việt",
    skip: "Skip to main content",
    title: "Search official information",
    intro: "Search the registered portals and sites of Viet Nam's government bodies; typing with or without tone marks both work.",
    label: "Search terms",
    submit: "Search",
    options: "Search options",
    sort: "Sort by",
    sort_relevance: "Relevance",
    sort_date: "Newest first",
    from: "From",
    to: "To",
    scope: "Searching in:",
    scope_all: "Search every portal and site",
    site_unknown: "a site not in the register, number",
    active: "Filters:",
    remove: "remove filter",
    results: "Search results",
    count_one: "{n} result",
    count_many: "{n} results",
    none: "Nothing found. Try other words or remove a filter.",
    empty_page: "There are no more results on this page.",
    did_you_mean: "Did you mean:",
    best_bets: "Recommended",
    official: "Official source",
    duplicates_one: "Also published by {n} other portal",
    duplicates_many: "Also published by {n} other portals",
    related: "Related",
    rel_same_number: "Same number",
    rel_public_service: "Public service",
    rel_news: "Related news",
    rel_other: "Related",
    filters: "Filter the results",
    facet_kind: "Type",
    facet_level: "Level",
    facet_province: "Province",
    pages: "Pages",
    prev: "Previous page",
    next: "Next page",
    page_of: "Page {p} of {n}",
    error: "The search could not be run",
    unavailable: "Search is temporarily unavailable",
    footer: "Only registered official sources are searched. For developers:",
    kinds: ["News", "Legal document", "Public service", "Media", "Dataset", "Other"],
    levels: ["Central", "Province", "Commune"],
    embed_label: "Search",
    embed_submit: "Search",
    embed_unavailable: "Sorry, this search box is not available at the moment.",
    embed_title: "Search",
    thousands: ',',
};

fn text(lang: Option<&str>) -> &'static Text {
    if lang.is_some_and(|l| l.trim().eq_ignore_ascii_case("en")) { &EN } else { &VI }
}

/// The type of a result in words.
fn kind_words(t: &Text, kind: &str) -> &'static str {
    search::KINDS.iter().position(|k| *k == kind).map_or(t.kinds[5], |i| t.kinds[i])
}

fn level_words(t: &Text, level: &str) -> Option<&'static str> {
    search::LEVELS.iter().position(|l| *l == level).map(|i| t.levels[i])
}

/// `dd/mm/yyyy` in Viet Nam's time (UTC+7).
fn day(t: &DateTime<Utc>) -> (String, String) {
    let vn = FixedOffset::east_opt(7 * 3600).map(|tz| t.with_timezone(&tz).date_naive()).unwrap_or(t.date_naive());
    (vn.format("%d/%m/%Y").to_string(), vn.format("%Y-%m-%d").to_string())
}

fn number(t: &Text, n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(t.thousands);
        }
        out.push(c);
    }
    out
}

/// Keeps a message short and in one language: the API's reasons read "vi / en".
fn reason_in(t: &Text, reason: &str) -> String {
    let part = match reason.split_once(" / ") {
        Some((vi, en)) => {
            if t.lang == "en" {
                en
            } else {
                vi
            }
        }
        None => reason,
    };
    let short: String = part.chars().take(300).collect();
    if short.len() < part.len() { format!("{short}…") } else { short }
}

/// The error in the page's language: the table's message, then the field and the reason.
fn error_message(t: &Text, e: &ApiError) -> (StatusCode, String) {
    let (_, status, vi, en) = e.resolve();
    let mut message = if t.lang == "en" { en } else { vi };
    if let ApiError::InvalidQuery { field, reason } = e {
        let _ = write!(message, " ({field}: {})", reason_in(t, reason));
    }
    (status, message)
}

/// The parameters links keep, in a fixed order, without `page`.
fn kept(p: &PageParams, t: &Text) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (key, value) in [
        ("q", &p.q),
        ("type", &p.kind),
        ("unit", &p.unit),
        ("site", &p.site),
        ("level", &p.level),
        ("province", &p.province),
        ("from", &p.from),
        ("to", &p.to),
        ("sort", &p.sort),
        ("limit", &p.limit),
    ] {
        if let Some(v) = non_empty(value) {
            out.push((key, v.to_string()));
        }
    }
    if t.lang == "en" {
        out.push(("lang", "en".to_string()));
    }
    out
}

/// `params` with `key` set to `value` (or removed), as an escaped `/search?…` link.
fn link(params: &[(&'static str, String)], key: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let mut placed = false;
    for (k, v) in params {
        if *k == key {
            if let (Some(value), false) = (value, placed) {
                pairs.push((k, value));
                placed = true;
            }
        } else {
            pairs.push((k, v.as_str()));
        }
    }
    if let (Some(value), false) = (value, placed) {
        pairs.push((key, value));
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", query_value(v))).collect();
    if query.is_empty() { "/search".to_string() } else { esc(&format!("/search?{}", query.join("&"))) }
}

/// What the page shows below the form.
enum Body {
    Form,
    Error(String),
    Unavailable(String),
    Results(Box<Found>),
}

struct Found {
    results: SearchResults,
    page: i64,
    limit: i64,
    /// Province code → name, from the register.
    provinces: Vec<(String, String)>,
    /// Operator best bets for the query (page 1 only).
    best_bets: Vec<crate::best_bets::Pinned>,
}

/// The site a search is scoped to: its id and name (`None` when not in the register).
type Scope = Option<(i64, Option<String>)>;

fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    let cache = if status.is_server_error() { "no-store" } else { PAGE_CACHE };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `GET /search`: the form, and the results when `q` is given. Bad parameters are the page with
/// the reason and 400; no index is 503. Never the JSON envelope: this is a page for people.
pub async fn page(State(state): State<AppState>, uri: Uri) -> Response {
    let p = match Query::<PageParams>::try_from_uri(&uri) {
        Ok(Query(p)) => p,
        Err(e) => {
            let p = PageParams::default();
            let (status, message) = error_message(&VI, &ApiError::invalid_query("query", e.body_text()));
            return respond(status, render(&VI, &p, &None, &Body::Error(message)));
        }
    };
    let t = text(p.lang.as_deref());
    let Some(index) = state.search.clone() else {
        let (status, message) = error_message(t, &ApiError::SearchUnavailable);
        return respond(status, render(t, &p, &None, &Body::Unavailable(message)));
    };
    let query = match search::clean_query(p.q.as_deref()) {
        Ok(q) => q,
        Err(e) => {
            let (status, message) = error_message(t, &e);
            return respond(status, render(t, &p, &None, &Body::Error(message)));
        }
    };
    let scope = scope(&state, &p).await;
    if query.is_empty() {
        return respond(StatusCode::OK, render(t, &p, &scope, &Body::Form));
    }
    let checked = Query::<SearchParams>::try_from_uri(&uri)
        .map_err(|e| ApiError::invalid_query("query", e.body_text()))
        .and_then(|Query(sp)| search::request(&sp));
    let (req, page, limit) = match checked {
        Ok(r) => r,
        Err(e) => {
            let (status, message) = error_message(t, &e);
            return respond(status, render(t, &p, &scope, &Body::Error(message)));
        }
    };
    let results = match tokio::task::spawn_blocking(move || index.search(&req)).await {
        Ok(Ok(results)) => results,
        Ok(Err(e)) => return failed(t, &p, &scope, ApiError::Internal(e.to_string())),
        Err(e) => return failed(t, &p, &scope, ApiError::Internal(e.to_string())),
    };
    let provinces = province_names(&state, &results).await;
    let best_bets = crate::best_bets::for_search(&state, &query, page).await;
    let found = Found { results, page, limit, provinces, best_bets };
    respond(StatusCode::OK, render(t, &p, &scope, &Body::Results(Box::new(found))))
}

fn failed(t: &Text, p: &PageParams, scope: &Scope, e: ApiError) -> Response {
    let (status, message) = error_message(t, &e);
    respond(status, render(t, p, scope, &Body::Unavailable(message)))
}

/// The site named by a well-formed `site` parameter. A register that cannot be read leaves the
/// name out; the search itself still runs.
async fn scope(state: &AppState, p: &PageParams) -> Scope {
    let id = non_empty(&p.site)?.parse::<i64>().ok().filter(|id| *id > 0)?;
    match state.store.get_site(id).await {
        Ok(site) => Some((id, site.map(|s| s.input.name))),
        Err(e) => {
            tracing::warn!(error = %e, "search page: site name unavailable");
            Some((id, None))
        }
    }
}

/// Names of the provinces in the facet, by their code (the province-level unit with that code).
async fn province_names(state: &AppState, results: &SearchResults) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(codes) = results.facets.get("province") else { return out };
    let today = (state.today)();
    for f in codes.iter().filter(|f| !f.value.is_empty()).take(MAX_PROVINCES) {
        let Ok(units) = state.store.units_by_code(&f.value).await else { continue };
        let mut provinces = units.into_iter().filter(|u| u.level == UnitLevel::Province).collect::<Vec<_>>();
        provinces.sort_by_key(|u| !u.is_valid_at(today));
        if let Some(u) = provinces.into_iter().next() {
            out.push((f.value.clone(), u.name));
        }
    }
    out
}

const STYLE: &str = "\
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;line-height:1.5;color:#1a1a1a;background:#fff;font-size:1.0625rem}
.wrap{max-width:48rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #c8c8c8;padding:.5rem 0 1rem}
h1{font-size:1.5rem;margin:.5rem 0}
a{color:#0b4f9c}
a:visited{color:#5a2a82}
:focus{outline:3px solid #1a5fb4;outline-offset:2px}
:focus:not(:focus-visible){outline:none}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.skip{position:absolute;left:-999rem;top:0;background:#fff;padding:.75rem 1rem;z-index:1}
.skip:focus{left:.5rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.lang{display:inline-block;min-height:44px;padding:.6rem 0}
label{display:block;font-weight:bold;margin-bottom:.25rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem}
input[type=search]{flex:1 1 14rem;min-width:0;min-height:44px;font-size:1.1rem;padding:.5rem;border:2px solid #555;border-radius:.25rem;color:#1a1a1a;background:#fff}
input[type=date],select{min-height:44px;font-size:1rem;padding:.4rem;border:2px solid #555;border-radius:.25rem;background:#fff;color:#1a1a1a}
button{min-height:44px;min-width:44px;font-size:1.1rem;padding:.4rem 1.2rem;border:2px solid #0b4f9c;border-radius:.25rem;background:#0b4f9c;color:#fff;cursor:pointer}
details{margin:.75rem 0}
summary{min-height:44px;padding:.6rem 0;cursor:pointer}
.opts{display:flex;flex-wrap:wrap;gap:.75rem}
.opts label{font-weight:normal}
.scope,.active,.count,.dym{margin:.75rem 0}
.chip,.facets a,.pager a{display:inline-block;min-height:44px;padding:.6rem .75rem;margin:.15rem .25rem .15rem 0;border:1px solid #767676;border-radius:.25rem;text-decoration:none}
.chip:hover,.facets a:hover,.pager a:hover{text-decoration:underline}
.facets a[aria-current]{font-weight:bold;border-width:2px;border-color:#0b4f9c}
.error{border:3px solid #b00020;background:#fdecee;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
.hits{padding-left:1.5rem}
.bestbets{border:2px solid #0b4f9c;background:#f0f5fc;border-radius:.5rem;padding:.25rem 1rem;margin:1rem 0}
.bestbets h2{font-size:1.1rem;margin:.5rem 0}
.bestbets ul{list-style:none;padding:0;margin:0}
.bestbets .hit{margin:0 0 1rem}
.hit{margin:0 0 1.5rem}
.hit h3{font-size:1.15rem;margin:0;font-weight:normal}
.hit h3 a{display:inline-block;padding:.35rem 0;min-height:44px}
.url{color:#2b2b2b;margin:0;word-break:break-all;font-size:.95rem}
.meta{margin:.25rem 0;color:#333}
.official{color:#12602b;font-weight:bold;white-space:nowrap}
.snippet{margin:.25rem 0}
mark{background:#fff0a0;color:#000;font-weight:bold}
.dups{margin:.25rem 0;font-style:italic}
.related{margin:.25rem 0;padding-left:1.25rem}
.related li{margin:.1rem 0}
.related a{display:inline-block;min-height:44px;padding:.6rem 0}
.facets h3{font-size:1rem;margin:.75rem 0 .25rem}
.facets ul,.pager ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap}
.pager{margin:1.5rem 0}
.pager li{margin-right:.5rem}
.pager span{display:inline-block;padding:.6rem .75rem}
footer{border-top:1px solid #c8c8c8;margin-top:2rem;padding:1rem 0;font-size:.95rem}
code{word-break:break-all}
";

fn render(t: &Text, p: &PageParams, scope: &Scope, body: &Body) -> String {
    let params = kept(p, t);
    let q = p.q.as_deref().unwrap_or("").trim();
    let mut html = String::with_capacity(16 * 1024);
    let title = if q.is_empty() { t.title.to_string() } else { format!("{} – {}", esc(q), t.title) };
    let switch_params: Vec<(&'static str, String)> = params.iter().filter(|(k, _)| *k != "lang").cloned().collect();
    let switch = link(&switch_params, "lang", (t.lang == "vi").then_some("en"));
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">\n<title>{title}</title>\n\
<link rel=\"search\" type=\"application/opensearchdescription+xml\" href=\"/opensearch.xml\" title=\"ketnoi\">\n\
<style>\n{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">{skip}</a>\n\
<header>\n<div class=\"wrap\">\n<p><a class=\"lang\" href=\"{switch}\" lang=\"{other}\" hreflang=\"{other}\">{switch_text}</a></p>\n\
<h1>{h1}</h1>\n<p>{intro}</p>\n",
        lang = t.lang,
        skip = t.skip,
        other = t.other_lang,
        switch_text = t.switch,
        h1 = t.title,
        intro = t.intro,
    );
    form(&mut html, t, p, &params);
    html.push_str("</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<div class=\"wrap\">\n");
    if let Some((id, name)) = scope {
        let name = match name {
            Some(n) => esc(n),
            None => format!("{} {id}", t.site_unknown),
        };
        let _ = writeln!(
            html,
            "<p class=\"scope\"><strong>{}</strong> {name} · <a href=\"{}\">{}</a></p>",
            t.scope,
            link(&params, "site", None),
            t.scope_all
        );
    }
    match body {
        Body::Form => {}
        Body::Error(message) => {
            let _ = writeln!(
                html,
                "<div class=\"error\">\n<h2><span aria-hidden=\"true\">⚠</span> {}</h2>\n<p>{}</p>\n</div>",
                t.error,
                esc(message)
            );
        }
        Body::Unavailable(message) => {
            let _ = writeln!(
                html,
                "<div class=\"error\">\n<h2><span aria-hidden=\"true\">⚠</span> {}</h2>\n<p>{}</p>\n</div>",
                t.unavailable,
                esc(message)
            );
        }
        Body::Results(found) => results(&mut html, t, p, &params, found),
    }
    let _ = write!(
        html,
        "</div>\n</main>\n<footer>\n<div class=\"wrap\">\n<p>{} <a href=\"/api/docs\">API</a> (<code>GET /api/v1/search</code>), \
<a href=\"/opensearch.xml\">OpenSearch</a>, <a href=\"/verify{}\">{}</a></p>\n</div>\n</footer>\n</body>\n</html>\n",
        t.footer,
        if t.lang == "en" { "?lang=en" } else { "" },
        if t.lang == "en" { "Is this site official?" } else { "Trang này có phải trang chính thức?" },
    );
    html
}

fn form(html: &mut String, t: &Text, p: &PageParams, params: &[(&'static str, String)]) {
    let q = p.q.as_deref().unwrap_or("");
    let _ = write!(
        html,
        "<form method=\"get\" action=\"/search\" role=\"search\">\n<label for=\"q\">{label}</label>\n<div class=\"row\">\
<input id=\"q\" name=\"q\" type=\"search\" value=\"{value}\" maxlength=\"{max}\" autocomplete=\"off\" enterkeyhint=\"search\">\
<button type=\"submit\">{submit}</button></div>\n",
        label = t.label,
        value = esc(q),
        max = search::MAX_QUERY_CHARS,
        submit = t.submit,
    );
    // Filters stay with a new query; they are shown (and removable) above the results.
    for (key, value) in params {
        if matches!(*key, "type" | "unit" | "site" | "level" | "province" | "limit" | "lang") {
            let _ = writeln!(html, "<input type=\"hidden\" name=\"{key}\" value=\"{}\">", esc(value));
        }
    }
    let sort = non_empty(&p.sort).unwrap_or("relevance").to_ascii_lowercase();
    let open = non_empty(&p.from).is_some() || non_empty(&p.to).is_some() || sort == "date";
    let _ = write!(
        html,
        "<details{open}>\n<summary>{options}</summary>\n<div class=\"opts\">\n\
<div><label for=\"sort\">{sort_label}</label><select id=\"sort\" name=\"sort\">\
<option value=\"relevance\"{rel}>{relevance}</option><option value=\"date\"{date}>{newest}</option></select></div>\n\
<div><label for=\"from\">{from_label}</label><input id=\"from\" name=\"from\" type=\"date\" value=\"{from}\"></div>\n\
<div><label for=\"to\">{to_label}</label><input id=\"to\" name=\"to\" type=\"date\" value=\"{to}\"></div>\n\
</div>\n</details>\n</form>\n",
        open = if open { " open" } else { "" },
        options = t.options,
        sort_label = t.sort,
        rel = if sort == "date" { "" } else { " selected" },
        date = if sort == "date" { " selected" } else { "" },
        relevance = t.sort_relevance,
        newest = t.sort_date,
        from_label = t.from,
        from = esc(non_empty(&p.from).unwrap_or("")),
        to_label = t.to,
        to = esc(non_empty(&p.to).unwrap_or("")),
    );
}

fn province_label<'a>(found: &'a Found, code: &'a str) -> &'a str {
    found.provinces.iter().find(|(c, _)| c == code).map_or(code, |(_, name)| name.as_str())
}

fn results(html: &mut String, t: &Text, p: &PageParams, params: &[(&'static str, String)], found: &Found) {
    let r = &found.results;
    // The filters in force, each removable.
    let mut chips = Vec::new();
    if let Some(kinds) = non_empty(&p.kind) {
        chips.push((
            "type",
            kinds.split(',').map(|k| kind_words(t, &k.trim().to_ascii_lowercase())).collect::<Vec<_>>().join(", "),
        ));
    }
    if let Some(level) = non_empty(&p.level) {
        chips.push(("level", level_words(t, &level.to_ascii_lowercase()).unwrap_or(level).to_string()));
    }
    if let Some(code) = non_empty(&p.province) {
        let code = format!("{code:0>2}");
        chips.push(("province", province_label(found, &code).to_string()));
    }
    if let Some(unit) = non_empty(&p.unit) {
        chips.push(("unit", unit.to_string()));
    }
    if let Some(from) = non_empty(&p.from) {
        chips.push(("from", format!("{} {from}", t.from)));
    }
    if let Some(to) = non_empty(&p.to) {
        chips.push(("to", format!("{} {to}", t.to)));
    }
    if !chips.is_empty() {
        let _ = write!(html, "<p class=\"active\"><strong>{}</strong> ", t.active);
        for (key, label) in &chips {
            let _ = write!(
                html,
                "<a class=\"chip\" href=\"{}\">{} <span aria-hidden=\"true\">✕</span><span class=\"vh\"> ({})</span></a> ",
                link(params, key, None),
                esc(label),
                t.remove
            );
        }
        html.push_str("</p>\n");
    }
    if let Some(dym) = r.did_you_mean.as_deref().filter(|d| !d.trim().is_empty()) {
        let _ = writeln!(
            html,
            "<p class=\"dym\">{} <a href=\"{}\"><strong>{}</strong></a></p>",
            t.did_you_mean,
            link(params, "q", Some(dym)),
            esc(dym)
        );
    }
    best_bets_html(html, t, &found.best_bets);
    let count = if r.total == 1 { t.count_one } else { t.count_many };
    let _ = writeln!(html, "<h2 class=\"count\" id=\"results\">{}</h2>", count.replace("{n}", &number(t, r.total)));
    if r.total == 0 {
        let _ = writeln!(html, "<p>{}</p>", t.none);
    } else if r.hits.is_empty() {
        let _ = writeln!(
            html,
            "<p>{} <a href=\"{}\">{}</a></p>",
            t.empty_page,
            link(params, "page", None),
            page_label(t, 1, 1)
        );
    } else {
        let start = (found.page - 1) * found.limit + 1;
        let _ = writeln!(html, "<ol class=\"hits\" start=\"{start}\" aria-label=\"{}\">", t.results);
        for hit in &r.hits {
            hit_html(html, t, hit);
        }
        html.push_str("</ol>\n");
    }
    pager(html, t, params, found);
    facets(html, t, p, params, found);
}

/// The operator's best bets, in their own labelled box above the organic results.
fn best_bets_html(html: &mut String, t: &Text, bets: &[crate::best_bets::Pinned]) {
    if bets.is_empty() {
        return;
    }
    let _ = writeln!(
        html,
        "<section class=\"bestbets\" aria-labelledby=\"bestbets\">\n<h2 id=\"bestbets\">{}</h2>\n<ul>",
        t.best_bets
    );
    for bet in bets {
        html.push_str("<li class=\"hit\">\n<h3>");
        match href(&bet.url) {
            Some(h) => {
                let _ = write!(html, "<a href=\"{h}\">{}</a>", esc(&bet.title));
            }
            None => html.push_str(&esc(&bet.title)),
        }
        let _ = writeln!(html, "</h3>\n<p class=\"url\">{}</p>", esc(&bet.url));
        if let Some(d) = bet.description.as_deref().filter(|d| !d.trim().is_empty()) {
            let _ = writeln!(html, "<p class=\"snippet\">{}</p>", esc(d));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</section>\n");
}

fn page_label(t: &Text, page: i64, pages: i64) -> String {
    t.page_of.replace("{p}", &page.to_string()).replace("{n}", &pages.to_string())
}

/// A result's address as a link only when it is a web address.
fn href(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| esc(url.trim()))
}

fn hit_html(html: &mut String, t: &Text, hit: &Hit) {
    html.push_str("<li class=\"hit\">\n<h3>");
    match href(&hit.url) {
        Some(h) => {
            let _ = write!(html, "<a href=\"{h}\">{}</a>", hit.title_html);
        }
        None => html.push_str(&hit.title_html),
    }
    let _ = writeln!(html, "</h3>\n<p class=\"url\">{}</p>", esc(&hit.url));
    let mut meta = Vec::new();
    if hit.official {
        meta.push(format!("<span class=\"official\"><span aria-hidden=\"true\">✔</span> {}</span>", t.official));
    }
    meta.push(format!("<span>{}</span>", kind_words(t, &hit.kind)));
    if let Some(published) = &hit.published {
        let (shown, iso) = day(published);
        meta.push(format!("<time datetime=\"{iso}\">{shown}</time>"));
    }
    let site = hit.site_name.trim();
    let unit = hit.unit_name.trim();
    match (site.is_empty(), unit.is_empty() || unit == site) {
        (false, false) => meta.push(format!("<span>{} ({})</span>", esc(site), esc(unit))),
        (false, true) => meta.push(format!("<span>{}</span>", esc(site))),
        (true, false) => meta.push(format!("<span>{}</span>", esc(unit))),
        (true, true) => {}
    }
    let _ = writeln!(html, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if !hit.snippet_html.trim().is_empty() {
        let _ = writeln!(html, "<p class=\"snippet\">{}</p>", hit.snippet_html);
    }
    if hit.duplicates > 0 {
        let template = if hit.duplicates == 1 { t.duplicates_one } else { t.duplicates_many };
        let _ = writeln!(html, "<p class=\"dups\">{}</p>", template.replace("{n}", &number(t, hit.duplicates)));
    }
    let related: Vec<String> = hit
        .related
        .iter()
        .filter_map(|rel| {
            let h = href(&rel.url)?;
            let label = match rel.relation.as_str() {
                "same_number" => t.rel_same_number,
                "public_service" => t.rel_public_service,
                "news" => t.rel_news,
                _ => t.rel_other,
            };
            let title = if rel.title.trim().is_empty() { rel.url.as_str() } else { rel.title.as_str() };
            Some(format!("<li>{label}: <a href=\"{h}\">{}</a></li>", esc(title)))
        })
        .collect();
    if !related.is_empty() {
        let _ = write!(
            html,
            "<p><strong>{}</strong></p>\n<ul class=\"related\">\n{}\n</ul>\n",
            t.related,
            related.join("\n")
        );
    }
    html.push_str("</li>\n");
}

fn pager(html: &mut String, t: &Text, params: &[(&'static str, String)], found: &Found) {
    let total = found.results.total as i64;
    let pages = ((total + found.limit - 1) / found.limit).clamp(1, search::MAX_PAGE);
    if pages <= 1 && found.page <= 1 {
        return;
    }
    let _ = write!(html, "<nav class=\"pager\" aria-label=\"{}\">\n<ul>\n", t.pages);
    if found.page > 1 {
        let prev = (found.page - 1).min(pages);
        let value = prev.to_string();
        let target = if prev == 1 { link(params, "page", None) } else { link(params, "page", Some(&value)) };
        let _ = writeln!(
            html,
            "<li><a href=\"{target}\" rel=\"prev\"><span aria-hidden=\"true\">‹</span> {}</a></li>",
            t.prev
        );
    }
    let _ = writeln!(html, "<li><span aria-current=\"page\">{}</span></li>", page_label(t, found.page, pages));
    if found.page < pages {
        let value = (found.page + 1).to_string();
        let _ = writeln!(
            html,
            "<li><a href=\"{}\" rel=\"next\">{} <span aria-hidden=\"true\">›</span></a></li>",
            link(params, "page", Some(&value)),
            t.next
        );
    }
    html.push_str("</ul>\n</nav>\n");
}

fn facets(html: &mut String, t: &Text, p: &PageParams, params: &[(&'static str, String)], found: &Found) {
    let facet = |name: &str| -> &[FacetCount] { found.results.facets.get(name).map(Vec::as_slice).unwrap_or_default() };
    let kinds = facet("kind");
    let levels = facet("level");
    let provinces = facet("province");
    if kinds.is_empty() && levels.is_empty() && provinces.is_empty() {
        return;
    }
    let _ =
        writeln!(html, "<nav class=\"facets\" aria-labelledby=\"facets-h\">\n<h2 id=\"facets-h\">{}</h2>", t.filters);
    let current_kind = non_empty(&p.kind).map(str::to_ascii_lowercase);
    let current_level = non_empty(&p.level).map(str::to_ascii_lowercase);
    let current_province = non_empty(&p.province).map(|c| format!("{c:0>2}"));
    let groups: [(&str, &str, &[FacetCount], Option<&str>); 3] = [
        ("type", t.facet_kind, kinds, current_kind.as_deref()),
        ("level", t.facet_level, levels, current_level.as_deref()),
        ("province", t.facet_province, provinces, current_province.as_deref()),
    ];
    for (key, heading, values, current) in groups {
        let entries: Vec<String> = values
            .iter()
            .filter(|f| !f.value.is_empty() && f.count > 0)
            .take(if key == "province" { MAX_PROVINCES } else { usize::MAX })
            .filter_map(|f| {
                let label = match key {
                    "type" => kind_words(t, &f.value).to_string(),
                    "level" => level_words(t, &f.value)?.to_string(),
                    _ => province_label(found, &f.value).to_string(),
                };
                let count = number(t, f.count as usize);
                Some(if current == Some(f.value.as_str()) {
                    format!(
                        "<li><a href=\"{}\" aria-current=\"true\"><span aria-hidden=\"true\">✓ </span>{} ({count})<span class=\"vh\"> – {}</span></a></li>",
                        link(params, key, None),
                        esc(&label),
                        t.remove
                    )
                } else {
                    format!("<li><a href=\"{}\">{} ({count})</a></li>", link(params, key, Some(&f.value)), esc(&label))
                })
            })
            .collect();
        if !entries.is_empty() {
            let _ = write!(html, "<h3>{heading}</h3>\n<ul>\n{}\n</ul>\n", entries.join("\n"));
        }
    }
    html.push_str("</nav>\n");
}

/// The address this server is reached at, from `Host` (or the request target's authority), and
/// `https` only when a proxy says so with `X-Forwarded-Proto`. `None` for a missing or odd host.
fn base_url(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| uri.authority().map(|a| a.as_str().to_string()))?;
    let host = host.trim();
    let fine = !host.is_empty()
        && host.len() <= 260
        && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
        && !host.starts_with(['.', '-', ':']);
    if !fine {
        return None;
    }
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    Some(format!("{}://{}", if https { "https" } else { "http" }, host.to_ascii_lowercase()))
}

/// `GET /opensearch.xml`: lets browsers add the hub as a search engine, with suggestions.
pub async fn opensearch(headers: HeaderMap, uri: Uri) -> Response {
    let Some(base) = base_url(&headers, &uri) else {
        return ApiError::BadRequest("the Host header is missing or invalid".into()).into_response();
    };
    let base = esc(&base);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>ketnoi</ShortName>
  <Description>Tìm kiếm thông tin trên các cổng, trang thông tin điện tử chính thức của cơ quan nhà nước Việt Nam</Description>
  <Tags>chính phủ cổng thông tin văn bản dịch vụ công</Tags>
  <InputEncoding>UTF-8</InputEncoding>
  <OutputEncoding>UTF-8</OutputEncoding>
  <Language>vi</Language>
  <Url type="text/html" method="get" template="{base}/search?q={{searchTerms}}"/>
  <Url type="application/x-suggestions+json" method="get" template="{base}/api/v1/suggest?q={{searchTerms}}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="{base}/opensearch.xml"/>
</OpenSearchDescription>
"#
    );
    let mut response = xml.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/opensearchdescription+xml; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(OPENSEARCH_CACHE));
    h.insert(header::VARY, HeaderValue::from_static("Host, X-Forwarded-Proto"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[derive(Debug, Default, Deserialize)]
pub struct EmbedParams {
    site: Option<String>,
    lang: Option<String>,
}

/// Makes text safe inside an HTML comment (escaped, and no `--`).
fn comment_safe(s: &str) -> String {
    let mut out = esc(s);
    while out.contains("--") {
        out = out.replace("--", "- -");
    }
    out
}

/// `GET /embed/search-box?site=ID&lang=`: the per-site search box a member portal frames. The
/// form opens `/search?site=ID&q=…` in the top window. A site that is not (or no longer) in the
/// register gets a polite "unavailable" box, still 200, so the host page shows no error.
///
/// The snippet for the host page (also in the page source):
///
/// ```html
/// <iframe src="https://HUB/embed/search-box?site=ID" title="Tìm kiếm" width="100%" height="96"
///   style="border:0;max-width:40rem" loading="lazy"></iframe>
/// ```
pub async fn embed_box(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let p = Query::<EmbedParams>::try_from_uri(&uri).map(|Query(p)| p).unwrap_or_default();
    let t = text(p.lang.as_deref());
    let id = non_empty(&p.site).and_then(|s| s.parse::<i64>().ok()).filter(|id| *id > 0);
    let (status, site) = match id {
        None => (StatusCode::OK, None),
        Some(id) => match state.store.get_site(id).await {
            Ok(site) => (StatusCode::OK, site.filter(|s| s.input.status != SiteStatus::Retired)),
            Err(e) => {
                tracing::warn!(error = %e, "embed box: register unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, None)
            }
        },
    };
    let base = base_url(&headers, &uri).unwrap_or_else(|| "https://HUB".to_string());
    let html = match &site {
        Some(s) => embed_html(t, s.id, &s.input.name, &base),
        None => unavailable_html(t),
    };
    let mut response = (status, Html(html)).into_response();
    let h = response.headers_mut();
    let cache = if status.is_server_error() { "no-store" } else { EMBED_CACHE };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(EMBED_CSP));
    h.insert(header::VARY, HeaderValue::from_static("Host, X-Forwarded-Proto"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

const EMBED_STYLE: &str = "\
*{box-sizing:border-box}
html,body{margin:0;background:transparent}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;line-height:1.4;padding:4px}
label{display:block;font-weight:bold;margin-bottom:4px;font-size:.95rem}
.row{display:flex;gap:6px}
input{flex:1 1 auto;min-width:0;min-height:44px;font-size:1rem;padding:6px 8px;border:2px solid #555;border-radius:4px;background:#fff;color:#1a1a1a}
button{min-height:44px;min-width:44px;font-size:1rem;padding:6px 14px;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer}
:focus{outline:3px solid #1a5fb4;outline-offset:2px}
p{margin:0;font-size:.95rem}
";

fn embed_html(t: &Text, id: i64, name: &str, base: &str) -> String {
    let lang_query = if t.lang == "en" { "&amp;lang=en" } else { "" };
    let lang_input = if t.lang == "en" { "<input type=\"hidden\" name=\"lang\" value=\"en\">\n" } else { "" };
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{title} – {name}</title>
<style>
{EMBED_STYLE}</style>
</head>
<body>
<!--
  ketnoi: hộp tìm kiếm nhúng / embeddable search box
  Trang/cổng / site: {comment_name} (số / id {id})

  Dán vào trang của bạn / paste into your page:

  <iframe src="{base}/embed/search-box?site={id}{lang_query}" title="{title} – {comment_name}"
    width="100%" height="96" style="border:0;max-width:40rem" loading="lazy"></iframe>

  Nếu hệ thống không cho phép iframe, dùng biểu mẫu thuần HTML / without iframes:

  <form action="{base}/search" method="get" role="search">
    <input type="hidden" name="site" value="{id}">
    <label>{title} <input type="search" name="q"></label>
    <button type="submit">{submit}</button>
  </form>

  Content-Security-Policy của trang chủ / of the host page: frame-src {base}
-->
<form action="/search" method="get" target="_top" role="search">
<input type="hidden" name="site" value="{id}">
{lang_input}<label for="q">{label} {name}</label>
<div class="row"><input id="q" name="q" type="search" maxlength="{max}" required autocomplete="off" enterkeyhint="search"><button type="submit">{submit}</button></div>
</form>
</body>
</html>
"#,
        lang = t.lang,
        title = t.embed_title,
        name = esc(name),
        comment_name = comment_safe(name),
        base = comment_safe(base),
        label = t.embed_label,
        submit = t.embed_submit,
        max = search::MAX_QUERY_CHARS,
    )
}

fn unavailable_html(t: &Text) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n\
<style>\n{EMBED_STYLE}</style>\n</head>\n<body>\n<p>{message}</p>\n</body>\n</html>\n",
        lang = t.lang,
        title = t.embed_title,
        message = t.embed_unavailable,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_every_kind_and_level() {
        assert_eq!(kind_words(&VI, "legal_document"), "Văn bản");
        assert_eq!(kind_words(&VI, "public_service"), "Dịch vụ công");
        assert_eq!(kind_words(&VI, "weird"), "Khác");
        assert_eq!(kind_words(&EN, "media"), "Media");
        assert_eq!(level_words(&EN, "central"), Some("Central"));
        assert_eq!(level_words(&VI, "district"), None);
    }

    #[test]
    fn links_keep_other_parameters_and_are_escaped() {
        let params = vec![("q", "nghị định".to_string()), ("type", "news".to_string()), ("lang", "en".to_string())];
        assert_eq!(
            link(&params, "type", Some("media")),
            "/search?q=ngh%E1%BB%8B%20%C4%91%E1%BB%8Bnh&amp;type=media&amp;lang=en"
        );
        assert_eq!(link(&params, "type", None), "/search?q=ngh%E1%BB%8B%20%C4%91%E1%BB%8Bnh&amp;lang=en");
        assert_eq!(
            link(&params, "page", Some("2")),
            "/search?q=ngh%E1%BB%8B%20%C4%91%E1%BB%8Bnh&amp;type=news&amp;lang=en&amp;page=2"
        );
        assert_eq!(link(&[], "q", None), "/search");
    }

    #[test]
    fn dates_are_vietnamese_days() {
        let t = DateTime::parse_from_rfc3339("2022-06-23T18:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(day(&t), ("24/06/2022".to_string(), "2022-06-24".to_string()));
        assert_eq!(number(&VI, 1234567), "1.234.567");
        assert_eq!(number(&EN, 999), "999");
    }

    #[test]
    fn hosts_are_checked_and_proxies_decide_the_scheme() {
        let uri: Uri = "/opensearch.xml".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("Tim.Chinhphu.vn:8080"));
        assert_eq!(base_url(&h, &uri).as_deref(), Some("http://tim.chinhphu.vn:8080"));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(base_url(&h, &uri).as_deref(), Some("https://tim.chinhphu.vn:8080"));
        h.insert(header::HOST, HeaderValue::from_static("evil\"><x>"));
        assert_eq!(base_url(&h, &uri), None);
    }

    #[test]
    fn comments_cannot_be_closed_early() {
        assert_eq!(comment_safe("a-->b<!--c"), "a- -&gt;b&lt;!- -c");
        assert!(!comment_safe("---").contains("--"));
    }

    #[test]
    fn the_form_page_has_no_script_and_a_label() {
        for t in [&VI, &EN] {
            let page = render(t, &PageParams::default(), &None, &Body::Form);
            assert!(page.contains(&format!("<html lang=\"{}\">", t.lang)));
            assert!(page.contains("<label for=\"q\">"));
            assert!(page.contains("class=\"skip\" href=\"#main\""));
            assert!(!page.to_ascii_lowercase().contains("<script"));
        }
    }
}
