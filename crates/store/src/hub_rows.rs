//! Hub rows as both backends return them.

use chrono::{DateTime, NaiveDateTime, Utc};
use ketnoi_domain::{ApiKey, HubEvent, HubItem, HubItemInput, HubItemType, HubState, Webhook, WebhookDelivery};

use crate::StoreError;

const LOCAL_DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

pub fn timestamp(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|_| corrupt("timestamp", s))
}

fn opt_timestamp(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(timestamp).transpose()
}

pub fn timestamp_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub fn local_text(t: NaiveDateTime) -> String {
    t.format(LOCAL_DATETIME).to_string()
}

#[derive(sqlx::FromRow)]
pub struct HubItemRow {
    pub id: i64,
    pub ref_id: Option<i64>,
    pub item_type: i64,
    pub title: String,
    pub sapo: String,
    pub content: String,
    pub avatar: String,
    pub attachments: String,
    pub original_url: String,
    pub published_by: String,
    pub published_date: Option<String>,
    pub site_id: Option<i64>,
    pub source: String,
    pub state: String,
    pub version: i64,
    pub seq: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
pub struct HubTargetRow {
    pub item_id: i64,
    pub target: String,
}

impl HubItemRow {
    pub fn into_item(self, targets: Vec<String>) -> Result<HubItem, StoreError> {
        Ok(HubItem {
            id: self.id,
            input: HubItemInput {
                ref_id: self.ref_id,
                item_type: HubItemType::from_code(self.item_type)
                    .ok_or_else(|| corrupt("item type", &self.item_type.to_string()))?,
                title: self.title,
                sapo: self.sapo,
                content: self.content,
                avatar: self.avatar,
                attachments: self.attachments,
                distribution_to: targets,
                original_url: self.original_url,
                published_by: self.published_by,
                published_date: self
                    .published_date
                    .map(|d| {
                        NaiveDateTime::parse_from_str(&d, LOCAL_DATETIME).map_err(|_| corrupt("published date", &d))
                    })
                    .transpose()?,
                site_id: self.site_id,
                source: self.source,
            },
            state: HubState::parse(&self.state).ok_or_else(|| corrupt("item state", &self.state))?,
            version: self.version,
            seq: self.seq,
            created_at: timestamp(&self.created_at)?,
            updated_at: timestamp(&self.updated_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub secret_hash: String,
    pub previous_hash: Option<String>,
    pub previous_valid_until: Option<String>,
    pub allow_ips: String,
    pub scope: Option<String>,
    pub rate_per_minute: i64,
    pub revoked_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl TryFrom<ApiKeyRow> for ApiKey {
    type Error = StoreError;
    fn try_from(r: ApiKeyRow) -> Result<ApiKey, StoreError> {
        Ok(ApiKey {
            allow_ips: serde_json::from_str(&r.allow_ips).map_err(|_| corrupt("allow_ips", &r.allow_ips))?,
            scope: r.scope.as_deref().map(|s| serde_json::from_str(s).map_err(|_| corrupt("scope", s))).transpose()?,
            rate_per_minute: u32::try_from(r.rate_per_minute)
                .map_err(|_| corrupt("rate_per_minute", &r.rate_per_minute.to_string()))?,
            previous_valid_until: opt_timestamp(r.previous_valid_until)?,
            revoked_at: opt_timestamp(r.revoked_at)?,
            created_at: timestamp(&r.created_at)?,
            updated_at: timestamp(&r.updated_at)?,
            id: r.id,
            name: r.name,
            secret_hash: r.secret_hash,
            previous_hash: r.previous_hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub active: bool,
    pub created_at: String,
}

impl TryFrom<WebhookRow> for Webhook {
    type Error = StoreError;
    fn try_from(r: WebhookRow) -> Result<Webhook, StoreError> {
        Ok(Webhook { id: r.id, url: r.url, secret: r.secret, active: r.active, created_at: timestamp(&r.created_at)? })
    }
}

#[derive(sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub item_id: i64,
    pub event: String,
    pub item_version: i64,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub delivered_at: Option<String>,
    pub last_error: Option<String>,
}

impl TryFrom<DeliveryRow> for WebhookDelivery {
    type Error = StoreError;
    fn try_from(r: DeliveryRow) -> Result<WebhookDelivery, StoreError> {
        Ok(WebhookDelivery {
            id: r.id,
            webhook_id: r.webhook_id,
            item_id: r.item_id,
            event: HubEvent::parse(&r.event).ok_or_else(|| corrupt("event", &r.event))?,
            item_version: r.item_version,
            attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
            // A delivery given up on has no next attempt; show it as "never".
            next_attempt_at: opt_timestamp(r.next_attempt_at)?.unwrap_or(DateTime::<Utc>::MAX_UTC),
            delivered_at: opt_timestamp(r.delivered_at)?,
            last_error: r.last_error,
        })
    }
}
