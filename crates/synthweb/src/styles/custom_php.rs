//! Home-made PHP portals of the 2000s: `/?act=detail&id=5`, table layout, no semantic markup.

use super::{ArticleHtml, Doc, Route, footer_text, head, j_of_id, kind_of_section, query_value};
use crate::model::PageKind;
use crate::pages::Page;
use crate::text::esc;

fn act(kind: PageKind) -> &'static str {
    match kind {
        PageKind::News => "detail",
        PageKind::LegalDocument => "vanban",
        PageKind::PublicService => "thutuc",
        PageKind::Media => "video",
        PageKind::Other => "trang",
    }
}

pub(super) fn page_path(page: &Page) -> String {
    format!("/?act={}&id={}", act(page.kind), page.id)
}

pub(super) fn list_path(sec: &str, p: u64) -> String {
    if p <= 1 { format!("/?act=list&cat={sec}") } else { format!("/?act=list&cat={sec}&page={p}") }
}

pub(super) fn parse(path: &str, query: &[(String, String)]) -> Option<Route> {
    if path != "/" && path != "/index.php" {
        return None;
    }
    match query_value(query, "act")? {
        "list" => {
            let kind = kind_of_section(query_value(query, "cat")?)?;
            let p = match query_value(query, "page") {
                Some(v) => v.parse().ok()?,
                None => 1,
            };
            Some(Route::List { kind, p })
        }
        "detail" | "vanban" | "thutuc" | "video" | "trang" => {
            j_of_id(query_value(query, "id")?).map(|j| Route::Page { j })
        }
        _ => None,
    }
}

pub(super) fn document(d: &Doc<'_>) -> String {
    let menu: Vec<String> =
        d.nav.iter().map(|(h, l)| format!("<a href=\"{}\" class=\"menu\">{}</a>", esc(h), esc(l))).collect();
    let side: Vec<String> = d
        .sidebar
        .iter()
        .map(|(h, l)| format!("<tr><td class=\"item\">&raquo; <a href=\"{}\">{}</a></td></tr>", esc(h), esc(l)))
        .collect();
    format!(
        "{}<body leftmargin=\"0\" topmargin=\"0\">\n<table width=\"980\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\" align=\"center\">\n<tr><td colspan=\"2\" class=\"banner\" height=\"120\"><a href=\"/\"><img src=\"/images/banner.jpg\" alt=\"{name}\" width=\"980\" height=\"120\" border=\"0\"></a></td></tr>\n<tr><td colspan=\"2\" class=\"menu\">{menu}</td></tr>\n<tr><td width=\"220\" valign=\"top\" class=\"left\"><div class=\"boxtitle\">Tin mới</div><table width=\"100%\">{side}</table></td>\n<td width=\"760\" valign=\"top\" class=\"content\">\n{main}\n</td></tr>\n<tr><td colspan=\"2\" class=\"footer\" align=\"center\">{footer}</td></tr>\n</table>\n</body>\n</html>\n",
        head(d, "td.content{padding:8px}"),
        name = esc(&d.site.name),
        menu = menu.join(" | "),
        side = side.join(""),
        main = d.main,
        footer = footer_text(d.site),
    )
}

pub(super) fn article(a: &ArticleHtml<'_>) -> String {
    let print = a
        .print_href
        .map(|h| format!("<div class=\"tools\"><a href=\"{}\">Bản in</a></div>", esc(h)))
        .unwrap_or_default();
    format!(
        "<div class=\"detail\" id=\"news{}\">\n<div class=\"title_detail\">{}</div>\n<div class=\"date_detail\" title=\"{}\">Ngày đăng: {}</div>\n<div class=\"content_detail\">\n{}\n</div>\n<div class=\"author_detail\" align=\"right\"><b>{}</b></div>\n{print}\n</div>",
        a.id,
        esc(a.title),
        a.date_iso,
        esc(a.date_line),
        a.body,
        esc(a.author)
    )
}
