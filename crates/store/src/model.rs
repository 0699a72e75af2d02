use chrono::NaiveDate;
use ketnoi_domain::{SiteInput, SiteStatus, SiteUrl, UnitLevel};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct UnitQuery {
    /// Children of this unit id; `None` = no parent filter.
    pub parent_id: Option<String>,
    pub level: Option<UnitLevel>,
    /// Only units with no parent (the Government and the provinces).
    pub roots_only: bool,
    /// Units as they were on this day.
    pub at: NaiveDate,
}

#[derive(Debug, Clone, Default)]
pub struct SiteQuery {
    pub unit_id: Option<String>,
    pub status: Option<SiteStatus>,
    /// Sites with a base URL on this host.
    pub host: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub total: i64,
    pub items: Vec<T>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// One validated row of a sites import.
#[derive(Debug, Clone)]
pub struct SiteImportRow {
    /// 1-based line in the source file, for messages.
    pub line: usize,
    pub site: SiteInput,
    pub urls: Vec<SiteUrl>,
    /// URL key of the parent portal, registered before or earlier in the file.
    pub parent_url_key: Option<String>,
}
