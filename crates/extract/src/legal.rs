//! Fields of legal and administrative documents (văn bản): number/symbol (số ký hiệu), type,
//! issuing body, issue and effective dates, signer and abstract (trích yếu).
//!
//! Sources, most trusted first: label → value pairs (the "Số ký hiệu / Ngày ban hành / Người ký
//! / Trích yếu" tables of document databases, or "Label: value" lines), then the layout every
//! văn bản follows (Decree 30/2020): issuer and "Số: ..." top left, "..., ngày .. tháng .. năm
//! ...." top right, the type in capitals ("NGHỊ ĐỊNH"), "V/v ..." under the number of a công
//! văn, and the signature block at the end ("KT. BỘ TRƯỞNG / THỨ TRƯỞNG / name").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::LegalFields;
use crate::dates;
use crate::dedup::fold;

/// A number/symbol: "42/2022/NĐ-CP", "06/2013/QĐ-TTg", "409/VPCP-TTDT", "15/CT-TTg", "123/UBND".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,5})/(?:(\d{4})/)?([A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ0-9][A-ZĐa-zđ0-9]*)*)").expect("valid regex")
});

/// "Số: 42/2022/NĐ-CP", "Số ký hiệu: ...", "Số/Ký hiệu ...": the label starts a line (or a table
/// cell) or is followed by a colon. "Nghị định số 30/2020/NĐ-CP" in running text is a citation.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(?:(?:^|\|)[\s\p{Pd}]*s[ốo](?:\s*(?:/|và)?\s*ký\s*hiệu(?:\s*văn\s*bản)?)?\s*[:.]?|\bs[ốo](?:\s*(?:/|và)?\s*ký\s*hiệu(?:\s*văn\s*bản)?)?\s*:)\s*(\d{1,5}/[^\s,;|()]+)",
    )
    .expect("valid regex")
});

/// How much of the text head we search for header fields (number, date, type).
const HEAD_CHARS: usize = 2_000;
/// How much of the text tail we search for the signature block.
const TAIL_CHARS: usize = 2_500;

fn head(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

fn tail(text: &str, chars: usize) -> &str {
    let n = text.chars().count();
    if n <= chars {
        return text;
    }
    match text.char_indices().nth(n - chars) {
        Some((i, _)) => &text[i..],
        None => text,
    }
}

fn clean_number(m: &str) -> Option<String> {
    let c = NUMBER.captures(m)?;
    let whole = c.get(0)?.as_str().trim_end_matches(['-', '.']);
    let symbol = &c[3];
    // At least one letter in the symbol: "42/2022" alone is not a document number.
    symbol.chars().any(char::is_alphabetic).then(|| whole.to_string())
}

/// The number/symbol of a document in `text`: a labelled one ("Số:", "Số ký hiệu") first, else
/// the first number/symbol anywhere.
pub fn find_document_number(text: &str) -> Option<String> {
    labelled_number(text).or_else(|| NUMBER.find_iter(text).find_map(|m| clean_number(m.as_str())))
}

/// Only a number written after a "Số" label, in the text head: what a văn bản says about itself,
/// as opposed to the numbers a news article cites.
pub fn labelled_number(text: &str) -> Option<String> {
    LABELLED.captures_iter(head(text, HEAD_CHARS)).find_map(|c| clean_number(&c[1]))
}

/// The type of document a number's symbol implies (Decree 30/2020, Appendix III abbreviations).
/// A symbol that starts with an agency ("409/VPCP-TTDT", "621/UBND-CTTDT") is a công văn.
pub fn kind_from_number(number: &str) -> Option<&'static str> {
    let symbol = number.rsplit('/').next()?;
    let first = symbol.split('-').next()?;
    // The ASCII spellings ("QD", "ND"...) are what PDFs drawn in standard fonts without
    // Vietnamese glyphs carry ("So: 2447/QD-BTC"); without them such a decision was a công văn.
    // "HĐ" (hợp đồng) is not folded, so "HD" stays hướng dẫn.
    let kind = match first {
        "NĐ" | "ND" => "Nghị định",
        "QĐ" | "QD" => "Quyết định",
        "TT" => "Thông tư",
        "TTLT" => "Thông tư liên tịch",
        "CT" => "Chỉ thị",
        "NQ" | "NQLT" => "Nghị quyết",
        "TB" => "Thông báo",
        "KH" => "Kế hoạch",
        "BC" => "Báo cáo",
        "HD" => "Hướng dẫn",
        "CĐ" | "CD" => "Công điện",
        "TTr" => "Tờ trình",
        "KL" => "Kết luận",
        "QC" => "Quy chế",
        "QyĐ" | "QyD" => "Quy định",
        "CTr" => "Chương trình",
        "ĐA" | "DA" => "Đề án",
        "PA" => "Phương án",
        "GM" => "Giấy mời",
        "PL" => "Pháp lệnh",
        f if f.starts_with("QH") && symbol == first => "Luật",
        f if f.chars().any(char::is_alphabetic) => "Công văn",
        _ => return None,
    };
    Some(kind)
}

/// Document types as printed in capitals at the head of a văn bản, and their names.
const KINDS: &[&str] = &[
    "Nghị định",
    "Quyết định",
    "Thông tư liên tịch",
    "Thông tư",
    "Chỉ thị",
    "Nghị quyết",
    "Công văn",
    "Công điện",
    "Thông báo",
    "Kế hoạch",
    "Báo cáo",
    "Hướng dẫn",
    "Luật",
    "Pháp lệnh",
    "Tờ trình",
    "Quy chế",
    "Quy định",
    "Chương trình",
    "Đề án",
    "Kết luận",
];

/// The type named by a label value or a title word ("Nghị định", "NGHỊ ĐỊNH", "nghi dinh").
pub fn kind_from_name(s: &str) -> Option<&'static str> {
    let f = fold(s);
    KINDS.iter().find(|k| f.starts_with(&fold(k))).copied()
}

/// Issuing bodies implied by the last part of central symbols.
fn issuer_from_number(number: &str) -> Option<&'static str> {
    let symbol = number.rsplit('/').next()?;
    let last = symbol.rsplit('-').next()?;
    Some(match (symbol.split('-').next()?, last) {
        (_, "CP") => "Chính phủ",
        (_, "TTg") => "Thủ tướng Chính phủ",
        ("VPCP", _) | (_, "VPCP") => "Văn phòng Chính phủ",
        (_, "BTTTT") => "Bộ Thông tin và Truyền thông",
        (_, "BTC") => "Bộ Tài chính",
        (_, "BNV") => "Bộ Nội vụ",
        (q, _) if q.starts_with("QH") => "Quốc hội",
        _ => return None,
    })
}

/// Which field a table/list label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Kind,
    Issuer,
    Issued,
    Effective,
    Signer,
    Abstract,
}

fn field_of_label(label: &str) -> Option<Field> {
    let l = fold(label);
    let l = l.trim_end_matches([':', ' ', '.']);
    const MAP: &[(&str, Field)] = &[
        ("so ky hieu", Field::Number),
        ("so/ky hieu", Field::Number),
        ("so hieu", Field::Number),
        ("ky hieu", Field::Number),
        ("so van ban", Field::Number),
        ("loai van ban", Field::Kind),
        ("hinh thuc van ban", Field::Kind),
        ("the loai", Field::Kind),
        ("co quan ban hanh", Field::Issuer),
        ("don vi ban hanh", Field::Issuer),
        ("noi ban hanh", Field::Issuer),
        ("ngay ban hanh", Field::Issued),
        ("ngay ky", Field::Issued),
        ("ngay co hieu luc", Field::Effective),
        ("ngay hieu luc", Field::Effective),
        ("hieu luc tu ngay", Field::Effective),
        ("nguoi ky", Field::Signer),
        ("trich yeu", Field::Abstract),
    ];
    // Labels are short; a long cell that starts with "Số" is text, not a label.
    if l.chars().count() > 40 {
        return None;
    }
    MAP.iter().find(|(p, _)| l == *p || (l.starts_with(p) && l.len() <= p.len() + 12)).map(|(_, f)| *f)
}

/// Extracts the fields from label → value pairs (may be empty), the document text, and its
/// title. `None` when nothing marks the text as a văn bản: a number from a label or table, or a
/// title that starts with a document type followed by a number ("Nghị định 42/2022/NĐ-CP ...").
/// Numbers merely cited in running text do not count.
pub fn extract(pairs: &[(String, String)], text: &str, title: Option<&str>) -> Option<LegalFields> {
    let mut f = LegalFields::default();
    for (label, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match field_of_label(label) {
            Some(Field::Number) if f.number.is_none() => f.number = clean_number(value),
            Some(Field::Kind) if f.kind.is_none() => {
                f.kind = Some(kind_from_name(value).map(str::to_string).unwrap_or_else(|| value.to_string()))
            }
            Some(Field::Issuer) if f.issuer.is_none() => f.issuer = Some(value.to_string()),
            Some(Field::Issued) if f.issued.is_none() => f.issued = dates::parse_vietnamese_date(value),
            Some(Field::Effective) if f.effective.is_none() => f.effective = dates::parse_vietnamese_date(value),
            Some(Field::Signer) if f.signer.is_none() => f.signer = Some(value.to_string()),
            Some(Field::Abstract) if f.r#abstract.is_none() => f.r#abstract = Some(value.to_string()),
            _ => {}
        }
    }
    let text_head = head(text, HEAD_CHARS);
    let title_number = title.and_then(|t| {
        let kind = kind_from_name(t)?;
        let number = find_document_number(head(t, 60))?;
        Some((kind, number))
    });
    if f.number.is_none() {
        f.number = labelled_number(text).or_else(|| title_number.as_ref().map(|(_, n)| n.clone()));
    }
    let number = f.number.clone()?;
    let lines: Vec<&str> = text_head.split(['\n', '|']).map(str::trim).filter(|l| !l.is_empty()).collect();

    if f.kind.is_none() {
        f.kind = header_kind(&lines)
            .or_else(|| has_vv(text_head).then_some("Công văn"))
            .or_else(|| kind_from_number(&number))
            .or_else(|| title_number.as_ref().map(|(k, _)| *k))
            .map(str::to_string);
    }
    if f.issuer.is_none() {
        f.issuer = header_issuer(&lines).or_else(|| issuer_from_number(&number).map(str::to_string));
    }
    if f.issued.is_none() {
        f.issued = issue_date(text_head);
    }
    if f.effective.is_none() {
        f.effective = effective_date(text);
    }
    if f.signer.is_none() {
        f.signer = signer(tail(text, TAIL_CHARS));
    }
    if f.r#abstract.is_none() {
        f.r#abstract = vv_abstract(text_head).or_else(|| abstract_after_kind(&lines));
    }
    Some(f)
}

fn has_vv(text: &str) -> bool {
    text.contains("V/v") || text.contains("v/v") || text.contains("V/V")
}

/// A line in capitals naming a document type ("NGHỊ ĐỊNH", "QUYẾT ĐỊNH").
fn header_kind(lines: &[&str]) -> Option<&'static str> {
    lines.iter().take(40).find_map(|l| {
        if l.chars().any(char::is_lowercase) || l.chars().count() > 30 {
            return None;
        }
        let k = kind_from_name(l)?;
        (fold(l) == fold(k)).then_some(k)
    })
}

/// The issuer at the top left: the first line in capitals that names a body.
fn header_issuer(lines: &[&str]) -> Option<String> {
    const BODIES: &[&str] = &[
        "chinh phu",
        "thu tuong chinh phu",
        "quoc hoi",
        "van phong chinh phu",
        "bo ",
        "uy ban nhan dan",
        "ubnd",
        "hoi dong nhan dan",
        "so ",
        "van phong ",
        "tong cuc",
        "cuc ",
        "ban ",
    ];
    lines.iter().take(12).find_map(|l| {
        let l = l.trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace());
        if l.is_empty() || l.chars().any(char::is_lowercase) || l.chars().count() > 80 {
            return None;
        }
        let f = fold(l);
        if f.starts_with("cong hoa") || f.starts_with("doc lap") || kind_from_name(l).is_some_and(|k| fold(k) == f) {
            return None;
        }
        BODIES.iter().any(|b| f.starts_with(b) || f == b.trim()).then(|| l.to_string())
    })
}

/// The date of the "Hà Nội, ngày 15 tháng 01 năm 2025" line (words, not digits: digits in the
/// head are more often the dates of cited documents).
fn issue_date(text_head: &str) -> Option<NaiveDate> {
    static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)ng[àa]y\s+\d{1,2}\s+th[áa]ng\s+\d{1,2}\s+n[ăa]m\s+\d{4}").expect("valid regex")
    });
    DATE_LINE.find_iter(text_head).find_map(|m| dates::parse_vietnamese_date(m.as_str()))
}

/// "có hiệu lực (thi hành) (kể) từ ngày 01 tháng 8 năm 2022" / "... từ ngày 01/8/2022".
fn effective_date(text: &str) -> Option<NaiveDate> {
    static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+ngày\s+([^.;\n]{6,40})")
            .expect("valid regex")
    });
    EFFECTIVE.captures_iter(text).find_map(|c| dates::parse_vietnamese_date(&c[1]))
}

/// The signer: after a signature title ("KT. BỘ TRƯỞNG", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
/// "THỦ TƯỚNG"...), the last line that looks like a person's name ("Trần Lưu Quang").
fn signer(text_tail: &str) -> Option<String> {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}$").expect("valid regex"));
    const TITLES: &[&str] = &[
        "kt.",
        "tm.",
        "tl.",
        "tuq.",
        "q.",
        "chu tich",
        "bo truong",
        "thu truong",
        "thu tuong",
        "giam doc",
        "chanh van phong",
        "truong ban",
        "cuc truong",
        "bi thu",
        "nguoi ky",
    ];
    let lines: Vec<&str> = text_tail.split(['\n', '|']).map(str::trim).filter(|l| !l.is_empty()).collect();
    let marker = lines.iter().rposition(|l| {
        let f = fold(l);
        !l.chars().any(char::is_lowercase) && TITLES.iter().any(|t| f.starts_with(t))
    })?;
    lines[marker + 1..]
        .iter()
        .take(6)
        .rfind(|l| NAME.is_match(l) && !fold(l).starts_with("noi nhan"))
        .map(|l| l.to_string())
}

/// "V/v tích hợp, chia sẻ thông tin ..." — the subject line of a công văn.
fn vv_abstract(text_head: &str) -> Option<String> {
    static VV: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bV/v\.?\s*:?\s*([^\n|]{5,400})").expect("valid regex"));
    VV.captures(text_head).map(|c| c[1].trim().trim_end_matches(['.', ';']).to_string())
}

/// The line after the type heading ("NGHỊ ĐỊNH" / "Quy định chi tiết ..."), unless it is a
/// "Căn cứ" recital.
fn abstract_after_kind(lines: &[&str]) -> Option<String> {
    let i = lines
        .iter()
        .take(40)
        .position(|l| !l.chars().any(char::is_lowercase) && kind_from_name(l).is_some_and(|k| fold(k) == fold(l)))?;
    let next = lines.get(i + 1)?;
    let f = fold(next);
    if f.starts_with("can cu") || next.chars().count() > 400 || f.starts_with("so") {
        return None;
    }
    Some(next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for n in ["42/2022/NĐ-CP", "06/2013/QĐ-TTg", "22/2023/TT-BTTTT", "409/VPCP-TTDT", "621/UBND-CTTDT", "15/CT-TTg"]
        {
            assert_eq!(find_document_number(&format!("theo văn bản {n}, ngày")).as_deref(), Some(n));
        }
        assert_eq!(find_document_number("Số: 123/UBND-VX\nV/v ...").as_deref(), Some("123/UBND-VX"));
        assert_eq!(find_document_number("năm 42/2022 không có ký hiệu"), None);
        assert_eq!(labelled_number("Số ký hiệu: 42/2022/NĐ-CP").as_deref(), Some("42/2022/NĐ-CP"));
        assert_eq!(labelled_number("Nghị định 42/2022/NĐ-CP quy định..."), None);
        assert_eq!(labelled_number("theo Nghị định số 30/2020/NĐ-CP của Chính phủ"), None);
        assert_eq!(labelled_number("CHÍNH PHỦ\n\nSố 42/2022/NĐ-CP").as_deref(), Some("42/2022/NĐ-CP"));
        assert_eq!(labelled_number("Văn bản số: 12/KH-UBND").as_deref(), Some("12/KH-UBND"));
    }

    #[test]
    fn kinds_from_numbers() {
        assert_eq!(kind_from_number("42/2022/NĐ-CP"), Some("Nghị định"));
        assert_eq!(kind_from_number("06/2013/QĐ-TTg"), Some("Quyết định"));
        assert_eq!(kind_from_number("2447/QD-BTC"), Some("Quyết định"), "ASCII spelling from a PDF");
        assert_eq!(kind_from_number("22/2023/TT-BTTTT"), Some("Thông tư"));
        assert_eq!(kind_from_number("15/CT-TTg"), Some("Chỉ thị"));
        assert_eq!(kind_from_number("09/NQ-HĐND"), Some("Nghị quyết"));
        assert_eq!(kind_from_number("409/VPCP-TTDT"), Some("Công văn"));
        assert_eq!(kind_from_number("621/UBND-CTTDT"), Some("Công văn"));
        assert_eq!(kind_from_number("24/2018/QH14"), Some("Luật"));
    }

    const CONG_VAN: &str = "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 409/VPCP-TTDT\n\nV/v tích hợp, chia sẻ thông tin chỉ đạo, điều hành\n\n\
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 15 tháng 01 năm 2025\n\n\
        Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.\n\nNội dung công văn.\n\n\
        Nơi nhận:\n\n- Như trên;\n\n- Lưu: VT, TTĐT.\n\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\n\nPHÓ CHỦ NHIỆM\n\nNguyễn Sỹ Hiệp";

    #[test]
    fn cong_van_from_text() {
        let f = extract(&[], CONG_VAN, None).expect("a văn bản");
        assert_eq!(f.number.as_deref(), Some("409/VPCP-TTDT"));
        assert_eq!(f.kind.as_deref(), Some("Công văn"));
        assert_eq!(f.issuer.as_deref(), Some("VĂN PHÒNG CHÍNH PHỦ"));
        assert_eq!(f.issued, NaiveDate::from_ymd_opt(2025, 1, 15));
        assert_eq!(f.signer.as_deref(), Some("Nguyễn Sỹ Hiệp"));
        assert_eq!(f.r#abstract.as_deref(), Some("tích hợp, chia sẻ thông tin chỉ đạo, điều hành"));
    }

    #[test]
    fn decree_from_text() {
        let text = "CHÍNH PHỦ\n\nSố: 42/2022/NĐ-CP\n\nHà Nội, ngày 24 tháng 6 năm 2022\n\nNGHỊ ĐỊNH\n\n\
            Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng\n\n\
            Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n\n\
            Nghị định này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2022.\n\nTM. CHÍNH PHỦ\n\nKT. THỦ TƯỚNG\n\nPHÓ THỦ TƯỚNG\n\nVũ Đức Đam";
        let f = extract(&[], text, None).expect("a văn bản");
        assert_eq!(f.kind.as_deref(), Some("Nghị định"));
        assert_eq!(f.issuer.as_deref(), Some("CHÍNH PHỦ"));
        assert_eq!(f.issued, NaiveDate::from_ymd_opt(2022, 6, 24));
        assert_eq!(f.effective, NaiveDate::from_ymd_opt(2022, 8, 1));
        assert_eq!(f.signer.as_deref(), Some("Vũ Đức Đam"));
        assert!(f.r#abstract.as_deref().unwrap().starts_with("Quy định về việc cung cấp"));
    }

    #[test]
    fn table_pairs_win() {
        let pairs: Vec<(String, String)> = [
            ("Số ký hiệu", "42/2022/NĐ-CP"),
            ("Loại văn bản", "Nghị định"),
            ("Cơ quan ban hành", "Chính phủ"),
            ("Ngày ban hành", "24/06/2022"),
            ("Ngày có hiệu lực", "01/08/2022"),
            ("Người ký", "Vũ Đức Đam"),
            ("Trích yếu", "Quy định về việc cung cấp thông tin"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let f = extract(&pairs, "", None).expect("a văn bản");
        assert_eq!(f.issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(f.effective, NaiveDate::from_ymd_opt(2022, 8, 1));
        assert_eq!(f.r#abstract.as_deref(), Some("Quy định về việc cung cấp thông tin"));
    }

    #[test]
    fn news_citing_a_decree_is_not_a_document() {
        let text = "Sáng nay, tỉnh Thanh Hóa triển khai Nghị định 42/2022/NĐ-CP của Chính phủ về dịch vụ công.";
        assert_eq!(extract(&[], text, Some("Thanh Hóa triển khai Nghị định 42/2022/NĐ-CP")), None);
        let f = extract(&[], "", Some("Nghị định 42/2022/NĐ-CP quy định về ...")).expect("title names it");
        assert_eq!(f.kind.as_deref(), Some("Nghị định"));
    }
}
