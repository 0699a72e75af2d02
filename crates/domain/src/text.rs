//! Text helpers shared by lookups: Vietnamese names compared without case,
//! tone marks or the đ/d distinction, so "UBND huyện Nga Sơn" finds "Huyện Nga Sơn";
//! and the one escaper for markup ketnoi writes (feeds, boxes, pages).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC-normalises text. Vietnamese arrives in NFD from some systems (and from
/// windows-1258, which stores tone marks as combining characters).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Folds a name for comparison: lowercase, tone marks and diacritics removed,
/// đ → d, runs of whitespace collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The name of a unit as people write it on forms: without the leading
/// "UBND" / "Ủy ban nhân dân" that stands for the unit's people's committee.
pub fn strip_committee_prefix(name: &str) -> &str {
    let trimmed = name.trim();
    for prefix in ["UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "Ủy Ban Nhân Dân"] {
        if let Some(rest) = trimmed.strip_prefix(prefix)
            && rest.starts_with(char::is_whitespace)
        {
            return rest.trim_start();
        }
    }
    trimmed
}

/// Escapes text for XML or HTML element content and quoted attribute values.
/// Drops the control characters XML 1.0 forbids even escaped, so the same
/// text is safe in a feed and in a page.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_tones_case_and_d_stroke() {
        assert_eq!(fold("Xã Nga Điền"), "xa nga dien");
        assert_eq!(fold("  Thị   trấn\tNga Sơn "), "thi tran nga son");
        // NFD input folds the same as NFC input
        let nfd: String = "Thanh Hóa".nfd().collect();
        assert_eq!(fold(&nfd), fold("Thanh Hóa"));
    }

    #[test]
    fn committee_prefix_is_stripped_only_as_a_word() {
        assert_eq!(strip_committee_prefix("UBND huyện Nga Sơn"), "huyện Nga Sơn");
        assert_eq!(strip_committee_prefix("Ủy ban nhân dân xã Nga Điền"), "xã Nga Điền");
        assert_eq!(strip_committee_prefix("UBNDX"), "UBNDX");
        assert_eq!(strip_committee_prefix("Xã Nga Điền"), "Xã Nga Điền");
    }
}
