//! The directive-information hub over HTTP: the two Annex II endpoints
//! (wire-compatible with the original), public GET data and feeds for boxes
//! and CDNs, the change feed for incremental sync, and operator endpoints.

mod access;
mod admin;
mod annex;
pub(crate) mod cache;
mod public;
mod sync;

use std::sync::Arc;

use axum::Router;
use axum::routing::{delete, get, post};
use ipnet::IpNet;
use ketnoi_hub::rate_limit::RateLimiter;

use crate::AppState;

/// Hub settings shared by the handlers.
#[derive(Clone, Default)]
pub struct HubSettings {
    /// Peers whose forwarding headers are believed (reverse proxies, CDNs).
    pub trusted_proxies: Vec<IpNet>,
    pub limiter: Arc<RateLimiter>,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/hubcontent/detail", post(annex::detail))
        .route("/api/v1/hubcontent/distribution", post(annex::distribution))
        .route("/api/v1/hub/items", get(public::list).post(admin::create_item))
        .route("/api/v1/hub/items/{id}", get(public::item).put(admin::update_item))
        .route("/api/v1/hub/items/{id}/publish", post(admin::publish))
        .route("/api/v1/hub/items/{id}/withdraw", post(admin::withdraw))
        .route("/api/v1/hub/feed.rss", get(public::feed_rss))
        .route("/api/v1/hub/feed.atom", get(public::feed_atom))
        .route("/api/v1/hub/feed.json", get(public::feed_json))
        .route("/api/v1/hub/changes", get(sync::changes))
        .route("/api/v1/hub/keys", get(admin::list_keys).post(admin::create_key))
        .route("/api/v1/hub/keys/{id}/rotate", post(admin::rotate_key))
        .route("/api/v1/hub/keys/{id}/revoke", post(admin::revoke_key))
        .route("/api/v1/hub/webhooks", get(admin::list_webhooks).post(admin::create_webhook))
        .route("/api/v1/hub/webhooks/{id}", delete(admin::delete_webhook))
        .route("/api/v1/hub/webhooks/{id}/deliveries", get(admin::webhook_deliveries))
}
