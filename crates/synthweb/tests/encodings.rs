//! Legacy encodings decode back to the ground-truth Unicode text.

mod common;

use ketnoi_synthweb::{CharsetDeclaration, Config, ExpectedPage, PageEncoding, SynthWeb, Trait};
use unicode_normalization::UnicodeNormalization;

/// TCVN3 (ABC) → Unicode, written independently of the crate's encoder, row by row:
/// each vowel's grave, hook, tilde, acute and dot-below forms.
fn tcvn3_decode(bytes: &[u8]) -> String {
    let rows: [(&str, [u8; 5]); 12] = [
        ("àảãáạ", [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
        ("ằẳẵắặ", [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
        ("ầẩẫấậ", [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
        ("èẻẽéẹ", [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
        ("ềểễếệ", [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
        ("ìỉĩíị", [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
        ("òỏõóọ", [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
        ("ồổỗốộ", [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
        ("ờởỡớợ", [0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
        ("ùủũúụ", [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
        ("ừửữứự", [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
        ("ỳỷỹýỵ", [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
    ];
    let singles = "ĂÂÊÔƠƯĐăâêôơưđ";
    let mut table = [None::<char>; 256];
    for (i, c) in singles.chars().enumerate() {
        table[0xA1 + i] = Some(c);
    }
    for (chars, bytes) in rows {
        for (c, b) in chars.chars().zip(bytes) {
            assert!(table[b as usize].is_none(), "byte {b:#x} used twice");
            table[b as usize] = Some(c);
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // Numeric references stand for what TCVN3 cannot carry.
            if b == b'&' && bytes.get(i + 1) == Some(&b'#') {
                let end = i + bytes[i..].iter().position(|x| *x == b';').unwrap();
                let n: u32 = std::str::from_utf8(&bytes[i + 2..end]).unwrap().parse().unwrap();
                out.push(char::from_u32(n).unwrap());
                i = end + 1;
                continue;
            }
            out.push(b as char);
        } else {
            out.push(table[b as usize].unwrap_or_else(|| panic!("byte {b:#x} is not TCVN3")));
        }
        i += 1;
    }
    out
}

fn pages_of(web: &SynthWeb, t: Trait) -> Vec<ExpectedPage> {
    let site = web.sites().iter().find(|s| s.has(t)).unwrap();
    web.expected_pages(site).into_iter().filter(|p| !p.paragraphs.is_empty()).collect()
}

#[tokio::test]
async fn windows_1258_pages_decode_to_the_ground_truth() {
    let served = common::serve(Config::small()).await;
    let pages = pages_of(&served.web, Trait::Windows1258);
    assert!(pages.iter().any(|p| p.charset == CharsetDeclaration::Header));
    assert!(pages.iter().any(|p| p.charset == CharsetDeclaration::MetaOnly));
    for page in pages {
        assert_eq!(page.encoding, PageEncoding::Windows1258);
        let got = common::get(&served.client, &page.url).await;
        let ct = got.header("content-type").unwrap();
        match page.charset {
            CharsetDeclaration::Header => assert_eq!(ct, "text/html; charset=windows-1258"),
            _ => assert_eq!(ct, "text/html", "charset only in <meta>"),
        }
        assert!(got.text().contains("charset=windows-1258"));
        assert!(std::str::from_utf8(&got.body).is_err(), "not UTF-8 on the wire");
        let (decoded, _, errors) = encoding_rs::WINDOWS_1258.decode(&got.body);
        assert!(!errors);
        assert!(decoded.contains('\u{301}') || decoded.contains('\u{300}'), "tone marks are combining");
        let text: String = decoded.nfc().collect();
        assert!(text.contains(&page.title), "{}", page.title);
        for p in &page.paragraphs {
            assert!(text.contains(p.as_str()), "{p}");
        }
    }
}

#[tokio::test]
async fn tcvn3_pages_decode_to_the_ground_truth() {
    let served = common::serve(Config::small()).await;
    let pages = pages_of(&served.web, Trait::Tcvn3);
    assert!(!pages.is_empty());
    for page in pages {
        assert_eq!(page.encoding, PageEncoding::Tcvn3);
        let got = common::get(&served.client, &page.url).await;
        assert_eq!(got.header("content-type").as_deref(), Some("text/html"));
        let raw = got.text();
        assert!(raw.contains(".VnTime"));
        match page.charset {
            CharsetDeclaration::WrongMeta => assert!(raw.contains("charset=windows-1252")),
            _ => assert!(!raw.contains("charset=")),
        }
        let text = tcvn3_decode(&got.body);
        assert!(text.contains(&page.title), "{}", page.title);
        for p in &page.paragraphs {
            assert!(text.contains(p.as_str()), "{p}");
        }
        // Read as windows-1252 (what the page claims), it is mojibake.
        let (as_1252, _, _) = encoding_rs::WINDOWS_1252.decode(&got.body);
        assert!(!as_1252.contains(page.paragraphs[0].as_str()));
    }
}

#[test]
fn all_text_is_nfc() {
    let web = SynthWeb::generate(&Config::small());
    for site in web.sites() {
        assert!(unicode_normalization::is_nfc(&site.name));
        for p in web.expected_pages(site) {
            assert!(unicode_normalization::is_nfc(&p.title), "{}", p.title);
            for para in &p.paragraphs {
                assert!(unicode_normalization::is_nfc(para), "{para}");
            }
        }
    }
}
