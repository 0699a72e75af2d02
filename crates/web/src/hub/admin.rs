//! Operator endpoints of the hub (admin token): author, edit, publish and
//! withdraw items; hand out, rotate and revoke consumer keys; manage webhooks.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use ketnoi_domain::{ApiKey, HubItem, HubItemInput, HubState, Webhook, WebhookDelivery};
use ketnoi_hub::keys;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Admin;
use crate::error::{ApiError, Subject};
use crate::extract::{ApiJson, ApiPath, created, etag, if_match, parse_record_id};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    #[serde(flatten)]
    item: HubItemInput,
    /// `draft` (default for new items) or `published`.
    #[serde(default)]
    state: Option<HubState>,
}

/// An item as written, with its new ETag.
fn written(item: HubItem) -> Response {
    let tag = etag(item.version);
    let mut response = Json(item).into_response();
    response.headers_mut().insert(header::ETAG, tag);
    response
}

fn hub_error(e: ketnoi_store::StoreError, id: i64) -> ApiError {
    match e {
        ketnoi_store::StoreError::NotFound(_) => ApiError::HubItemNotFound(id),
        e => ApiError::from_store(e, Subject::Other),
    }
}

/// `POST /api/v1/hub/items`.
pub async fn create_item(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(body): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    let input = body.item.validate()?;
    let item = state.store.hub_save(None, None, &input, body.state).await?;
    let location = format!("/api/v1/hub/items/{}", item.id);
    Ok(created(written(item), &location))
}

/// `PUT /api/v1/hub/items/{id}`: full replacement, `If-Match` optional. An
/// id that does not exist yet is created with that id (imports keep ids).
pub async fn update_item(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    let input = body.item.validate()?;
    let item = state.store.hub_save(Some(id), expected, &input, body.state).await.map_err(|e| hub_error(e, id))?;
    Ok(written(item))
}

async fn set_state(state: AppState, raw: String, headers: HeaderMap, to: HubState) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    let item = state.store.hub_set_state(id, expected, to).await.map_err(|e| hub_error(e, id))?;
    Ok(written(item))
}

pub async fn publish(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    set_state(state, raw, headers, HubState::Published).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    set_state(state, raw, headers, HubState::Withdrawn).await
}

/// A key as operators see it: never its hashes.
#[derive(Debug, Serialize)]
pub struct KeyView {
    id: String,
    name: String,
    allow_ips: Vec<String>,
    scope: Option<Vec<String>>,
    rate_per_minute: u32,
    revoked: bool,
    previous_valid_until: Option<chrono::DateTime<Utc>>,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
}

impl From<&ApiKey> for KeyView {
    fn from(k: &ApiKey) -> Self {
        KeyView {
            id: k.id.clone(),
            name: k.name.clone(),
            allow_ips: k.allow_ips.clone(),
            scope: k.scope.clone(),
            rate_per_minute: k.rate_per_minute,
            revoked: k.is_revoked(),
            previous_valid_until: k.previous_valid_until,
            created_at: k.created_at,
            updated_at: k.updated_at,
        }
    }
}

/// A key with its secret: the only answer that ever carries it.
#[derive(Serialize)]
pub struct IssuedKey {
    key: KeyView,
    secret: String,
}

fn issue_error(e: keys::IssueError) -> ApiError {
    match e {
        keys::IssueError::Random(e) => ApiError::Internal(e.to_string()),
        keys::IssueError::Invalid(d) => ApiError::Validation(d),
        keys::IssueError::Store(s) => s.into(),
    }
}

/// `POST /api/v1/hub/keys`.
pub async fn create_key(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(body): ApiJson<keys::KeyRequest>,
) -> Result<Response, ApiError> {
    let (key, secret) = keys::issue(state.store.as_ref(), body).await.map_err(issue_error)?;
    Ok((StatusCode::CREATED, Json(IssuedKey { key: KeyView::from(&key), secret })).into_response())
}

pub async fn list_keys(State(state): State<AppState>, _admin: Admin) -> Result<Json<Vec<KeyView>>, ApiError> {
    Ok(Json(state.store.key_list().await?.iter().map(KeyView::from).collect()))
}

async fn existing_key(state: &AppState, raw: &str) -> Result<ApiKey, ApiError> {
    if raw.len() > 64 {
        return Err(ApiError::KeyNotFound(raw.chars().take(64).collect()));
    }
    state.store.key_get(raw).await?.ok_or_else(|| ApiError::KeyNotFound(raw.to_string()))
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// How long the old secret keeps working, in hours (default 168 = 7 days).
    #[serde(default)]
    grace_hours: Option<u32>,
}

/// `POST /api/v1/hub/keys/{id}/rotate` (body optional).
pub async fn rotate_key(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    body: axum::body::Bytes,
) -> Result<Json<IssuedKey>, ApiError> {
    let key = existing_key(&state, &raw).await?;
    let rotation: Rotation = if body.iter().all(u8::is_ascii_whitespace) {
        Rotation::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::InvalidJson(e.to_string()))?
    };
    let grace = Duration::hours(i64::from(rotation.grace_hours.unwrap_or(168).min(24 * 90)));
    let (rotated, secret) = keys::rotate_stored(state.store.as_ref(), &key, grace).await.map_err(issue_error)?;
    Ok(Json(IssuedKey { key: KeyView::from(&rotated), secret }))
}

/// `POST /api/v1/hub/keys/{id}/revoke`: immediate, old secrets included.
pub async fn revoke_key(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
) -> Result<Json<KeyView>, ApiError> {
    let key = existing_key(&state, &raw).await?;
    let revoked = keys::revoke_stored(state.store.as_ref(), key).await.map_err(issue_error)?;
    Ok(Json(KeyView::from(&revoked)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    url: String,
}

#[derive(Serialize)]
pub struct IssuedWebhook {
    webhook: Webhook,
    /// Shared secret for checking `X-Ketnoi-Signature`; shown once.
    secret: String,
}

/// `POST /api/v1/hub/webhooks`.
pub async fn create_webhook(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(body): ApiJson<NewWebhook>,
) -> Result<Response, ApiError> {
    let url = ketnoi_domain::site_url::parse_http_url("url", &body.url)?;
    let secret = keys::generate_webhook_secret().map_err(|e| ApiError::Internal(e.to_string()))?;
    let webhook = state.store.webhook_create(&url, &secret).await?;
    Ok((StatusCode::CREATED, Json(IssuedWebhook { webhook, secret })).into_response())
}

pub async fn list_webhooks(State(state): State<AppState>, _admin: Admin) -> Result<Json<Vec<Webhook>>, ApiError> {
    Ok(Json(state.store.webhook_list().await?))
}

pub async fn delete_webhook(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
) -> Result<StatusCode, ApiError> {
    let id = parse_record_id(&raw)?;
    state.store.webhook_delete(id).await.map_err(|e| match e {
        ketnoi_store::StoreError::NotFound(_) => ApiError::WebhookNotFound(id),
        e => e.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn webhook_deliveries(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
) -> Result<Json<Vec<WebhookDelivery>>, ApiError> {
    let id = parse_record_id(&raw)?;
    if !state.store.webhook_list().await?.iter().any(|w| w.id == id) {
        return Err(ApiError::WebhookNotFound(id));
    }
    Ok(Json(state.store.webhook_deliveries(id).await?))
}
