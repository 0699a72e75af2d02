//! Highlighting for Vietnamese: a syllable matches when its folded form is a query term, so a
//! query typed without tones still marks "Nghị định". Output is HTML-escaped with `<mark>`.

use std::collections::HashSet;

use crate::analysis;

/// Byte ranges of the syllables (alphanumeric runs) of `text`.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Removes `<mark>` tags (the only tags this module writes) and unescapes entities.
pub fn strip_tags(html: &str) -> String {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn render(text: &str, from: usize, to: usize, matched: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = from;
    for &(s, e) in matched.iter().filter(|(s, e)| *s >= from && *e <= to) {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..to]));
    out
}

fn matches(text: &str, terms: &HashSet<String>) -> (Vec<(usize, usize)>, Vec<bool>) {
    let spans = spans(text);
    let hit: Vec<bool> = spans.iter().map(|&(s, e)| terms.contains(&analysis::fold(&text[s..e]))).collect();
    (spans, hit)
}

/// The whole text with every matching syllable marked.
pub fn highlight_all(text: &str, terms: &HashSet<String>) -> String {
    let (spans, hit) = matches(text, terms);
    let marked: Vec<(usize, usize)> = spans.iter().zip(&hit).filter(|(_, h)| **h).map(|(s, _)| *s).collect();
    render(text, 0, text.len(), &marked)
}

/// The window of `width` syllables with the most distinct matches (the start of the text when
/// nothing matches), marked, with "…" where it was cut.
pub fn best_passage(text: &str, terms: &HashSet<String>, width: usize) -> String {
    let (spans, hit) = matches(text, terms);
    if spans.is_empty() {
        return String::new();
    }
    let width = width.max(1).min(spans.len());
    let mut best = (0usize, 0usize);
    for start in 0..=spans.len() - width {
        let distinct: HashSet<String> =
            (start..start + width).filter(|i| hit[*i]).map(|i| analysis::fold(&text[spans[i].0..spans[i].1])).collect();
        if distinct.len() > best.1 {
            best = (start, distinct.len());
        }
    }
    let (first, last) = (best.0, best.0 + width - 1);
    let from = if first == 0 { 0 } else { spans[first].0 };
    let to = if last == spans.len() - 1 { text.len() } else { spans[last].1 };
    let marked: Vec<(usize, usize)> = (first..=last).filter(|i| hit[*i]).map(|i| spans[i]).collect();
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(render(text, from, to, &marked).trim());
    if to < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(t: &[&str]) -> HashSet<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn folded_terms_mark_toned_text_and_everything_is_escaped() {
        let html = highlight_all("Nghị định <b>42</b> & Thông tư", &terms(&["nghi", "dinh", "42"]));
        assert_eq!(html, "<mark>Nghị</mark> <mark>định</mark> &lt;b&gt;<mark>42</mark>&lt;/b&gt; &amp; Thông tư");
        assert_eq!(strip_tags(&html), "Nghị định <b>42</b> & Thông tư");
    }

    #[test]
    fn the_passage_is_where_the_matches_are() {
        let mut text = "mở đầu ".repeat(50);
        text.push_str("quy định về cấp giấy phép xây dựng nhà ở riêng lẻ");
        text.push_str(&" kết thúc".repeat(50));
        let p = best_passage(&text, &terms(&["giay", "phep", "xay", "dung"]), 12);
        assert!(p.starts_with('…') && p.ends_with('…'), "{p}");
        assert!(p.contains("<mark>giấy</mark> <mark>phép</mark> <mark>xây</mark> <mark>dựng</mark>"), "{p}");
        assert_eq!(best_passage("", &terms(&["a"]), 10), "");
        assert_eq!(best_passage("ngắn", &terms(&[]), 10), "ngắn");
    }
}
