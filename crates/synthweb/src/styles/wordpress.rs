//! WordPress: `/2024/05/slug-123/` posts, `/chuyen-muc/tin-tuc/page/2/` archives, `.entry-content`.

use super::{
    ArticleHtml, Doc, Route, breadcrumb_html, footer_text, head, kind_of_section, link_list, section, trailing_id,
};
use crate::model::PageKind;
use crate::pages::Page;
use crate::text::esc;

pub(super) fn page_path(page: &Page) -> String {
    match page.kind {
        PageKind::News => format!("/{}/{}-{}/", page.published.format("%Y/%m"), page.slug, page.id),
        kind => format!("/{}/{}-{}/", section(kind).0, page.slug, page.id),
    }
}

pub(super) fn list_path(sec: &str, p: u64) -> String {
    if p <= 1 { format!("/chuyen-muc/{sec}/") } else { format!("/chuyen-muc/{sec}/page/{p}/") }
}

pub(super) fn parse(path: &str) -> Option<Route> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segs.as_slice() {
        ["chuyen-muc", sec] => Some(Route::List { kind: kind_of_section(sec)?, p: 1 }),
        ["chuyen-muc", sec, "page", p] => Some(Route::List { kind: kind_of_section(sec)?, p: p.parse().ok()? }),
        [_, _, last] | [_, last] => trailing_id(last).map(|j| Route::Page { j }),
        _ => None,
    }
}

pub(super) fn document(d: &Doc<'_>) -> String {
    format!(
        "{}<body class=\"post-template-default single single-post\">\n<div id=\"page\" class=\"site\">\n<a class=\"skip-link screen-reader-text\" href=\"#content\">Chuyển đến nội dung</a>\n<header id=\"masthead\" class=\"site-header\"><div class=\"site-branding\"><p class=\"site-title\"><a href=\"/\" rel=\"home\">{name}</a></p><p class=\"site-description\">{unit}</p></div>\n<nav id=\"site-navigation\" class=\"main-navigation\">{nav}</nav></header>\n{crumbs}\n<div id=\"content\" class=\"site-content\"><div id=\"primary\" class=\"content-area\"><main id=\"main\" class=\"site-main\">\n{main}\n</main></div>\n<aside id=\"secondary\" class=\"widget-area\"><section class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Bài viết mới</h2>{side}</section></aside></div>\n<footer id=\"colophon\" class=\"site-footer\"><div class=\"site-info\">{footer}</div></footer>\n</div>\n</body>\n</html>\n",
        head(d, ".entry-content p{line-height:1.6}"),
        name = esc(&d.site.name),
        unit = esc(&d.site.unit_name),
        nav = link_list("menu nav-menu", d.nav),
        crumbs = breadcrumb_html("breadcrumbs", d.breadcrumb),
        main = d.main,
        side = link_list("recent-posts", d.sidebar),
        footer = footer_text(d.site),
    )
}

pub(super) fn article(a: &ArticleHtml<'_>) -> String {
    let print =
        a.print_href.map(|h| format!(" <a class=\"print-link\" href=\"{}\">Bản in</a>", esc(h))).unwrap_or_default();
    format!(
        "<article id=\"post-{id}\" class=\"post-{id} post type-post status-publish format-standard hentry\">\n<header class=\"entry-header\"><h1 class=\"entry-title\">{}</h1><div class=\"entry-meta\"><span class=\"posted-on\">Đăng ngày <time class=\"entry-date published\" datetime=\"{}\">{}</time></span></div></header>\n<div class=\"entry-content\">\n{}\n</div>\n<footer class=\"entry-footer\"><span class=\"byline\">{}</span>{print}</footer>\n</article>",
        esc(a.title),
        a.date_iso,
        esc(a.date_line),
        a.body,
        esc(a.author),
        id = a.id,
    )
}
