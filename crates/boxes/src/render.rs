//! Box pages, rendered on the server: the page an iframe shows, and the
//! items fragment the box fetches to refresh or turn a page. Every text that
//! came from content is escaped; every URL passed [`media::safe_url`].
//!
//! The page's only inline code is one `<style>` that sets the box's colours;
//! its hash is returned so the page's CSP can allow exactly that block.

use std::fmt::Write as _;

use base64::Engine as _;
use ketnoi_domain::{HubItem, HubItemType};
use sha2::{Digest, Sha256};

use crate::assets;
use crate::embed::PublicUrls;
use crate::html::{esc, shorten};
use crate::media;
use crate::spec::{BoxSpec, Criteria, Template};

/// One page of a box's items.
pub struct Listing<'a> {
    pub items: &'a [HubItem],
    /// Items matching the box in all.
    pub total: i64,
    /// From 1.
    pub page: u32,
}

/// Where a box's page and its fragment live, as paths on the box host
/// (with any query they need, e.g. the preview's spec).
pub struct Paths {
    pub page: String,
    pub items: String,
}

impl Paths {
    pub fn saved(id: i64) -> Paths {
        Paths { page: format!("/box/{id}"), items: format!("/box/{id}/items") }
    }

    /// An unsaved box, carried in the query string.
    pub fn preview(spec: &BoxSpec) -> Paths {
        let form = spec.to_form();
        let query = crate::html::query_string(form.iter().map(|(k, v)| (*k, v.as_str())));
        Paths { page: format!("/box/preview?{query}"), items: format!("/box/preview/items?{query}") }
    }

    fn with_page(path: &str, page: u32) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}page={page}")
    }
}

pub struct RenderedPage {
    pub html: String,
    /// `'sha256-…'` of the inline style block, for `style-src`.
    pub style_hash: String,
}

/// The CSP of a box page. `frame_ancestors` is the list of sources that may embed it.
pub fn box_csp(urls: &PublicUrls, style_hash: &str, frame_ancestors: &str) -> String {
    let statics = PublicUrls::origin(&urls.statics);
    format!(
        "default-src 'none'; script-src {statics}; style-src {statics} {style_hash}; img-src http: https:; \
         media-src http: https:; font-src {statics}; connect-src 'self'; base-uri 'none'; form-action 'none'; \
         frame-ancestors {frame_ancestors}"
    )
}

fn hash_of(style: &str) -> String {
    let digest = Sha256::digest(style.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The page a box's iframe shows. `refresh_seconds`: how often it fetches
/// its items again; `state`: the data's ETag, so a refresh that brings
/// nothing new changes nothing.
pub fn box_page(
    spec: &BoxSpec,
    listing: &Listing,
    urls: &PublicUrls,
    paths: &Paths,
    refresh_seconds: u32,
    state: &str,
) -> RenderedPage {
    let style = format!(
        ":root{{--kn-head-bg:{};--kn-head-fg:{};--kn-bg:{};--kn-fg:{}}}",
        spec.header_background, spec.header_text, spec.background, spec.text
    );
    let mut html = page_head(&spec.title, urls, &style);
    let _ = write!(
        html,
        "<body class=\"kn-{template}\" data-refresh=\"{refresh_seconds}\" data-items=\"{items}\" data-state=\"{state}\">\
         <div class=\"kn-root\"><header class=\"kn-head\">",
        template = spec.template.as_str(),
        items = esc(&paths.items),
        state = esc(state),
    );
    if spec.emblem {
        let _ = write!(
            html,
            "<img class=\"kn-emblem\" src=\"{}\" alt=\"Quốc huy\" width=\"32\" height=\"32\">",
            esc(&urls.asset_url(assets::EMBLEM))
        );
    }
    let _ = write!(
        html,
        "<h1 class=\"kn-title\">{}</h1></header><div id=\"kn-items\" class=\"kn-items\" tabindex=\"-1\" aria-live=\"polite\">{}</div></div></body></html>",
        esc(&spec.title),
        items_fragment(spec, listing, paths)
    );
    RenderedPage { html, style_hash: hash_of(&style) }
}

fn page_head(title: &str, urls: &PublicUrls, style: &str) -> String {
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">\
         <title>{}</title><base target=\"_top\">\
         <link rel=\"stylesheet\" href=\"{}\"><style>{style}</style>\
         <script src=\"{}\" defer></script></head>",
        esc(title),
        esc(&urls.asset_url(assets::BOX_CSS)),
        esc(&urls.asset_url(assets::BOX_JS)),
    )
}

/// The polite page shown for an unknown or deleted box: small, in the
/// box's own style, never an error page inside someone's portal.
pub fn unavailable_page(urls: &PublicUrls) -> RenderedPage {
    let style = ":root{--kn-head-bg:#f2f2f2;--kn-head-fg:#222222;--kn-bg:#ffffff;--kn-fg:#222222}";
    let mut html = page_head("Box thông tin không khả dụng", urls, style);
    html.push_str(
        "<body class=\"kn-unavailable\" data-refresh=\"0\"><div class=\"kn-root\"><p class=\"kn-empty\">\
         Box thông tin này hiện không khả dụng.<br><span lang=\"en\">This information box is unavailable.</span>\
         </p></div></body></html>",
    );
    RenderedPage { html, style_hash: hash_of(style) }
}

/// The builder's preview of a box that breaks a rule: the rules, in the
/// box's frame, so the operator sees why there is nothing to preview.
pub fn invalid_page(urls: &PublicUrls, errors: &[crate::SpecError]) -> RenderedPage {
    let style = ":root{--kn-head-bg:#fdecea;--kn-head-fg:#5f1410;--kn-bg:#ffffff;--kn-fg:#222222}";
    let mut html = page_head("Box chưa hợp lệ", urls, style);
    html.push_str("<body class=\"kn-invalid\" data-refresh=\"0\"><div class=\"kn-root\"><header class=\"kn-head\"><h1 class=\"kn-title\">Box chưa hợp lệ</h1></header><ul class=\"kn-errors\" role=\"alert\">");
    for e in errors {
        let _ = write!(html, "<li>{} <span lang=\"en\">{}</span></li>", esc(&e.vi), esc(&e.en));
    }
    html.push_str("</ul></div></body></html>");
    RenderedPage { html, style_hash: hash_of(style) }
}

/// The items of one page in the box's layout, with the pager of a paged box.
pub fn items_fragment(spec: &BoxSpec, listing: &Listing, paths: &Paths) -> String {
    let mut out = String::new();
    if listing.items.is_empty() {
        out.push_str("<p class=\"kn-empty\">Chưa có thông tin.</p>");
    } else {
        match spec.template {
            Template::NewsList => news_list(&mut out, listing.items),
            Template::NewsGrid => news_grid(&mut out, listing.items),
            Template::VideoPlaylist => video_playlist(&mut out, listing.items),
            Template::DocumentTable => document_table(&mut out, listing.items),
        }
    }
    if spec.criteria == Criteria::Paged {
        pager(&mut out, spec, listing, paths);
    }
    out
}

/// A title, linked to its original page when it has a safe one.
fn title_link(out: &mut String, item: &HubItem, class: &str) {
    match media::item_link(item) {
        Some(href) => {
            let _ = write!(out, "<a class=\"{class}\" href=\"{}\">{}</a>", esc(&href), esc(&item.input.title));
        }
        None => {
            let _ = write!(out, "<span class=\"{class}\">{}</span>", esc(&item.input.title));
        }
    }
}

fn date(out: &mut String, item: &HubItem) {
    let _ = write!(out, "<span class=\"kn-date\">{}</span>", media::date(item));
}

fn news_list(out: &mut String, items: &[HubItem]) {
    out.push_str("<ul class=\"kn-list\">");
    for item in items {
        out.push_str("<li class=\"kn-item\">");
        if item.input.item_type == HubItemType::Video {
            out.push_str("<span class=\"kn-badge\">Video</span> ");
        }
        title_link(out, item, "kn-link");
        date(out, item);
        if !item.input.sapo.is_empty() {
            let _ = write!(out, "<p class=\"kn-sapo\">{}</p>", esc(&shorten(&item.input.sapo, 180)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn news_grid(out: &mut String, items: &[HubItem]) {
    out.push_str("<ul class=\"kn-grid\">");
    for item in items {
        out.push_str("<li class=\"kn-card\">");
        match media::image(item) {
            Some(src) => {
                let _ = write!(
                    out,
                    "<img class=\"kn-thumb\" src=\"{}\" alt=\"\" width=\"320\" height=\"180\" loading=\"lazy\" decoding=\"async\">",
                    esc(&src)
                );
            }
            None => out.push_str("<span class=\"kn-thumb kn-thumb-none\" aria-hidden=\"true\"></span>"),
        }
        title_link(out, item, "kn-link");
        date(out, item);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// The first video on the stage, the rest in a list. Nothing is loaded from
/// a video host until someone presses play.
fn video_playlist(out: &mut String, items: &[HubItem]) {
    let first = &items[0];
    out.push_str("<div class=\"kn-player\"><div class=\"kn-stage\">");
    play_button(out, first);
    out.push_str("</div><h2 class=\"kn-now\">");
    title_link(out, first, "kn-link");
    out.push_str("</h2></div>");
    if items.len() > 1 {
        out.push_str("<ol class=\"kn-playlist\">");
        for item in items {
            out.push_str("<li>");
            match media::video_file(item) {
                Some(file) => {
                    let _ = write!(
                        out,
                        "<button type=\"button\" class=\"kn-pick\" data-video=\"{}\" data-poster=\"{}\" data-href=\"{}\">\
                         <span class=\"kn-pick-title\">{}</span> ",
                        esc(&file),
                        esc(&media::image(item).unwrap_or_default()),
                        esc(&media::item_link(item).unwrap_or_default()),
                        esc(&item.input.title),
                    );
                    date(out, item);
                    out.push_str("</button>");
                }
                None => {
                    title_link(out, item, "kn-pick");
                    date(out, item);
                }
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
}

fn play_button(out: &mut String, item: &HubItem) {
    let poster = media::image(item);
    let poster_img = poster
        .as_ref()
        .map(|p| {
            format!(
                "<img class=\"kn-poster\" src=\"{}\" alt=\"\" width=\"640\" height=\"360\" loading=\"lazy\">",
                esc(p)
            )
        })
        .unwrap_or_default();
    let label = format!("Phát video: {}", item.input.title);
    match media::video_file(item) {
        Some(file) => {
            let _ = write!(
                out,
                "<button type=\"button\" class=\"kn-play\" data-video=\"{}\" data-poster=\"{}\" aria-label=\"{}\">{poster_img}\
                 <span class=\"kn-play-icon\" aria-hidden=\"true\">▶</span></button>",
                esc(&file),
                esc(&poster.clone().unwrap_or_default()),
                esc(&label),
            );
        }
        None => {
            // No file a player can load: the play button opens the original page.
            let href = media::item_link(item).unwrap_or_else(|| "#".into());
            let _ = write!(
                out,
                "<a class=\"kn-play\" href=\"{}\" aria-label=\"{}\">{poster_img}<span class=\"kn-play-icon\" aria-hidden=\"true\">▶</span></a>",
                esc(&href),
                esc(&label),
            );
        }
    }
}

fn document_table(out: &mut String, items: &[HubItem]) {
    out.push_str(
        "<table class=\"kn-docs\"><thead><tr><th scope=\"col\">Số hiệu</th><th scope=\"col\">Ngày ban hành</th>\
         <th scope=\"col\">Trích yếu</th></tr></thead><tbody>",
    );
    for item in items {
        let number = media::document_number(item).unwrap_or_else(|| "—".into());
        let _ = write!(out, "<tr><td class=\"kn-number\">{}</td><td>", esc(&number));
        date(out, item);
        out.push_str("</td><td>");
        title_link(out, item, "kn-link");
        if !item.input.sapo.is_empty() {
            let _ = write!(out, "<p class=\"kn-sapo\">{}</p>", esc(&shorten(&item.input.sapo, 240)));
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

pub fn page_count(total: i64, per_page: u32) -> u32 {
    let per_page = i64::from(per_page.max(1));
    u32::try_from(((total.max(0) + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX)
}

/// Links work without script (the iframe loads the page); the box's script
/// turns them into in-place fetches.
fn pager(out: &mut String, spec: &BoxSpec, listing: &Listing, paths: &Paths) {
    let pages = page_count(listing.total, spec.count);
    if pages <= 1 {
        return;
    }
    let page = listing.page.clamp(1, pages);
    out.push_str("<nav class=\"kn-pager\" aria-label=\"Phân trang\">");
    let link = |out: &mut String, to: u32, text: &str, label: &str| {
        let _ = write!(
            out,
            "<a href=\"{}\" data-page=\"{to}\" target=\"_self\" aria-label=\"{label}\">{text}</a>",
            esc(&Paths::with_page(&paths.page, to))
        );
    };
    if page > 1 {
        link(out, page - 1, "‹", "Trang trước");
    }
    let _ = write!(out, "<span class=\"kn-page\" aria-current=\"page\">Trang {page}/{pages}</span>");
    if page < pages {
        link(out, page + 1, "›", "Trang sau");
    }
    out.push_str("</nav>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::tests::test_item;
    use crate::spec::Content;

    fn item(id: i64, kind: HubItemType, title: &str) -> HubItem {
        let mut item = test_item();
        item.id = id;
        item.input.item_type = kind;
        item.input.title = title.into();
        item
    }

    fn urls() -> PublicUrls {
        PublicUrls::single("http://box.test")
    }

    #[test]
    fn content_is_escaped_and_hostile_urls_are_dropped() {
        let mut evil = item(1, HubItemType::News, "<script>alert(1)</script>\"onmouseover=\"x");
        evil.input.sapo = "<img src=x onerror=alert(1)>".into();
        evil.input.original_url = "javascript:alert(1)".into();
        evil.input.avatar = "javascript:alert(2)".into();
        for template in [Template::NewsList, Template::NewsGrid, Template::VideoPlaylist] {
            let spec = BoxSpec { template, ..BoxSpec::default() };
            let listing = Listing { items: std::slice::from_ref(&evil), total: 1, page: 1 };
            let page = box_page(&spec, &listing, &urls(), &Paths::saved(1), 60, "\"x\"");
            assert!(!page.html.contains("<script>alert"), "{template:?}");
            assert!(!page.html.contains("<img src=x"), "{template:?}");
            assert!(!page.html.contains("javascript:"), "{template:?}");
            assert!(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover"), "{template:?}");
        }
    }

    #[test]
    fn the_style_hash_is_of_the_inline_block_and_the_title_is_text() {
        let spec = BoxSpec { title: "</style><script>x</script>".into(), ..BoxSpec::default() };
        let page = box_page(&spec, &Listing { items: &[], total: 0, page: 1 }, &urls(), &Paths::saved(3), 60, "s");
        let style = page.html.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
        assert_eq!(page.style_hash, hash_of(style));
        assert!(page.html.contains("<title>&lt;/style&gt;&lt;script&gt;x&lt;/script&gt;</title>"));
        assert!(page.html.contains("lang=\"vi\"") && page.html.contains("<base target=\"_top\">"));
        assert!(page.html.contains("Chưa có thông tin."));
    }

    #[test]
    fn documents_show_number_date_and_abstract() {
        let mut doc = item(5, HubItemType::Document, "Nghị định số 12/2025/NĐ-CP quy định về cổng thông tin");
        doc.input.sapo = "Quy định chi tiết".into();
        doc.input.published_date = chrono::NaiveDate::from_ymd_opt(2025, 2, 3).unwrap().and_hms_opt(8, 0, 0);
        let spec = BoxSpec { content: Content::Documents, template: Template::DocumentTable, ..BoxSpec::default() };
        let html = items_fragment(&spec, &Listing { items: &[doc], total: 1, page: 1 }, &Paths::saved(1));
        assert!(html.contains("<td class=\"kn-number\">12/2025/NĐ-CP</td>"), "{html}");
        assert!(html.contains("03/02/2025") && html.contains("Quy định chi tiết"));
    }

    #[test]
    fn paged_boxes_link_pages_that_work_without_script() {
        let items: Vec<HubItem> = (1..=3).map(|i| item(i, HubItemType::News, "Tin")).collect();
        let spec = BoxSpec { criteria: Criteria::Paged, count: 3, ..BoxSpec::default() };
        let html = items_fragment(&spec, &Listing { items: &items, total: 7, page: 2 }, &Paths::saved(9));
        assert!(html.contains("Trang 2/3"));
        assert!(html.contains("href=\"/box/9?page=1\" data-page=\"1\" target=\"_self\""));
        assert!(html.contains("href=\"/box/9?page=3\" data-page=\"3\""));
        let preview = Paths::preview(&spec);
        assert!(Paths::with_page(&preview.page, 2).contains("&page=2"));
    }

    #[test]
    fn videos_load_nothing_until_played() {
        let mut v = item(2, HubItemType::Video, "Họp báo");
        v.input.attachments = r#"{"url":"https://cdn.gov.vn/hop-bao.mp4"}"#.into();
        let spec = BoxSpec { template: Template::VideoPlaylist, ..BoxSpec::default() };
        let html = items_fragment(&spec, &Listing { items: &[v.clone(), v], total: 2, page: 1 }, &Paths::saved(1));
        assert!(!html.contains("<video") && !html.contains("<iframe"));
        assert!(html.contains("data-video=\"https://cdn.gov.vn/hop-bao.mp4\""));
        assert!(html.contains("aria-label=\"Phát video: Họp báo\""));
    }

    #[test]
    fn the_unavailable_box_is_polite() {
        let page = unavailable_page(&urls());
        assert!(page.html.contains("hiện không khả dụng"));
        assert!(!page.html.to_lowercase().contains("error"));
    }
}
