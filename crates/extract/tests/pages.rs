//! Snapshot tests over fixture pages in the styles real Vietnamese government portals use.
//! Each test decodes the fixture's bytes as the crawler would (with the Content-Type the server
//! would send), extracts the whole `Document`, checks the key facts by hand, and snapshots it.

use ketnoi_extract::legacy_font::{unicode_to_tcvn3, unicode_to_vni};
use ketnoi_extract::{CharsetSource, DocKind, Document, LegacyFont, decode, encode_windows_1258, extract_html};
use url::Url;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn page(url: &str, bytes: &[u8], content_type: Option<&str>) -> Document {
    let decoded = decode(bytes, content_type);
    extract_html(&Url::parse(url).unwrap(), &decoded.text)
}

fn snapshot(name: &str, doc: &Document) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_yaml_snapshot!(name, doc);
    });
}

#[test]
fn joomla_news_article() {
    let doc = page(
        "https://thanhhoa.gov.vn/tin-tuc/hoi-nghi-quy-i-2024.html",
        &fixture("joomla_news.html"),
        Some("text/html; charset=UTF-8"),
    );
    assert_eq!(doc.title.as_deref(), Some("Hội nghị đánh giá tình hình kinh tế - xã hội quý I năm 2024"));
    assert_eq!(doc.kind, DocKind::News);
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2024-04-03T10:08:00+07:00", "DC.date, refined by <time>");
    assert!(doc.main_text.starts_with("Sáng ngày 3/4"), "{}", doc.main_text);
    assert!(
        !doc.main_text.contains("Trang chủ")
            && !doc.main_text.contains("Tin liên quan")
            && !doc.main_text.contains("Bản quyền")
    );
    assert_eq!(doc.dublin_core.len(), 8);
    assert_eq!(doc.language.as_deref(), Some("vi"));
    snapshot("joomla_news", &doc);
}

#[test]
fn wordpress_article() {
    let doc = page(
        "https://sonoivu.nghean.gov.vn/tap-huan-van-thu-luu-tru-2024/",
        &fixture("wordpress_article.html"),
        Some("text/html; charset=UTF-8"),
    );
    assert_eq!(doc.title.as_deref(), Some("Sở Nội vụ tập huấn nghiệp vụ văn thư, lưu trữ năm 2024"));
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2024-05-20T08:15:00+07:00");
    assert_eq!(doc.updated.unwrap().to_rfc3339(), "2024-05-21T14:02:11+07:00");
    assert_eq!(doc.kind, DocKind::News);
    assert!(doc.legal.is_none(), "a news item citing Nghị định 30/2020/NĐ-CP is not the decree");
    assert!(!doc.main_text.contains("Chia sẻ") && !doc.main_text.contains("Bình luận"));
    assert_eq!(doc.opengraph.get("article:tag").map(String::as_str), Some("văn thư; lưu trữ"));
    assert!(doc.links.iter().any(|l| l.text == "Facebook" && l.nofollow));
    snapshot("wordpress_article", &doc);
}

#[test]
fn sharepoint_news_page() {
    let doc = page(
        "https://mic.gov.vn/Pages/TinTuc/bo-tttt-huong-dan-nd-42.aspx",
        &fixture("sharepoint_news.html"),
        Some("text/html; charset=utf-8"),
    );
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2025-01-15T09:30:00+07:00");
    assert!(doc.main_text.starts_with("Bộ Thông tin và Truyền thông vừa ban hành"), "{}", doc.main_text);
    assert!(!doc.main_text.contains("Ribbon") && !doc.main_text.contains("Tin 1"));
    assert_eq!(doc.kind, DocKind::News);
    snapshot("sharepoint_news", &doc);
}

#[test]
fn liferay_legal_document() {
    let doc = page(
        "https://chinhphu.vn/web/guest/van-ban?docid=206241",
        &fixture("liferay_legal.html"),
        Some("text/html;charset=UTF-8"),
    );
    let legal = doc.legal.clone().expect("legal fields");
    assert_eq!(legal.number.as_deref(), Some("42/2022/NĐ-CP"));
    assert_eq!(legal.kind.as_deref(), Some("Nghị định"));
    assert_eq!(legal.issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(legal.issued.unwrap().to_string(), "2022-06-24");
    assert_eq!(legal.effective.unwrap().to_string(), "2022-08-01");
    assert_eq!(legal.signer.as_deref(), Some("Vũ Đức Đam"));
    assert!(legal.r#abstract.unwrap().starts_with("Quy định về việc cung cấp thông tin"));
    assert_eq!(doc.kind, DocKind::LegalDocument);
    assert_eq!(doc.canonical.as_deref(), Some("https://vanban.chinhphu.vn/?pageid=27160&docid=206241"));
    let attachments: Vec<&str> = doc.attachments.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(
        attachments,
        [
            "https://chinhphu.vn/documents/20182/206241/42-2022-ND-CP.pdf",
            "https://chinhphu.vn/documents/20182/206241/42-2022-ND-CP.docx"
        ]
    );
    snapshot("liferay_legal", &doc);
}

#[test]
fn custom_php_commune_page() {
    let doc = page(
        "http://ngadien.ngason.thanhhoa.gov.vn/index.php?mod=tintuc&id=102",
        &fixture("php_commune.html"),
        Some("text/html"),
    );
    assert_eq!(doc.title.as_deref(), Some("UBND xã Nga Điền tổ chức Hội nghị tiếp xúc cử tri"));
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2023-09-05T14:30:00+07:00");
    assert!(doc.main_text.contains("cử tri đã nêu 12 ý kiến"), "{}", doc.main_text);
    assert!(!doc.main_text.contains("Lượt truy cập") && !doc.main_text.contains("Các tin khác"));
    assert_eq!(doc.kind, DocKind::News);
    snapshot("php_commune", &doc);
}

#[test]
fn public_service_page() {
    let doc = page(
        "https://dichvucong.thanhhoa.gov.vn/thu-tuc/1.001193",
        &fixture("tthc_service.html"),
        Some("text/html; charset=utf-8"),
    );
    assert_eq!(doc.kind, DocKind::PublicService);
    assert_eq!(doc.title.as_deref(), Some("Đăng ký khai sinh"));
    assert!(doc.main_text.contains("Thành phần hồ sơ"));
    assert_eq!(doc.attachments.len(), 1);
    snapshot("tthc_service", &doc);
}

#[test]
fn video_page() {
    let doc = page(
        "https://truyenhinh.thanhhoa.gov.vn/video/cau-hoang-long-2.html",
        &fixture("video.html"),
        Some("text/html; charset=utf-8"),
    );
    assert_eq!(doc.kind, DocKind::Media);
    assert_eq!(doc.title.as_deref(), Some("Thanh Hóa khánh thành cầu Hoàng Long 2"));
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2024-08-30T19:00:00+07:00");
    snapshot("video", &doc);
}

#[test]
fn noindex_page() {
    let doc = page(
        "https://ngason.thanhhoa.gov.vn/tim-kiem?q=nong+thon+moi",
        &fixture("noindex.html"),
        Some("text/html; charset=utf-8"),
    );
    assert!(doc.robots.noindex && doc.robots.nofollow);
    assert!(doc.main_text.starts_with("Kết quả tìm kiếm"), "a result page is not boilerplate: {}", doc.main_text);
    assert!(doc.links.iter().all(|l| l.nofollow), "meta nofollow applies to every link");
    snapshot("noindex", &doc);
}

#[test]
fn canonical_link_is_resolved_and_wins_over_og_url() {
    let doc = page(
        "https://nghean.gov.vn/a/b/c/bai-viet.html?id=5",
        &fixture("canonical.html"),
        Some("text/html; charset=utf-8"),
    );
    assert_eq!(
        doc.canonical.as_deref(),
        Some("https://nghean.gov.vn/a/tin-tuc/chi-dao-phong-chong-thien-tai.html?utm_source=zalo")
    );
    assert_eq!(doc.updated.unwrap().to_rfc3339(), "2024-11-20T08:15:00+07:00");
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2024-11-20T08:15:00+07:00", "the byline is the only date");
    snapshot("canonical", &doc);
}

#[test]
fn windows_1258_page() {
    let source = String::from_utf8(fixture("windows1258.source.html")).unwrap();
    let bytes = encode_windows_1258(&source);
    assert!(!bytes.contains(&b'?') || source.contains('?'));
    let decoded = decode(&bytes, Some("text/html"));
    assert_eq!((decoded.encoding, decoded.source), ("windows-1258", CharsetSource::Meta));
    let doc = extract_html(&Url::parse("http://hoanghoa.thanhhoa.gov.vn/tintuc.asp?id=77").unwrap(), &decoded.text);
    assert!(
        doc.main_text.contains("Chủ tịch UBND huyện tiếp công dân vào ngày 15 tháng 12 năm 2023"),
        "{}",
        doc.main_text
    );
    assert_eq!(doc.title.as_deref(), Some("Thông báo lịch tiếp công dân tháng 12 năm 2023"));
    snapshot("windows1258", &doc);
}

#[test]
fn tcvn3_page() {
    let source = String::from_utf8(fixture("tcvn3.source.html")).unwrap();
    let bytes = unicode_to_tcvn3(&source);
    let decoded = decode(&bytes, Some("text/html; charset=iso-8859-1"));
    assert_eq!(decoded.legacy_font, Some(LegacyFont::Tcvn3));
    assert_eq!(decoded.source, CharsetSource::Header);
    let doc = extract_html(&Url::parse("http://thanhhoa.gov.vn/vanban/1520.htm").unwrap(), &decoded.text);
    assert!(doc.main_text.contains("ỦY BAN NHÂN DÂN TỈNH THANH HÓA"), "{}", doc.main_text);
    assert!(doc.main_text.contains("Để chủ động phòng, chống dịch bệnh trong mùa đông xuân"));
    let legal = doc.legal.clone().expect("a công văn");
    assert_eq!(legal.number.as_deref(), Some("1520/UBND-VX"));
    assert_eq!(legal.kind.as_deref(), Some("Công văn"));
    assert_eq!(legal.signer.as_deref(), Some("Lê Văn Bình"));
    snapshot("tcvn3", &doc);
}

#[test]
fn vni_page() {
    let source = String::from_utf8(fixture("vni.source.html")).unwrap();
    let bytes = unicode_to_vni(&source);
    let decoded = decode(&bytes, Some("text/html"));
    assert_eq!(decoded.legacy_font, Some(LegacyFont::Vni));
    let doc =
        extract_html(&Url::parse("http://samson.thanhhoa.gov.vn/tin/hoi-nghi-cchc-2002.htm").unwrap(), &decoded.text);
    let expected = "Ngày 20 tháng 12 năm 2002, Ủy ban nhân dân thị xã Sầm Sơn tổ chức hội nghị tổng kết";
    assert!(doc.main_text.contains(expected), "{}", doc.main_text);
    assert_eq!(doc.published.unwrap().to_rfc3339(), "2002-12-20T00:00:00+07:00");
    snapshot("vni", &doc);
}

#[test]
fn soft_404_page() {
    let doc = page(
        "https://hoanghoa.thanhhoa.gov.vn/tin-tuc/khong-con.html",
        &fixture("soft_404.html"),
        Some("text/html; charset=utf-8"),
    );
    assert!(ketnoi_extract::looks_like_soft_404(&doc));
    assert_eq!(doc.kind, DocKind::Other);
    snapshot("soft_404", &doc);
    for good in ["joomla_news.html", "liferay_legal.html", "php_commune.html"] {
        let d = page("https://thanhhoa.gov.vn/x", &fixture(good), None);
        assert!(!ketnoi_extract::looks_like_soft_404(&d), "{good}");
    }
}
