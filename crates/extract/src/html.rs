//! HTML page → [`Document`]: parse with html5ever (via `scraper`, robust to broken markup),
//! read the head metadata, the main text, links and attachments, dates, legal fields; classify;
//! fingerprint.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use crate::classify::{Signals, classify};
use crate::dates::{self, parse_vietnamese_datetime};
use crate::dedup::{content_hash, fold, simhash};
use crate::main_text::{self, Analysis, normalise_inline};
use crate::meta::{self, Meta, absolute, json_ld_values};
use crate::{DocKind, Document, Link, lang, legal};

/// `extract_html` reads at most this many bytes of HTML (5 MiB, cut at a character boundary).
/// Real article pages are far smaller; beyond this is a data dump or an attack, and the head,
/// the article and the links we need are at the start.
pub const MAX_HTML_CHARS: usize = 5 * 1024 * 1024;

/// At most this many links (and attachments) are kept per page, in document order.
pub const MAX_LINKS: usize = 5_000;

/// Element nesting deeper than this is cut off before parsing: html5ever's scope checks walk the
/// stack of open elements, so 10⁶ nested `<div>`s would cost 10¹² steps. Real pages stay under 100.
pub const MAX_NESTING: usize = 1_000;

/// File extensions that make a link an attachment.
const DOC_EXTENSIONS: &[&str] =
    &["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "csv", "zip", "rar", "7z"];
/// Of which data files (for the Dataset rule).
const DATA_EXTENSIONS: &[&str] = &["csv", "xls", "xlsx", "json", "xml", "ods"];

/// Extracts a [`Document`] from decoded HTML (see [`crate::decode`]). Never fails: missing
/// parts are `None`/empty.
pub fn extract_html(url: &Url, html: &str) -> Document {
    let html = guard(html);
    let doc = Html::parse_document(&html);
    let meta = meta::collect(&doc, url);
    let base = meta.base.clone().unwrap_or_else(|| url.clone());
    let analysis = main_text::analyse(&doc);
    let root = analysis.content_root();
    let main_text = main_text::render(&analysis, root);

    let (links, attachments, mut signals) = links(&doc, &base, meta.robots.nofollow);
    count_media(&analysis, root, &mut signals);
    signals.ckan = is_ckan(&doc, &meta);

    let title = title(&meta);
    let page_text = page_text(&analysis);
    let published = published(&meta, &doc, &main_text, &page_text);
    let updated = updated(&meta, &page_text);
    let pairs = label_pairs(&doc);
    let legal = legal::extract(&pairs, &main_text, title.as_deref());
    let language = meta
        .html_lang
        .as_deref()
        .and_then(lang::normalise)
        .or_else(|| meta.dublin_core.get("language").and_then(|l| lang::normalise(l)))
        .or_else(|| meta.content_language.as_deref().and_then(lang::normalise))
        .or_else(|| meta.opengraph.get("og:locale").and_then(|l| lang::normalise(l)))
        .or_else(|| lang::detect(&main_text));
    let description = meta
        .description
        .clone()
        .or_else(|| meta.opengraph.get("og:description").cloned())
        .or_else(|| meta.dublin_core.get("description").cloned());
    let canonical = meta
        .canonical
        .clone()
        .or_else(|| meta.opengraph.get("og:url").and_then(|u| absolute(&base, u)).filter(|u| Url::parse(u).is_ok()));

    let mut document = Document {
        url: url.to_string(),
        canonical,
        title,
        description,
        keywords: meta.keywords.clone(),
        language,
        content_hash: content_hash(&main_text),
        simhash: simhash(&main_text),
        main_text,
        published,
        updated,
        dublin_core: meta.dublin_core,
        opengraph: meta.opengraph,
        json_ld: meta.json_ld,
        robots: meta.robots,
        links,
        attachments,
        legal,
        kind: DocKind::Other,
    };
    document.kind = classify(&document, &signals);
    document
}

/// Applies [`MAX_HTML_CHARS`] and [`MAX_NESTING`].
fn guard(html: &str) -> std::borrow::Cow<'_, str> {
    let mut end = html.len().min(MAX_HTML_CHARS);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let html = &html[..end];
    match nesting_cut(html) {
        Some(cut) => std::borrow::Cow::Owned(html[..cut].to_string()),
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Where element nesting first exceeds [`MAX_NESTING`], by a cheap tag count (void elements,
/// self-closing tags, comments and end tags accounted for; close enough for a guard).
fn nesting_cut(html: &str) -> Option<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
        "keygen",
    ];
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let gt = b[name_start..].iter().position(|&c| c == b'>').map_or(b.len(), |p| name_start + p);
        let self_closing = gt > 0 && b.get(gt - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            if depth > MAX_NESTING {
                return Some(lt);
            }
        }
        if matches!(name.as_str(), "script" | "style") && !closing {
            // Skip raw text: "<" inside scripts is not markup.
            let close = format!("</{name}");
            i = find_ascii_ci(html, gt.min(b.len()), &close).unwrap_or(b.len());
            continue;
        }
        i = gt.min(b.len());
    }
    None
}

fn find_ascii_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    h.get(from..)?.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n)).map(|p| p + from)
}

/// The title: the article's own heading rather than the site name. Candidates in order:
/// `og:title`, `DC.title`, the `<title>` with a site-name suffix removed, the first `<h1>`.
/// A `<title>` like "Tiêu đề - Cổng TTĐT tỉnh X" loses the part after the last separator when
/// that part names a portal or matches `og:site_name`; an `<h1>` that starts the `<title>` is
/// preferred over it.
fn title(meta: &Meta) -> Option<String> {
    let site = meta.opengraph.get("og:site_name").map(|s| fold(s));
    let stripped = meta.title_tag.as_deref().map(|t| strip_site_suffix(t, site.as_deref()));
    let h1 = meta.h1.as_deref().filter(|h| h.chars().count() >= 8);
    let og = meta.opengraph.get("og:title").map(|t| strip_site_suffix(t, site.as_deref()));
    let dc = meta.dublin_core.get("title").cloned();
    // An h1 that is contained in the <title> is the article heading; a site-wide h1 (the portal
    // name in the banner) is not. Compare with the <title> *without* its site suffix: otherwise
    // the banner h1 of "Tin tức - Sự kiện - Cổng TTĐT tỉnh X" is found in the suffix and the
    // page is titled with the portal name (Liferay listing pages of the synthetic web).
    let h1_in_title = h1.filter(|h| stripped.as_deref().is_some_and(|t| fold(t).contains(&fold(h))));
    og.or(dc)
        .or_else(|| h1_in_title.map(str::to_string))
        .or(stripped)
        .or_else(|| h1.map(str::to_string))
        .filter(|t| !t.is_empty())
}

fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » "];
    const PORTAL_WORDS: &[&str] = &[
        "cong thong tin",
        "cong ttdt",
        "trang thong tin",
        "trang ttdt",
        "ubnd",
        "uy ban nhan dan",
        "so ",
        "bo ",
        "cong dich vu cong",
        "bao dien tu",
        "chinh phu",
        ".gov.vn",
        "cong tt",
    ];
    let title = normalise_inline(title);
    for sep in SEPARATORS {
        if let Some((head, suffix)) = title.rsplit_once(sep) {
            let f = fold(suffix);
            let is_site = site.is_some_and(|s| f == s || f.contains(s) || s.contains(&f))
                || PORTAL_WORDS.iter().any(|w| f.starts_with(w) || f.contains(w));
            if is_site && head.chars().count() >= 4 {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// Visible text of the whole page (not only the main text), bounded, for date labels that
/// templates put outside the article ("Cập nhật: ...").
fn page_text(analysis: &Analysis<'_>) -> String {
    const MAX: usize = 200_000;
    let mut out = String::new();
    for node in &analysis.order {
        if let scraper::Node::Text(t) = node.value() {
            let raw = node
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|p| matches!(p.value().name(), "script" | "style" | "noscript" | "template" | "title"));
            if !raw {
                out.push_str(t);
                out.push(' ');
                if out.len() > MAX {
                    break;
                }
            }
        }
    }
    normalise_inline(&out)
}

fn first_datetime<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Option<DateTime<FixedOffset>> {
    candidates.into_iter().find_map(parse_vietnamese_datetime)
}

/// Published date, sources in order: `article:published_time`, `DC.date` / `DC.date.issued`,
/// JSON-LD `datePublished`/`uploadDate`, `itemprop=datePublished`, named metas (`pubdate`),
/// `<time datetime>` or a byline element (class/id with date/time/ngày words), a date near the
/// start of the main text, then a "Ngày đăng"/"Đăng ngày" label anywhere on the page. A
/// date-only answer takes the time of day from a later source that names the same day.
fn published(meta: &Meta, doc: &Html, main_text: &str, page_text: &str) -> Option<DateTime<FixedOffset>> {
    let og = ["article:published_time", "og:published_time", "og:article:published_time"];
    let dc = ["date.issued", "date", "date.created", "issued", "created"];
    let named = ["pubdate", "article.published", "publish_date", "publishdate", "date"];
    let head: String = main_text.chars().take(400).collect();
    // Candidates in order of trust, each computed only when needed.
    let candidates: [&dyn Fn() -> Option<DateTime<FixedOffset>>; 8] = [
        &|| first_datetime(og.iter().filter_map(|k| meta.opengraph.get(*k)).map(String::as_str)),
        &|| first_datetime(dc.iter().filter_map(|k| meta.dublin_core.get(*k)).map(String::as_str)),
        &|| {
            let mut v = json_ld_values(&meta.json_ld, "datePublished");
            v.extend(json_ld_values(&meta.json_ld, "uploadDate"));
            first_datetime(v.iter().map(String::as_str))
        },
        &|| {
            first_datetime(
                ["datePublished", "uploadDate"].iter().filter_map(|k| meta.itemprops.get(*k)).map(String::as_str),
            )
        },
        &|| first_datetime(named.iter().filter_map(|k| meta.named.get(*k)).map(String::as_str)),
        &|| time_elements(doc).or_else(|| byline(doc)),
        &|| dates::find_dates(&head).first().map(|f| f.datetime),
        &|| labelled_date(page_text, &["ngay dang", "dang ngay", "ngay xuat ban", "ngay dang tin"]),
    ];
    let mut found = candidates.iter().filter_map(|c| c());
    let first = found.next()?;
    // A date-only source (DC.date "2024-04-03") is refined by a later source that gives the
    // time of the same day (the byline "10:08, Thứ Tư, 03/04/2024").
    if first.time() == chrono::NaiveTime::MIN
        && let Some(precise) =
            found.find(|d| d.date_naive() == first.date_naive() && d.time() != chrono::NaiveTime::MIN)
    {
        return Some(precise);
    }
    Some(first)
}

fn updated(meta: &Meta, page_text: &str) -> Option<DateTime<FixedOffset>> {
    let og = ["article:modified_time", "og:updated_time"];
    let dc = ["date.modified", "modified"];
    first_datetime(og.iter().filter_map(|k| meta.opengraph.get(*k)).map(String::as_str))
        .or_else(|| first_datetime(dc.iter().filter_map(|k| meta.dublin_core.get(*k)).map(String::as_str)))
        .or_else(|| first_datetime(json_ld_values(&meta.json_ld, "dateModified").iter().map(String::as_str)))
        .or_else(|| first_datetime(meta.itemprops.get("dateModified").map(String::as_str)))
        .or_else(|| labelled_date(page_text, &["cap nhat", "ngay cap nhat", "cap nhat lan cuoi", "last updated"]))
}

/// A date within 60 characters after one of the (folded) labels in the text.
fn labelled_date(text: &str, labels: &[&str]) -> Option<DateTime<FixedOffset>> {
    // Fold keeps one char per char for Vietnamese letters, so we fold per char to map positions.
    let chars: Vec<char> = text.chars().collect();
    let folded: String = chars.iter().map(|c| fold(&c.to_string()).chars().next().unwrap_or(' ')).collect();
    let folded_chars: Vec<char> = folded.chars().collect();
    if folded_chars.len() != chars.len() {
        return None;
    }
    for label in labels {
        for (byte_pos, _) in folded.match_indices(label) {
            let start = folded[..byte_pos].chars().count() + label.chars().count();
            let window: String = chars[start.min(chars.len())..(start + 60).min(chars.len())].iter().collect();
            if let Some(f) = dates::find_dates(&window).first() {
                return Some(f.datetime);
            }
        }
    }
    None
}

fn time_elements(doc: &Html) -> Option<DateTime<FixedOffset>> {
    let sel = Selector::parse("time[datetime], [itemprop=datePublished]").expect("valid selector");
    doc.select(&sel).find_map(|el| {
        let v = el.attr("datetime").or(el.attr("content")).map(str::to_string);
        v.and_then(|v| parse_vietnamese_datetime(&v))
            .or_else(|| parse_vietnamese_datetime(&el.text().collect::<String>()))
    })
}

/// Elements whose class or id names a date ("post-date", "ngaydang", "time", "date-created").
fn byline(doc: &Html) -> Option<DateTime<FixedOffset>> {
    const WORDS: &[&str] =
        &["date", "time", "ngay", "ngaydang", "ngaytao", "datetime", "postdate", "pubdate", "created", "publishdate"];
    let sel = Selector::parse("[class], [id]").expect("valid selector");
    doc.select(&sel)
        .filter(|el| {
            let names =
                format!("{} {}", el.attr("class").unwrap_or(""), el.attr("id").unwrap_or("")).to_ascii_lowercase();
            names
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| WORDS.contains(&w) || w.ends_with("date") || w.starts_with("date"))
                && !main_text::is_boilerplate(*el)
        })
        .take(20)
        .find_map(|el| {
            let text: String = el.text().take(40).collect();
            if text.chars().count() > 200 {
                return None;
            }
            dates::find_dates(&text).first().map(|f| f.datetime)
        })
}

/// Label → value pairs from tables (`<tr><td>Label</td><td>Value</td></tr>`, also `<th>`),
/// definition lists and "label/value" class pairs, for the legal fields.
fn label_pairs(doc: &Html) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let cell = |el: ElementRef<'_>| normalise_inline(&el.text().collect::<String>());
    let rows = Selector::parse("tr").expect("valid selector");
    let cells = Selector::parse(":scope > td, :scope > th").expect("valid selector");
    for row in doc.select(&rows).take(2_000) {
        let cs: Vec<String> = row.select(&cells).take(6).map(cell).collect();
        // Rows of 2 (label, value) or 4 (label, value, label, value) cells.
        for pair in cs.chunks(2) {
            if let [label, value] = pair
                && label.chars().count() <= 40
            {
                out.push((label.clone(), value.clone()));
            }
        }
    }
    let dts = Selector::parse("dt").expect("valid selector");
    for dt in doc.select(&dts).take(500) {
        if let Some(dd) = dt.next_siblings().filter_map(ElementRef::wrap).find(|e| e.value().name() == "dd") {
            out.push((cell(dt), cell(dd)));
        }
    }
    let labels = Selector::parse(".label, .field-label, .title-field, .lbl").expect("valid selector");
    for label in doc.select(&labels).take(500) {
        if let Some(value) = label.next_siblings().find_map(ElementRef::wrap) {
            out.push((cell(label), cell(value)));
        }
    }
    out
}

/// All links (absolute, no fragment, deduplicated, at most [`MAX_LINKS`]) and the attachments
/// among them; also counts data-file links for classification.
fn links(doc: &Html, base: &Url, page_nofollow: bool) -> (Vec<Link>, Vec<Link>, Signals) {
    let mut links = Vec::new();
    let mut attachments = Vec::new();
    let mut seen = HashSet::new();
    let mut seen_attachments = HashSet::new();
    let mut signals = Signals::default();
    let sel = Selector::parse("a[href], area[href], iframe[src], embed[src], object[data]").expect("valid selector");
    for el in doc.select(&sel) {
        if links.len() >= MAX_LINKS && attachments.len() >= MAX_LINKS {
            break;
        }
        let e = el.value();
        let is_anchor = matches!(e.name(), "a" | "area");
        let href = e.attr("href").or(e.attr("src")).or(e.attr("data")).unwrap_or("");
        let Some(url) = absolute(base, href) else { continue };
        let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
        let nofollow = page_nofollow || rel.split_whitespace().any(|r| matches!(r, "nofollow" | "ugc" | "sponsored"));
        let mut text = normalise_inline(&el.text().collect::<String>());
        if text.is_empty() {
            text = normalise_inline(e.attr("title").or(e.attr("aria-label")).unwrap_or(""));
        }
        if text.is_empty() {
            let img = Selector::parse("img[alt]").expect("valid selector");
            text = el.select(&img).next().and_then(|i| i.attr("alt")).map(normalise_inline).unwrap_or_default();
        }
        let ext = extension(&url);
        let link = Link { url: url.clone(), text, nofollow };
        if let Some(ext) = ext.as_deref() {
            if DATA_EXTENSIONS.contains(&ext) && seen_attachments.len() < MAX_LINKS && !seen_attachments.contains(&url)
            {
                signals.data_links += 1;
            }
            if (DOC_EXTENSIONS.contains(&ext) || DATA_EXTENSIONS.contains(&ext))
                && attachments.len() < MAX_LINKS
                && seen_attachments.insert(url.clone())
            {
                attachments.push(link.clone());
            }
        }
        if is_anchor && links.len() < MAX_LINKS && seen.insert(url) {
            links.push(link);
        }
    }
    (links, attachments, signals)
}

/// The lower-cased file extension of a URL's path, or of a file name in its query
/// ("download.aspx?file=nd42.pdf").
fn extension(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    let ext_of = |s: &str| {
        let last = s.rsplit('/').next()?;
        let (_, ext) = last.rsplit_once('.')?;
        let ext = ext.to_ascii_lowercase();
        (ext.len() <= 4 && ext.chars().all(|c| c.is_ascii_alphanumeric())).then_some(ext)
    };
    let known = |e: &String| DOC_EXTENSIONS.contains(&e.as_str()) || DATA_EXTENSIONS.contains(&e.as_str());
    ext_of(u.path()).filter(known).or_else(|| u.query_pairs().find_map(|(_, v)| ext_of(&v)).filter(known))
}

/// Players and images inside the content root (or the whole body when the root is small).
fn count_media(analysis: &Analysis<'_>, root: ElementRef<'_>, signals: &mut Signals) {
    let players = Selector::parse(
        "video, audio, iframe[src*=youtube], iframe[src*=vimeo], iframe[src*=player], .jwplayer, [class*=video-player], [id*=player]",
    )
    .expect("valid selector");
    let images = Selector::parse("img").expect("valid selector");
    let scope = if analysis.stats(root.id()).text < 200 { analysis.doc.root_element() } else { root };
    signals.players = scope.select(&players).filter(|e| !analysis.stats(e.id()).boiler || root.id() == e.id()).count();
    signals.images = scope.select(&images).filter(|e| !analysis.stats(e.id()).boiler).count();
}

fn is_ckan(doc: &Html, meta: &Meta) -> bool {
    if meta.named.get("generator").is_some_and(|g| g.to_ascii_lowercase().contains("ckan")) {
        return true;
    }
    let sel = Selector::parse(
        "body[data-site-root] .dataset-item, .resource-list, [data-module=dataset-map], body.package, .ckan",
    )
    .expect("valid selector");
    doc.select(&sel).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let m = |title: &str, h1: Option<&str>, site: Option<&str>| {
            let mut m = Meta { title_tag: Some(title.into()), h1: h1.map(str::to_string), ..Default::default() };
            if let Some(s) = site {
                m.opengraph.insert("og:site_name".into(), s.into());
            }
            title_of(m)
        };
        fn title_of(m: Meta) -> Option<String> {
            title(&m)
        }
        assert_eq!(
            m("Hội nghị tổng kết năm 2024 - Cổng TTĐT tỉnh Thanh Hóa", None, None).as_deref(),
            Some("Hội nghị tổng kết năm 2024")
        );
        assert_eq!(
            m("Hội nghị tổng kết | Sở Nội vụ", Some("Cổng thông tin điện tử"), None).as_deref(),
            Some("Hội nghị tổng kết")
        );
        assert_eq!(m("Tin tức - Xã Nga Điền", None, Some("Xã Nga Điền")).as_deref(), Some("Tin tức"));
        assert_eq!(m("Trang chủ", Some("Hội nghị tổng kết năm 2024 của tỉnh"), None).as_deref(), Some("Trang chủ"));
        assert_eq!(m("A - B", None, None).as_deref(), Some("A - B"));
    }

    #[test]
    fn nesting_guard() {
        assert_eq!(nesting_cut("<div><p>a</p><br><img src=x><hr/></div>"), None);
        let deep = "<div>".repeat(MAX_NESTING + 5);
        assert_eq!(nesting_cut(&deep), Some(MAX_NESTING * 5));
        assert_eq!(nesting_cut("<script>if (a<b) {}</script><!-- <div> -->"), None);
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("https://a.gov.vn/files/ND42.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("https://a.gov.vn/download.aspx?file=nd42.docx").as_deref(), Some("docx"));
        assert_eq!(extension("https://a.gov.vn/tin/bai-viet.html"), None);
    }
}
