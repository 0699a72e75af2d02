//! HTTP JSON API of the ketnoi register: units of government, their sites
//! (with what the crawler found on them), and (for operators only) focal
//! contacts; plus health checks and metrics.
//!
//! Every error answers with one envelope whose codes come from
//! [`error::error_table`].

pub mod auth;
pub mod best_bets;
pub mod boxes;
pub mod contacts;
pub mod crawl;
pub mod documents;
pub mod error;
pub mod extract;
pub mod health;
pub mod html;
pub mod hub;
pub mod metrics;
pub mod openapi;
pub mod search;
pub mod search_analytics;
pub mod search_page;
pub mod sites;
pub mod units;
pub mod verify;

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::{ApiError, ErrorCode, error_table};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn ketnoi_store::Store>,
    /// `None`: admin endpoints are disabled (always 401).
    pub admin_token: Option<String>,
    /// The default `at` of unit queries; a function so tests can pin the day.
    pub today: fn() -> chrono::NaiveDate,
    pub hub: hub::HubSettings,
    /// The search index (`None`: search endpoints answer `search_unavailable`).
    pub search: Option<Arc<ketnoi_index::SearchIndex>>,
    pub boxes: boxes::BoxSettings,
}

/// The whole public HTTP API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/v1/units", get(units::list))
        .route("/api/v1/units/{id}", get(units::detail))
        .route("/api/v1/sites", get(sites::list).post(sites::create))
        .route("/api/v1/sites/{id}", get(sites::get).put(sites::update).delete(sites::delete))
        .route("/api/v1/sites/{id}/crawl", get(crawl::report))
        .route("/api/v1/sites/{id}/pages", get(crawl::pages))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/search/analytics", get(search_analytics::analytics))
        .route("/api/v1/search/best-bets", get(best_bets::list).post(best_bets::create))
        .route("/api/v1/search/best-bets/{id}", axum::routing::delete(best_bets::delete))
        .route("/search/click", get(search_analytics::click))
        .route("/api/v1/suggest", get(search::suggest))
        .route("/search", get(search_page::page))
        .route("/opensearch.xml", get(search_page::opensearch))
        .route("/embed/search-box", get(search_page::embed_box))
        .route(
            "/api/v1/documents",
            axum::routing::post(documents::create).put(documents::replace).delete(documents::delete),
        )
        .route("/api/v1/contacts", get(contacts::list).post(contacts::create))
        .route("/api/v1/contacts/{id}", get(contacts::get).put(contacts::update).delete(contacts::delete))
        .route("/api/v1/verify", get(verify::api))
        .route("/verify", get(verify::page))
        .merge(hub::routes())
        .merge(boxes::routes())
        .merge(openapi::routes())
        .fallback(not_found)
        // Must follow every route: it applies to the routes present now.
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(middleware::from_fn(metrics::stash_route))
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(metrics::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves [`router`] until `shutdown` completes, then drains open requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address is kept for the hub's IP allow-lists.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A panic in a handler is a bug: log it, answer the `internal` envelope.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    ApiError::Internal(format!("handler panicked: {detail}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_internal_envelope() {
        let response = panic_response(Box::new("boom at /secret/path"));
        assert_eq!(response.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
}
