//! Storage of the hub: items, API keys, webhooks and their delivery queue.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ketnoi_domain::{ApiKey, HubItem, HubItemInput, HubItemType, HubState, Webhook, WebhookDelivery};

use crate::{ImportCounts, Page, Result};

/// Which items a reader asks for.
#[derive(Debug, Clone, Default)]
pub struct HubQuery {
    /// Empty = every type.
    pub types: Vec<HubItemType>,
    /// Portals' unit ids; empty = every item. Items targeted at nobody in
    /// particular are for everyone and always match.
    pub targets: Vec<String>,
    /// Hand-picked items only (boxes with a fixed selection).
    pub ids: Option<Vec<i64>>,
    /// Only items written at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only items whose `source` equals this (trimmed, case-insensitive).
    pub source: Option<String>,
    /// Only items whose title contains this text (case-insensitive; LIKE wildcards in it are literal).
    pub title_contains: Option<String>,
    /// Operators see drafts and withdrawn items too.
    pub any_state: bool,
    pub limit: i64,
    pub offset: i64,
}

/// What happened when a webhook delivery was tried.
#[derive(Debug, Clone)]
pub enum DeliveryOutcome {
    Delivered,
    /// Try again at `retry_at`, or give up when `None`.
    Failed {
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
}

#[async_trait]
pub trait HubStore: Send + Sync {
    /// Creates an item (`id: None` takes the next free id) or replaces one.
    /// A new item starts as a draft unless `state` says otherwise. Every
    /// write bumps the item's version and takes the next change sequence, and
    /// queues webhook deliveries in the same transaction.
    async fn hub_save(
        &self,
        id: Option<i64>,
        expected_version: Option<i64>,
        item: &HubItemInput,
        state: Option<HubState>,
    ) -> Result<HubItem>;
    async fn hub_set_state(&self, id: i64, expected_version: Option<i64>, state: HubState) -> Result<HubItem>;
    async fn hub_get(&self, id: i64) -> Result<Option<HubItem>>;
    /// Published items (or any, for operators), newest published first.
    async fn hub_list(&self, query: &HubQuery) -> Result<Page<HubItem>>;
    /// Published and withdrawn items written after change `after_seq`, in
    /// commit order: what a syncing portal has not seen yet.
    async fn hub_changes(&self, after_seq: i64, query: &HubQuery) -> Result<Vec<HubItem>>;
    /// The latest change sequence (0 when nothing was ever written).
    async fn hub_last_seq(&self) -> Result<i64>;
    /// Imports items with their own ids, idempotently, in one transaction.
    async fn hub_import(&self, items: &[(i64, HubItemInput, HubState)]) -> Result<ImportCounts>;

    async fn key_create(&self, key: &ApiKey) -> Result<()>;
    async fn key_get(&self, id: &str) -> Result<Option<ApiKey>>;
    async fn key_list(&self) -> Result<Vec<ApiKey>>;
    async fn key_update(&self, key: &ApiKey) -> Result<()>;

    async fn webhook_create(&self, url: &str, secret: &str) -> Result<Webhook>;
    async fn webhook_list(&self) -> Result<Vec<Webhook>>;
    async fn webhook_delete(&self, id: i64) -> Result<()>;
    /// Deliveries due at `now`, oldest first, with their webhook.
    async fn webhook_due(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<(WebhookDelivery, Webhook)>>;
    async fn webhook_record(&self, delivery_id: i64, outcome: &DeliveryOutcome) -> Result<()>;
    /// Every delivery of one webhook, newest first (for operators and tests).
    async fn webhook_deliveries(&self, webhook_id: i64) -> Result<Vec<WebhookDelivery>>;
}
