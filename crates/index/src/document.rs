//! What the index holds per page or pushed document.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One searchable document, keyed by its canonical URL. `version` orders writes: an older
/// version never replaces a newer one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexDoc {
    pub url: String,
    pub version: i64,
    pub title: String,
    /// Description and main text.
    pub text: String,
    /// "news", "legal_document", "public_service", "media", "dataset", "other".
    pub kind: String,
    /// Document numbers the document carries or cites (`42/2022/NĐ-CP`); numbers found in the
    /// title and text are added when indexed.
    pub numbers: Vec<String>,
    pub site_id: Option<i64>,
    pub site_name: String,
    pub unit_id: Option<String>,
    pub unit_name: String,
    /// "central", "province", "commune" (or empty).
    pub level: String,
    /// Two-digit province code (empty for central units).
    pub province: String,
    pub published: Option<DateTime<Utc>>,
    /// Near-duplicate cluster key (same key = same content republished).
    pub cluster: String,
    /// From a registered official site.
    pub official: bool,
}
