//! Portal styles: URL shapes and HTML idiom of each CMS, one file per CMS.

mod custom_php;
mod joomla;
mod liferay;
mod sharepoint;
mod wordpress;

use crate::model::{PageKind, SiteSpec, Style};
use crate::pages::{ID_BASE, Page};

/// What a path names on a site, before it is checked by regenerating the canonical path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Home,
    List { kind: PageKind, p: u64 },
    Page { j: u64 },
    Attachment { j: u64 },
}

/// Listing pages show this many items.
pub(crate) const PER_LIST: u64 = 20;

pub(crate) const KINDS: [PageKind; 5] =
    [PageKind::News, PageKind::LegalDocument, PageKind::PublicService, PageKind::Media, PageKind::Other];

/// (URL segment, Vietnamese section name)
pub(crate) fn section(kind: PageKind) -> (&'static str, &'static str) {
    match kind {
        PageKind::News => ("tin-tuc", "Tin tức - Sự kiện"),
        PageKind::LegalDocument => ("van-ban", "Văn bản chỉ đạo, điều hành"),
        PageKind::PublicService => ("thu-tuc-hanh-chinh", "Thủ tục hành chính"),
        PageKind::Media => ("video", "Thư viện video"),
        PageKind::Other => ("gioi-thieu", "Giới thiệu"),
    }
}

pub(crate) fn kind_of_section(seg: &str) -> Option<PageKind> {
    KINDS.into_iter().find(|k| section(*k).0 == seg)
}

/// Page index from a URL id, if it is one.
pub(crate) fn j_of_id(id: &str) -> Option<u64> {
    id.parse::<u64>().ok()?.checked_sub(ID_BASE)
}

/// Digits after the last '-' of a segment ("slug-123" → 123).
pub(crate) fn trailing_id(seg: &str) -> Option<u64> {
    j_of_id(seg.rsplit('-').next()?)
}

pub(crate) fn query_value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub(crate) fn page_path(site: &SiteSpec, page: &Page) -> String {
    match site.style {
        Style::Joomla => joomla::page_path(page),
        Style::WordPress => wordpress::page_path(page),
        Style::SharePoint => sharepoint::page_path(page),
        Style::Liferay => liferay::page_path(page),
        Style::CustomPhp => custom_php::page_path(page),
    }
}

pub(crate) fn attachment_path(site: &SiteSpec, page: &Page) -> String {
    match site.style {
        Style::Joomla => format!("/images/van-ban/{}-{}.pdf", page.slug, page.id),
        Style::WordPress => {
            format!("/wp-content/uploads/{}/{}-{}.pdf", page.published.format("%Y/%m"), page.slug, page.id)
        }
        Style::SharePoint => format!("/VanBan/Documents/{}-{}.pdf", page.slug, page.id),
        Style::Liferay => format!("/documents/20182/0/{}-{}.pdf", page.slug, page.id),
        Style::CustomPhp => format!("/upload/vanban/{}-{}.pdf", page.slug, page.id),
    }
}

/// Path of listing page `p` (1-based) of a category.
pub(crate) fn list_path(site: &SiteSpec, kind: PageKind, p: u64) -> String {
    let sec = section(kind).0;
    match site.style {
        Style::Joomla => joomla::list_path(sec, p),
        Style::WordPress => wordpress::list_path(sec, p),
        Style::SharePoint => sharepoint::list_path(sec, p),
        Style::Liferay => liferay::list_path(sec, p),
        Style::CustomPhp => custom_php::list_path(sec, p),
    }
}

pub(crate) fn feed_path(site: &SiteSpec) -> &'static str {
    match site.style {
        Style::Joomla => "/index.php/tin-tuc?format=feed&type=rss",
        Style::WordPress => "/feed/",
        Style::SharePoint => "/Pages/rss.aspx",
        Style::Liferay => "/web/guest/rss",
        Style::CustomPhp => "/rss.php",
    }
}

/// Candidate route of a path (query already stripped of tracking and print parameters).
pub(crate) fn parse(site: &SiteSpec, path: &str, query: &[(String, String)]) -> Option<Route> {
    if path == "/" && query.is_empty() {
        return Some(Route::Home);
    }
    if path.ends_with(".pdf") {
        let stem = path.rsplit('/').next()?.trim_end_matches(".pdf");
        return trailing_id(stem).map(|j| Route::Attachment { j });
    }
    match site.style {
        Style::Joomla => joomla::parse(path, query),
        Style::WordPress => wordpress::parse(path),
        Style::SharePoint => sharepoint::parse(path, query),
        Style::Liferay => liferay::parse(path, query),
        Style::CustomPhp => custom_php::parse(path, query),
    }
}

/// A whole HTML document around some main content.
pub(crate) struct Doc<'a> {
    pub site: &'a SiteSpec,
    pub title: &'a str,
    /// Extra `<head>` markup (meta tags, canonical, JSON-LD), already escaped.
    pub head: &'a str,
    /// `<meta charset>` value, if the page declares one.
    pub charset_meta: Option<&'a str>,
    /// Top navigation (href, label).
    pub nav: &'a [(String, String)],
    pub breadcrumb: &'a [(String, String)],
    /// Main content HTML.
    pub main: &'a str,
    /// Sidebar links (href, label).
    pub sidebar: &'a [(String, String)],
    /// Legacy sites set `font-family: .VnTime`.
    pub legacy_font: bool,
}

/// An article in the CMS's idiom.
pub(crate) struct ArticleHtml<'a> {
    pub id: u64,
    pub title: &'a str,
    pub date_line: &'a str,
    pub date_iso: &'a str,
    /// Body HTML (lead, paragraphs, tables, attachments).
    pub body: &'a str,
    pub author: &'a str,
    pub print_href: Option<&'a str>,
}

pub(crate) fn document(d: &Doc<'_>) -> String {
    match d.site.style {
        Style::Joomla => joomla::document(d),
        Style::WordPress => wordpress::document(d),
        Style::SharePoint => sharepoint::document(d),
        Style::Liferay => liferay::document(d),
        Style::CustomPhp => custom_php::document(d),
    }
}

pub(crate) fn article(style: Style, a: &ArticleHtml<'_>) -> String {
    match style {
        Style::Joomla => joomla::article(a),
        Style::WordPress => wordpress::article(a),
        Style::SharePoint => sharepoint::article(a),
        Style::Liferay => liferay::article(a),
        Style::CustomPhp => custom_php::article(a),
    }
}

/// `<ul>` of links with a class, shared by navigation and sidebars.
pub(crate) fn link_list(class: &str, links: &[(String, String)]) -> String {
    let mut s = format!("<ul class=\"{class}\">");
    for (href, label) in links {
        s.push_str(&format!("<li><a href=\"{}\">{}</a></li>", crate::text::esc(href), crate::text::esc(label)));
    }
    s.push_str("</ul>");
    s
}

/// Opening of every document: doctype, charset, title, head extras.
pub(crate) fn head(d: &Doc<'_>, extra_css: &str) -> String {
    let charset = d
        .charset_meta
        .map(|c| format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={c}\">\n"))
        .unwrap_or_default();
    let font = if d.legacy_font { "body, td, p { font-family: .VnTime, \"VNI-Times\"; font-size: 14pt; }" } else { "" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n{charset}<title>{}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{}<style>{extra_css}{font}</style>\n</head>\n",
        crate::text::esc(d.title),
        d.head
    )
}

/// The footer text every portal carries (agency, licence, address).
pub(crate) fn footer_text(site: &SiteSpec) -> String {
    format!(
        "<p>Cơ quan chủ quản: {}</p><p>Giấy phép số 52/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp.</p><p>Ghi rõ nguồn khi phát hành lại thông tin từ {}.</p>",
        crate::text::esc(&site.unit_name),
        crate::text::esc(&site.name)
    )
}

pub(crate) fn breadcrumb_html(class: &str, items: &[(String, String)]) -> String {
    let parts: Vec<String> =
        items.iter().map(|(h, l)| format!("<a href=\"{}\">{}</a>", crate::text::esc(h), crate::text::esc(l))).collect();
    format!("<div class=\"{class}\">{}</div>", parts.join(" » "))
}
