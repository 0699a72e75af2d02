//! Legacy Vietnamese "font encodings": TCVN3 (TCVN 5712:1993 VN3, "ABC") and VNI-Windows.
//!
//! Before Unicode, Vietnamese web pages were typed in 8-bit font encodings and served as
//! `windows-1252`/`iso-8859-1` (or with no charset at all); the browser showed them right only
//! because the page asked for a font such as `.VnTime` (TCVN3) or `VNI-Times` (VNI). Decoded as
//! Latin-1 they read "Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi"
//! (VNI). This module detects such text and converts it to Unicode (NFC).
//!
//! Both converters work on *characters*, not bytes: each Latin-1 character stands for the byte
//! of the same value. That way the conversion also repairs text that reached us through HTML
//! entities (`ho&micro;`) or that a CMS re-encoded as UTF-8 without converting it.
//!
//! Tables were checked against the well-known mojibake strings of both encodings (tests below)
//! and against an independent keyboard driver's tables.

use serde::{Deserialize, Serialize};

/// A legacy font encoding that was detected and converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegacyFont {
    /// TCVN 5712:1993 VN3 ("ABC"): fonts `.VnTime`, `.VnArial`...
    Tcvn3,
    /// VNI-Windows: fonts `VNI-Times`, `VNI-Helve`...
    Vni,
}

/// TCVN3 bytes 0xA1..=0xFF → Unicode; bytes not listed keep their Latin-1 character.
///
/// Every lower-case precomposed letter has a byte; of the upper-case letters only the toneless
/// Ă Â Ê Ô Ơ Ư Đ do (0xA1–0xA7), plus the 16 toned capitals that some TCVN3 fonts put in the
/// gaps of the Latin-1 range (0xC0–0xC5, 0xAF, 0xBA, 0xBF, 0xCD, 0xD9, 0xDA, 0xDB, 0xE0, 0xF0, 0xFF).
/// Capitals that some fonts put in 0x80–0x9F are deliberately NOT mapped: in windows-1252 those
/// bytes are curly quotes, dashes and the ellipsis, which editors insert far more often than a
/// page uses those rare capitals. Other capitals were typed with the lower-case byte in an
/// upper-case font (`.VnTimeH`); see [`tcvn3_to_unicode`] for how we restore them.
const TCVN3_PAIRS: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xAF, 'Ằ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBA, 'Ẳ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xBF, 'Ẵ'),
    (0xC0, 'Ắ'),
    (0xC1, 'Ầ'),
    (0xC2, 'Ẩ'),
    (0xC3, 'Ẫ'),
    (0xC4, 'Ấ'),
    (0xC5, 'Ề'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCD, 'Ể'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xD9, 'Ễ'),
    (0xDA, 'Ế'),
    (0xDB, 'Ồ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE0, 'Ổ'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF0, 'Ỗ'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
    (0xFF, 'Ố'),
];

/// [`TCVN3_PAIRS`] as a lookup table indexed by `byte - 0xA1`.
const TCVN3_HIGH: [Option<char>; 0x5F] = {
    let mut t: [Option<char>; 0x5F] = [None; 0x5F];
    let mut i = 0;
    while i < TCVN3_PAIRS.len() {
        t[(TCVN3_PAIRS[i].0 - 0xA1) as usize] = Some(TCVN3_PAIRS[i].1);
        i += 1;
    }
    t
};

fn tcvn3_char(c: char) -> Option<char> {
    let v = c as u32;
    if (0xA1..=0xFF).contains(&v) { TCVN3_HIGH[(v - 0xA1) as usize] } else { None }
}

/// Converts TCVN3 text (each byte read as the Latin-1 character of the same value) to Unicode.
///
/// Upper-case toned letters: TCVN3 pages typed capitals with the lower-case byte in an
/// upper-case font (`.VnTimeH`), so "CéNG HOµ" means "CỘNG HOÀ". A word whose plain letters are
/// all capitals (one after the first letter at least) gets its converted letters upper-cased too, and so does a
/// two-letter-or-longer word with one initial capital between two such words ("X·" in "CéNG HOµ
/// X· HéI"); a word like "Hµ" elsewhere stays "Hà", which is what it nearly always is.
pub fn tcvn3_to_unicode(text: &str) -> String {
    let mapped: String = text.chars().map(|c| tcvn3_char(c).unwrap_or(c)).collect();
    // Split into runs of letters (words) and the rest, keeping everything.
    let mut tokens: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in mapped.char_indices() {
        let letter = c.is_alphabetic();
        if i > start && letter != in_word {
            tokens.push((in_word, &mapped[start..i]));
            start = i;
        }
        in_word = letter;
    }
    if start < mapped.len() {
        tokens.push((in_word, &mapped[start..]));
    }
    // All capitals: no plain lower-case letter, and a capital after the first letter ("CéNG",
    // "ñY" = "ỦY"); "Hµ" (= "Hà") has its only capital first and is not.
    let caps = |w: &str| !w.chars().any(|c| c.is_ascii_lowercase()) && w.chars().skip(1).any(char::is_uppercase);
    let initial = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && !cs.any(|c| c.is_ascii_lowercase())
    };
    // The neighbouring word on the same line, skipping only spaces and punctuation.
    let neighbour_caps = |range: &mut dyn Iterator<Item = &(bool, &str)>| {
        for (is_word, t) in range {
            if *is_word {
                return caps(t);
            }
            if t.contains('\n') {
                return false;
            }
        }
        false
    };
    let mut out = String::with_capacity(mapped.len());
    for (i, (is_word, t)) in tokens.iter().enumerate() {
        let upper = *is_word
            && (caps(t)
                || (initial(t)
                    && t.chars().count() > 1
                    && neighbour_caps(&mut tokens[..i].iter().rev())
                    && neighbour_caps(&mut tokens[i + 1..].iter())));
        if upper {
            out.extend(t.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(t);
        }
    }
    out
}

/// Encodes Unicode text as TCVN3 bytes (for tests and for the synthetic web that serves legacy
/// pages). Capitals without their own byte use the lower-case byte, as `.VnTimeH` users did.
/// Characters outside TCVN3 become `?`.
pub fn unicode_to_tcvn3(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let find = |c: char| (0..TCVN3_HIGH.len()).find(|&i| TCVN3_HIGH[i] == Some(c)).map(|i| i as u8 + 0xA1);
        let byte = find(c).or_else(|| c.to_lowercase().next().and_then(find));
        out.push(byte.unwrap_or(b'?'));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows: a base letter followed by a diacritic byte; a few letters are single bytes.

/// What a VNI diacritic byte (lower-case form; upper-case form is 0x20 less) adds to a base.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Tone(char),            // combining tone mark
    Shape(char),           // combining circumflex or breve, no tone
    ShapeTone(char, char), // circumflex/breve + tone
}

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRC: char = '\u{302}';
const BREVE: char = '\u{306}';

/// Lower-case diacritic bytes of VNI.
fn vni_mark(lower_byte: u32) -> Option<Mark> {
    Some(match lower_byte {
        0xF9 => Mark::Tone(ACUTE),
        0xF8 => Mark::Tone(GRAVE),
        0xFB => Mark::Tone(HOOK),
        0xF5 => Mark::Tone(TILDE),
        0xEF => Mark::Tone(DOT),
        0xE2 => Mark::Shape(CIRC),
        0xE1 => Mark::ShapeTone(CIRC, ACUTE),
        0xE0 => Mark::ShapeTone(CIRC, GRAVE),
        0xE5 => Mark::ShapeTone(CIRC, HOOK),
        0xE3 => Mark::ShapeTone(CIRC, TILDE),
        0xE4 => Mark::ShapeTone(CIRC, DOT),
        0xEA => Mark::Shape(BREVE),
        0xE9 => Mark::ShapeTone(BREVE, ACUTE),
        0xE8 => Mark::ShapeTone(BREVE, GRAVE),
        0xFA => Mark::ShapeTone(BREVE, HOOK),
        0xFC => Mark::ShapeTone(BREVE, TILDE),
        0xEB => Mark::ShapeTone(BREVE, DOT),
        _ => return None,
    })
}

/// VNI letters that are one byte on their own (lower-case byte; capitals are 0x20 less).
fn vni_single(lower_byte: u32) -> Option<char> {
    Some(match lower_byte {
        0xF1 => 'đ',
        0xED => 'í',
        0xEC => 'ì',
        0xE6 => 'ỉ',
        0xF3 => 'ĩ',
        0xF2 => 'ị',
        0xEE => 'ỵ',
        0xF4 => 'ơ',
        0xF6 => 'ư',
        _ => return None,
    })
}

/// Converts VNI-Windows text (each byte read as the Latin-1 character of the same value) to Unicode NFC.
pub fn vni_to_unicode(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // The base letter: a plain vowel, or VNI's single-byte ơ/ư (which take tones too).
        let base = match c {
            'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' => Some(c),
            '\u{F4}' => Some('ơ'),
            '\u{D4}' => Some('Ơ'),
            '\u{F6}' => Some('ư'),
            '\u{D6}' => Some('Ư'),
            _ => None,
        };
        if let Some(base) = base
            && let Some(&next) = chars.get(i + 1)
        {
            let n = next as u32;
            // Accept the mark in either case: caps-lock typing mixes them.
            let mark = if (0xE0..=0xFF).contains(&n) {
                vni_mark(n)
            } else if (0xC0..=0xDF).contains(&n) {
                vni_mark(n + 0x20)
            } else {
                None
            };
            let plain = base.to_lowercase().next().unwrap_or(base);
            let allowed = match mark {
                Some(Mark::Tone(_)) => true,
                Some(Mark::Shape(CIRC) | Mark::ShapeTone(CIRC, _)) => matches!(plain, 'a' | 'e' | 'o'),
                Some(Mark::Shape(_) | Mark::ShapeTone(..)) => plain == 'a',
                None => false,
            };
            if allowed && let Some(mark) = mark {
                let mut s = String::new();
                s.push(base);
                match mark {
                    Mark::Tone(t) | Mark::Shape(t) => s.push(t),
                    Mark::ShapeTone(a, b) => {
                        s.push(a);
                        s.push(b);
                    }
                }
                out.extend(s.nfc());
                i += 2;
                continue;
            }
        }
        let v = c as u32;
        let single = if (0xE0..=0xFF).contains(&v) {
            vni_single(v)
        } else if (0xC0..=0xDF).contains(&v) {
            vni_single(v + 0x20).and_then(|l| l.to_uppercase().next())
        } else {
            None
        };
        out.push(single.unwrap_or(c));
        i += 1;
    }
    out
}

/// Encodes Unicode text as VNI-Windows bytes (for tests and the synthetic web). Characters
/// outside VNI become `?`.
pub fn unicode_to_vni(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let upper = c.is_uppercase();
        let shift = |b: u8| if upper { b - 0x20 } else { b };
        let lower = c.to_lowercase().next().unwrap_or(c);
        // Single-byte letters first (ơ/ư may carry a tone after them).
        if let Some(b) = (0xE0u32..=0xFF).find(|&b| vni_single(b) == Some(lower)) {
            out.push(shift(b as u8));
            continue;
        }
        let decomposed: Vec<char> = lower.to_string().nfd().collect();
        let (base, mut marks) = decomposed.split_first().map(|(b, m)| (*b, m.to_vec())).unwrap_or((lower, vec![]));
        // Canonical order puts the dot below before the circumflex ("ộ" = o + U+0323 + U+0302);
        // VNI writes the shape first. Stable sort: shapes (horn, circumflex, breve) first.
        marks.sort_by_key(|m| !matches!(*m, '\u{31B}' | CIRC | BREVE));
        let (base_byte, marks): (Option<u8>, Vec<char>) = match (base, marks.first()) {
            ('o', Some('\u{31B}')) => (Some(shift(0xF4)), marks[1..].to_vec()),
            ('u', Some('\u{31B}')) => (Some(shift(0xF6)), marks[1..].to_vec()),
            ('a' | 'e' | 'o' | 'u' | 'y', _) => {
                (Some(if upper { base.to_ascii_uppercase() as u8 } else { base as u8 }), marks)
            }
            _ => (None, marks),
        };
        let Some(base_byte) = base_byte else {
            out.push(b'?');
            continue;
        };
        out.push(base_byte);
        if marks.is_empty() {
            continue;
        }
        let wanted = match marks.as_slice() {
            [m @ (CIRC | BREVE)] => Mark::Shape(*m),
            [s @ (CIRC | BREVE), t] => Mark::ShapeTone(*s, *t),
            [t] => Mark::Tone(*t),
            _ => {
                out.push(b'?');
                continue;
            }
        };
        match (0xE0u32..=0xFF).find(|&b| vni_mark(b) == Some(wanted)) {
            Some(b) => out.push(shift(b as u8)),
            None => out.push(b'?'),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Detection.

/// Font names that mark TCVN3 text (lower-cased, with the leading dot that every ABC font has).
const TCVN3_FONTS: &[&str] = &[
    ".vntime",
    ".vnarial",
    ".vnhelvet",
    ".vncentury",
    ".vnavant",
    ".vncourier",
    ".vnbook",
    ".vnbodoni",
    ".vnmonotype",
    ".vnlinus",
    ".vnclarendon",
    ".vnswitzerland",
    ".vnuniverse",
    ".vncooper",
    ".vnlucida",
];

/// Font names that mark VNI text.
const VNI_FONTS: &[&str] = &[
    "vni-times",
    "vni-helve",
    "vni-aptima",
    "vni-book",
    "vni-centur",
    "vni-courier",
    "vni-univer",
    "vni-avo",
    "vni-top",
];

/// Frequent Vietnamese words that carry a diacritic: how many of them a text contains tells real
/// Vietnamese from mojibake without any model.
const COMMON_WORDS: &[&str] = &[
    "của", "và", "các", "được", "những", "trong", "là", "có", "không", "người", "này", "với", "một", "đã", "năm",
    "ngày", "tỉnh", "nhân", "dân", "việt", "đến", "về", "để", "thực", "hiện", "quản", "lý", "nước", "phát", "triển",
    "cơ", "công", "tác", "chính", "phủ", "quyết", "định", "số", "hội", "đồng", "ủy", "thông", "điện", "tử", "huyện",
    "xã", "tại", "từ", "sẽ", "cũng", "như", "đơn", "vị", "trên", "địa", "bàn", "tháng", "nghị", "văn", "bản", "hành",
];

fn common_word_hits(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.is_ascii())
        .filter(|w| {
            let lower = w.to_lowercase();
            COMMON_WORDS.contains(&lower.as_str())
        })
        .count()
}

/// How much text the byte-statistics check looks at (the font check looks at everything).
const SAMPLE_CHARS: usize = 200_000;

/// Detects a legacy font encoding in already-decoded text (usually a whole HTML page).
///
/// Rules, in order:
/// 1. A TCVN3 or VNI font name in the page (CSS `font-family`, `<font face>`) names the
///    candidate; it is accepted when converting adds common Vietnamese words, or when the text
///    has Latin-1 letters and no Unicode-only Vietnamese letters (ơ, ư, ă, đ, ạ...) at all.
/// 2. Without a font name, the conversion with more common Vietnamese words wins if it finds at
///    least 3 and more than twice as many as the text as it stands.
pub fn detect(text: &str) -> Option<LegacyFont> {
    let has_latin1_letters = text.chars().any(|c| ('\u{A1}'..='\u{FF}').contains(&c));
    if !has_latin1_letters {
        return None;
    }
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let lower = text.to_ascii_lowercase();
    let tcvn_font = TCVN3_FONTS.iter().any(|f| lower.contains(f));
    let vni_font = VNI_FONTS.iter().any(|f| lower.contains(f));
    let unicode_vietnamese = sample.chars().any(is_unicode_only_vietnamese);
    if unicode_vietnamese && !tcvn_font && !vni_font {
        // Already Unicode Vietnamese and nothing asks for a legacy font: skip the conversions.
        return None;
    }
    let original = common_word_hits(&sample);
    let tcvn = common_word_hits(&tcvn3_to_unicode(&sample));
    let vni = common_word_hits(&vni_to_unicode(&sample));

    let by_font = |font: bool, hits: usize| font && (hits > original || (!unicode_vietnamese && original == 0));
    match (by_font(tcvn_font, tcvn), by_font(vni_font, vni)) {
        (true, false) => return Some(LegacyFont::Tcvn3),
        (false, true) => return Some(LegacyFont::Vni),
        (true, true) => return Some(if vni > tcvn { LegacyFont::Vni } else { LegacyFont::Tcvn3 }),
        (false, false) => {}
    }
    let (best, hits) = if vni > tcvn { (LegacyFont::Vni, vni) } else { (LegacyFont::Tcvn3, tcvn) };
    (hits >= 3 && hits > 2 * original).then_some(best)
}

/// Letters that exist in Unicode Vietnamese but never in Latin-1: their presence means the text
/// is already Unicode.
fn is_unicode_only_vietnamese(c: char) -> bool {
    matches!(c, 'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | '\u{1EA0}'..='\u{1EF9}')
}

/// Converts text from the given legacy font encoding.
pub fn convert(text: &str, font: LegacyFont) -> String {
    match font {
        LegacyFont::Tcvn3 => tcvn3_to_unicode(text),
        LegacyFont::Vni => vni_to_unicode(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| b as char).collect()
    }

    const SENTENCES: &[&str] = &[
        "Ủy ban nhân dân tỉnh Thanh Hóa",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022 của Chính phủ",
        "Công văn 409/VPCP-TTDT về việc tích hợp, chia sẻ thông tin chỉ đạo, điều hành",
        "Thủ tướng yêu cầu các bộ, ngành, địa phương khẩn trương thực hiện; kỹ lưỡng, mỹ mãn, kỳ họp",
        "Hướng dẫn, trường học, nước, được, người, những, ưu tiên, ứng dụng, ở, ỡ, ợ, ẵ, ẳ, ặ, ẫ, ẩ, ậ, ỷ, ỵ, ỹ",
    ];

    #[test]
    fn tcvn3_known_mojibake() {
        // The classic strings everyone who used .VnTime has seen.
        assert_eq!(tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), "Cộng hoà xã hội chủ nghĩa Việt Nam");
        assert_eq!(tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(tcvn3_to_unicode("Uû ban nh©n d©n tØnh Thanh Ho¸"), "Uỷ ban nhân dân tỉnh Thanh Hoá");
        assert_eq!(tcvn3_to_unicode("NghÞ ®Þnh sè 42/2022/N§-CP"), "Nghị định số 42/2022/NĐ-CP");
        assert_eq!(tcvn3_to_unicode("Th\u{AD}êng trùc"), "Thường trực");
    }

    #[test]
    fn tcvn3_bytes_from_the_brief() {
        assert_eq!(tcvn3_to_unicode(&latin1(&[0xB8, b' ', 0xB5, b' ', 0xAE, b' ', 0xA7])), "á à đ Đ");
    }

    #[test]
    fn tcvn3_upper_case_font_words() {
        // .VnTimeH text: capitals typed with lower-case bytes.
        assert_eq!(tcvn3_to_unicode("CéNG HOµ X· HéI"), "CỘNG HOÀ XÃ HỘI");
        assert_eq!(tcvn3_to_unicode("Hµ Néi"), "Hà Nội");
        assert_eq!(tcvn3_to_unicode("ñY BAN NH©N D©N TØNH THANH HãA"), "ỦY BAN NHÂN DÂN TỈNH THANH HÓA");
    }

    #[test]
    fn tcvn3_round_trip() {
        for s in SENTENCES {
            let bytes = unicode_to_tcvn3(s);
            assert!(!bytes.contains(&b'?'), "{s}");
            let back = tcvn3_to_unicode(&latin1(&bytes));
            // Capitals without a byte of their own come back in lower case (Ủ → ủ).
            assert_eq!(back.to_lowercase(), s.to_lowercase(), "{s}");
        }
        assert_eq!(tcvn3_to_unicode(&latin1(&unicode_to_tcvn3("Độc lập"))), "Độc lập");
    }

    #[test]
    fn tcvn3_every_lower_case_letter_has_one_byte() {
        let letters = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ";
        let mut seen = std::collections::HashSet::new();
        for c in letters.chars() {
            let b = unicode_to_tcvn3(&c.to_string());
            assert_eq!(b.len(), 1, "{c}");
            assert!(b[0] >= 0xA1 && seen.insert(b[0]), "{c} duplicates a byte");
        }
        assert_eq!(seen.len(), 67);
    }

    #[test]
    fn vni_known_mojibake() {
        assert_eq!(vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(vni_to_unicode("UÛY BAN NHAÂN DAÂN tænh Thanh Hoùa"), "ỦY BAN NHÂN DÂN tỉnh Thanh Hóa");
        assert_eq!(vni_to_unicode("Nghò ñònh soá 42/2022/NÑ-CP"), "Nghị định số 42/2022/NĐ-CP");
        assert_eq!(vni_to_unicode("ngöôøi, ñöôïc, nhöõng"), "người, được, những");
    }

    #[test]
    fn vni_bytes_from_the_brief() {
        assert_eq!(vni_to_unicode(&latin1(b"a\xF9 a\xF8 \xF1 \xD1")), "á à đ Đ");
    }

    #[test]
    fn vni_round_trip() {
        for s in SENTENCES {
            let bytes = unicode_to_vni(s);
            assert!(!bytes.contains(&b'?'), "{s}");
            assert_eq!(vni_to_unicode(&latin1(&bytes)), *s, "{s}");
        }
    }

    #[test]
    fn detection_by_font_and_by_statistics() {
        let tcvn = latin1(&unicode_to_tcvn3(SENTENCES[3]));
        let vni = latin1(&unicode_to_vni(SENTENCES[3]));
        assert_eq!(detect(&format!("<font face=\".VnTime\">{tcvn}</font>")), Some(LegacyFont::Tcvn3));
        assert_eq!(detect(&format!("<span style=\"font-family:VNI-Times\">{vni}</span>")), Some(LegacyFont::Vni));
        // No font name: statistics alone.
        let long_tcvn = latin1(&unicode_to_tcvn3(&SENTENCES.join(". ")));
        let long_vni = latin1(&unicode_to_vni(&SENTENCES.join(". ")));
        assert_eq!(detect(&long_tcvn), Some(LegacyFont::Tcvn3));
        assert_eq!(detect(&long_vni), Some(LegacyFont::Vni));
    }

    #[test]
    fn unicode_and_western_text_are_left_alone() {
        assert_eq!(detect(&SENTENCES.join(". ")), None);
        assert_eq!(detect("<p style=\"font-family:.VnTime\">Cộng hòa xã hội chủ nghĩa Việt Nam</p>"), None);
        assert_eq!(detect("Le café à Paris est très agréable, n'est-ce pas? Où êtes-vous?"), None);
        assert_eq!(detect("plain ascii"), None);
    }
}
