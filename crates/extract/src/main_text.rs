//! Main text without boilerplate.
//!
//! 1. One iterative pass computes, for every element, its visible text length, the part of it
//!    inside links, and whether it is boilerplate (navigation, footer, sidebar... by tag, by
//!    class/id words, or hidden).
//! 2. The content root is the first known CMS content container (Joomla, WordPress, SharePoint,
//!    Liferay, common Vietnamese class names) with enough text; failing that, the element with
//!    the best paragraph score times (1 − link density), as in Readability.
//! 3. The root is rendered to text, skipping boilerplate and link lists, paragraphs separated by
//!    a blank line.
//!
//! Every walk over the tree is iterative (pre-order lists and explicit stacks): a page of a
//! million nested `<div>`s must not overflow the stack.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};

/// Per-element facts from the stats pass.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    /// Non-whitespace characters of visible text below.
    pub text: usize,
    /// Of which inside `<a>`.
    pub link: usize,
    /// The element or an ancestor is boilerplate.
    pub boiler: bool,
}

pub(crate) struct Analysis<'a> {
    pub doc: &'a Html,
    pub stats: HashMap<NodeId, Stats>,
    /// Elements in document order (pre-order), for iterative walks.
    pub order: Vec<NodeRef<'a, Node>>,
}

/// Tags whose content is never main text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "object", "embed", "svg",
    "canvas", "button", "select", "input", "textarea", "option", "menu", "dialog", "map", "head", "title", "meta",
    "link",
];

/// Class/id words (after splitting on `-`, `_`, spaces and camel-case-free lower-casing) that mark boilerplate.
const BOILER_WORDS: &[&str] = &[
    "menu",
    "menubar",
    "mainmenu",
    "topmenu",
    "nav",
    "navbar",
    "navigation",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "banner",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "relatedposts",
    "advert",
    "ads",
    "quangcao",
    "popup",
    "cookie",
    "login",
    "toolbar",
    "tools",
    "pagination",
    "pager",
    "widget",
    "copyright",
    "counter",
    "thongke",
    "lienket",
    "weblink",
    "rating",
    "print",
    "tinkhac",
    "tinlienquan",
    "othernews",
    "morenews",
    "cungchuyenmuc",
    "sitemap",
    "skip",
    "hidden",
];

/// Multi-word phrases (joined without separators) that mark boilerplate: "tin-lien-quan".
const BOILER_JOINED: &[&str] = &[
    "searchbox",
    "searchform",
    "timkiem",
    "tinlienquan",
    "tinkhac",
    "cacbaikhac",
    "baivietkhac",
    "lienketweb",
    "othernews",
    "relatednews",
    "cungchuyenmuc",
];

/// Content containers of CMSs common on Vietnamese government portals, most specific first.
const CONTENT_SELECTORS: &[&str] = &[
    "[itemprop=articleBody]",
    ".com-content-article__body",
    ".item-page",
    ".com-content-article",
    ".entry-content",
    ".post-content",
    ".ms-rtestate-field",
    ".journal-content-article",
    ".asset-content",
    ".content-detail",
    ".news-detail",
    ".detail-content",
    ".article-content",
    ".article-body",
    ".noidung",
    ".chitiet",
    "article",
    "#ctl00_PlaceHolderMain",
    "#content",
    "main",
    "[role=main]",
];

/// A container must have this many characters of text to be taken as the content root.
const MIN_CONTENT_CHARS: usize = 120;

fn words_of(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase)
}

/// Whether an element is boilerplate by itself (not counting ancestors).
pub(crate) fn is_boilerplate(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if SKIP_TAGS.contains(&e.name()) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = e.attr("role")
        && matches!(role.trim(), "navigation" | "banner" | "contentinfo" | "complementary" | "search")
    {
        return true;
    }
    let names = format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or(""));
    if names.trim().is_empty() {
        return false;
    }
    if words_of(&names).any(|w| BOILER_WORDS.contains(&w.as_str())) {
        return true;
    }
    let joined: String = names.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    BOILER_JOINED.iter().any(|p| joined.contains(p))
}

fn visible_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// The stats pass (see module docs).
pub(crate) fn analyse(doc: &Html) -> Analysis<'_> {
    let order: Vec<NodeRef<'_, Node>> = doc.tree.root().descendants().collect();
    let mut stats: HashMap<NodeId, Stats> = HashMap::with_capacity(order.len());
    // Forward: boilerplate flag inherited from the parent.
    for node in &order {
        let inherited = node.parent().and_then(|p| stats.get(&p.id())).is_some_and(|s| s.boiler);
        let own = ElementRef::wrap(*node).is_some_and(is_boilerplate);
        stats.insert(node.id(), Stats { boiler: inherited || own, ..Stats::default() });
    }
    // Backward (children before parents): text and link lengths.
    for node in order.iter().rev() {
        let mut s = stats[&node.id()];
        match node.value() {
            Node::Text(t) => {
                let parent_is_raw = node
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| matches!(p.value().name(), "script" | "style" | "noscript" | "template"));
                if !parent_is_raw {
                    s.text = visible_len(t);
                }
            }
            Node::Element(e) if e.name() == "a" => s.link = s.text,
            _ => {}
        }
        stats.insert(node.id(), s);
        if let Some(parent) = node.parent()
            && let Some(p) = stats.get_mut(&parent.id())
        {
            p.text += s.text;
            p.link += s.link;
        }
    }
    Analysis { doc, stats, order }
}

impl Analysis<'_> {
    pub(crate) fn stats(&self, id: NodeId) -> Stats {
        self.stats.get(&id).copied().unwrap_or_default()
    }

    /// The content root: a known container, else the Readability-style best candidate, else `<body>`.
    pub(crate) fn content_root(&self) -> ElementRef<'_> {
        for sel in CONTENT_SELECTORS {
            let Ok(selector) = scraper::Selector::parse(sel) else { continue };
            let best = self.doc.select(&selector).filter(|e| !self.stats(e.id()).boiler).max_by_key(|e| {
                let s = self.stats(e.id());
                s.text.saturating_sub(s.link)
            });
            if let Some(best) = best {
                let s = self.stats(best.id());
                if s.text.saturating_sub(s.link) >= MIN_CONTENT_CHARS {
                    return best;
                }
            }
        }
        self.best_by_density().unwrap_or_else(|| self.body())
    }

    fn body(&self) -> ElementRef<'_> {
        self.order
            .iter()
            .filter_map(|n| ElementRef::wrap(*n))
            .find(|e| e.value().name() == "body")
            .unwrap_or_else(|| self.doc.root_element())
    }

    /// Readability's idea: paragraphs vote for their parent (full score) and grandparent (half);
    /// the winner's score is scaled by (1 − link density).
    fn best_by_density(&self) -> Option<ElementRef<'_>> {
        let mut scores: HashMap<NodeId, f64> = HashMap::new();
        for node in &self.order {
            let Some(el) = ElementRef::wrap(*node) else { continue };
            let st = self.stats(node.id());
            if st.boiler || !matches!(el.value().name(), "p" | "pre" | "blockquote" | "td" | "div" | "section" | "li") {
                continue;
            }
            // Own text: direct text children only, so a wrapper div does not vote for itself.
            let own: usize = node
                .children()
                .map(|c| match c.value() {
                    Node::Text(t) => visible_len(t),
                    Node::Element(e) if matches!(e.name(), "span" | "strong" | "b" | "em" | "i" | "font" | "u") => {
                        self.stats(c.id()).text
                    }
                    _ => 0,
                })
                .sum();
            if own < 25 {
                continue;
            }
            let text: String = el.text().take(200).collect();
            let score = 1.0 + text.matches([',', '.']).count() as f64 + (own as f64 / 100.0).min(3.0);
            if let Some(parent) = node.parent() {
                *scores.entry(parent.id()).or_default() += score;
                if let Some(grand) = parent.parent() {
                    *scores.entry(grand.id()).or_default() += score / 2.0;
                }
            }
        }
        let mut best: Option<(f64, NodeId)> = None;
        for (id, score) in scores {
            let st = self.stats(id);
            if st.boiler || st.text == 0 {
                continue;
            }
            let density = st.link as f64 / st.text as f64;
            let scaled = score * (1.0 - density);
            // Ties broken by id order keep the result deterministic (HashMap order is not).
            let better = match best {
                None => true,
                Some((b, bid)) => scaled > b || (scaled == b && id_order(id) < id_order(bid)),
            };
            if better {
                best = Some((scaled, id));
            }
        }
        let (_, id) = best?;
        self.doc.tree.get(id).and_then(ElementRef::wrap)
    }
}

fn id_order(id: NodeId) -> String {
    format!("{id:?}")
}

/// Block-level tags: each starts a new paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "form"
            | "fieldset"
            | "caption"
    )
}

/// Collapses whitespace (including NBSP), drops control, zero-width and replacement characters, trims.
pub(crate) fn normalise_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{A0}' {
            space = !out.is_empty();
            continue;
        }
        // Replacement characters (from NULs or undecodable bytes; `Decoded::had_errors` keeps
        // that fact) and zero-width characters only get in the way of search.
        if c.is_control() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{AD}' | '\u{FFFD}') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Renders an element's visible text: blocks become paragraphs separated by "\n\n", table
/// cells of a row are joined by " | ". Boilerplate and link lists are skipped.
pub(crate) fn render(analysis: &Analysis<'_>, root: ElementRef<'_>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let p = normalise_inline(current);
        if !p.is_empty() && p != "|" {
            paragraphs.push(p.trim_matches(|c| c == '|' || c == ' ').to_string());
        }
        current.clear();
    };
    // Explicit stack of (node, entering?) for an iterative pre/post-order walk.
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(t) if entering => current.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if entering {
                    if node.id() != root.id() && skip_in_render(analysis, node) {
                        continue;
                    }
                    if is_block(name) {
                        flush(&mut current, &mut paragraphs);
                    } else if matches!(name, "td" | "th") {
                        current.push_str(" | ");
                    } else if name == "img" {
                        continue;
                    }
                    stack.push((node, false));
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, true));
                    }
                } else if is_block(name) {
                    flush(&mut current, &mut paragraphs);
                } else if matches!(name, "td" | "th") {
                    current.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

/// Inside the content root: boilerplate elements, and lists/blocks that are mostly links
/// ("Tin liên quan" lists without a telling class name).
fn skip_in_render(analysis: &Analysis<'_>, node: NodeRef<'_, Node>) -> bool {
    let Some(el) = ElementRef::wrap(node) else { return false };
    if is_boilerplate(el) {
        return true;
    }
    if matches!(el.value().name(), "ul" | "ol" | "div" | "section" | "table") {
        let st = analysis.stats(node.id());
        return st.text > 0 && st.link * 10 > st.text * 7;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main_text(html: &str) -> String {
        let doc = Html::parse_document(html);
        let a = analyse(&doc);
        let root = a.content_root();
        render(&a, root)
    }

    const PARA: &str = "Chiều ngày 3/4, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế, xã hội quý II, với sự tham dự của lãnh đạo các sở, ban, ngành.";

    #[test]
    fn known_container_wins_and_chrome_is_dropped() {
        let html = format!(
            r#"<body><div class="menu-top"><a href="/">Trang chủ</a></div>
            <div class="item-page"><h2>Tiêu đề</h2><p>{PARA}</p><p>Đoạn hai.<br>Dòng ba.</p>
            <div class="tin-lien-quan"><a href="/a">Tin A</a></div><script>var x = 1;</script></div>
            <footer>Bản quyền thuộc về UBND tỉnh</footer></body>"#
        );
        assert_eq!(main_text(&html), format!("Tiêu đề\n\n{PARA}\n\nĐoạn hai.\n\nDòng ba."));
    }

    #[test]
    fn density_fallback_picks_the_article_block() {
        let links: String =
            (0..30).map(|i| format!("<li><a href='/{i}'>Liên kết số {i} trong menu</a></li>")).collect();
        let html = format!(
            r#"<body><div><ul>{links}</ul></div><div class="x"><div class="y"><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></div></body>"#
        );
        assert_eq!(main_text(&html), [PARA, PARA, PARA].join("\n\n"));
    }

    #[test]
    fn tables_and_hidden() {
        let html = format!(
            r#"<body><article><p>{PARA}</p><table><tr><td>Số ký hiệu</td><td>42/2022/NĐ-CP</td></tr></table>
            <div style="display: none">ẩn</div><p hidden>ẩn</p></article></body>"#
        );
        assert_eq!(main_text(&html), format!("{PARA}\n\nSố ký hiệu | 42/2022/NĐ-CP"));
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 3_000;
        let html = format!("{}<p>{PARA}</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let doc = Html::parse_document(&html);
        let a = analyse(&doc);
        let text = render(&a, a.content_root());
        assert!(text.contains("Ủy ban"));
    }
}
