use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};
use crate::site_url::{SiteUrl, parse_http_url};

/// Limits that keep one record from swallowing the register.
pub const MAX_URLS_PER_SITE: usize = 10;
pub const MAX_SITEMAPS_PER_SITE: usize = 50;
pub const MAX_CRAWL_DELAY_SECONDS: u32 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteStatus {
    Active,
    /// "Chưa có cổng/trang thông tin điện tử": the unit has no site yet.
    NoPortal,
    Retired,
}

impl SiteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SiteStatus::Active => "active",
            SiteStatus::NoPortal => "no_portal",
            SiteStatus::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "active" => SiteStatus::Active,
            "no_portal" => SiteStatus::NoPortal,
            "retired" => SiteStatus::Retired,
            _ => return None,
        })
    }
}

/// Where a site is hosted (the annex's "Cổng/trang đặt tại").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    #[default]
    Unknown,
    /// Văn phòng UBND tỉnh.
    ProvincialOffice,
    /// Trung tâm CNTT&TT (provincial IT centre).
    ProvincialItCentre,
    /// Nơi khác.
    Elsewhere,
}

impl Hosting {
    pub fn as_str(self) -> &'static str {
        match self {
            Hosting::Unknown => "unknown",
            Hosting::ProvincialOffice => "provincial_office",
            Hosting::ProvincialItCentre => "provincial_it_centre",
            Hosting::Elsewhere => "elsewhere",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "" | "unknown" => Hosting::Unknown,
            "provincial_office" => Hosting::ProvincialOffice,
            "provincial_it_centre" => Hosting::ProvincialItCentre,
            "elsewhere" => Hosting::Elsewhere,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlSettings {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Our own floor on the delay between requests; robots.txt may ask for more.
    #[serde(default)]
    pub delay_seconds: Option<u32>,
    /// Upper bound on URLs kept for this site.
    #[serde(default)]
    pub max_urls: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Default for CrawlSettings {
    fn default() -> Self {
        CrawlSettings { enabled: true, delay_seconds: None, max_urls: None }
    }
}

/// What an operator submits for a site; also what the CSV importer builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    pub unit_id: Option<String>,
    pub name: String,
    /// Base URLs as typed; `normalised_urls` gives the checked form.
    #[serde(default)]
    pub urls: Vec<String>,
    pub status: SiteStatus,
    #[serde(default)]
    pub technology: Option<String>,
    #[serde(default)]
    pub hosting: Hosting,
    #[serde(default)]
    pub parent_site_id: Option<i64>,
    #[serde(default)]
    pub sitemaps: Vec<String>,
    #[serde(default)]
    pub crawl: CrawlSettings,
    #[serde(default)]
    pub note: Option<String>,
}

impl SiteInput {
    /// Checks every field and returns the input with URLs normalised, so
    /// stored sites always hold canonical URLs.
    pub fn validate(mut self) -> Result<(SiteInput, Vec<SiteUrl>), DomainError> {
        let mut c = Checker::default();
        c.text("name", &self.name, true, 500);
        c.optional_text("technology", &self.technology, 100);
        c.optional_text("note", &self.note, 2000);
        if let Some(u) = &self.unit_id {
            c.text("unit_id", u, true, 64);
        }
        let mut urls = Vec::new();
        if self.urls.len() > MAX_URLS_PER_SITE {
            c.fail("urls", format!("nhiều hơn {MAX_URLS_PER_SITE} địa chỉ"));
        } else {
            for raw in &self.urls {
                match SiteUrl::parse("urls", raw) {
                    Ok(u) if urls.iter().any(|k: &SiteUrl| k.key == u.key) => {
                        c.fail("urls", format!("địa chỉ «{}» lặp lại", u.url))
                    }
                    Ok(u) => urls.push(u),
                    Err(e) => e.fields().iter().for_each(|f| c.fail("urls", f.reason.clone())),
                }
            }
        }
        if urls.is_empty() && self.status != SiteStatus::NoPortal && self.urls.len() <= MAX_URLS_PER_SITE {
            c.fail("urls", "cần ít nhất một địa chỉ, trừ khi đơn vị chưa có cổng/trang (no_portal)");
        }
        let mut sitemaps = Vec::new();
        if self.sitemaps.len() > MAX_SITEMAPS_PER_SITE {
            c.fail("sitemaps", format!("nhiều hơn {MAX_SITEMAPS_PER_SITE} sitemap"));
        } else {
            for raw in &self.sitemaps {
                match parse_http_url("sitemaps", raw) {
                    Ok(u) => sitemaps.push(u),
                    Err(e) => e.fields().iter().for_each(|f| c.fail("sitemaps", f.reason.clone())),
                }
            }
        }
        if self.crawl.delay_seconds.is_some_and(|d| d > MAX_CRAWL_DELAY_SECONDS) {
            c.fail("crawl.delay_seconds", format!("tối đa {MAX_CRAWL_DELAY_SECONDS} giây"));
        }
        if self.crawl.max_urls == Some(0) {
            c.fail("crawl.max_urls", "phải lớn hơn 0");
        }
        c.finish()?;
        self.name = crate::text::nfc(self.name.trim());
        self.urls = urls.iter().map(|u| u.url.clone()).collect();
        self.sitemaps = sitemaps;
        self.technology = clean_optional(self.technology);
        self.note = clean_optional(self.note);
        Ok((self, urls))
    }
}

fn clean_optional(v: Option<String>) -> Option<String> {
    v.map(|s| crate::text::nfc(s.trim())).filter(|s| !s.is_empty())
}

/// A stored site. `version` grows by one on every write; a write that names
/// an older version is refused, so concurrent edits never overwrite each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub id: i64,
    #[serde(flatten)]
    pub input: SiteInput,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SiteInput {
        SiteInput {
            unit_id: Some("38".into()),
            name: "Cổng TTĐT tỉnh Thanh Hóa".into(),
            urls: vec!["thanhhoa.gov.vn".into()],
            status: SiteStatus::Active,
            technology: Some(" Liferay ".into()),
            hosting: Hosting::ProvincialItCentre,
            parent_site_id: None,
            sitemaps: vec!["https://thanhhoa.gov.vn/sitemap.xml".into()],
            crawl: CrawlSettings::default(),
            note: Some("  ".into()),
        }
    }

    #[test]
    fn validation_normalises_urls_and_trims_text() {
        let (site, urls) = input().validate().unwrap();
        assert_eq!(site.urls, vec!["https://thanhhoa.gov.vn/"]);
        assert_eq!(urls[0].key, "thanhhoa.gov.vn");
        assert_eq!(site.technology.as_deref(), Some("Liferay"));
        assert_eq!(site.note, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = SiteInput {
            name: " ".into(),
            urls: vec!["javascript:alert(1)".into()],
            sitemaps: vec!["/sitemap.xml".into()],
            crawl: CrawlSettings { enabled: true, delay_seconds: Some(99_999), max_urls: Some(0) },
            ..input()
        };
        let err = bad.validate().unwrap_err();
        let fields: Vec<_> = err.fields().iter().map(|f| f.field).collect();
        for f in ["name", "urls", "sitemaps", "crawl.delay_seconds", "crawl.max_urls"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn a_unit_without_a_portal_needs_no_url_but_others_do() {
        let none = SiteInput { urls: vec![], status: SiteStatus::NoPortal, ..input() };
        assert!(none.validate().is_ok());
        let active = SiteInput { urls: vec![], ..input() };
        assert!(active.validate().is_err());
    }

    #[test]
    fn duplicate_spellings_within_one_site_are_refused() {
        let dup = SiteInput { urls: vec!["a.gov.vn".into(), "http://www.a.gov.vn/".into()], ..input() };
        assert!(dup.validate().is_err());
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let r: Result<SiteInput, _> =
            serde_json::from_str(r#"{"name":"x","status":"active","urls":["a.gov.vn"],"unit":"38"}"#);
        assert!(r.is_err());
    }
}
