//! SharePoint 2013 publishing sites: `/tin-tuc/Pages/slug-123.aspx`, `.ms-rtestate-field`, the
//! `aspnetForm` wrapper and `__VIEWSTATE` that every SharePoint page carries.

use super::{
    ArticleHtml, Doc, Route, breadcrumb_html, footer_text, head, kind_of_section, link_list, query_value, section,
    trailing_id,
};
use crate::pages::Page;
use crate::text::esc;

pub(super) fn page_path(page: &Page) -> String {
    format!("/{}/Pages/{}-{}.aspx", section(page.kind).0, page.slug, page.id)
}

pub(super) fn list_path(sec: &str, p: u64) -> String {
    if p <= 1 { format!("/{sec}/Pages/default.aspx") } else { format!("/{sec}/Pages/default.aspx?Page={p}") }
}

pub(super) fn parse(path: &str, query: &[(String, String)]) -> Option<Route> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segs.as_slice() {
        [sec, "Pages", "default.aspx"] => {
            let p = match query_value(query, "Page") {
                Some(v) => v.parse().ok()?,
                None => 1,
            };
            Some(Route::List { kind: kind_of_section(sec)?, p })
        }
        [_, "Pages", file] => trailing_id(file.strip_suffix(".aspx")?).map(|j| Route::Page { j }),
        _ => None,
    }
}

pub(super) fn document(d: &Doc<'_>) -> String {
    format!(
        "{}<body>\n<form method=\"post\" action=\"./default.aspx\" id=\"aspnetForm\">\n<div class=\"aspNetHidden\"><input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"/wEPDwUBMA9kFgJmD2QWAgIBD2QWAgIDD2QWAg==\"></div>\n<div id=\"s4-workspace\"><div id=\"s4-bodyContainer\">\n<div id=\"s4-titlerow\" class=\"ms-dialogHidden\"><div class=\"ms-siteicon-img\"><a href=\"/\">{name}</a></div></div>\n<div id=\"DeltaTopNavigation\" class=\"ms-displayInline ms-core-navigation\"><div class=\"ms-core-listMenu-horizontalBox\">{nav}</div></div>\n<div id=\"contentRow\">\n<div id=\"sideNavBox\" class=\"ms-dialogHidden ms-forceWrap ms-noList\"><div class=\"ms-core-navigation\"><h3>Tin mới cập nhật</h3>{side}</div></div>\n<div id=\"contentBox\" aria-live=\"polite\" aria-relevant=\"all\">{crumbs}<div id=\"DeltaPlaceHolderMain\">\n{main}\n</div></div>\n</div>\n<div class=\"ms-footer\">{footer}</div>\n</div></div>\n</form>\n</body>\n</html>\n",
        head(d, ".ms-rtestate-field p{margin:0 0 10px}"),
        name = esc(&d.site.name),
        nav = link_list("root ms-core-listMenu-root static", d.nav),
        side = link_list("ms-core-listMenu-verticalBox", d.sidebar),
        crumbs = breadcrumb_html("ms-breadcrumb", d.breadcrumb),
        main = d.main,
        footer = footer_text(d.site),
    )
}

pub(super) fn article(a: &ArticleHtml<'_>) -> String {
    let print = a
        .print_href
        .map(|h| format!("<div class=\"article-tools\"><a href=\"{}\">In trang</a></div>", esc(h)))
        .unwrap_or_default();
    format!(
        "<div class=\"article article-body\" data-item-id=\"{}\">\n<h1 class=\"ms-rteElement-H1\">{}</h1>\n<div class=\"article-date\"><span id=\"ctl00_PlaceHolderMain_lblDate\" data-iso=\"{}\">{}</span></div>\n<div id=\"ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField\" class=\"ms-rtestate-field\" style=\"display:inline\">\n{}\n<p><strong>{}</strong></p>\n</div>\n{print}\n</div>",
        a.id,
        esc(a.title),
        a.date_iso,
        esc(a.date_line),
        a.body,
        esc(a.author)
    )
}
