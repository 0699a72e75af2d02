//! `GET /api/v1/hub/changes`: incremental sync. Offsets drift while items
//! are published; a cursor does not. Every write to an item takes the next
//! number of one sequence, handed out in commit order, so a portal that
//! remembers the last number it saw gets exactly what it has not seen:
//! published items to show and withdrawn markers to take down.

use axum::Json;
use axum::extract::{Request, State};
use chrono::Utc;
use ketnoi_domain::HubState;
use ketnoi_hub::params::{self, RawParams};
use ketnoi_hub::wire::{Envelope, WireItem};
use ketnoi_store::HubQuery;
use serde::Serialize;

use super::access::{authorize, scoped_targets};
use crate::AppState;
use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 500;

#[derive(Serialize)]
pub struct Change {
    #[serde(rename = "Id")]
    id: i64,
    #[serde(rename = "Version")]
    version: i64,
    /// "published" or "withdrawn".
    #[serde(rename = "State")]
    state: HubState,
    /// The item as the detail endpoint serves it; null when withdrawn.
    #[serde(rename = "Item")]
    item: Option<WireItem>,
}

#[derive(Serialize)]
pub struct Changes {
    #[serde(rename = "Items")]
    items: Vec<Change>,
    /// Pass it back as `cursor` to continue; opaque to clients.
    #[serde(rename = "NextCursor")]
    next_cursor: String,
    #[serde(rename = "HasMore")]
    has_more: bool,
}

pub async fn changes(State(state): State<AppState>, request: Request) -> Result<Json<Envelope<Changes>>, ApiError> {
    let raw = RawParams::from_urlencoded(request.uri().query().unwrap_or("").as_bytes())?;
    let key = authorize(&state, params::secret_key(&raw)?, request.headers(), request.extensions()).await?;
    let cursor = match raw.single("cursor")?.map(str::trim).filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::invalid_query("cursor", "con trỏ không hợp lệ / invalid cursor"))?,
    };
    let limit = match raw.single("limit")?.map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_LIMIT,
        Some(s) => s.parse::<i64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
            ApiError::invalid_query("limit", format!("phải từ 1 đến {MAX_LIMIT} / must be 1..{MAX_LIMIT}"))
        })?,
    };
    let updated_since = match raw.single("updated_since")?.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(ketnoi_hub::time::from_vn(ketnoi_hub::import::parse_date(s).map_err(|_| {
            ApiError::invalid_query(
                "updated_since",
                "ngày giờ không hợp lệ (vd. 2024-07-29T15:55:24) / invalid date-time",
            )
        })?)),
    };
    let filter = params::parse_distribution(&raw_without_paging(&raw))?;
    let query = HubQuery {
        types: filter.types,
        targets: scoped_targets(&key, filter.targets)?,
        updated_since,
        // One more than asked tells whether there is more.
        limit: limit + 1,
        ..Default::default()
    };
    let mut found = state.store.hub_changes(cursor, &query).await?;
    let has_more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next = found.last().map_or(cursor, |i| i.seq);
    let changed = found.iter().map(|i| i.updated_at).max().unwrap_or_else(Utc::now);
    let items = found
        .iter()
        .map(|i| Change {
            id: i.id,
            version: i.version,
            state: i.state,
            item: (i.state == HubState::Published).then(|| WireItem::from(i)),
        })
        .collect();
    Ok(Json(Envelope::ok(Changes { items, next_cursor: next.to_string(), has_more }, changed)))
}

/// The change feed pages by cursor, not by page_index/page_size.
fn raw_without_paging(raw: &RawParams) -> RawParams {
    RawParams(raw.0.iter().filter(|(n, _)| n == "type" || n == "distribution" || n.ends_with("[]")).cloned().collect())
}
