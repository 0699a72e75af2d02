//! Query analytics for operators: every search asked (with how many results it found) and every
//! result followed, so operators see what people look for, what finds nothing, and which pages
//! answer which questions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Result;

/// One query (grouped by [`query_key`]) over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryStat {
    /// The query as last typed (trimmed).
    pub query: String,
    /// Searches asked.
    pub count: i64,
    /// Of those, searches that found nothing.
    pub zero_results_count: i64,
    /// Results followed from this query.
    pub clicks: i64,
}

/// One result followed from one query, over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClickStat {
    pub url: String,
    /// The query as last typed (trimmed), or its key when the search itself was not logged.
    pub query: String,
    pub count: i64,
}

/// What groups spellings of one query: NFC, lower case, runs of whitespace as one space.
pub fn query_key(query: &str) -> String {
    ketnoi_domain::text::nfc(query).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[async_trait]
pub trait SearchLogStore: Send + Sync {
    /// Records a search asked at `at` that found `results` results.
    async fn search_log_query(&self, query: &str, results: i64, at: DateTime<Utc>) -> Result<()>;
    /// Records that the result `url` at `position` (1-based, when known) was followed from `query`.
    async fn search_log_click(&self, query: &str, url: &str, position: Option<i64>, at: DateTime<Utc>) -> Result<()>;
    /// The most asked queries since `since`, most asked first.
    async fn search_top_queries(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<QueryStat>>;
    /// Queries that found nothing at least once since `since`, most often first.
    async fn search_zero_result_queries(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<QueryStat>>;
    /// The most followed (url, query) pairs since `since`.
    async fn search_top_clicks(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<ClickStat>>;
}

#[cfg(test)]
mod tests {
    use super::query_key;

    #[test]
    fn spellings_of_one_query_share_a_key() {
        assert_eq!(query_key("  Nghị   định\t42 "), "nghị định 42");
        assert_eq!(query_key("NGHỊ ĐỊNH 42"), query_key("nghị định 42"));
        // Decomposed input (NFD) is composed first.
        assert_eq!(query_key("nghi\u{0323} đi\u{0323}nh"), "nghị định");
        assert_ne!(query_key("nghi dinh"), query_key("nghị định"), "tones are kept");
    }
}
