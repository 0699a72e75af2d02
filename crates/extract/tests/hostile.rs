//! Hostile and degenerate input: no panic, no stack overflow, sensible output.

use ketnoi_extract::{MAX_LINKS, decode, extract, extract_html};
use url::Url;

fn url() -> Url {
    Url::parse("https://xa.thanhhoa.gov.vn/tin/1").unwrap()
}

#[test]
fn empty_and_garbage() {
    let doc = extract_html(&url(), "");
    assert_eq!(doc.main_text, "");
    assert_eq!(doc.title, None);
    let garbage: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8).collect();
    let doc = extract(&url(), &garbage, Some("text/html")).unwrap();
    assert!(doc.main_text.len() < 400_000);
    let _ = extract(&url(), &garbage, None);
}

#[test]
fn twenty_megabytes_of_nested_divs() {
    let depth = 20 * 1024 * 1024 / 5;
    let html = format!("<html><body>{}<p>Nội dung</p>{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let doc = extract_html(&url(), &html);
    // The page is cut at the size and nesting guards; what remains parses.
    assert_eq!(doc.main_text, "");
    let shallow =
        format!("<html><body>{}<p>Nội dung bài viết</p>{}</body></html>", "<div>".repeat(900), "</div>".repeat(900));
    assert_eq!(extract_html(&url(), &shallow).main_text, "Nội dung bài viết");
}

#[test]
fn a_hundred_thousand_links() {
    let links: String = (0..100_000).map(|i| format!("<a href=\"/tin/{i}\">Tin {i}</a>\n")).collect();
    let doc = extract_html(&url(), &format!("<html><body>{links}</body></html>"));
    assert_eq!(doc.links.len(), MAX_LINKS);
    assert_eq!(doc.links[0].url, "https://xa.thanhhoa.gov.vn/tin/0");
}

#[test]
fn invalid_json_ld_unknown_charset_and_control_characters() {
    let html = "<html><head><meta charset=\"x-klingon\"><title>Tiêu\u{0}đề\u{7}</title>\
        <script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", }</script>\
        <script type=\"application/ld+json\">[{\"@type\":\"Organization\",\"name\":\"UBND\"}]</script></head>\
        <body><p>Văn\u{1}bản\u{b} có ký tự điều khiển\u{feff}.</p><a href=\"javascript:alert(1)\">x</a>\
        <a href=\"mailto:a@b.vn\">m</a><a href=\"http://[::1\">bad</a></body></html>";
    let decoded = decode(html.as_bytes(), None);
    assert_eq!(decoded.encoding, "UTF-8");
    let doc = extract_html(&url(), &decoded.text);
    assert_eq!(doc.json_ld.len(), 1);
    assert_eq!(doc.title.as_deref(), Some("Tiêuđề"));
    assert!(!doc.main_text.chars().any(|c| c.is_control() && c != '\n'), "{:?}", doc.main_text);
    assert!(doc.main_text.starts_with("Vănbản có ký tự điều khiển."));
    assert!(doc.links.is_empty(), "{:?}", doc.links);
}

#[test]
fn unclosed_tags_and_broken_markup() {
    let html =
        "<html><body><div class=noidung><p>Đoạn một<p>Đoạn hai<table><tr><td>Ô<td>Ô hai</table><b><i>lồng sai</b></i>";
    let doc = extract_html(&url(), html);
    assert!(doc.main_text.contains("Đoạn một\n\nĐoạn hai"), "{}", doc.main_text);
}
