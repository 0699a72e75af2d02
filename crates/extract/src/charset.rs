//! Bytes → text: charset selection, decoding, legacy font conversion and NFC.
//!
//! Order of authority (WHATWG "encoding sniffing", simplified):
//! 1. a byte-order mark;
//! 2. the `charset` parameter of the HTTP `Content-Type` header;
//! 3. `<meta charset>` / `<meta http-equiv="Content-Type" content="...; charset=...">` found by
//!    a prescan of the first [`PRESCAN_BYTES`] bytes;
//! 4. `chardetng` with the `.vn` top-level domain as a hint;
//! 5. UTF-8 (for pure ASCII, where every choice decodes the same).
//!
//! When the header and the meta disagree, the header wins, as in browsers, with one documented
//! exception that removes the commonest Vietnamese mojibake: a server default such as
//! `charset=iso-8859-1` in front of a page whose bytes are valid UTF-8 with non-ASCII text. Valid
//! multi-byte UTF-8 is practically never an accident in a single-byte encoding, so when a
//! declared (header or meta) single-byte charset meets such bytes we decode UTF-8 instead and
//! report the source that said UTF-8 (the meta) or `Detected`. Likewise a declared UTF-8 that
//! is mostly invalid goes to the detector.
//!
//! An unknown label (`charset=foo`) is ignored and the next source is tried.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::legacy_font::{self, LegacyFont};

/// How many leading bytes the `<meta charset>` prescan reads (the HTML standard says 1024;
/// real Vietnamese portals put long scripts and comments first, so we read more).
pub const PRESCAN_BYTES: usize = 4096;

/// How many bytes the detector is fed: enough for a verdict, bounded for 20 MB inputs.
const DETECT_BYTES: usize = 256 * 1024;

/// Where the charset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharsetSource {
    Bom,
    Header,
    Meta,
    Detected,
    Default,
}

/// Decoded text of a fetched body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, NFC; converted from TCVN3/VNI when `legacy_font` is set.
    pub text: String,
    /// The WHATWG name of the encoding used ("UTF-8", "windows-1258"...).
    pub encoding: &'static str,
    pub source: CharsetSource,
    pub legacy_font: Option<LegacyFont>,
    /// Some bytes were malformed in the chosen encoding and became U+FFFD.
    pub had_errors: bool,
}

/// Decodes a fetched body. Never fails: at worst the text is lossy and `had_errors` is set.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source, skip) = choose(bytes, content_type);
    let (mut text, mut had_errors) = decode_with(encoding, &bytes[skip..]);
    let mut encoding = encoding;
    let mut legacy_font = legacy_font::detect(&text);
    if encoding.is_single_byte() && encoding != WINDOWS_1252 {
        // Legacy font text only makes sense byte for byte: a page that the detector (or a wrong
        // declaration) read as windows-1258 gets a second look as windows-1252. This holds also
        // when the font was already recognised in the windows-1258 reading (by a `.VnTime`
        // font name, say): that reading turns TCVN3 bytes 0xDE (ị), 0xD5 (ế), 0xE3 (ó)... into
        // combining tones and other letters, which the converter cannot undo (seen on the
        // synthetic web's undeclared TCVN3 pages: "Chủ t̃ch", "Hoằng Hăa").
        let (latin, latin_errors) = decode_with(WINDOWS_1252, &bytes[skip..]);
        if let Some(font) = legacy_font::detect(&latin) {
            (text, had_errors, encoding, legacy_font) = (latin, latin_errors, WINDOWS_1252, Some(font));
        }
    }
    if let Some(font) = legacy_font {
        text = legacy_font::convert(&text, font);
    }
    let text = nfc(text);
    Decoded { text, encoding: encoding.name(), source, legacy_font, had_errors }
}

/// Normalises to NFC, skipping the copy when the text already is (the common case).
pub fn nfc(text: String) -> String {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes { text } else { text.nfc().collect() }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

/// Picks the encoding; returns it, its source and how many BOM bytes to skip.
fn choose(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, CharsetSource, usize) {
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::Bom, len);
    }
    let utf8 = utf8_verdict(bytes);
    let meta = prescan_meta(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| meta.map(|e| (e, CharsetSource::Meta)));
    if let Some((encoding, source)) = declared {
        let encoding = html_override(encoding);
        if encoding == UTF_8 {
            if utf8 != Utf8::MostlyInvalid {
                return (UTF_8, source, 0);
            }
        } else if utf8 == Utf8::ValidMultibyte && encoding.is_single_byte() {
            // The exception documented above: valid UTF-8 wins over a declared single-byte charset.
            let source = if meta == Some(UTF_8) { CharsetSource::Meta } else { CharsetSource::Detected };
            return (UTF_8, source, 0);
        } else {
            return (encoding, source, 0);
        }
    }
    if utf8 == Utf8::Ascii {
        return (UTF_8, CharsetSource::Default, 0);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // Feed the detector where the non-ASCII text is, not a long ASCII prologue of scripts.
    let start = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0).saturating_sub(1024);
    let sample = &bytes[start..bytes.len().min(start + DETECT_BYTES)];
    detector.feed(sample, start + sample.len() == bytes.len());
    (detector.guess(Some(b"vn"), Utf8Detection::Allow), CharsetSource::Detected, 0)
}

/// Encodes text the way Vietnamese Windows does in code page 1258: base letters (â, ơ, đ...)
/// precomposed, tone marks as combining characters. Characters outside the code page become
/// `?`. Used by tests and by the synthetic web that serves windows-1258 pages.
pub fn encode_windows_1258(text: &str) -> Vec<u8> {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut split = String::with_capacity(text.len() + 16);
    for c in text.nfc() {
        let decomposed: Vec<char> = c.to_string().nfd().collect();
        let base: String = decomposed.iter().filter(|d| !TONES.contains(d)).collect::<String>().nfc().collect();
        let tones: String = decomposed.iter().filter(|d| TONES.contains(d)).collect();
        if encoding_rs::WINDOWS_1258.encode(&base).2 {
            split.push('?');
        } else {
            split.push_str(&base);
            split.push_str(&tones);
        }
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&split);
    bytes.into_owned()
}

/// What the bytes look like as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8 {
    Ascii,
    ValidMultibyte,
    /// Some invalid sequences among many valid ones: a mostly-UTF-8 page with a few bad bytes.
    MostlyValid,
    MostlyInvalid,
}

fn utf8_verdict(bytes: &[u8]) -> Utf8 {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    if sample.is_ascii() {
        return if bytes.len() == sample.len() || bytes.is_ascii() {
            Utf8::Ascii
        } else {
            utf8_verdict(bytes_tail(bytes))
        };
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in sample.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    // A sample cut in the middle of a character ends with one "invalid" chunk: forgive it.
    if invalid == 1
        && sample.len() < bytes.len()
        && sample.utf8_chunks().last().is_some_and(|c| !c.invalid().is_empty())
    {
        invalid = 0;
    }
    match (valid_multibyte, invalid) {
        (_, 0) => Utf8::ValidMultibyte,
        (v, i) if v >= 10 * i => Utf8::MostlyValid,
        _ => Utf8::MostlyInvalid,
    }
}

/// The part after the first [`DETECT_BYTES`] of a long ASCII-prefixed body, for a second look.
fn bytes_tail(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len());
    // Back up to a character start, at most 3 bytes.
    &bytes[start.saturating_sub(3)..]
}

/// The WHATWG overrides for charsets declared in HTML: UTF-16 in a meta is impossible (the meta
/// itself was read as ASCII), and x-user-defined means windows-1252.
fn html_override(encoding: &'static Encoding) -> &'static Encoding {
    match encoding.name() {
        "UTF-16LE" | "UTF-16BE" => UTF_8,
        "x-user-defined" => WINDOWS_1252,
        _ => encoding,
    }
}

/// The `charset` parameter of a Content-Type value (`text/html; charset="utf-8"`).
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Prescans the head of a page for a `<meta>` that declares the charset. Unknown labels are
/// skipped so that a later valid declaration (or the detector) can still decide.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut i = 0;
    while i < lower.len() {
        if lower[i..].starts_with(b"<!--") {
            i = find(&lower, i + 4, b"-->").map_or(lower.len(), |e| e + 3);
            continue;
        }
        if lower[i..].starts_with(b"<meta") && lower.get(i + 5).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            let end = find(&lower, i, b">").unwrap_or(lower.len());
            let tag = &head[i + 5..end];
            if let Some(encoding) = meta_charset(tag) {
                return Some(encoding);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The charset of one `<meta ...>` tag's attributes, if it declares one.
fn meta_charset(attrs: &[u8]) -> Option<&'static Encoding> {
    let attrs = String::from_utf8_lossy(attrs);
    let pairs = parse_attributes(&attrs);
    let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    if let Some(label) = get("charset") {
        return Encoding::for_label(label.trim().as_bytes());
    }
    let http_equiv = get("http-equiv")?;
    if !http_equiv.trim().eq_ignore_ascii_case("content-type") {
        return None;
    }
    let content = get("content")?;
    let label = charset_param(content).or_else(|| {
        // `content="text/html;charset=utf-8"` without a space parses above; this catches
        // `content="charset=utf-8"` written without a media type.
        content.to_ascii_lowercase().split_once("charset=").map(|(_, v)| v.trim().to_string())
    })?;
    Encoding::for_label(label.as_bytes())
}

/// A lenient attribute parser for the prescan: `name=value`, `name="value"`, `name='value'`, bare names.
pub(crate) fn parse_attributes(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let vstart = i + 1;
                i = vstart;
                while i < b.len() && b[i] != quote {
                    i += 1;
                }
                value = s[vstart..i].to_string();
                i += 1;
            } else {
                let vstart = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = s[vstart..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VI: &str = "Cộng hòa xã hội chủ nghĩa Việt Nam. Ủy ban nhân dân tỉnh Thanh Hóa thông báo kết quả kỳ họp.";

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>")
    }

    #[test]
    fn bom_wins_over_everything() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), page("<meta charset=\"windows-1252\">", VI).as_bytes()].concat();
        let d = decode(&bytes, Some("text/html; charset=iso-8859-1"));
        assert_eq!((d.encoding, d.source), ("UTF-8", CharsetSource::Bom));
        assert!(d.text.contains(VI) && !d.text.starts_with('\u{FEFF}'));
    }

    #[test]
    fn tcvn3_read_as_windows_1258_is_converted_from_the_bytes() {
        // The font name alone gives TCVN3 away in the windows-1258 reading; the conversion must
        // still start from the bytes (0xDE ị, 0xD5 ế, 0xE3 ó are other characters in 1258).
        let text = "Chủ tịch xã Hoằng Hóa kiểm tra tiến độ";
        let html = page("<style>body{font-family:.VnTime}</style>", text);
        let bytes = legacy_font::unicode_to_tcvn3(&html);
        let d = decode(&bytes, Some("text/html; charset=windows-1258"));
        assert_eq!((d.encoding, d.legacy_font), ("windows-1252", Some(LegacyFont::Tcvn3)));
        assert!(d.text.contains(text), "{}", d.text);
    }

    #[test]
    fn header_then_meta_then_detector() {
        let w1258 = encode_windows_1258(&page("", VI));
        let d = decode(&w1258, Some("text/html; charset=windows-1258"));
        assert_eq!((d.encoding, d.source), ("windows-1258", CharsetSource::Header));
        assert!(d.text.contains(VI), "windows-1258 tone marks are composed to NFC: {}", d.text);

        let with_meta = encode_windows_1258(&page("<meta charset=\"windows-1258\">", VI));
        let d = decode(&with_meta, Some("text/html"));
        assert_eq!((d.encoding, d.source), ("windows-1258", CharsetSource::Meta));
        assert!(d.text.contains(VI));

        let d = decode(&w1258, None);
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(d.text.contains(VI), "detector found {}: {}", d.encoding, d.text);
    }

    #[test]
    fn http_equiv_meta_and_quotes() {
        let html = page("<META HTTP-EQUIV='Content-Type' CONTENT='text/html;charset=windows-1258'>", "x");
        assert_eq!(prescan_meta(html.as_bytes()), Some(encoding_rs::WINDOWS_1258));
        assert_eq!(prescan_meta(b"<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), Some(UTF_8));
        assert_eq!(charset_param("text/html; Charset=\"UTF-8\""), Some("UTF-8".into()));
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn header_single_byte_over_valid_utf8_is_overruled() {
        let html = page("<meta charset=\"utf-8\">", VI);
        let d = decode(html.as_bytes(), Some("text/html; charset=ISO-8859-1"));
        assert_eq!((d.encoding, d.source), ("UTF-8", CharsetSource::Meta));
        assert!(d.text.contains(VI));
    }

    #[test]
    fn header_beats_meta_when_both_plausible() {
        let bytes = encode_windows_1258(&page("<meta charset=\"utf-8\">", VI));
        let d = decode(&bytes, Some("text/html; charset=windows-1258"));
        assert_eq!((d.encoding, d.source), ("windows-1258", CharsetSource::Header));
        assert!(d.text.contains(VI));
    }

    #[test]
    fn unknown_labels_fall_through() {
        let html = page("<meta charset=\"x-no-such-charset\">", VI);
        let d = decode(html.as_bytes(), Some("text/html; charset=bogus"));
        assert_eq!((d.encoding, d.source), ("UTF-8", CharsetSource::Detected));
        assert_eq!(decode(b"plain", None).source, CharsetSource::Default);
    }

    #[test]
    fn declared_utf8_that_is_not_goes_to_the_detector() {
        let bytes = encode_windows_1258(&page("<meta charset=\"utf-8\">", VI));
        let d = decode(&bytes, None);
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(d.text.contains(VI));
        // A UTF-8 page with one stray byte stays UTF-8, flagged.
        let mut bytes = page("<meta charset=\"utf-8\">", VI).into_bytes();
        bytes.push(0xFF);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source, d.had_errors), ("UTF-8", CharsetSource::Meta, true));
    }

    #[test]
    fn nfd_input_comes_out_nfc() {
        let nfd: String = VI.nfd().collect();
        assert_eq!(decode(nfd.as_bytes(), None).text, VI);
    }

    #[test]
    fn hostile_bytes_do_not_panic() {
        assert_eq!(decode(b"", None).text, "");
        let garbage: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let _ = decode(&garbage, Some("text/html; charset="));
        let _ = decode(b"<meta charset=", Some(";;;=;charset"));
        let _ = decode(b"<meta http-equiv=content-type content=", None);
    }
}
