//! Rows as both backends return them, and their conversion to domain types.
//! Dates and timestamps are stored as ISO-8601 text on both backends, so they
//! compare the same way everywhere and survive a dump/restore unchanged.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use ketnoi_domain::{
    Contact, ContactInput, ContactRole, Coverage, CrawlSettings, Hosting, Site, SiteInput, SiteStatus, Succession,
    Unit, UnitLevel,
};

use crate::StoreError;

pub fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn timestamp(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|_| corrupt("timestamp", s))
}

fn date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.map(|s| s.parse().map_err(|_| corrupt("date", &s))).transpose()
}

#[derive(sqlx::FromRow)]
pub struct UnitRow {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub parent_id: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;
    fn try_from(r: UnitRow) -> Result<Unit, StoreError> {
        Ok(Unit {
            level: UnitLevel::parse(&r.level).ok_or_else(|| corrupt("unit level", &r.level))?,
            valid_from: date(r.valid_from)?,
            valid_to: date(r.valid_to)?,
            id: r.id,
            code: r.code,
            name: r.name,
            kind: r.kind,
            parent_id: r.parent_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SuccessionRow {
    pub predecessor_id: String,
    pub successor_id: String,
    pub coverage: String,
    pub is_default: bool,
}

impl TryFrom<SuccessionRow> for Succession {
    type Error = StoreError;
    fn try_from(r: SuccessionRow) -> Result<Succession, StoreError> {
        Ok(Succession {
            coverage: Coverage::parse(&r.coverage).ok_or_else(|| corrupt("coverage", &r.coverage))?,
            predecessor_id: r.predecessor_id,
            successor_id: r.successor_id,
            is_default: r.is_default,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteRow {
    pub id: i64,
    pub unit_id: Option<String>,
    pub name: String,
    pub status: String,
    pub technology: Option<String>,
    pub hosting: String,
    pub parent_site_id: Option<i64>,
    pub sitemaps: String,
    pub crawl_enabled: bool,
    pub crawl_delay_seconds: Option<i64>,
    pub crawl_max_urls: Option<i64>,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
pub struct SiteUrlRow {
    pub site_id: i64,
    pub url: String,
}

impl SiteRow {
    /// `urls`: this site's base URLs in their stored order.
    pub fn into_site(self, urls: Vec<String>) -> Result<Site, StoreError> {
        let small =
            |v: Option<i64>, what| v.map(|n| u32::try_from(n).map_err(|_| corrupt(what, &n.to_string()))).transpose();
        Ok(Site {
            id: self.id,
            input: SiteInput {
                unit_id: self.unit_id,
                name: self.name,
                urls,
                status: SiteStatus::parse(&self.status).ok_or_else(|| corrupt("site status", &self.status))?,
                technology: self.technology,
                hosting: Hosting::parse(&self.hosting).ok_or_else(|| corrupt("hosting", &self.hosting))?,
                parent_site_id: self.parent_site_id,
                sitemaps: serde_json::from_str(&self.sitemaps).map_err(|_| corrupt("sitemaps", &self.sitemaps))?,
                crawl: CrawlSettings {
                    enabled: self.crawl_enabled,
                    delay_seconds: small(self.crawl_delay_seconds, "crawl delay")?,
                    max_urls: small(self.crawl_max_urls, "crawl max urls")?,
                },
                note: self.note,
            },
            version: self.version,
            created_at: timestamp(&self.created_at)?,
            updated_at: timestamp(&self.updated_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub unit_id: String,
    pub role: String,
    pub full_name: String,
    pub position: Option<String>,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TryFrom<ContactRow> for Contact {
    type Error = StoreError;
    fn try_from(r: ContactRow) -> Result<Contact, StoreError> {
        Ok(Contact {
            id: r.id,
            input: ContactInput {
                role: ContactRole::parse(&r.role).ok_or_else(|| corrupt("contact role", &r.role))?,
                unit_id: r.unit_id,
                full_name: r.full_name,
                position: r.position,
                department: r.department,
                phone: r.phone,
                email: r.email,
            },
            version: r.version,
            created_at: timestamp(&r.created_at)?,
            updated_at: timestamp(&r.updated_at)?,
        })
    }
}
