//! Splitting text into syllables, with byte offsets into the *original* text.
//!
//! Vietnamese is written one syllable per space-separated word, so a syllable is simply a
//! run of alphanumeric characters. The scan runs over the original text (not over a
//! normalized copy) so that tantivy gets offsets that point into what was indexed, which
//! highlighting needs; each syllable is normalized afterwards on its own.
//!
//! Two details matter for correctness:
//!
//! - Combining marks continue a syllable. Text in NFD ("Nghi\u{0323}") carries its tone
//!   marks as separate code points that are not alphanumeric; splitting on them would cut
//!   "nghị" into "nghi" and a stray mark.
//! - CJK ideographs and kana are written without spaces, so each one is a syllable of its
//!   own (the classic unigram + bigram treatment of CJK); otherwise a Chinese sentence would
//!   be one huge token that the length filter drops.
//!
//! Each span also says whether a clause boundary precedes it, so that bigrams are not built
//! across sentence punctuation ("… Nghị định. Số …" must not yield "dinh_so").

use unicode_normalization::char::is_combining_mark;

/// One syllable: a byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    /// True when the text between the previous syllable and this one holds a clause
    /// boundary (see [`Segments`]); always true for the first syllable.
    pub break_before: bool,
}

/// Iterator over the syllables of a text.
///
/// A clause boundary is one of `; ! ? …` brackets, `|`, a paragraph break (two or more
/// line breaks: a single line break is often a hard wrap inside a sentence, e.g. text
/// extracted from PDF), or `.`/`,`/`:` followed or preceded by something else
/// (". ", ", ") — a lone dot or comma between two syllables ("1.000", "3,5") is not one.
pub(crate) struct Segments<'a> {
    text: &'a str,
    pos: usize,
    first: bool,
}

impl<'a> Segments<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Segments { text, pos: 0, first: true }
    }
}

/// Characters written without spaces between words, so each is a syllable on its own.
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

fn is_strong_break(c: char) -> bool {
    matches!(c, ';' | '!' | '?' | '…' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '\u{2028}' | '\u{2029}')
}

fn is_weak_break(c: char) -> bool {
    matches!(c, '.' | ',' | ':')
}

impl Iterator for Segments<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        let mut gap_len = 0usize;
        let mut newlines = 0usize;
        let mut strong = false;
        let mut weak = false;
        let mut found = None;
        for (i, c) in chars.by_ref() {
            if c.is_alphanumeric() {
                found = Some((i, c));
                break;
            }
            gap_len += 1;
            match c {
                '\n' => newlines += 1,
                '\r' => {}
                c if is_strong_break(c) => strong = true,
                c if is_weak_break(c) => weak = true,
                _ => {}
            }
        }
        let Some((rel_start, first_char)) = found else {
            self.pos = self.text.len();
            return None;
        };
        let mut rel_end = rel_start + first_char.len_utf8();
        let ideograph = is_ideograph(first_char);
        for (i, c) in chars {
            let continues = if ideograph {
                is_combining_mark(c)
            } else {
                (c.is_alphanumeric() && !is_ideograph(c)) || is_combining_mark(c)
            };
            if !continues {
                break;
            }
            rel_end = i + c.len_utf8();
        }
        let break_before = self.first || strong || newlines >= 2 || (weak && gap_len > 1);
        self.first = false;
        let span = Span { start: self.pos + rel_start, end: self.pos + rel_end, break_before };
        self.pos = span.end;
        Some(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Segments::new(text).map(|s| &text[s.start..s.end]).collect()
    }

    fn breaks(text: &str) -> Vec<bool> {
        Segments::new(text).map(|s| s.break_before).collect()
    }

    #[test]
    fn splits_on_non_alphanumeric_and_keeps_digits() {
        assert_eq!(
            words("Nghị định số 42/2022/NĐ-CP, ngày 24.6"),
            ["Nghị", "định", "số", "42", "2022", "NĐ", "CP", "ngày", "24", "6"]
        );
    }

    #[test]
    fn combining_marks_continue_a_syllable() {
        let nfd = "Nghi\u{0323} đi\u{0323}nh";
        assert_eq!(words(nfd), ["Nghi\u{0323}", "đi\u{0323}nh"]);
        // A stray mark with no base is not a syllable.
        assert_eq!(words("\u{0301} a"), ["a"]);
    }

    #[test]
    fn ideographs_are_single_syllables() {
        assert_eq!(words("中华人民 ok"), ["中", "华", "人", "民", "ok"]);
        assert_eq!(words("abc中def"), ["abc", "中", "def"]);
    }

    #[test]
    fn clause_breaks() {
        assert_eq!(breaks("a b"), [true, false]);
        assert_eq!(breaks("a. b"), [true, true]);
        assert_eq!(breaks("1.000"), [true, false]);
        assert_eq!(breaks("a, b"), [true, true]);
        assert_eq!(breaks("a; b"), [true, true]);
        assert_eq!(breaks("a (b)"), [true, true]);
        assert_eq!(breaks("a\nb"), [true, false]);
        assert_eq!(breaks("a\r\n\r\nb"), [true, true]);
        assert_eq!(breaks("a - b"), [true, false]);
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_original() {
        let text = "  Hòa\u{00A0}bình 🙂 x";
        for span in Segments::new(text) {
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        assert_eq!(words(text), ["Hòa", "bình", "x"]);
    }

    #[test]
    fn hostile_input() {
        assert!(words("").is_empty());
        assert!(words("\u{0}\u{1}\u{7f}\t\n 🙂🙂 \u{200d}").is_empty());
        assert_eq!(words("Москва مرحبا"), ["Москва", "مرحبا"]);
        let big = "a".repeat(1 << 20);
        assert_eq!(words(&big).len(), 1);
    }
}
