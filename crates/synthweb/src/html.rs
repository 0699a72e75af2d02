//! HTML documents: articles with their metadata (Dublin Core, OpenGraph, JSON-LD), the home page
//! and listings, each wrapped in the site's CMS chrome and encoded in the site's encoding.

use chrono::{DateTime, FixedOffset};

use crate::encodings::{tcvn3, windows_1258};
use crate::model::{CharsetDeclaration, PageEncoding, PageKind, SiteSpec, Style, Trait};
use crate::pages::{Content, Page};
use crate::styles::{self, ArticleHtml, Doc, KINDS, PER_LIST};
use crate::text::{dates, esc};
use crate::{SiteState, SynthWeb};

/// Which URL of an article is being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    Normal,
    Print,
    Tracking,
}

pub(crate) const TRACKING_QUERY: &str = "utm_source=zalo&utm_medium=social&utm_campaign=chia-se";

fn join_query(path: &str, query: &str) -> String {
    format!("{path}{}{query}", if path.contains('?') { '&' } else { '?' })
}

pub(crate) fn print_path(site: &SiteSpec, page: &Page) -> String {
    let q = if site.style == Style::Joomla { "tmpl=component&print=1" } else { "print=1" };
    join_query(&styles::page_path(site, page), q)
}

pub(crate) fn tracking_path(site: &SiteSpec, page: &Page) -> String {
    join_query(&styles::page_path(site, page), TRACKING_QUERY)
}

pub(crate) fn has_print(site: &SiteSpec, page: &Page) -> bool {
    site.has(Trait::PrintVersions) && page.kind == PageKind::News
}

/// Sites whose CMS emits Dublin Core, OpenGraph and a self-canonical (all but home-made PHP).
pub(crate) fn has_rich_meta(site: &SiteSpec) -> bool {
    site.style != Style::CustomPhp
}

pub(crate) fn has_feed(site: &SiteSpec) -> bool {
    !site.has(Trait::Tcvn3)
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn meta(name: &str, content: &str) -> String {
    format!("<meta name=\"{name}\" content=\"{}\">\n", esc(content))
}

fn property(name: &str, content: &str) -> String {
    format!("<meta property=\"{name}\" content=\"{}\">\n", esc(content))
}

fn description(content: &Content) -> String {
    let lead = content.paragraphs.first().map(String::as_str).unwrap_or("");
    lead.chars().take(200).collect()
}

fn author(site: &SiteSpec, page: &Page) -> String {
    match page.j % 3 {
        0 if site.kind == crate::model::SiteKind::Ministry => format!("Văn phòng {}", site.unit_name),
        0 => format!("Văn phòng UBND {}", crate::text::decapitalize(&site.unit_name)),
        1 => "Ban Biên tập".to_string(),
        _ => "PV".to_string(),
    }
}

fn head_for_page(site: &SiteSpec, page: &Page, content: &Content, origin: &str, variant: Variant) -> String {
    let url = format!("{origin}{}", styles::page_path(site, page));
    let mut h = String::new();
    let desc = description(content);
    h.push_str(&meta("description", &desc));
    if page.noindex == Some(crate::pages::NoindexVia::Meta) {
        h.push_str("<meta name=\"robots\" content=\"noindex, follow\">\n");
    }
    if has_rich_meta(site) || variant == Variant::Print {
        h.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", esc(&url)));
    }
    if has_feed(site) {
        h.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{}\">\n",
            esc(styles::feed_path(site))
        ));
    }
    if !has_rich_meta(site) {
        return h;
    }
    // Dublin Core, Circular 24/2011: mandatory title, creator, date, description, publisher,
    // identifier; recommended language, subject, source; optional type, format.
    h.push_str("<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n");
    h.push_str(&meta("DC.title", &page.title));
    h.push_str(&meta("DC.creator", &site.unit_name));
    h.push_str(&meta("DC.date", &dates::w3c(&page.published)));
    h.push_str(&meta("DC.description", &desc));
    h.push_str(&meta("DC.publisher", &site.name));
    h.push_str(&meta("DC.identifier", &url));
    h.push_str(&meta("DC.language", "vi"));
    h.push_str(&meta("DC.subject", styles::section(page.kind).1));
    h.push_str(&meta("DC.source", &site.name));
    h.push_str(&meta("DC.type", if page.kind == PageKind::LegalDocument { "Văn bản" } else { "Text" }));
    h.push_str(&meta("DC.format", "text/html"));
    h.push_str(&property("og:title", &page.title));
    h.push_str(&property("og:type", if page.kind == PageKind::Media { "video.other" } else { "article" }));
    h.push_str(&property("og:url", &url));
    h.push_str(&property("og:description", &desc));
    h.push_str(&property("og:site_name", &site.name));
    h.push_str(&property("og:locale", "vi_VN"));
    h.push_str(&property("article:published_time", &dates::w3c(&page.published)));
    h.push_str(&property("article:modified_time", &dates::w3c(&page.modified)));
    if site.has(Trait::JsonLd) && page.kind == PageKind::News {
        h.push_str(&format!(
            "<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":{},\"datePublished\":{},\"dateModified\":{},\"inLanguage\":\"vi\",\"author\":{{\"@type\":\"Organization\",\"name\":{}}},\"publisher\":{{\"@type\":\"GovernmentOrganization\",\"name\":{}}},\"mainEntityOfPage\":{}}}</script>\n",
            json_str(&page.title),
            json_str(&dates::w3c(&page.published)),
            json_str(&dates::w3c(&page.modified)),
            json_str(&site.unit_name),
            json_str(&site.name),
            json_str(&url)
        ));
    }
    h
}

fn body_for_page(site: &SiteSpec, page: &Page, content: &Content) -> String {
    let mut b = String::new();
    let mut ps = content.paragraphs.iter();
    if let Some(lead) = ps.next() {
        b.push_str(&format!("<p class=\"sapo\"><strong>{}</strong></p>\n", esc(lead)));
    }
    if let Some(l) = &content.legal {
        let place = site.unit_name.trim_start_matches("Tỉnh ").trim_start_matches("Thành phố ");
        b.push_str(&format!("<p class=\"date-place\"><em>{}, {}</em></p>\n", esc(place), dates::long_date(l.issued)));
        let rows = [
            ("Số ký hiệu", l.number.clone()),
            ("Loại văn bản", l.doc_type.clone()),
            ("Cơ quan ban hành", l.issuer.clone()),
            ("Ngày ban hành", dates::short_date(l.issued)),
            ("Ngày có hiệu lực", dates::short_date(l.effective)),
            ("Người ký", l.signer.clone()),
            ("Chức vụ", l.signer_position.clone()),
            ("Trích yếu", l.abstract_text.clone()),
        ];
        b.push_str("<table class=\"vbpl-thuoctinh\" border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n");
        for (k, v) in rows {
            b.push_str(&format!("<tr><td class=\"label\">{k}</td><td>{}</td></tr>\n", esc(&v)));
        }
        let pdf = styles::attachment_path(site, page);
        let file = pdf.rsplit('/').next().unwrap_or("van-ban.pdf").to_string();
        b.push_str(&format!(
            "<tr><td class=\"label\">Tệp đính kèm</td><td><a class=\"attachment\" href=\"{}\">{}</a></td></tr>\n</table>\n",
            esc(&pdf),
            esc(&file)
        ));
    }
    if let Some(s) = &content.service {
        let rows = [
            ("Mã thủ tục", s.code.clone()),
            ("Lĩnh vực", s.field.clone()),
            ("Cơ quan thực hiện", s.agency.clone()),
            ("Cách thức thực hiện", "Trực tuyến, trực tiếp hoặc qua dịch vụ bưu chính".to_string()),
            ("Thời hạn giải quyết", format!("{} ngày làm việc", s.days)),
            ("Phí, lệ phí", s.fee.clone()),
            ("Mức độ", "Dịch vụ công trực tuyến toàn trình".to_string()),
        ];
        b.push_str("<table class=\"thu-tuc\">\n");
        for (k, v) in rows {
            b.push_str(&format!("<tr><th>{k}</th><td>{}</td></tr>\n", esc(&v)));
        }
        b.push_str("</table>\n<h3>Thành phần hồ sơ</h3>\n<ul>\n");
        for d in &s.documents {
            b.push_str(&format!("<li>{}</li>\n", esc(d)));
        }
        b.push_str(&format!(
            "</ul>\n<p><a class=\"nop-ho-so\" href=\"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={}\">Nộp hồ sơ trực tuyến</a></p>\n",
            s.code
        ));
    }
    if page.kind == PageKind::Media {
        b.push_str(&format!(
            "<div class=\"video-container\"><video controls preload=\"none\" width=\"640\" poster=\"/media/poster-{id}.jpg\"><source src=\"/media/video-{id}.mp4\" type=\"video/mp4\"></video></div>\n",
            id = page.id
        ));
    }
    for p in ps {
        b.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    if page.edits > 0 {
        b.push_str(&format!("<p class=\"updated\"><em>Cập nhật: {}</em></p>\n", dates::date_line(&page.modified)));
    }
    b
}

fn nav(site: &SiteSpec) -> Vec<(String, String)> {
    let mut v = vec![("/".to_string(), "Trang chủ".to_string())];
    for k in KINDS {
        v.push((styles::list_path(site, k, 1), styles::section(k).1.to_string()));
    }
    v
}

fn sidebar(web: &SynthWeb, site: &SiteSpec, st: &SiteState) -> Vec<(String, String)> {
    let n = web.config().pages_per_site as u64;
    (0..n)
        .rev()
        .filter(|j| !st.deleted.contains_key(j))
        .take(5)
        .map(|j| {
            let p = web.page_at(site, j, st);
            (styles::page_path(site, &p), p.title)
        })
        .collect()
}

/// The charset `<meta>` a page carries and the `Content-Type` it is served with.
pub(crate) fn declarations(
    encoding: PageEncoding,
    charset: CharsetDeclaration,
) -> (Option<&'static str>, &'static str) {
    match (encoding, charset) {
        (PageEncoding::Utf8, _) => (Some("utf-8"), "text/html; charset=utf-8"),
        (PageEncoding::Windows1258, CharsetDeclaration::Header) => {
            (Some("windows-1258"), "text/html; charset=windows-1258")
        }
        (PageEncoding::Windows1258, _) => (Some("windows-1258"), "text/html"),
        (PageEncoding::Tcvn3, CharsetDeclaration::WrongMeta) => (Some("windows-1252"), "text/html"),
        (PageEncoding::Tcvn3, _) => (None, "text/html"),
    }
}

pub(crate) fn encode(encoding: PageEncoding, html: &str) -> Vec<u8> {
    match encoding {
        PageEncoding::Utf8 => html.as_bytes().to_vec(),
        PageEncoding::Windows1258 => windows_1258(html),
        PageEncoding::Tcvn3 => tcvn3::encode(html),
    }
}

/// The site-wide encoding of pages that are not articles (home, listings).
pub(crate) fn site_encoding(site: &SiteSpec) -> (PageEncoding, CharsetDeclaration) {
    if site.has(Trait::Windows1258) {
        (PageEncoding::Windows1258, CharsetDeclaration::Header)
    } else if site.has(Trait::Tcvn3) {
        (PageEncoding::Tcvn3, CharsetDeclaration::None)
    } else {
        (PageEncoding::Utf8, CharsetDeclaration::Header)
    }
}

pub(crate) fn article_document(
    web: &SynthWeb,
    site: &SiteSpec,
    st: &SiteState,
    page: &Page,
    content: &Content,
    origin: &str,
    variant: Variant,
) -> String {
    let head = head_for_page(site, page, content, origin, variant);
    let body = body_for_page(site, page, content);
    let date_line = if site.style == Style::CustomPhp {
        dates::short_date_time(&page.published)
    } else {
        dates::date_line(&page.published)
    };
    let print = has_print(site, page).then(|| print_path(site, page));
    let author = author(site, page);
    let article = styles::article(
        site.style,
        &ArticleHtml {
            id: page.id,
            title: &page.title,
            date_line: &date_line,
            date_iso: &dates::w3c(&page.published),
            body: &body,
            author: &author,
            print_href: if variant == Variant::Print { None } else { print.as_deref() },
        },
    );
    let (charset_meta, _) = declarations(page.encoding, page.charset);
    let title = format!("{} - {}", page.title, site.name);
    if variant == Variant::Print {
        // Print views drop the chrome; the canonical link names the article.
        return format!(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"{}\">\n<title>{}</title>\n{head}</head>\n<body class=\"print-view\" onload=\"window.print()\">\n{article}\n<p class=\"print-source\">Nguồn: {}</p>\n</body>\n</html>\n",
            charset_meta.unwrap_or("utf-8"),
            esc(&title),
            esc(&site.name)
        );
    }
    let (sec, sec_name) = styles::section(page.kind);
    let _ = sec;
    let crumbs =
        vec![("/".to_string(), "Trang chủ".to_string()), (styles::list_path(site, page.kind, 1), sec_name.to_string())];
    styles::document(&Doc {
        site,
        title: &title,
        head: &head,
        charset_meta,
        nav: &nav(site),
        breadcrumb: &crumbs,
        main: &article,
        sidebar: &sidebar(web, site, st),
        legacy_font: site.has(Trait::Tcvn3),
    })
}

/// Number of listing pages of a category (at least one, possibly empty).
pub(crate) fn list_pages(web: &SynthWeb, kind: PageKind) -> u64 {
    let total = crate::pages::count_of(kind, web.config().pages_per_site as u64);
    total.div_ceil(PER_LIST).max(1)
}

/// Page indexes on listing page `p` of a category, newest first; `None` past the last page.
pub(crate) fn list_items(web: &SynthWeb, kind: PageKind, p: u64) -> Option<Vec<u64>> {
    if p == 0 || p > list_pages(web, kind) {
        return None;
    }
    let total = crate::pages::count_of(kind, web.config().pages_per_site as u64);
    let skip = (p - 1) * PER_LIST;
    Some((skip..(skip + PER_LIST).min(total)).map(|k| crate::pages::nth_of(kind, total - 1 - k)).collect())
}

fn items_html(web: &SynthWeb, site: &SiteSpec, st: &SiteState, js: &[u64]) -> (String, Option<DateTime<FixedOffset>>) {
    let mut s = String::from("<ul class=\"list-news\">\n");
    let mut newest: Option<DateTime<FixedOffset>> = None;
    for j in js {
        if st.deleted.contains_key(j) {
            continue;
        }
        let p = web.page_at(site, *j, st);
        newest = Some(newest.map_or(p.modified, |n| n.max(p.modified)));
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"date\">({})</span></li>\n",
            esc(&styles::page_path(site, &p)),
            esc(&p.title),
            dates::short_date(p.published.date_naive())
        ));
    }
    s.push_str("</ul>\n");
    (s, newest)
}

fn chrome(
    site: &SiteSpec,
    web: &SynthWeb,
    st: &SiteState,
    title: &str,
    main: &str,
    crumbs: &[(String, String)],
) -> String {
    let (encoding, charset) = site_encoding(site);
    let (charset_meta, _) = declarations(encoding, charset);
    let head = if has_feed(site) {
        format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{}\">\n",
            esc(styles::feed_path(site))
        )
    } else {
        String::new()
    };
    styles::document(&Doc {
        site,
        title,
        head: &head,
        charset_meta,
        nav: &nav(site),
        breadcrumb: crumbs,
        main,
        sidebar: &sidebar(web, site, st),
        legacy_font: site.has(Trait::Tcvn3),
    })
}

pub(crate) fn list_document(
    web: &SynthWeb,
    site: &SiteSpec,
    st: &SiteState,
    kind: PageKind,
    p: u64,
) -> Option<(String, Option<DateTime<FixedOffset>>)> {
    let js = list_items(web, kind, p)?;
    let (items, newest) = items_html(web, site, st, &js);
    let (_, name) = styles::section(kind);
    let last = list_pages(web, kind);
    let mut pager = String::from("<div class=\"pagination\">");
    if p > 1 {
        pager.push_str(&format!(
            "<a class=\"prev\" href=\"{}\">« Trang trước</a> ",
            esc(&styles::list_path(site, kind, p - 1))
        ));
    }
    for q in 1..=last.min(10) {
        pager.push_str(&format!("<a href=\"{}\">{q}</a> ", esc(&styles::list_path(site, kind, q))));
    }
    if p < last {
        pager.push_str(&format!(
            "<a class=\"next\" href=\"{}\">Trang sau »</a>",
            esc(&styles::list_path(site, kind, p + 1))
        ));
    }
    pager.push_str("</div>\n");
    let main =
        format!("<div class=\"category-list\"><h1 class=\"category-title\">{}</h1>\n{items}{pager}</div>", esc(name));
    let title = if p > 1 { format!("{name} - Trang {p} - {}", site.name) } else { format!("{name} - {}", site.name) };
    let crumbs = vec![("/".to_string(), "Trang chủ".to_string()), (styles::list_path(site, kind, 1), name.to_string())];
    Some((chrome(site, web, st, &title, &main, &crumbs), newest))
}

pub(crate) fn home_document(
    web: &SynthWeb,
    site: &SiteSpec,
    st: &SiteState,
    extra_links: &[(String, String)],
) -> (String, Option<DateTime<FixedOffset>>) {
    let mut main = format!("<div class=\"home\"><h1 class=\"portal-title\">{}</h1>\n", esc(&site.name));
    let mut newest = None;
    for kind in KINDS {
        let Some(js) = list_items(web, kind, 1) else { continue };
        let js: Vec<u64> = js.into_iter().take(if kind == PageKind::News { 10 } else { 5 }).collect();
        let (items, n) = items_html(web, site, st, &js);
        newest = match (newest, n) {
            (Some(a), Some(b)) => Some(std::cmp::max(a, b)),
            (a, b) => a.or(b),
        };
        let (_, name) = styles::section(kind);
        main.push_str(&format!(
            "<section class=\"home-block\"><h2><a href=\"{}\">{}</a></h2>\n{items}</section>\n",
            esc(&styles::list_path(site, kind, 1)),
            esc(name)
        ));
    }
    if !extra_links.is_empty() {
        main.push_str("<section class=\"home-block lien-ket\"><h2>Liên kết</h2>\n");
        main.push_str(&styles::link_list("links", extra_links));
        main.push_str("</section>\n");
    }
    main.push_str("</div>");
    let crumbs = vec![("/".to_string(), "Trang chủ".to_string())];
    (chrome(site, web, st, &site.name, &main, &crumbs), newest)
}

/// A plain page (error pages, soft 404, traps, external links) in the site's chrome.
pub(crate) fn simple_document(web: &SynthWeb, site: &SiteSpec, st: &SiteState, title: &str, main: &str) -> String {
    let crumbs = vec![("/".to_string(), "Trang chủ".to_string())];
    chrome(site, web, st, &format!("{title} - {}", site.name), main, &crumbs)
}
