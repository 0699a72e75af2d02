//! Operator "best bets": a URL (with a title and optional description) pinned to a query, shown
//! above the organic results whenever someone searches that query.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Result;

/// One pinned result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BestBet {
    pub id: i64,
    /// The query as the operator typed it (trimmed).
    pub query: String,
    /// What searches are matched on: see [`query_key`].
    pub query_key: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// Order among the best bets of one key, from 1.
    pub position: i64,
    pub created_at: DateTime<Utc>,
}

/// The key a best bet is pinned to: the search log's [`crate::search_log::query_key`] (NFC, lower
/// case, whitespace collapsed), then folded (tone marks removed, đ → d). The log keeps tones so
/// operators see what people typed; best bets fold them because many people type without tones,
/// and "dich vu cong" must find the entry pinned to "dịch vụ công" just as the search itself does.
pub fn query_key(query: &str) -> String {
    ketnoi_domain::text::fold(&crate::search_log::query_key(query))
}

#[async_trait]
pub trait BestBetStore: Send + Sync {
    /// Pins `url` to `query`, after the best bets already pinned to its key. The same URL twice on
    /// one key is [`StoreError::Exists`](crate::StoreError::Exists).
    async fn best_bet_add(&self, query: &str, url: &str, title: &str, description: Option<&str>) -> Result<BestBet>;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when there is no such best bet.
    async fn best_bet_delete(&self, id: i64) -> Result<()>;
    /// The best bets of the key of `query`, in order.
    async fn best_bets_for(&self, query: &str) -> Result<Vec<BestBet>>;
    /// Every best bet, by key then position.
    async fn best_bets_list(&self, limit: i64, offset: i64) -> Result<Vec<BestBet>>;
}

#[cfg(test)]
mod tests {
    use super::query_key;

    #[test]
    fn spellings_with_and_without_tones_share_a_key() {
        assert_eq!(query_key("UBND tỉnh"), query_key("ubnd   TỈNH"));
        assert_eq!(query_key(" Dịch vụ công "), "dich vu cong");
        assert_eq!(query_key("dich vu cong"), query_key("DỊCH VỤ CÔNG"));
        assert_eq!(query_key("Đăng ký"), "dang ky");
    }
}
