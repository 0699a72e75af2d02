//! PDF and DOCX text, built by hand in the tests (no binary fixtures), and broken inputs.

use std::io::Write;

use ketnoi_extract::{DocKind, ExtractError, extract, extract_docx, extract_pdf};
use url::Url;

fn url(path: &str) -> Url {
    Url::parse(&format!("https://vanban.chinhphu.vn/files/{path}")).unwrap()
}

/// A minimal valid PDF: one page, Helvetica, one text object per line; the xref offsets are
/// computed here so the file is exactly what a strict reader expects.
fn tiny_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for line in lines {
        content.push_str(&format!("({}) Tj T*\n", line.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)")));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

/// A DOCX with the given paragraphs and one table row, written with the `zip` crate.
fn tiny_docx(paragraphs: &[&str], title: &str) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", p.replace('&', "&amp;")))
        .collect();
    let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nơi nhận:</w:t></w:r></w:p></w:tc>\
                 <w:tc><w:p><w:r><w:t>KT. BỘ TRƯỞNG</w:t></w:r></w:p><w:p><w:r><w:t>THỨ TRƯỞNG</w:t></w:r></w:p>\
                 <w:p><w:r><w:t>Nguyễn Thanh Lâm</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}{table}</w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{title}</dc:title></cp:coreProperties>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(
            b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        )
        .unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.start_file("docProps/core.xml", opts).unwrap();
        zip.write_all(core.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn pdf_text_is_extracted() {
    let pdf = tiny_pdf(&["CHINH PHU", "So: 42/2022/ND-CP", "NGHI DINH", "Quy dinh ve viec cung cap thong tin"]);
    let doc = extract_pdf(&url("42-2022-ND-CP.pdf"), &pdf).expect("valid PDF");
    assert!(doc.main_text.contains("So: 42/2022/ND-CP"), "{:?}", doc.main_text);
    assert_eq!(doc.legal.as_ref().and_then(|l| l.number.as_deref()), Some("42/2022/ND-CP"));
    assert_eq!(doc.kind, DocKind::LegalDocument);
    // The dispatcher finds it by magic number as well.
    assert_eq!(extract(&url("x"), &pdf, None).unwrap().main_text, doc.main_text);
}

#[test]
fn docx_text_is_extracted() {
    let docx = tiny_docx(
        &[
            "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 22/2023/TT-BTTTT",
            "Hà Nội, ngày 31 tháng 12 năm 2023",
            "THÔNG TƯ",
            "Quy định về quản lý & vận hành cổng thông tin điện tử",
        ],
        "Thông tư 22/2023/TT-BTTTT",
    );
    let doc = extract_docx(&url("22-2023-TT-BTTTT.docx"), &docx).expect("valid DOCX");
    assert_eq!(doc.title.as_deref(), Some("Thông tư 22/2023/TT-BTTTT"));
    assert!(doc.main_text.starts_with("BỘ THÔNG TIN VÀ TRUYỀN THÔNG\n\nSố: 22/2023/TT-BTTTT"), "{}", doc.main_text);
    assert!(doc.main_text.contains("quản lý & vận hành"));
    let legal = doc.legal.expect("legal fields");
    assert_eq!(legal.kind.as_deref(), Some("Thông tư"));
    assert_eq!(legal.issued.unwrap().to_string(), "2023-12-31");
    assert_eq!(legal.signer.as_deref(), Some("Nguyễn Thanh Lâm"));
    assert_eq!(doc.language.as_deref(), Some("vi"));
}

#[test]
fn broken_attachments_are_errors_not_panics() {
    let u = url("x.pdf");
    assert_eq!(extract_pdf(&u, b""), Err(ExtractError::Empty));
    assert!(matches!(extract_pdf(&u, b"<html>404</html>"), Err(ExtractError::Malformed { .. })));
    let pdf = tiny_pdf(&["Hello"]);
    for cut in [10, pdf.len() / 3, pdf.len() / 2, pdf.len() - 20] {
        // Truncated downloads: an error or (when the parser recovers) a document, never a panic.
        let _ = extract_pdf(&u, &pdf[..cut]);
    }
    let mut lying = pdf.clone();
    let at = lying.windows(7).position(|w| w == b"/Length").unwrap();
    lying.splice(at..at + 10, b"/Length 999999999".iter().copied());
    let _ = extract_pdf(&u, &lying);
    let garbage: Vec<u8> =
        b"%PDF-1.7\n".iter().copied().chain((0..50_000u32).map(|i| (i * 7919 % 251) as u8)).collect();
    assert!(extract_pdf(&u, &garbage).is_err());

    let d = url("x.docx");
    assert_eq!(extract_docx(&d, b""), Err(ExtractError::Empty));
    assert!(matches!(extract_docx(&d, b"PK\x03\x04garbage"), Err(ExtractError::Malformed { .. })));
    let docx = tiny_docx(&["Một đoạn"], "t");
    assert!(extract_docx(&d, &docx[..docx.len() / 2]).is_err());
    let mut no_document = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut no_document);
        zip.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"hi").unwrap();
        zip.finish().unwrap();
    }
    assert!(matches!(extract_docx(&d, no_document.get_ref()), Err(ExtractError::Malformed { .. })));
    assert!(matches!(
        extract(&url("a.bin"), b"\x00\x01", Some("application/octet-stream")),
        Err(ExtractError::Unsupported(_))
    ));
}
