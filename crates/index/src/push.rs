//! Pushed documents (like Search.gov's i14y): a registered site sends its documents instead of
//! waiting for the crawler, over HTTP (`POST /api/v1/documents`) or from a file
//! (`ketnoi documents import`). This module is the pure part both share: the document's fields,
//! its checks against the site it claims, and what the store keeps of it (a frontier row of source
//! `push` with the extracted [`Document`] as JSON). Nothing here reads or writes anything.

use chrono::{DateTime, NaiveDate, Utc};
use ketnoi_domain::{CrawlUrl, Site, UrlSource, UrlState, UrlUpdate};
use ketnoi_extract::{DocKind, LegalFields};
use serde::{Deserialize, Serialize};

/// The extracted document that pushes become (re-exported so callers need not name
/// `ketnoi-extract`).
pub use ketnoi_extract::Document;

pub const MAX_TITLE_CHARS: usize = 1000;
/// The types a pushed document may declare (absent: `other`).
pub const KINDS: [&str; 6] = ["news", "legal_document", "public_service", "media", "dataset", "other"];

/// A document as a site pushes it (the API's body, one line of an import file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedDocument {
    pub url: String,
    /// The id of the registered site the document belongs to.
    pub site: i64,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub signer: Option<String>,
}

/// Why a pushed document was refused; [`PushError::field`] names the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    #[error("url: url phải là địa chỉ tuyệt đối / url must be absolute")]
    UrlNotAbsolute,
    #[error("url: chỉ nhận http hoặc https / http or https only")]
    UrlScheme,
    #[error("url: url không thuộc trang đã đăng ký này / url is not on this registered site")]
    UrlNotOnSite,
    #[error("title: cần tiêu đề (tối đa 1000 ký tự) / a title of at most 1000 characters is required")]
    Title,
    #[error("type: loại không hợp lệ / unknown type")]
    Kind,
    #[error("published: ngày không hợp lệ / invalid date")]
    Published,
}

impl PushError {
    /// The field at fault, as named in the JSON.
    pub fn field(self) -> &'static str {
        match self {
            PushError::UrlNotAbsolute | PushError::UrlScheme | PushError::UrlNotOnSite => "url",
            PushError::Title => "title",
            PushError::Kind => "type",
            PushError::Published => "published",
        }
    }

    /// The reason without the field name.
    pub fn reason(self) -> String {
        let message = self.to_string();
        match message.split_once(": ") {
            Some((_, reason)) => reason.to_string(),
            None => message,
        }
    }
}

fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim()).map(|t| t.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
    })
}

fn kind_of(raw: &str) -> DocKind {
    match raw {
        "news" => DocKind::News,
        "legal_document" => DocKind::LegalDocument,
        "public_service" => DocKind::PublicService,
        "media" => DocKind::Media,
        "dataset" => DocKind::Dataset,
        _ => DocKind::Other,
    }
}

/// Whether `url` is on one of the site's registered hosts (`www.` or not).
fn on_site(url: &url::Url, site: &Site) -> bool {
    let host = url.host_str().unwrap_or("").trim_start_matches("www.").to_ascii_lowercase();
    site.input
        .urls
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .any(|u| u.host_str().is_some_and(|h| h.trim_start_matches("www.").eq_ignore_ascii_case(&host)))
}

/// Checks the document against `site` (the one its `site` field names) and builds what the store
/// and the index keep. The document's URL is `Document::url`.
pub fn prepare(d: &PushedDocument, site: &Site) -> Result<Document, PushError> {
    let url = url::Url::parse(d.url.trim()).map_err(|_| PushError::UrlNotAbsolute)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(PushError::UrlScheme);
    }
    if !on_site(&url, site) {
        return Err(PushError::UrlNotOnSite);
    }
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(PushError::Title);
    }
    let kind = match d.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) if KINDS.contains(&k) => kind_of(k),
        Some(_) => return Err(PushError::Kind),
        None => DocKind::Other,
    };
    let published = match d.published.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(parse_time(p).ok_or(PushError::Published)?),
        None => None,
    };
    let text = ketnoi_domain::text::nfc(&d.content);
    let legal = (d.number.is_some() || d.issuer.is_some() || d.signer.is_some()).then(|| LegalFields {
        number: d.number.clone(),
        issuer: d.issuer.clone(),
        signer: d.signer.clone(),
        ..Default::default()
    });
    Ok(Document {
        url: url.to_string(),
        canonical: None,
        title: Some(ketnoi_domain::text::nfc(title)),
        description: d.description.as_deref().map(ketnoi_domain::text::nfc),
        keywords: vec![],
        language: Some("vi".into()),
        content_hash: ketnoi_extract::content_hash(&text),
        simhash: ketnoi_extract::simhash(&text),
        main_text: text,
        published: published.map(|t| t.fixed_offset()),
        updated: None,
        dublin_core: Default::default(),
        opengraph: Default::default(),
        json_ld: vec![],
        robots: Default::default(),
        links: vec![],
        attachments: vec![],
        legal,
        kind,
    })
}

/// What the store keeps of a prepared document received at `now`: the frontier row as it will
/// read (for indexing at once) and the update that writes it (`crawl_record`). `existing` is the
/// row the store holds for this URL, if any.
pub fn record(
    site_id: i64,
    existing: Option<CrawlUrl>,
    doc: &Document,
    now: DateTime<Utc>,
) -> Result<(CrawlUrl, UrlUpdate), serde_json::Error> {
    let mut row = existing.unwrap_or_else(|| CrawlUrl::new(site_id, &doc.url, UrlSource::Push, 0, now));
    row.state = UrlState::Fetched;
    row.source = UrlSource::Push;
    row.status = Some(200);
    row.fetched_at = Some(now);
    row.changed_at = Some(now);
    row.canonical = None;
    row.noindex = false;
    // Pushed documents are the site's to update: the crawler never fetches them.
    row.next_fetch_at = now + chrono::Duration::days(365 * 100);
    let mut upd = UrlUpdate::from_row(&row);
    upd.content_hash = Some(doc.content_hash.clone());
    upd.simhash = Some(doc.simhash as i64);
    upd.title = doc.title.clone();
    upd.kind = serde_json::to_value(doc.kind).ok().and_then(|v| v.as_str().map(str::to_string));
    upd.document = Some(serde_json::to_string(doc)?);
    Ok((row, upd))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ketnoi_domain::{CrawlSettings, Hosting, SiteInput, SiteStatus};

    fn site() -> Site {
        let input = SiteInput {
            unit_id: Some("38".into()),
            name: "Cổng TTĐT tỉnh Thanh Hóa".into(),
            urls: vec!["https://www.thanhhoa.gov.vn/".into()],
            status: SiteStatus::Active,
            technology: None,
            hosting: Hosting::Unknown,
            parent_site_id: None,
            sitemaps: vec![],
            crawl: CrawlSettings::default(),
            note: None,
        };
        Site { id: 7, input, version: 1, created_at: Utc::now(), updated_at: Utc::now() }
    }

    fn decree() -> PushedDocument {
        serde_json::from_value(serde_json::json!({
            "url": "https://thanhhoa.gov.vn/van-ban/nd-42",
            "site": 7,
            "title": "  Nghị định 42/2022/NĐ-CP ",
            "content": "Chi\u{0301}nh phủ ban hành",
            "type": "legal_document",
            "published": "2022-06-24",
            "number": "42/2022/NĐ-CP"
        }))
        .unwrap()
    }

    #[test]
    fn a_good_document_becomes_a_pushed_fetched_row() {
        let doc = prepare(&decree(), &site()).unwrap();
        assert_eq!(doc.url, "https://thanhhoa.gov.vn/van-ban/nd-42");
        assert_eq!(doc.title.as_deref(), Some("Nghị định 42/2022/NĐ-CP"));
        assert_eq!(doc.main_text, "Chính phủ ban hành", "NFC");
        assert_eq!(doc.kind, DocKind::LegalDocument);
        assert_eq!(doc.published.unwrap().to_rfc3339(), "2022-06-24T00:00:00+00:00");
        assert_eq!(doc.legal.as_ref().and_then(|l| l.number.as_deref()), Some("42/2022/NĐ-CP"));
        let now = Utc::now();
        let (row, upd) = record(7, None, &doc, now).unwrap();
        assert_eq!(
            (row.site_id, row.source, row.state, row.fetched_at),
            (7, UrlSource::Push, UrlState::Fetched, Some(now))
        );
        assert!(row.next_fetch_at > now + chrono::Duration::days(365 * 50), "never crawled");
        assert_eq!(upd.kind.as_deref(), Some("legal_document"));
        let stored: Document = serde_json::from_str(upd.document.as_deref().unwrap()).unwrap();
        assert_eq!(stored, doc);
    }

    #[test]
    fn each_refusal_names_its_field() {
        let cases: [(&str, serde_json::Value, PushError); 7] = [
            ("url", "/relative".into(), PushError::UrlNotAbsolute),
            ("url", "javascript:alert(1)".into(), PushError::UrlScheme),
            ("url", "https://chinhphu-vn.com/gia-mao".into(), PushError::UrlNotOnSite),
            ("title", " ".into(), PushError::Title),
            ("title", "x".repeat(1001).into(), PushError::Title),
            ("type", "virus".into(), PushError::Kind),
            ("published", "hôm qua".into(), PushError::Published),
        ];
        for (field, value, expected) in cases {
            let mut d = serde_json::to_value(decree()).unwrap();
            d[field] = value;
            let d: PushedDocument = serde_json::from_value(d).unwrap();
            let err = prepare(&d, &site()).unwrap_err();
            assert_eq!(err, expected);
            assert_eq!(err.field(), field);
            assert!(err.to_string().starts_with(&format!("{field}: ")), "{err}");
            assert_eq!(format!("{field}: {}", err.reason()), err.to_string());
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r = serde_json::from_str::<PushedDocument>(r#"{"url":"https://a.gov.vn/","site":1,"title":"t","x":1}"#);
        assert!(r.unwrap_err().to_string().contains("unknown field"));
    }
}
