//! Document numbers ("số, ký hiệu") of Vietnamese legal and administrative documents:
//! `42/2022/NĐ-CP`, `409/VPCP-TTĐT`, `03/2023/TT-BTC`, `1234/QĐ-TTg`, `18-NQ/TW`.
//!
//! People search for these verbatim, but type them without tones, in lower case, or with
//! other separators (`42/2022/ND-CP`, `42-2022-nđ-cp`, `42/2022/nd cp`). Each number is
//! reduced to one canonical key — folded, lower case, parts joined by `/`
//! (`42/2022/nd/cp`) — and indexed as a single term, so an exact number query is one term
//! lookup and never matches "42" or "2022" elsewhere in a text.
//!
//! The shape recognised in free text is `NUMBER [/ DIGITS] / SYMBOL` where
//!
//! - NUMBER is 1–6 ASCII digits that do not continue a compound token ("COVID-19" holds no
//!   document number),
//! - one more digit part is allowed (the year, or an old-style second number),
//! - SYMBOL is 1–4 letter groups (ASCII after folding, at most 10 characters each, a
//!   group may end in digits: `QH15`).
//!
//! So "2022", a date "12/5/2024" (a third digit part where a letter group must come),
//! phone numbers "0912-345-678" / "024.3825.1234" and amounts "1.000.000" are not
//! document numbers: none has a letter group.
//!
//! Separators between parts are one of `/ - . _` (and the dashes U+2010–U+2015) with no
//! space. Spaces are accepted only where they cannot swallow the next word: before a
//! letter group that is a known type or issuer code (`42/2022/nd cp`, `42/2022 nđ-cp`)
//! — "123/QĐ-UBND ngày 12/5" stops at "UBND".

use super::normalize::fold;
use unicode_normalization::char::is_combining_mark;

/// A document number found in a text: its canonical key and the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberMatch {
    /// Canonical key, e.g. `42/2022/nd/cp`.
    pub key: String,
    /// Byte offset of the first character in the searched text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Longest canonical key accepted; longer ones are not document numbers (and would be
/// dropped by the tokenizers' length filter anyway).
pub const MAX_DOC_NUMBER_BYTES: usize = 64;
const MAX_NUMBER_DIGITS: usize = 6;
const MAX_MIDDLE_DIGITS: usize = 4;
const MAX_GROUP_CHARS: usize = 10;
const MAX_GROUPS: usize = 4;
const MAX_GAP_CHARS: usize = 3;

/// Document types: may follow the number part after a space (`42/2022 nd-cp`).
const TYPE_CODES: &[&str] =
    &["nd", "qd", "tt", "ttlt", "ct", "nq", "nqlt", "cv", "kh", "tb", "bc", "hd", "vbhn", "ttr", "qh", "ubtvqh"];

/// Issuers: may follow a letter group after a space (`42/2022/nd cp`).
const ISSUER_CODES: &[&str] = &[
    "cp", "ttg", "tw", "vpcp", "ttdt", "ubnd", "hdnd", "qh", "ubtvqh", "btc", "bnv", "byt", "bct", "bca", "bqp", "btp",
    "bxd", "bkhdt", "btnmt", "bnnptnt", "bnnmt", "bldtbxh", "btttt", "bgtvt", "bvhttdl", "bkhcn", "bgddt", "bdttg",
    "bng", "nhnn", "tandtc", "vksndtc", "ktnn", "ttcp", "bhxh", "vpqh", "vpctn", "ctn", "bcd",
];

fn is_code(part: &str, codes: &[&str]) -> bool {
    let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
    codes.contains(&letters)
}

fn is_hard_separator(c: char) -> bool {
    matches!(c, '/' | '\\' | '-' | '.' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{3000}')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// One separator, no space: `42/2022`.
    Tight,
    /// Spaces, with at most one of `/ -` and dashes among them: `nd cp`, `nd - cp`.
    Spaced,
    None,
}

fn classify_gap(gap: &str) -> Link {
    let (mut hard, mut spaces, mut soft_ok, mut n) = (0, 0, true, 0);
    for c in gap.chars() {
        n += 1;
        if n > MAX_GAP_CHARS {
            return Link::None;
        }
        if is_hard_separator(c) {
            hard += 1;
            soft_ok &= !matches!(c, '.' | '_' | '\\');
        } else if is_inline_space(c) {
            spaces += 1;
        } else {
            return Link::None;
        }
    }
    match (hard, spaces) {
        (1, 0) => Link::Tight,
        (0 | 1, 1..) if soft_ok => Link::Spaced,
        _ => Link::None,
    }
}

/// An alphanumeric run (combining marks included) of the original text.
#[derive(Debug, Clone, Copy)]
struct Part {
    start: usize,
    end: usize,
}

fn parts(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut current: Option<Part> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_alphanumeric() || (current.is_some() && is_combining_mark(c)) {
            match current.as_mut() {
                Some(part) => part.end = end,
                None => current = Some(Part { start: i, end }),
            }
        } else if let Some(part) = current.take() {
            parts.push(part);
        }
    }
    parts.extend(current);
    parts
}

fn is_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// A letter group: ASCII alphanumeric after folding, with at least one letter.
fn letter_group(raw: &str) -> Option<String> {
    if raw.chars().count() > MAX_GROUP_CHARS * 4 {
        return None;
    }
    let folded = fold(raw);
    let ok = folded.len() <= MAX_GROUP_CHARS
        && folded.bytes().all(|b| b.is_ascii_alphanumeric())
        && folded.bytes().any(|b| b.is_ascii_alphabetic());
    ok.then_some(folded)
}

/// Finds the document numbers in free text or in a query, in order of appearance, with
/// their byte ranges. See the module documentation for what counts as one.
pub fn find_doc_number_spans(text: &str) -> Vec<DocNumberMatch> {
    let parts = parts(text);
    let gap = |i: usize| classify_gap(&text[parts[i - 1].end..parts[i].start]);
    let raw = |i: usize| &text[parts[i].start..parts[i].end];
    let mut found = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let starts_here = is_digits(raw(i), MAX_NUMBER_DIGITS) && (i == 0 || gap(i) != Link::Tight);
        if !starts_here {
            i += 1;
            continue;
        }
        match chain_from(i, parts.len(), &gap, &raw) {
            Some((last, key)) => {
                found.push(DocNumberMatch { key, start: parts[i].start, end: parts[last].end });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// Follows a number from part `first`; returns the last part and the key on success.
fn chain_from<'t>(
    first: usize,
    len: usize,
    gap: &dyn Fn(usize) -> Link,
    raw: &dyn Fn(usize) -> &'t str,
) -> Option<(usize, String)> {
    let mut key = raw(first).to_string();
    let mut digit_parts = 1;
    let mut j = first + 1;
    // Number section: NUMBER [/ DIGITS], then the first letter group.
    loop {
        if j >= len {
            return None;
        }
        let link = gap(j);
        let part = raw(j);
        if link == Link::Tight && digit_parts < 2 && is_digits(part, MAX_MIDDLE_DIGITS) {
            key.push('/');
            key.push_str(part);
            digit_parts += 1;
            j += 1;
            continue;
        }
        let group = letter_group(part)?;
        let linked = match link {
            Link::Tight => true,
            // "42/2022 nđ-cp": only after a tight number/year, only before a type code.
            Link::Spaced => digit_parts == 2 && is_code(&group, TYPE_CODES),
            Link::None => false,
        };
        if !linked {
            return None;
        }
        key.push('/');
        key.push_str(&group);
        break;
    }
    // Symbol section: more letter groups.
    let mut last = j;
    let mut groups = 1;
    while groups < MAX_GROUPS && last + 1 < len {
        let next = last + 1;
        let link = gap(next);
        if link == Link::None {
            break;
        }
        let Some(group) = letter_group(raw(next)) else {
            break;
        };
        let linked = link == Link::Tight || is_code(&group, ISSUER_CODES);
        if !linked {
            break;
        }
        key.push('/');
        key.push_str(&group);
        groups += 1;
        last = next;
    }
    (key.len() <= MAX_DOC_NUMBER_BYTES).then_some((last, key))
}

/// The canonical keys of the document numbers in `text` (free text or a query), in order
/// of first appearance, without duplicates.
pub fn find_doc_numbers(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for m in find_doc_number_spans(text) {
        if !keys.contains(&m.key) {
            keys.push(m.key);
        }
    }
    keys
}

/// Canonicalises one document number given on its own (e.g. the "số ký hiệu" field of a
/// document, or a query known to be a number): folded, lower case, every run of separators
/// (`/ - . _`, dashes, spaces) replaced by a single `/`. Leading and trailing punctuation is
/// ignored ("(42/2022/NĐ-CP)."), any other character inside makes it not a number.
///
/// More lenient than [`find_doc_numbers`] (any number of digit parts, any letter group),
/// since the caller says this is a number: the first part need only start with a digit
/// ("123a/QĐ-UBND"). Still, it must contain a letter group, so "2022" and "12/05/2024" are
/// `None`.
pub fn canonical_doc_number(s: &str) -> Option<String> {
    let trimmed = s.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() || trimmed.len() > MAX_DOC_NUMBER_BYTES * 8 {
        return None;
    }
    let folded = fold(trimmed);
    let mut key = String::with_capacity(folded.len());
    let mut in_separator = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if in_separator {
                key.push('/');
                in_separator = false;
            }
            key.push(c);
        } else if is_hard_separator(c) || c.is_whitespace() {
            in_separator = true;
        } else {
            return None;
        }
    }
    let first = key.split('/').next().unwrap_or_default();
    let has_letters = key.split('/').any(|p| p.bytes().any(|b| b.is_ascii_alphabetic()));
    let ok = first.starts_with(|c: char| c.is_ascii_digit()) && has_letters && key.len() <= MAX_DOC_NUMBER_BYTES;
    ok.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for (input, key) in [
            ("42/2022/NĐ-CP", "42/2022/nd/cp"),
            ("42-2022-ND-CP", "42/2022/nd/cp"),
            ("42/2022/nd cp", "42/2022/nd/cp"),
            ("42-2022-nđ-cp", "42/2022/nd/cp"),
            ("42 / 2022 / NĐ – CP", "42/2022/nd/cp"),
            ("409/VPCP-TTĐT", "409/vpcp/ttdt"),
            ("03/2023/TT-BTC", "03/2023/tt/btc"),
            ("123/QĐ-UBND", "123/qd/ubnd"),
            ("1234/QĐ-TTg", "1234/qd/ttg"),
            ("15/2023/QH15", "15/2023/qh15"),
            ("18-NQ/TW", "18/nq/tw"),
            ("(42/2022/NĐ-CP).", "42/2022/nd/cp"),
            ("42//2022__nd..cp", "42/2022/nd/cp"),
        ] {
            assert_eq!(canonical_doc_number(input).as_deref(), Some(key), "{input}");
        }
        // NFD input.
        assert_eq!(canonical_doc_number("42/2022/N\u{0110}-CP").as_deref(), Some("42/2022/nd/cp"));
    }

    #[test]
    fn canonical_rejects_non_numbers() {
        for input in [
            "",
            "2022",
            "12/05/2024",
            "NĐ-CP",
            "Số 42/2022/NĐ-CP",
            "42/2022/NĐ,CP",
            "42;CP",
            "🙂",
            "42/中华",
            "42/москва",
            "4\u{0300}2",
        ] {
            assert_eq!(canonical_doc_number(input), None, "{input}");
        }
        assert_eq!(canonical_doc_number(&format!("1/{}", "a".repeat(100))), None);
    }

    #[test]
    fn finds_numbers_in_free_text() {
        let text = "Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ; \
                    Công văn số 409/VPCP-TTĐT; Thông tư 03/2023/TT-BTC, Quyết định \
                    123/QĐ-UBND ngày 12/5/2024 và Quyết định số 1234/QĐ-TTg. \
                    Nghị quyết 18-NQ/TW, Luật số 15/2023/QH15.";
        assert_eq!(
            find_doc_numbers(text),
            [
                "42/2022/nd/cp",
                "409/vpcp/ttdt",
                "03/2023/tt/btc",
                "123/qd/ubnd",
                "1234/qd/ttg",
                "18/nq/tw",
                "15/2023/qh15"
            ]
        );
    }

    #[test]
    fn query_variants_give_the_same_key() {
        for q in [
            "42/2022/NĐ-CP",
            "42/2022/ND-CP",
            "42-2022-nđ-cp",
            "42/2022/nd cp",
            "42/2022 nd-cp",
            "42/2022 nd cp",
            "42.2022.nd.cp",
            "nghị định 42/2022/nđ-cp",
            "42/2022/N\u{0110}-CP",
            "42/2022/NĐ–CP",
        ] {
            assert_eq!(find_doc_numbers(q), ["42/2022/nd/cp"], "{q}");
        }
    }

    #[test]
    fn spans_point_into_the_text_and_agree_with_canonical() {
        let text = "Theo 42/2022/nd cp và 409/VPCP-TTĐT ngày 1/1/2024.";
        let found = find_doc_number_spans(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].start..found[0].end], "42/2022/nd cp");
        assert_eq!(&text[found[1].start..found[1].end], "409/VPCP-TTĐT");
        for m in found {
            assert_eq!(canonical_doc_number(&text[m.start..m.end]), Some(m.key));
        }
    }

    #[test]
    fn dates_phones_amounts_are_not_numbers() {
        for text in [
            "ngày 12/5/2024",
            "ngày 12/05/2024 UBND tỉnh",
            "12-05-2024",
            "2022",
            "năm 2024 - UBND tỉnh",
            "năm 2024, UBND tỉnh",
            "Điều 5. UBND tỉnh",
            "ĐT: 0912 345 678",
            "0912-345-678",
            "(024) 3825 1234",
            "024.3825.1234",
            "+84 24 3825 1234",
            "1.000.000 đồng",
            "COVID-19/Bộ Y tế",
            "từ 1-2 ngày",
            "Mục 2.3 Điều 4",
            "42/2022",
            "",
        ] {
            assert!(find_doc_numbers(text).is_empty(), "{text}: {:?}", find_doc_numbers(text));
        }
    }

    #[test]
    fn number_stops_before_the_following_words() {
        assert_eq!(find_doc_numbers("Công văn 123/UBND về việc"), ["123/ubnd"]);
        assert_eq!(find_doc_numbers("123/QĐ-UBND ngày 5/3"), ["123/qd/ubnd"]);
        assert_eq!(find_doc_numbers("123/QĐ-UBND. UBND tỉnh"), ["123/qd/ubnd"]);
        assert_eq!(find_doc_numbers("số 01/2024/TTLT-BTC-BYT"), ["01/2024/ttlt/btc/byt"]);
        assert_eq!(find_doc_numbers("42/2022/NĐ-CP và 42/2022/NĐ-CP"), ["42/2022/nd/cp"]);
    }

    #[test]
    fn hostile_input() {
        for text in [
            "\u{0}\u{1}42\u{7}/2022/ND-CP",
            "42/2022/🙂",
            "42/中华/CP",
            "1/".repeat(10_000).as_str(),
            "9".repeat(100_000).as_str(),
            "42/2022/Н-CP Москва مرحبا",
            "\u{0301}42/\u{0301}2022/NĐ-CP",
        ] {
            let _ = find_doc_numbers(text);
            let _ = canonical_doc_number(text);
        }
        let big = "Căn cứ 42/2022/NĐ-CP ngày 1/2/2023. ".repeat(30_000);
        assert_eq!(find_doc_number_spans(&big).len(), 30_000);
        assert_eq!(find_doc_numbers(&big), ["42/2022/nd/cp"]);
    }
}
