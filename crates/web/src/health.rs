//! Liveness and readiness for orchestrators and load balancers.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;

/// Alive as long as the process answers; never touches the store, so a slow
/// database does not get the process restarted.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready when the store answers a round trip.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.store.ping().await {
        Ok(()) => Ok(Json(json!({ "status": "ready", "store": state.store.backend() }))),
        Err(e) => Err(ApiError::StoreUnavailable(e.to_string())),
    }
}
