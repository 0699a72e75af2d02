//! Joomla 3 (`com_content`): `/index.php/tin-tuc/123-slug`, `.item-page`, `?start=20` paging.

use super::{
    ArticleHtml, Doc, Route, breadcrumb_html, footer_text, head, j_of_id, kind_of_section, link_list, query_value,
    section,
};
use crate::pages::Page;
use crate::text::esc;

pub(super) fn page_path(page: &Page) -> String {
    format!("/index.php/{}/{}-{}", section(page.kind).0, page.id, page.slug)
}

pub(super) fn list_path(sec: &str, p: u64) -> String {
    if p <= 1 { format!("/index.php/{sec}") } else { format!("/index.php/{sec}?start={}", (p - 1) * super::PER_LIST) }
}

pub(super) fn parse(path: &str, query: &[(String, String)]) -> Option<Route> {
    let rest = path.strip_prefix("/index.php/")?;
    let segs: Vec<&str> = rest.split('/').collect();
    match segs.as_slice() {
        [sec] => {
            let kind = kind_of_section(sec)?;
            let p = match query_value(query, "start") {
                Some(s) => s.parse::<u64>().ok()? / super::PER_LIST + 1,
                None => 1,
            };
            Some(Route::List { kind, p })
        }
        [_, item] => j_of_id(item.split('-').next()?).map(|j| Route::Page { j }),
        _ => None,
    }
}

pub(super) fn document(d: &Doc<'_>) -> String {
    format!(
        "{}<body class=\"site com_content view-article itemid-101\">\n<div class=\"body\"><div class=\"container\">\n<header class=\"header\" role=\"banner\"><div class=\"header-inner clearfix\"><a class=\"brand pull-left\" href=\"/\"><span class=\"site-title\" title=\"{name}\">{name}</span></a></div></header>\n<nav class=\"navigation\" role=\"navigation\"><div class=\"nav-collapse\">{nav}</div></nav>\n<div class=\"moduletable\">{crumbs}</div>\n<div class=\"row-fluid\">\n<main id=\"content\" role=\"main\" class=\"span9\">\n{main}\n</main>\n<div id=\"aside\" class=\"span3\"><div class=\"moduletable\"><h3>Tin mới</h3>{side}</div></div>\n</div>\n</div></div>\n<footer class=\"footer\" role=\"contentinfo\"><div class=\"container\">{footer}<p class=\"pull-right\"><a href=\"#top\" id=\"back-top\">Lên đầu trang</a></p></div></footer>\n</body>\n</html>\n",
        head(d, ".item-page{margin:0}"),
        name = esc(&d.site.name),
        nav = link_list("nav menu nav-pills mod-list", d.nav),
        crumbs = breadcrumb_html("breadcrumb", d.breadcrumb),
        main = d.main,
        side = link_list("latestnews mod-list", d.sidebar),
        footer = footer_text(d.site),
    )
}

pub(super) fn article(a: &ArticleHtml<'_>) -> String {
    let print = a
        .print_href
        .map(|h| format!("<div class=\"icons\"><div class=\"btn-group pull-right\"><a href=\"{}\" rel=\"nofollow\">In bài</a></div></div>", esc(h)))
        .unwrap_or_default();
    format!(
        "<div class=\"item-page\" itemscope itemtype=\"https://schema.org/Article\">\n<meta itemprop=\"inLanguage\" content=\"vi-VN\">\n<div class=\"page-header\"><h2 itemprop=\"headline\">{}</h2></div>\n{print}\n<dl class=\"article-info muted\"><dt class=\"article-info-term\">Chi tiết</dt><dd class=\"published\"><span class=\"icon-calendar\"></span> <time datetime=\"{}\" itemprop=\"datePublished\">{}</time></dd></dl>\n<div itemprop=\"articleBody\">\n{}\n<p class=\"author\" style=\"text-align: right;\"><strong>{}</strong></p>\n</div>\n</div>",
        esc(a.title),
        a.date_iso,
        esc(a.date_line),
        a.body,
        esc(a.author)
    )
}
