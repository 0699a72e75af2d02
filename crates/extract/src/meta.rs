//! Head metadata: `<title>`, `<meta>` (description, keywords, robots, Dublin Core, OpenGraph),
//! `<link rel=canonical>`, `<base href>`, `<html lang>` and JSON-LD.

use std::collections::BTreeMap;

use scraper::{ElementRef, Html};
use url::Url;

use crate::Robots;
use crate::main_text::normalise_inline;

/// Longest meta value we keep (a `description` stuffed with a whole article is cut here).
const MAX_META_CHARS: usize = 2_000;
/// Most JSON-LD blocks we parse, and the largest one.
const MAX_JSON_LD_BLOCKS: usize = 32;
const MAX_JSON_LD_BYTES: usize = 512 * 1024;

#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub title_tag: Option<String>,
    pub h1: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub canonical: Option<String>,
    pub base: Option<Url>,
    pub html_lang: Option<String>,
    pub content_language: Option<String>,
    pub dublin_core: BTreeMap<String, String>,
    pub opengraph: BTreeMap<String, String>,
    pub json_ld: Vec<serde_json::Value>,
    pub robots: Robots,
    /// `<meta itemprop=datePublished>` and friends, by itemprop name.
    pub itemprops: BTreeMap<String, String>,
    /// Other named metas (`generator`, `pubdate`, `article.published`...), lower-cased names.
    pub named: BTreeMap<String, String>,
}

fn cut(s: &str) -> String {
    let s = normalise_inline(s);
    match s.char_indices().nth(MAX_META_CHARS) {
        Some((i, _)) => s[..i].to_string(),
        None => s,
    }
}

/// Reads the metadata of a parsed page. `url` resolves relative canonicals (after `<base href>`).
pub(crate) fn collect(doc: &Html, url: &Url) -> Meta {
    let mut m = Meta::default();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        match el.value().name() {
            "html" => m.html_lang = el.attr("lang").or(el.attr("xml:lang")).map(str::to_string),
            "title" if m.title_tag.is_none() && !in_svg(el) => {
                let t = cut(&el.text().collect::<String>());
                if !t.is_empty() {
                    m.title_tag = Some(t);
                }
            }
            "h1" if m.h1.is_none() => {
                let t = cut(&el.text().collect::<String>());
                if !t.is_empty() {
                    m.h1 = Some(t);
                }
            }
            "base" if m.base.is_none() => m.base = el.attr("href").and_then(|h| url.join(h.trim()).ok()),
            "link" => {
                let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
                if m.canonical.is_none()
                    && rel.split_whitespace().any(|r| r == "canonical")
                    && let Some(href) = el.attr("href")
                {
                    m.canonical = Some(href.trim().to_string());
                }
            }
            "meta" => read_meta(el, &mut m),
            "script" if m.json_ld.len() < MAX_JSON_LD_BLOCKS => {
                let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if ty == "application/ld+json" {
                    let raw: String = el.text().collect();
                    if raw.len() <= MAX_JSON_LD_BYTES {
                        // Invalid JSON-LD is common (trailing commas, CMS template leftovers): skip it.
                        match serde_json::from_str::<serde_json::Value>(raw.trim()) {
                            Ok(serde_json::Value::Array(items)) => m.json_ld.extend(items),
                            Ok(v) => m.json_ld.push(v),
                            Err(_) => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Resolve the canonical against <base href> (or the page URL); drop unusable ones.
    let base = m.base.clone().unwrap_or_else(|| url.clone());
    m.canonical = m.canonical.take().and_then(|c| absolute(&base, &c));
    m
}

fn in_svg(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "svg")
}

/// An absolute http(s) URL without fragment, or `None` for `javascript:`, `mailto:`, garbage.
pub(crate) fn absolute(base: &Url, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut u = base.join(href).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    u.set_fragment(None);
    Some(u.to_string())
}

fn read_meta(el: ElementRef<'_>, m: &mut Meta) {
    let content = el.attr("content").map(cut);
    if let Some(equiv) = el.attr("http-equiv") {
        if equiv.trim().eq_ignore_ascii_case("content-language")
            && let Some(c) = &content
        {
            m.content_language = Some(c.clone());
        }
        return;
    }
    if let Some(prop) = el.attr("itemprop") {
        if let Some(c) = content.clone().or_else(|| el.attr("datetime").map(str::to_string)) {
            m.itemprops.entry(prop.trim().to_string()).or_insert(c);
        }
        return;
    }
    let name = el.attr("name").or(el.attr("property")).unwrap_or("").trim().to_ascii_lowercase();
    let Some(content) = content else { return };
    if name.is_empty() || content.is_empty() {
        return;
    }
    if let Some(dc) =
        name.strip_prefix("dc.").or_else(|| name.strip_prefix("dc:")).or_else(|| name.strip_prefix("dcterms."))
    {
        // Several DC.subject tags are common: join them.
        m.dublin_core.entry(dc.to_string()).and_modify(|v| join(v, &content)).or_insert(content);
        return;
    }
    if ["og:", "article:", "video:", "music:", "book:", "profile:"].iter().any(|p| name.starts_with(p)) {
        // Repeated properties (article:tag, og:image) keep every value.
        m.opengraph.entry(name).and_modify(|v| join(v, &content)).or_insert(content);
        return;
    }
    match name.as_str() {
        "description" if m.description.is_none() => m.description = Some(content),
        "keywords" | "news_keywords" => {
            for k in content.split([',', ';']) {
                let k = k.trim();
                if !k.is_empty() && !m.keywords.iter().any(|x| x.eq_ignore_ascii_case(k)) && m.keywords.len() < 100 {
                    m.keywords.push(k.to_string());
                }
            }
        }
        "robots" | "ketnoi" => {
            for d in content.to_ascii_lowercase().split([',', ' ']).map(str::trim) {
                match d {
                    "noindex" => m.robots.noindex = true,
                    "nofollow" => m.robots.nofollow = true,
                    "none" => {
                        m.robots.noindex = true;
                        m.robots.nofollow = true;
                    }
                    _ => {}
                }
            }
        }
        _ => {
            m.named.entry(name).or_insert(content);
        }
    }
}

fn join(v: &mut String, more: &str) {
    if !v.split("; ").any(|x| x == more) {
        v.push_str("; ");
        v.push_str(more);
    }
}

/// Strings found in JSON-LD objects (and their `@graph`) under `key`, in document order.
pub(crate) fn json_ld_values(blocks: &[serde_json::Value], key: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Iterative walk: JSON-LD may nest deeply, and serde_json already limits depth to 128.
    let mut stack: Vec<&serde_json::Value> = blocks.iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(s)) = map.get(key) {
                    out.push(s.clone());
                }
                for child in map.values().rev() {
                    stack.push(child);
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_head() {
        let html = Html::parse_document(
            r#"<html lang="vi-VN"><head><title> Tin tức </title>
            <base href="https://a.gov.vn/sub/">
            <link rel="Canonical" href="tin/1.html#x">
            <meta name="DC.Title" content="Tiêu đề"><meta name="dc:subject" content="A"><meta name="DC.subject" content="B">
            <meta property="og:title" content="OG"><meta property="article:published_time" content="2024-04-03T10:08:00+07:00">
            <meta name="keywords" content="a, b; A ,c"><meta name="robots" content="NOINDEX, follow">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-04-03"}</script>
            <script type="application/ld+json">{ broken, }</script>
            </head><body><h1>H</h1></body></html>"#,
        );
        let m = collect(&html, &Url::parse("https://a.gov.vn/x/y").unwrap());
        assert_eq!(m.title_tag.as_deref(), Some("Tin tức"));
        assert_eq!(m.canonical.as_deref(), Some("https://a.gov.vn/sub/tin/1.html"));
        assert_eq!(m.dublin_core.get("title").map(String::as_str), Some("Tiêu đề"));
        assert_eq!(m.dublin_core.get("subject").map(String::as_str), Some("A; B"));
        assert_eq!(m.opengraph.len(), 2);
        assert_eq!(m.keywords, ["a", "b", "c"]);
        assert_eq!(m.robots, Robots { noindex: true, nofollow: false });
        assert_eq!(m.json_ld.len(), 1);
        assert_eq!(json_ld_values(&m.json_ld, "datePublished"), ["2024-04-03"]);
        assert_eq!(m.html_lang.as_deref(), Some("vi-VN"));
        assert_eq!(m.h1.as_deref(), Some("H"));
    }
}
