//! Extraction as pure functions: the bytes of a fetched page (with its Content-Type and URL) →
//! a structured [`Document`]. No I/O, no clock, no global state, so every result can be
//! snapshot-tested and re-derived from stored bytes.
//!
//! The crawler calls [`extract`] (or [`decode`] and [`extract_html`] / [`extract_pdf`] /
//! [`extract_docx`] directly); the search index consumes the [`Document`].
//!
//! Map of the crate: `charset` (bytes → NFC text) and `legacy_font` (TCVN3/VNI) · `html`
//! (the page walk) with `meta` (head metadata), `main_text` (boilerplate removal) and `lang` ·
//! `dates` · `legal` (văn bản fields) · `classify` · `dedup` (hashes, duplicate clusters) · `attachments` (PDF/DOCX).

mod attachments;
mod charset;
mod classify;
pub mod dates;
mod dedup;
mod html;
mod lang;
pub mod legacy_font;
pub mod legal;
mod main_text;
mod meta;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

pub use attachments::{extract_docx, extract_pdf};
pub use charset::{CharsetSource, Decoded, PRESCAN_BYTES, charset_param, decode, encode_windows_1258};
pub use classify::{Signals, classify};
pub use dedup::{NEAR_DUPLICATE_BITS, cluster, content_hash, fold, hamming, near_duplicate, simhash};
pub use html::{MAX_HTML_CHARS, MAX_LINKS, extract_html};
pub use legacy_font::LegacyFont;

/// Everything extracted from one fetched resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The URL the bytes were fetched from.
    pub url: String,
    /// `<link rel="canonical">` (or `og:url`), made absolute; kept even when it names another host,
    /// so the crawler can decide (it may point at the Government portal's original).
    pub canonical: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    /// BCP 47 primary language ("vi", "en"...).
    pub language: Option<String>,
    /// The article text without navigation, paragraphs separated by a blank line.
    pub main_text: String,
    pub published: Option<DateTime<FixedOffset>>,
    pub updated: Option<DateTime<FixedOffset>>,
    /// `DC.*` meta tags (Circular 24/2011), keys lower-cased without the `dc.` prefix.
    pub dublin_core: BTreeMap<String, String>,
    /// `og:*`, `article:*` and `video:*` meta properties, keys as written (lower-cased).
    pub opengraph: BTreeMap<String, String>,
    /// Every parseable `<script type="application/ld+json">` block.
    pub json_ld: Vec<serde_json::Value>,
    pub robots: Robots,
    pub links: Vec<Link>,
    /// Links to PDF/DOC/DOCX/XLS(X)/ODT/RTF/ZIP... files, also present in `links`.
    pub attachments: Vec<Link>,
    pub legal: Option<LegalFields>,
    pub kind: DocKind,
    /// SHA-256 (hex) of the folded, whitespace-normalised main text.
    pub content_hash: String,
    /// 64-bit SimHash of the main text (see [`simhash`]).
    pub simhash: u64,
}

/// Meta robots directives. The crawler ORs in `X-Robots-Tag`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Robots {
    pub noindex: bool,
    pub nofollow: bool,
}

/// One outgoing link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Absolute, without fragment.
    pub url: String,
    /// Visible text (or `title`/`alt` when there is none), whitespace-normalised.
    pub text: String,
    /// `rel="nofollow"` (also `ugc`/`sponsored`) on the link, or the page's meta nofollow.
    pub nofollow: bool,
}

/// Fields of a legal or administrative document (văn bản).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalFields {
    /// Number/symbol (số ký hiệu): "42/2022/NĐ-CP", "409/VPCP-TTDT".
    pub number: Option<String>,
    /// Document type: "Nghị định", "Quyết định", "Công văn", "Thông tư"...
    pub kind: Option<String>,
    /// Issuing body (cơ quan ban hành).
    pub issuer: Option<String>,
    pub issued: Option<NaiveDate>,
    pub effective: Option<NaiveDate>,
    pub signer: Option<String>,
    /// Abstract (trích yếu).
    pub r#abstract: Option<String>,
}

/// What a document is, for facets and ranking. See [`classify`] for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    News,
    LegalDocument,
    PublicService,
    Media,
    Dataset,
    Other,
}

/// Why an attachment could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than the {limit} bytes we read")]
    TooLarge { limit: usize },
    #[error("not a valid {format} file: {reason}")]
    Malformed { format: &'static str, reason: String },
    #[error("the {format} file is encrypted")]
    Encrypted { format: &'static str },
    #[error("unsupported content type {0}")]
    Unsupported(String),
}

/// Extracts whatever the Content-Type (or, without one, the URL's extension and the bytes'
/// magic number) says the body is: HTML, PDF or DOCX. Plain text is treated as a page without markup.
pub fn extract(url: &url::Url, bytes: &[u8], content_type: Option<&str>) -> Result<Document, ExtractError> {
    let mime = content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).unwrap_or_default();
    let path = url.path().to_ascii_lowercase();
    if mime == "application/pdf" || bytes.starts_with(b"%PDF-") || (mime.is_empty() && path.ends_with(".pdf")) {
        return extract_pdf(url, bytes);
    }
    if mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        || ((mime.is_empty() || mime == "application/octet-stream" || mime == "application/zip")
            && path.ends_with(".docx"))
    {
        return extract_docx(url, bytes);
    }
    if mime.is_empty() || mime.contains("html") || mime.starts_with("text/") || mime.contains("xml") {
        let decoded = decode(bytes, content_type);
        if mime == "text/plain" {
            return Ok(attachments::document_from_text(url, &decoded.text, None));
        }
        return Ok(extract_html(url, &decoded.text));
    }
    Err(ExtractError::Unsupported(mime))
}

/// A page that answers 200 but says "not found" (soft 404): a short text whose title or body
/// says so. The crawler treats it like a 404.
pub fn looks_like_soft_404(doc: &Document) -> bool {
    const PHRASES: &[&str] = &[
        "khong tim thay trang",
        "trang khong ton tai",
        "trang ban tim khong ton tai",
        "khong tim thay noi dung",
        "noi dung khong ton tai",
        "bai viet khong ton tai",
        "duong dan khong ton tai",
        "loi 404",
        "error 404",
        "404 not found",
        "page not found",
        "khong tim thay du lieu",
    ];
    let title = doc.title.as_deref().map(fold).unwrap_or_default();
    let text = fold(&doc.main_text);
    let short = text.split_whitespace().count() < 150;
    PHRASES.iter().any(|p| title.contains(p)) || (short && PHRASES.iter().any(|p| text.contains(p)))
}
