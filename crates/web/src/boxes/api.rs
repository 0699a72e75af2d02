//! `/api/v1/boxes`: saved boxes as JSON. Anyone may create a box (as on the
//! original portal) and receives its edit key once; changing or deleting a
//! box takes that key (`X-Box-Key`) or the admin token.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use ketnoi_boxes::embed::{EmbedCodes, embed_codes};
use ketnoi_boxes::{BoxSpec, PublicUrls};
use ketnoi_store::{StoreError, StoredBox};
use serde::{Deserialize, Serialize};

use super::{key_opens, public_urls, spec_errors, stored_spec};
use crate::AppState;
use crate::auth::{Admin, MaybeAdmin};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, etag, if_match, parse_int, parse_record_id};

#[derive(Serialize)]
pub struct CspEntry {
    pub directive: &'static str,
    pub sources: String,
}

#[derive(Serialize)]
pub struct BoxView {
    pub id: i64,
    pub version: i64,
    pub spec: BoxSpec,
    pub box_url: String,
    pub embed: EmbedCodes,
    /// What a host page's Content-Security-Policy must allow.
    pub csp: Vec<CspEntry>,
    /// Only in the answer that created the box: keep it, it is not shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(super) fn view(urls: &PublicUrls, stored: &StoredBox, spec: BoxSpec, edit_key: Option<String>) -> BoxView {
    BoxView {
        id: stored.id,
        version: stored.version,
        box_url: urls.box_url(stored.id),
        embed: embed_codes(urls, stored.id, &spec),
        csp: urls.host_csp().into_iter().map(|(directive, sources)| CspEntry { directive, sources }).collect(),
        spec,
        edit_key,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
    }
}

fn with_etag(mut response: Response, version: i64) -> Response {
    response.headers_mut().insert(header::ETAG, etag(version));
    response
}

fn not_found(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound(_) => ApiError::BoxNotFound,
        e => e.into(),
    }
}

/// Creates a box: validates the spec, stores it with the hash of a new edit key.
pub(super) async fn save_new(state: &AppState, spec: &BoxSpec) -> Result<(StoredBox, String), ApiError> {
    let key = ketnoi_hub::keys::random_secret().map_err(|e| ApiError::Internal(e.to_string()))?;
    let json = serde_json::to_string(spec).map_err(|e| ApiError::Internal(e.to_string()))?;
    let stored = state.store.box_create(&json, &ketnoi_hub::keys::hash(&key)).await?;
    Ok((stored, key))
}

pub(super) async fn save_existing(
    state: &AppState,
    id: i64,
    expected: Option<i64>,
    spec: &BoxSpec,
) -> Result<StoredBox, ApiError> {
    let json = serde_json::to_string(spec).map_err(|e| ApiError::Internal(e.to_string()))?;
    state.store.box_update(id, expected, &json).await.map_err(not_found)
}

/// `POST /api/v1/boxes`.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Response, ApiError> {
    let spec = spec_from_json(body)?;
    let (stored, key) = save_new(&state, &spec).await?;
    let urls = public_urls(&state, &headers);
    let location = format!("/api/v1/boxes/{}", stored.id);
    let version = stored.version;
    Ok(with_etag(created(Json(view(&urls, &stored, spec, Some(key))), &location), version))
}

/// A box is a JSON object: serde would also read a struct from an array, by position.
fn spec_from_json(body: serde_json::Value) -> Result<BoxSpec, ApiError> {
    if !body.is_object() {
        return Err(ApiError::InvalidJson("a box is a JSON object / box phải là một đối tượng JSON".into()));
    }
    let spec: BoxSpec = serde_json::from_value(body).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    spec.validate().map_err(spec_errors)
}

async fn load(state: &AppState, raw: &str) -> Result<StoredBox, ApiError> {
    let id = parse_record_id(raw)?;
    state.store.box_get(id).await?.ok_or(ApiError::BoxNotFound)
}

/// `GET /api/v1/boxes/{id}`.
pub async fn get(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&state, &raw).await?;
    let spec = stored_spec(&stored)?;
    let version = stored.version;
    Ok(with_etag(Json(view(&public_urls(&state, &headers), &stored, spec, None)).into_response(), version))
}

/// The edit key or the admin token, else 403.
fn authorize(stored: &StoredBox, headers: &HeaderMap, admin: bool) -> Result<(), ApiError> {
    let key = headers.get("x-box-key").and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    if admin || key_opens(stored, key) { Ok(()) } else { Err(ApiError::BoxKeyInvalid) }
}

/// `PUT /api/v1/boxes/{id}`: every page embedding the box shows the change.
pub async fn update(
    State(state): State<AppState>,
    MaybeAdmin(admin): MaybeAdmin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Response, ApiError> {
    let stored = load(&state, &raw).await?;
    authorize(&stored, &headers, admin)?;
    let spec = spec_from_json(body)?;
    let saved = save_existing(&state, stored.id, if_match(&headers)?, &spec).await?;
    let version = saved.version;
    Ok(with_etag(Json(view(&public_urls(&state, &headers), &saved, spec, None)).into_response(), version))
}

/// `DELETE /api/v1/boxes/{id}`: embeds then show the polite "unavailable" box.
pub async fn delete(
    State(state): State<AppState>,
    MaybeAdmin(admin): MaybeAdmin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let stored = load(&state, &raw).await?;
    authorize(&stored, &headers, admin)?;
    state.store.box_delete(stored.id).await.map_err(not_found)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ListParams {
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
pub struct BoxList {
    total: i64,
    items: Vec<BoxView>,
}

/// `GET /api/v1/boxes` (operators): every saved box, newest first.
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<BoxList>, ApiError> {
    let limit = parse_int("limit", p.limit.as_deref(), 50, 1, 500)?;
    let offset = parse_int("offset", p.offset.as_deref(), 0, 0, i64::MAX)?;
    let page = state.store.box_list(limit, offset).await?;
    let urls = public_urls(&state, &headers);
    let items = page
        .items
        .iter()
        .map(|stored| Ok(view(&urls, stored, stored_spec(stored)?, None)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Json(BoxList { total: page.total, items }))
}
