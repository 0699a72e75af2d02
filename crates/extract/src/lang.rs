//! Language of a page: declared (html `lang`, `DC.language`, `og:locale`, `content-language`)
//! or detected from the text. Detection needs no model: Vietnamese is the only language of
//! the network with a large share of letters from the Vietnamese-only ranges (ơ ư ă đ and the
//! precomposed tone letters U+1EA0–U+1EF9).

/// The primary language subtag of a declared language: "vi-VN" → "vi", "VIE"/"vn" → "vi".
pub fn normalise(declared: &str) -> Option<String> {
    let primary = declared.trim().split(['-', '_', ',', ';', ' ']).next()?.to_ascii_lowercase();
    let code = match primary.as_str() {
        "" => return None,
        "vie" | "vn" | "vietnamese" => "vi".to_string(),
        "eng" | "english" => "en".to_string(),
        p if p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic()) => p.to_string(),
        _ => return None,
    };
    Some(code)
}

/// Guesses the language of a text: "vi" when at least 3 % of its letters are Vietnamese-marked
/// letters, "en" when it is mostly ASCII letters, otherwise unknown.
pub fn detect(text: &str) -> Option<String> {
    let mut letters = 0usize;
    let mut vietnamese = 0usize;
    let mut ascii = 0usize;
    for c in text.chars().take(50_000) {
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        if c.is_ascii_alphabetic() {
            ascii += 1;
        } else if is_vietnamese_letter(c) {
            vietnamese += 1;
        }
    }
    if letters < 20 {
        return None;
    }
    if vietnamese * 100 >= letters * 3 {
        Some("vi".into())
    } else if ascii * 100 >= letters * 97 {
        Some("en".into())
    } else {
        None
    }
}

fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'à' | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
            | 'À'
            | 'Á'
            | 'Â'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ê'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Ô'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
            | 'ă'
            | 'Ă'
            | 'đ'
            | 'Đ'
            | 'ĩ'
            | 'Ĩ'
            | 'ũ'
            | 'Ũ'
            | 'ơ'
            | 'Ơ'
            | 'ư'
            | 'Ư'
            | '\u{1EA0}'..='\u{1EF9}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_codes() {
        assert_eq!(normalise("vi-VN").as_deref(), Some("vi"));
        assert_eq!(normalise("VIE").as_deref(), Some("vi"));
        assert_eq!(normalise("en_US").as_deref(), Some("en"));
        assert_eq!(normalise("  ").as_deref(), None);
        assert_eq!(normalise("{{lang}}").as_deref(), None);
    }

    #[test]
    fn detection() {
        assert_eq!(detect("Ủy ban nhân dân tỉnh Thanh Hóa tổ chức kỳ họp thường lệ").as_deref(), Some("vi"));
        assert_eq!(detect("The People's Committee of Thanh Hoa province held a meeting").as_deref(), Some("en"));
        assert_eq!(detect("short").as_deref(), None);
    }
}
