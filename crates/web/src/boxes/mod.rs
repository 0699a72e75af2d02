//! Embeddable boxes over HTTP (Annex II, Method 1): the builder page, the box
//! pages portals frame, their refreshable items, the versioned static assets,
//! and the box API. Rendering is `ketnoi-boxes`; this module only does I/O.

mod api;
mod builder;
mod pages;
mod statics;

use axum::Router;
use axum::http::{HeaderMap, header};
use axum::routing::get;
use ketnoi_boxes::{BoxSpec, PublicUrls, SpecError};
use ketnoi_domain::{DomainError, FieldError};
use ketnoi_store::{HubQuery, StoredBox};

use crate::AppState;
use crate::error::ApiError;

/// Who may frame box pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FrameAncestors {
    /// Sites of the register only (the embedding page's origin must verify as registered).
    #[default]
    Registered,
    /// Any page.
    All,
}

#[derive(Clone, Debug)]
pub struct BoxSettings {
    /// `None`: every URL is this server as the request reached it (Host header).
    pub urls: Option<PublicUrls>,
    pub frame_ancestors: FrameAncestors,
    /// How often a box fetches its items again.
    pub refresh_seconds: u32,
}

impl Default for BoxSettings {
    fn default() -> BoxSettings {
        BoxSettings { urls: None, frame_ancestors: FrameAncestors::default(), refresh_seconds: 120 }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/boxes/builder", get(builder::page).post(builder::save))
        .route("/box/preview", get(pages::preview))
        .route("/box/preview/items", get(pages::preview_items))
        .route("/box/{id}", get(pages::page))
        .route("/box/{id}/items", get(pages::items))
        .route("/static/box/{name}", get(statics::asset))
        .route("/api/v1/boxes", get(api::list).post(api::create))
        .route("/api/v1/boxes/{id}", get(api::get).put(api::update).delete(api::delete))
}

/// This deployment's public URLs: configured, or this server as reached.
fn public_urls(state: &AppState, headers: &HeaderMap) -> PublicUrls {
    if let Some(urls) = &state.boxes.urls {
        return urls.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| crate::html::is_host(h))
        .unwrap_or("localhost");
    PublicUrls::single(&format!("http://{}", host.to_ascii_lowercase()))
}

/// The hub query of one page (from 1) of a box.
fn hub_query(spec: &BoxSpec, page: u32) -> HubQuery {
    use ketnoi_boxes::Criteria;
    let count = i64::from(spec.count);
    let (ids, limit, offset) = match spec.criteria {
        Criteria::Latest => (None, count, 0),
        Criteria::Paged => (None, count, i64::from(page.max(1) - 1) * count),
        Criteria::Picked => (Some(spec.picked.clone()), ketnoi_boxes::spec::MAX_PICKED as i64, 0),
    };
    HubQuery {
        types: spec.item_types(),
        targets: spec.targets.clone(),
        ids,
        source: (!spec.source.is_empty()).then(|| spec.source.clone()),
        limit,
        offset,
        ..Default::default()
    }
}

/// A stored box's spec; a spec that no longer parses is a corrupt record.
fn stored_spec(stored: &StoredBox) -> Result<BoxSpec, ApiError> {
    serde_json::from_str(&stored.spec)
        .map_err(|e| ApiError::Internal(format!("box {} has an unreadable spec: {e}", stored.id)))
}

fn spec_errors(errors: Vec<SpecError>) -> ApiError {
    ApiError::Validation(DomainError::Invalid(
        errors.into_iter().map(|e| FieldError { field: e.field, reason: format!("{} / {}", e.vi, e.en) }).collect(),
    ))
}

/// Whether `key` opens box `stored` (constant time over the hashes).
fn key_opens(stored: &StoredBox, key: &str) -> bool {
    !key.is_empty()
        && ketnoi_hub::keys::constant_time_eq(ketnoi_hub::keys::hash(key).as_bytes(), stored.edit_key_hash.as_bytes())
}
