use unicode_normalization::UnicodeNormalization;

/// Removes Vietnamese tone and vowel marks the way people type without them:
/// NFD, drop combining diacritics (U+0300..=U+036F), `đ`→`d`, `Đ`→`D`, then NFC.
/// Case is kept: `"Thủ tục Đất đai"` → `"Thu tuc Dat dai"`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Thủ tục cấp giấy phép xây dựng"), "Thu tuc cap giay phep xay dung");
        assert_eq!(fold("Đất đai, Nghị định 42/2022/NĐ-CP"), "Dat dai, Nghi dinh 42/2022/ND-CP");
        assert_eq!(fold("Thanh Hoá / Thanh Hóa"), "Thanh Hoa / Thanh Hoa");
        assert_eq!(fold("ươ ƯƠ ă Â ê ô ơ ư"), "uo UO a A e o o u");
        assert_eq!(fold(""), "");
        // Already decomposed input folds the same.
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Việt Nam").collect();
        assert_eq!(fold(&nfd), "Viet Nam");
    }
}
