//! What a document is. Pure, explainable rules, checked in this order; the first that holds wins:
//!
//! 1. **LegalDocument** — legal fields with a number were found, or `DC.type` says "văn bản".
//! 2. **PublicService** — the URL names a public-service portal path (dichvucong, thu-tuc-hanh-chinh,
//!    tthc...), or the title starts with "thủ tục"/"dịch vụ công"/"TTHC"/"nộp hồ sơ trực tuyến"
//!    (a news headline that merely mentions them is news), or the text has at least 3 of the
//!    headings of a procedure sheet ("Trình tự thực hiện", "Thành phần hồ sơ", "Thời hạn giải
//!    quyết"...).
//! 3. **Media** — `og:type` is video/audio/music, or a player (video/audio/embedded video) or a
//!    gallery (≥ 6 images) dominates a short text (< 250 words), or a player sits on a page whose
//!    title is labelled as one ("Video: ...", "Clip: ...", "[Video] ...").
//! 4. **Dataset** — a CKAN dataset page, or ≥ 3 data-file links (CSV/XLSX/JSON/XML/ODS) making up
//!    at least half of the attachments, or an open-data title/URL with at least one data file.
//! 5. **Other** for an introduction page: the portal's "Giới thiệu" section (a URL path segment
//!    `gioi-thieu`/`gioithieu`, or `DC.subject` "Giới thiệu") or a title such as "Giới thiệu
//!    chung", "Chức năng, nhiệm vụ, quyền hạn", "Cơ cấu tổ chức". These are dated prose too,
//!    but evergreen descriptions of the unit, not news.
//! 6. **News** — a publish date and at least 80 words of text.
//! 7. **Other**.

use crate::dedup::fold;
use crate::{DocKind, Document};

/// Page facts that are not in the [`Document`] but help classify it (counted by the HTML walk).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    /// `<video>`, `<audio>`, embedded YouTube/Vimeo/JW Player iframes or divs in the content.
    pub players: usize,
    /// Images in the content.
    pub images: usize,
    /// Links to CSV/XLSX/XLS/JSON/XML/ODS files.
    pub data_links: usize,
    /// CKAN markup or generator.
    pub ckan: bool,
}

const SERVICE_URL: &[&str] =
    &["dichvucong", "dich-vu-cong", "dvc", "thu-tuc-hanh-chinh", "thutuchanhchinh", "tthc", "thutuc", "thu-tuc"];
/// Title openings of a service page (folded). Matched at the start of the title only: "Hà Nội
/// đẩy mạnh dịch vụ công trực tuyến" is a news headline (the synthetic web has many such).
const SERVICE_TITLE: &[&str] = &["thu tuc", "dich vu cong", "tthc", "nop ho so truc tuyen"];
/// Title openings that label a page as a video or audio item (folded).
const MEDIA_TITLE: &[&str] = &["video", "clip", "[video]", "[clip]", "phong su", "audio", "[audio]"];
/// URL path segments of a portal's introduction section.
const ABOUT_SECTION: &[&str] = &["gioi-thieu", "gioithieu", "gioi_thieu"];
/// Title openings of introduction pages (folded).
const ABOUT_TITLE: &[&str] = &[
    "gioi thieu chung",
    "chuc nang, nhiem vu",
    "chuc nang nhiem vu",
    "co cau to chuc",
    "so do to chuc",
    "lich su hinh thanh",
    "qua trinh hinh thanh",
];
const PROCEDURE_HEADINGS: &[&str] = &[
    "trinh tu thuc hien",
    "cach thuc thuc hien",
    "thanh phan ho so",
    "so luong ho so",
    "thoi han giai quyet",
    "doi tuong thuc hien",
    "co quan thuc hien",
    "ket qua thuc hien",
    "le phi",
    "yeu cau, dieu kien thuc hien",
];

/// Classifies a document; see the module docs for the rules.
pub fn classify(doc: &Document, signals: &Signals) -> DocKind {
    let title = doc.title.as_deref().map(fold).unwrap_or_default();
    let text = fold(&doc.main_text);
    let words = text.split_whitespace().count();
    let url = doc.url.to_ascii_lowercase();
    let url_words: Vec<&str> = url.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').collect();

    let dc_type = doc.dublin_core.get("type").map(|t| fold(t)).unwrap_or_default();
    if doc.legal.as_ref().is_some_and(|l| l.number.is_some()) || dc_type.contains("van ban") {
        return DocKind::LegalDocument;
    }

    let headings = PROCEDURE_HEADINGS.iter().filter(|h| text.contains(*h)).count();
    if url_words.iter().any(|w| SERVICE_URL.contains(w))
        || SERVICE_TITLE.iter().any(|p| starts_with_phrase(&title, p))
        || headings >= 3
    {
        return DocKind::PublicService;
    }

    let og_type = doc.opengraph.get("og:type").map(|t| t.to_ascii_lowercase()).unwrap_or_default();
    if og_type.starts_with("video") || og_type.starts_with("audio") || og_type.starts_with("music") {
        return DocKind::Media;
    }
    if (signals.players >= 1 || signals.images >= 6) && words < 250 {
        return DocKind::Media;
    }
    // A labelled video item keeps its kind however long its description (the synthetic web's
    // TCVN3 portal has a 264-word one, which the word limit above made "news").
    if signals.players >= 1 && MEDIA_TITLE.iter().any(|p| starts_with_phrase(&title, p)) {
        return DocKind::Media;
    }

    let open_data = ["du lieu mo", "open data", "dataset", "bo du lieu"].iter().any(|p| title.contains(p))
        || url.contains("dataset")
        || url.contains("dulieumo")
        || url.contains("du-lieu-mo");
    if signals.ckan
        || (signals.data_links >= 3 && signals.data_links * 2 >= doc.attachments.len())
        || (open_data && signals.data_links >= 1)
    {
        return DocKind::Dataset;
    }

    if is_about_page(doc, &title) {
        return DocKind::Other;
    }

    if doc.published.is_some() && words >= 80 {
        return DocKind::News;
    }
    DocKind::Other
}

/// An introduction page ("Giới thiệu chung", "Chức năng, nhiệm vụ, quyền hạn"...). Without this
/// rule such a page, dated and long, was classified as news on every portal style.
fn is_about_page(doc: &Document, title: &str) -> bool {
    let path = url::Url::parse(&doc.url).map(|u| u.path().to_ascii_lowercase()).unwrap_or_default();
    // A whole section segment, not a slug that merely contains it ("/tin-tuc/gioi-thieu-san-pham").
    let section = path.split('/').any(|seg| ABOUT_SECTION.contains(&seg));
    let subject = doc.dublin_core.get("subject").is_some_and(|s| fold(s) == "gioi thieu");
    section || subject || ABOUT_TITLE.iter().any(|p| title.starts_with(p))
}

/// `phrase` as whole words at the start of `text` (both folded).
fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase).is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LegalFields, Robots};

    fn doc(url: &str, title: &str, text: &str) -> Document {
        Document {
            url: url.into(),
            canonical: None,
            title: Some(title.into()),
            description: None,
            keywords: vec![],
            language: Some("vi".into()),
            main_text: text.into(),
            published: None,
            updated: None,
            dublin_core: Default::default(),
            opengraph: Default::default(),
            json_ld: vec![],
            robots: Robots::default(),
            links: vec![],
            attachments: vec![],
            legal: None,
            kind: DocKind::Other,
            content_hash: String::new(),
            simhash: 0,
        }
    }

    fn long_text() -> String {
        "Hội nghị đã thảo luận nhiều nội dung quan trọng về phát triển kinh tế của tỉnh. ".repeat(10)
    }

    #[test]
    fn legal_by_number_or_dc_type() {
        let mut d = doc("https://a.gov.vn/vb/1", "Nghị định", "x");
        d.legal = Some(LegalFields { number: Some("42/2022/NĐ-CP".into()), ..Default::default() });
        assert_eq!(classify(&d, &Signals::default()), DocKind::LegalDocument);
        let mut d = doc("https://a.gov.vn/1", "x", "x");
        d.dublin_core.insert("type".into(), "Văn bản".into());
        assert_eq!(classify(&d, &Signals::default()), DocKind::LegalDocument);
    }

    #[test]
    fn public_service_by_url_title_or_headings() {
        let s = Signals::default();
        assert_eq!(classify(&doc("https://dichvucong.gov.vn/p/home", "x", "x"), &s), DocKind::PublicService);
        assert_eq!(classify(&doc("https://a.gov.vn/1", "Thủ tục hành chính cấp xã", "x"), &s), DocKind::PublicService);
        let text = "Trình tự thực hiện: ... Thành phần hồ sơ: ... Thời hạn giải quyết: 5 ngày";
        assert_eq!(classify(&doc("https://a.gov.vn/1", "Cấp giấy phép", text), &s), DocKind::PublicService);
        // A news item that mentions dịch vụ công once is not a service page.
        let mut news = doc("https://a.gov.vn/tin/1", "Thanh Hóa đẩy mạnh chuyển đổi số", &long_text());
        news.main_text.push_str(" Người dân dùng dịch vụ công trực tuyến.");
        news.published = crate::dates::parse_vietnamese_datetime("03/04/2024");
        assert_eq!(classify(&news, &s), DocKind::News);
    }

    #[test]
    fn headlines_about_services_about_pages_and_labelled_videos() {
        let s = Signals::default();
        let dated = |url: &str, title: &str| {
            let mut d = doc(url, title, &long_text());
            d.published = crate::dates::parse_vietnamese_datetime("03/04/2024");
            d
        };
        let news = dated("https://a.gov.vn/tin/1", "Hà Nội đẩy mạnh dịch vụ công trực tuyến toàn trình");
        assert_eq!(classify(&news, &s), DocKind::News, "a headline that mentions dịch vụ công");
        assert_eq!(classify(&dated("https://a.gov.vn/?id=1", "Thủ tục đăng ký khai sinh"), &s), DocKind::PublicService);
        for (url, title) in [
            ("https://a.gov.vn/gioi-thieu/Pages/trang-107.aspx", "Lãnh đạo Sở"),
            ("https://a.gov.vn/?act=trang&id=109", "Chức năng, nhiệm vụ, quyền hạn"),
        ] {
            assert_eq!(classify(&dated(url, title), &s), DocKind::Other, "{url}");
        }
        let slug = dated("https://a.gov.vn/tin-tuc/gioi-thieu-san-pham-ocop.html", "Giới thiệu sản phẩm OCOP");
        assert_eq!(classify(&slug, &s), DocKind::News, "a slug is not a section");
        let mut video = dated("https://a.gov.vn/?act=video&id=3", "Video: Hội nghị tổng kết");
        video.main_text = video.main_text.repeat(4);
        assert_eq!(classify(&video, &Signals { players: 1, ..s }), DocKind::Media);
        assert_eq!(classify(&video, &s), DocKind::News, "no player, no video");
    }

    #[test]
    fn media_dataset_news_other() {
        let mut d = doc("https://a.gov.vn/video/1", "Phóng sự", "Xem video");
        d.opengraph.insert("og:type".into(), "video.other".into());
        assert_eq!(classify(&d, &Signals::default()), DocKind::Media);
        let d = doc("https://a.gov.vn/album/1", "Ảnh hội nghị", "Một số hình ảnh");
        assert_eq!(classify(&d, &Signals { images: 8, ..Default::default() }), DocKind::Media);
        let d = doc("https://data.gov.vn/dataset/dan-so", "Dân số", "Bộ dữ liệu");
        assert_eq!(classify(&d, &Signals { ckan: true, ..Default::default() }), DocKind::Dataset);
        let d = doc("https://a.gov.vn/du-lieu-mo/1", "Dữ liệu mở: trường học", "Tải về");
        assert_eq!(classify(&d, &Signals { data_links: 1, ..Default::default() }), DocKind::Dataset);
        let mut d = doc("https://a.gov.vn/tin/1", "Hội nghị", &long_text());
        assert_eq!(classify(&d, &Signals::default()), DocKind::Other);
        d.published = crate::dates::parse_vietnamese_datetime("03/04/2024");
        assert_eq!(classify(&d, &Signals::default()), DocKind::News);
    }
}
