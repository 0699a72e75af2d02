//! Focal contacts: personal data, so every endpoint here needs the admin token.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ketnoi_domain::{Contact, ContactInput};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Admin;
use crate::error::{ApiError, Subject};
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, etag, if_match, non_empty, parse_record_id, parse_unit_ref};

#[derive(Debug, Deserialize)]
pub struct ListParams {
    unit: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactList {
    total: usize,
    items: Vec<Contact>,
}

/// `GET /api/v1/contacts?unit=ID`.
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    let unit = non_empty(&p.unit).map(|u| parse_unit_ref("unit", u)).transpose()?;
    let items = state.store.list_contacts(unit.as_deref()).await?;
    let mut response = Json(ContactList { total: items.len(), items }).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /api/v1/contacts/{id}`.
pub async fn get(State(state): State<AppState>, _admin: Admin, ApiPath(raw): ApiPath) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let contact = state.store.get_contact(id).await?.ok_or(ApiError::ContactNotFound(id))?;
    Ok(with_etag(contact))
}

/// `POST /api/v1/contacts`.
pub async fn create(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Response, ApiError> {
    let input = input.validate()?;
    let contact = state.store.create_contact(&input).await?;
    let location = format!("/api/v1/contacts/{}", contact.id);
    Ok(created(with_etag(contact), &location))
}

/// `PUT /api/v1/contacts/{id}`, `If-Match` optional.
pub async fn update(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    let input = input.validate()?;
    let contact = state
        .store
        .update_contact(id, expected, &input)
        .await
        .map_err(|e| ApiError::from_store(e, Subject::Contact(id)))?;
    Ok(with_etag(contact))
}

/// `DELETE /api/v1/contacts/{id}`, `If-Match` optional.
pub async fn delete(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    state.store.delete_contact(id, expected).await.map_err(|e| ApiError::from_store(e, Subject::Contact(id)))?;
    Ok(StatusCode::NO_CONTENT)
}

fn with_etag(contact: Contact) -> Response {
    let tag = etag(contact.version);
    let mut response = Json(contact).into_response();
    response.headers_mut().insert(header::ETAG, tag);
    // Personal data: keep it out of every cache.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
