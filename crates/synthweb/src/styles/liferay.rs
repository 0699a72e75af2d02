//! Liferay 6/7 portals: `/web/guest/tin-tuc/cong-khai/-/asset_publisher/tintuc/content/slug-123`,
//! portlets, `.journal-content-article`.

use super::{
    ArticleHtml, Doc, Route, breadcrumb_html, footer_text, head, kind_of_section, link_list, query_value, section,
    trailing_id,
};
use crate::model::PageKind;
use crate::pages::Page;
use crate::text::esc;

pub(super) fn page_path(page: &Page) -> String {
    match page.kind {
        PageKind::News => {
            let sub = if page.news_public { "cong-khai" } else { "noi-bo" };
            format!("/web/guest/tin-tuc/{sub}/-/asset_publisher/tintuc/content/{}-{}", page.slug, page.id)
        }
        kind => {
            let sec = section(kind).0;
            format!("/web/guest/{sec}/-/asset_publisher/{}/content/{}-{}", sec.replace('-', ""), page.slug, page.id)
        }
    }
}

pub(super) fn list_path(sec: &str, p: u64) -> String {
    if p <= 1 { format!("/web/guest/{sec}") } else { format!("/web/guest/{sec}?cur={p}") }
}

pub(super) fn parse(path: &str, query: &[(String, String)]) -> Option<Route> {
    let rest = path.strip_prefix("/web/guest/")?;
    if rest.contains("/-/asset_publisher/") {
        return trailing_id(rest.rsplit('/').next()?).map(|j| Route::Page { j });
    }
    let kind = kind_of_section(rest)?;
    let p = match query_value(query, "cur") {
        Some(v) => v.parse().ok()?,
        None => 1,
    };
    Some(Route::List { kind, p })
}

pub(super) fn document(d: &Doc<'_>) -> String {
    format!(
        "{}<body class=\"controls-visible signed-out public-page site\">\n<div id=\"wrapper\" class=\"container-fluid\">\n<header id=\"banner\" role=\"banner\"><div id=\"heading\"><h1 class=\"site-title\"><a class=\"logo default-logo\" href=\"/\" title=\"{name}\"><span class=\"site-name\">{name}</span></a></h1></div>\n<nav class=\"sort-pages modify-pages\" id=\"navigation\" role=\"navigation\">{nav}</nav></header>\n<div id=\"content\">{crumbs}<div class=\"portlet-layout row-fluid\">\n<div class=\"portlet-column portlet-column-first span8\" id=\"column-1\"><div class=\"portlet-boundary portlet-boundary_56_ portlet-journal-content\"><section class=\"portlet\"><div class=\"portlet-content\">\n{main}\n</div></section></div></div>\n<div class=\"portlet-column portlet-column-last span4\" id=\"column-2\"><div class=\"portlet-boundary portlet-asset-publisher\"><h2 class=\"portlet-title\">Tin mới</h2>{side}</div></div>\n</div></div>\n<footer id=\"footer\" role=\"contentinfo\">{footer}</footer>\n</div>\n</body>\n</html>\n",
        head(d, ".journal-content-article p{text-align:justify}"),
        name = esc(&d.site.name),
        nav = link_list("nav nav-collapse", d.nav),
        crumbs = breadcrumb_html("breadcrumb breadcrumb-horizontal", d.breadcrumb),
        main = d.main,
        side = link_list("asset-list", d.sidebar),
        footer = footer_text(d.site),
    )
}

pub(super) fn article(a: &ArticleHtml<'_>) -> String {
    let print = a
        .print_href
        .map(|h| format!("<div class=\"taglib-icon print-action\"><a href=\"{}\">In bài viết</a></div>", esc(h)))
        .unwrap_or_default();
    format!(
        "<div class=\"journal-content-article\" data-analytics-asset-id=\"{}\">\n<h3 class=\"header-title\">{}</h3>\n<div class=\"date-public\"><span class=\"publish-date\" data-iso=\"{}\">{}</span></div>\n{}\n<div class=\"author-name\">{}</div>\n{print}\n</div>",
        a.id,
        esc(a.title),
        a.date_iso,
        esc(a.date_line),
        a.body,
        esc(a.author)
    )
}
