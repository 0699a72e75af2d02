//! Legacy encodings Vietnamese portals still serve: windows-1258 and TCVN3 (ABC).

use unicode_normalization::UnicodeNormalization;

/// Tone marks that windows-1258 keeps as separate combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Encodes NFC text the way Windows does for code page 1258: each letter is split into its base
/// (with circumflex, breve or horn precomposed, which the code page has) followed by a combining
/// tone mark; then encoding_rs maps the result. Unmappable characters become numeric references.
pub(crate) fn windows_1258(text: &str) -> Vec<u8> {
    let mut split = String::with_capacity(text.len() + text.len() / 4);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            split.push(c);
            continue;
        }
        let decomposed: String = c.encode_utf8(&mut buf).nfd().collect();
        let tones: String = decomposed.chars().filter(|ch| TONES.contains(ch)).collect();
        let base: String = decomposed.chars().filter(|ch| !TONES.contains(ch)).collect::<String>().nfc().collect();
        split.push_str(&base);
        split.push_str(&tones);
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&split);
    bytes.into_owned()
}

pub(crate) mod tcvn3 {
    //! TCVN 5712:1993 VN3, the "ABC" font encoding (.VnTime): one byte per lower-case Vietnamese
    //! letter; upper-case letters with tone marks do not exist in it (old sites switched to the
    //! .VnTimeH capitals font instead), only Ă Â Ê Ô Ơ Ư Đ do.
    //!
    //! Layout of 0xB5..0xFE: for each vowel, grave, hook, tilde, acute, dot below; the gaps
    //! (0xBA, 0xBF..0xC5, 0xCD, 0xD9..0xDB, 0xE0, 0xF0) are code points the font left to other uses.

    /// (Unicode, TCVN3 byte)
    pub(crate) const TABLE: [(char, u8); 67] = [
        ('Ă', 0xA1),
        ('Â', 0xA2),
        ('Ê', 0xA3),
        ('Ô', 0xA4),
        ('Ơ', 0xA5),
        ('Ư', 0xA6),
        ('Đ', 0xA7),
        ('ă', 0xA8),
        ('â', 0xA9),
        ('ê', 0xAA),
        ('ô', 0xAB),
        ('ơ', 0xAC),
        ('ư', 0xAD),
        ('đ', 0xAE),
        ('à', 0xB5),
        ('ả', 0xB6),
        ('ã', 0xB7),
        ('á', 0xB8),
        ('ạ', 0xB9),
        ('ằ', 0xBB),
        ('ẳ', 0xBC),
        ('ẵ', 0xBD),
        ('ắ', 0xBE),
        ('ặ', 0xC6),
        ('ầ', 0xC7),
        ('ẩ', 0xC8),
        ('ẫ', 0xC9),
        ('ấ', 0xCA),
        ('ậ', 0xCB),
        ('è', 0xCC),
        ('ẻ', 0xCE),
        ('ẽ', 0xCF),
        ('é', 0xD0),
        ('ẹ', 0xD1),
        ('ề', 0xD2),
        ('ể', 0xD3),
        ('ễ', 0xD4),
        ('ế', 0xD5),
        ('ệ', 0xD6),
        ('ì', 0xD7),
        ('ỉ', 0xD8),
        ('ĩ', 0xDC),
        ('í', 0xDD),
        ('ị', 0xDE),
        ('ò', 0xDF),
        ('ỏ', 0xE1),
        ('õ', 0xE2),
        ('ó', 0xE3),
        ('ọ', 0xE4),
        ('ồ', 0xE5),
        ('ổ', 0xE6),
        ('ỗ', 0xE7),
        ('ố', 0xE8),
        ('ộ', 0xE9),
        ('ờ', 0xEA),
        ('ở', 0xEB),
        ('ỡ', 0xEC),
        ('ớ', 0xED),
        ('ợ', 0xEE),
        ('ù', 0xEF),
        ('ủ', 0xF1),
        ('ũ', 0xF2),
        ('ú', 0xF3),
        ('ụ', 0xF4),
        ('ừ', 0xF5),
        ('ử', 0xF6),
        ('ữ', 0xF7),
    ];

    /// The last five letters (ứ ự and the y row) continue the table.
    pub(crate) const TABLE_TAIL: [(char, u8); 7] =
        [('ứ', 0xF8), ('ự', 0xF9), ('ỳ', 0xFA), ('ỷ', 0xFB), ('ỹ', 0xFC), ('ý', 0xFD), ('ỵ', 0xFE)];

    pub(crate) fn byte_of(c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        TABLE.iter().chain(TABLE_TAIL.iter()).find(|(u, _)| *u == c).map(|(_, b)| *b)
    }

    /// The text as a TCVN3 page can carry it: capitals with tone marks become lower case (what the
    /// reader saw, since the page's single font has no such capitals). Ground truth uses this form.
    pub(crate) fn representable(text: &str) -> String {
        text.chars()
            .map(|c| {
                if byte_of(c).is_some() {
                    return c;
                }
                let lower: Vec<char> = c.to_lowercase().collect();
                match lower.as_slice() {
                    [l] if byte_of(*l).is_some() => *l,
                    _ => c,
                }
            })
            .collect()
    }

    /// Encodes text; characters outside TCVN3 become numeric character references.
    pub(crate) fn encode(text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            match byte_of(c) {
                Some(b) => out.push(b),
                None => out.extend_from_slice(format!("&#{};", c as u32).as_bytes()),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn windows_1258_round_trips_through_nfc() {
        let text = "Ủy ban nhân dân tỉnh Thanh Hóa triển khai chuyển đổi số, Đường ưu tiên, ấp Bắc, quả ổi.";
        let bytes = windows_1258(text);
        assert!(!bytes.windows(2).any(|w| w == b"&#"), "every Vietnamese letter is mappable");
        let (decoded, _, errors) = encoding_rs::WINDOWS_1258.decode(&bytes);
        assert!(!errors);
        assert_ne!(decoded, text, "tone marks are combining characters on the wire");
        assert_eq!(decoded.nfc().collect::<String>(), text);
    }

    #[test]
    fn tcvn3_table_is_a_bijection_over_all_lower_case_letters() {
        let all: Vec<(char, u8)> = tcvn3::TABLE.iter().chain(tcvn3::TABLE_TAIL.iter()).copied().collect();
        let mut bytes: Vec<u8> = all.iter().map(|(_, b)| *b).collect();
        bytes.sort();
        bytes.dedup();
        assert_eq!(bytes.len(), all.len());
        // 12 vowels × 5 tones + ă â ê ô ơ ư đ + 7 capitals = 74
        assert_eq!(all.len(), 74);
        for v in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'] {
                let c: String = format!("{v}{tone}").nfc().collect();
                let c = c.chars().next().unwrap();
                assert!(tcvn3::byte_of(c).is_some(), "{c} missing");
            }
        }
        assert_eq!(tcvn3::encode("Bảo Thắng"), b"B\xb6o Th\xbeng");
        assert_eq!(tcvn3::representable("Ủy ban"), "ủy ban");
    }
}
