//! A minimal, valid PDF 1.4 written by hand: one page, Helvetica text, a correct xref table.
//!
//! Body text is ASCII (the 14 standard fonts have no Vietnamese glyphs and embedding one would
//! cost hundreds of kilobytes per attachment); the document title in the Info dictionary is full
//! Vietnamese as UTF-16BE, as PDF allows for text strings.

fn pdf_string(s: &str) -> String {
    let mut out = String::from("(");
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

fn utf16_hex(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// Builds the PDF. `date` is `YYYYMMDD` for the CreationDate.
pub(crate) fn build(title: &str, lines: &[String], date: &str) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 12 Tf\n16 TL\n72 770 Td\n");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            content.push_str("T*\n");
        }
        content.push_str(&pdf_string(line));
        content.push_str(" Tj\n");
    }
    content.push_str("ET");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        format!("<< /Title {} /Producer (ketnoi-synthweb) /CreationDate (D:{date}000000+07'00') >>", utf16_hex(title)),
    ];

    // The binary comment line tells transfer tools the file is binary (PDF 1.4 §3.4.1).
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    // Each xref entry is exactly 20 bytes: 10 + 1 + 5 + 1 + 1 + 2 (space and LF end of line).
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        table.push_str(&format!("{off:010} 00000 n \n"));
    }
    out.extend_from_slice(table.as_bytes());
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = build("Quyết định số 1/QĐ-UBND", &["So: 1/QD-UBND".into(), "Trich yeu (thu)".into()], "20240315");
        let text = String::from_utf8_lossy(&pdf).to_string();
        let startxref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(pdf[startxref..].starts_with(b"xref\n0 7\n"));
        // Offsets are bytes: read the table from the bytes (the binary comment is not UTF-8).
        let table = std::str::from_utf8(&pdf[startxref..]).unwrap();
        for (i, line) in table.lines().skip(3).take(6).enumerate() {
            assert_eq!(line.len(), 19, "entry plus the space, before LF");
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
        assert!(text.contains("(Trich yeu \\(thu\\)) Tj"));
        assert!(text.ends_with("%%EOF\n"));
    }
}
