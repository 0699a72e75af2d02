//! Push ingest (like Search.gov's i14y): a registered site sends its documents instead of waiting
//! for the crawler. `POST`/`PUT /api/v1/documents` store the document (the store stays the source
//! of truth, as a frontier row of source `push`) and index it at once; `DELETE` removes both.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ketnoi_domain::{UrlState, UrlUpdate};
use ketnoi_extract::Document;
use ketnoi_index::push::{self, PushedDocument};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, non_empty};

fn invalid(field: &'static str, reason: &str) -> ApiError {
    ApiError::invalid_query(field, reason.to_string())
}

/// Checks the document against its site (see [`ketnoi_index::push::prepare`]).
async fn prepare(state: &AppState, d: PushedDocument) -> Result<(i64, Document), ApiError> {
    let site = state.store.get_site(d.site).await?.ok_or(ApiError::SiteNotFound(d.site))?;
    let doc = push::prepare(&d, &site).map_err(|e| ApiError::invalid_query(e.field(), e.reason()))?;
    Ok((site.id, doc))
}

async fn save(state: &AppState, d: PushedDocument) -> Result<(bool, String), ApiError> {
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let (site_id, doc) = prepare(state, d).await?;
    let url = doc.url.clone();
    let now = Utc::now();
    let existed = state.store.crawl_url(site_id, &url).await?;
    let replaced = existed.as_ref().is_some_and(|r| r.state == UrlState::Fetched);
    let (row, upd) = push::record(site_id, existed, &doc, now).map_err(|e| ApiError::Internal(e.to_string()))?;
    state.store.crawl_record(site_id, &[upd], &[], now).await?;
    let info = ketnoi_index::sync::site_info(state.store.as_ref(), site_id).await?;
    let indexed = ketnoi_index::sync::index_doc(&row, &doc, &info);
    tokio::task::spawn_blocking(move || {
        index.upsert(&indexed)?;
        index.commit()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((replaced, url))
}

/// `POST /api/v1/documents`: 201 for a new document, 200 when it replaced one.
pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    ApiJson(d): ApiJson<PushedDocument>,
) -> Result<Response, ApiError> {
    let (replaced, url) = save(&state, d).await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(serde_json::json!({ "url": url, "indexed": true }))).into_response())
}

/// `PUT /api/v1/documents`: creates or replaces.
pub async fn replace(
    _: Admin,
    State(state): State<AppState>,
    ApiJson(d): ApiJson<PushedDocument>,
) -> Result<Response, ApiError> {
    let (_, url) = save(&state, d).await?;
    Ok(Json(serde_json::json!({ "url": url, "indexed": true })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DeleteParams {
    site: Option<String>,
    url: Option<String>,
}

/// `DELETE /api/v1/documents?site=ID&url=URL`: 204, or `document_not_found`.
pub async fn delete(
    _: Admin,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<DeleteParams>,
) -> Result<Response, ApiError> {
    let site_id = non_empty(&p.site)
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| invalid("site", "cần mã trang / site is required"))?;
    let url = non_empty(&p.url).ok_or_else(|| invalid("url", "cần url / url is required"))?.trim().to_string();
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let row = state.store.crawl_url(site_id, &url).await?;
    let Some(row) = row.filter(|r| r.state != UrlState::Gone) else {
        return Err(ApiError::DocumentNotFound(url));
    };
    let now = Utc::now();
    let mut upd = UrlUpdate::from_row(&row);
    upd.state = UrlState::Gone;
    upd.drop_document = true;
    upd.fetched_at = Some(now);
    state.store.crawl_record(site_id, &[upd], &[], now).await?;
    tokio::task::spawn_blocking(move || {
        index.delete(&url)?;
        index.commit()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
