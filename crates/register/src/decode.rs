//! Bytes of an uploaded register → NFC UTF-8 text.
//!
//! Excel on Vietnamese Windows saves "CSV" in windows-1258, which stores tone
//! marks as combining characters; "Unicode text" comes out as UTF-16 with a
//! BOM. Both are recognised; anything else that is not UTF-8 is refused with
//! advice instead of being imported as mojibake.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1258};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error(
        "tệp không phải UTF-8 (đoán là {guess}); hãy lưu lại bằng «CSV UTF-8» trong Excel, \
         hoặc chỉ rõ bảng mã bằng --encoding windows-1258"
    )]
    NotUtf8 { guess: &'static str },
    #[error("tệp có byte không hợp lệ trong bảng mã {0}")]
    Malformed(&'static str),
    #[error("tệp chứa ký tự NUL: đây có vẻ là tệp nhị phân (xlsx?), không phải CSV")]
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were in.
    pub encoding: &'static str,
}

/// Decodes `bytes`. `forced` (from `--encoding`) skips detection.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), _) => (e, bytes),
        (None, Some((e, bom_len))) => (e, &bytes[bom_len..]),
        (None, None) if std::str::from_utf8(bytes).is_ok() => (UTF_8, bytes),
        (None, None) => (detect(bytes)?, bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(DecodeError::Malformed(encoding.name()));
    }
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text: ketnoi_domain::text::nfc(&text), encoding: encoding.name() })
}

fn detect(bytes: &[u8]) -> Result<&'static Encoding, DecodeError> {
    if looks_like_utf16(bytes) {
        return Ok(UTF_16LE);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"vn"), chardetng::Utf8Detection::Deny);
    if guess == WINDOWS_1258 { Ok(guess) } else { Err(DecodeError::NotUtf8 { guess: guess.name() }) }
}

/// UTF-16 without a BOM: every other byte of ASCII text is zero.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && bytes.iter().skip(1).step_by(2).take(64).all(|&b| b == 0) && bytes[0] != 0
}

/// Names accepted by `--encoding`.
pub fn encoding_by_name(name: &str) -> Option<&'static Encoding> {
    match name.to_ascii_lowercase().as_str() {
        "utf-16" | "utf16" => Some(UTF_16LE),
        "utf-16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

/// Encodes text the way Vietnamese Windows does in code page 1258: base
/// letters (â, ơ, đ...) precomposed, tone marks as combining characters.
/// Characters outside the code page become `?`. Used to build test files.
pub fn encode_windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut split = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        let decomposed: String = c.to_string().nfd().collect();
        let tones: String = decomposed.chars().filter(|d| TONES.contains(d)).collect();
        let base: String = decomposed.chars().filter(|d| !TONES.contains(d)).collect::<String>().nfc().collect();
        split.push_str(&base);
        split.push_str(&tones);
    }
    let (bytes, _, _) = WINDOWS_1258.encode(&split);
    bytes.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "STT,Tên cơ quan,Ghi chú\n1,UBND huyện Nga Sơn,Chưa có cổng/trang thông tin điện tử\n\
                          2,Xã Nga Điền,Đã có trang tin; cập nhật thường xuyên về các hoạt động của xã\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes(), None).unwrap().text, SAMPLE);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat();
        assert_eq!(decode(&with_bom, None).unwrap().text, SAMPLE);
    }

    #[test]
    fn windows_1258_from_excel_is_detected_and_normalised() {
        let bytes = encode_windows_1258(SAMPLE);
        assert!(!bytes.contains(&b'?'), "every character of the sample is in code page 1258");
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1258");
        assert_eq!(d.text, SAMPLE, "decoded text must be NFC, equal to the original");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in SAMPLE.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, SAMPLE);
    }

    #[test]
    fn other_encodings_and_binaries_are_refused_with_advice() {
        let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキストです。これはベトナム語ではありません。");
        let err = decode(&shift_jis, None).unwrap_err();
        assert!(err.to_string().contains("CSV UTF-8"), "{err}");
        assert_eq!(decode(b"PK\x03\x04\0\0binary", None).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn forced_encoding_is_used() {
        let bytes = encode_windows_1258(SAMPLE);
        assert_eq!(decode(&bytes, encoding_by_name("windows-1258")).unwrap().text, SAMPLE);
        assert!(decode(&bytes, encoding_by_name("utf-8")).is_err());
    }
}
