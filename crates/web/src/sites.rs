//! Registered sites (cổng/trang thông tin điện tử). Reads are public; writes
//! need the admin token. Focal contacts ride along only for operators.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ketnoi_domain::{Contact, Site, SiteInput, SiteStatus};
use ketnoi_store::SiteQuery;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{Admin, MaybeAdmin};
use crate::error::{ApiError, Subject};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, created, etag, if_match, non_empty, parse_int, parse_record_id, parse_unit_ref,
};

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Deserialize)]
pub struct ListParams {
    unit: Option<String>,
    status: Option<String>,
    host: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SiteList {
    total: i64,
    limit: i64,
    offset: i64,
    items: Vec<Site>,
}

/// A site, plus its unit's focal contacts for operators only. `None` skips
/// the key entirely: anonymous callers must not even learn contacts exist.
#[derive(Debug, Serialize)]
pub struct SiteView {
    #[serde(flatten)]
    site: Site,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts: Option<Vec<Contact>>,
}

/// `GET /api/v1/sites`. List items never carry contacts.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<SiteList>, ApiError> {
    let status = non_empty(&p.status)
        .map(|s| {
            SiteStatus::parse(s).ok_or_else(|| {
                ApiError::invalid_query(
                    "status",
                    "phải là active, no_portal hoặc retired / must be active, no_portal or retired",
                )
            })
        })
        .transpose()?;
    let host = non_empty(&p.host).map(parse_host).transpose()?;
    let unit_id = non_empty(&p.unit).map(|u| parse_unit_ref("unit", u)).transpose()?;
    let limit = parse_int("limit", non_empty(&p.limit), DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = parse_int("offset", non_empty(&p.offset), 0, 0, i64::MAX)?;
    let page = state.store.list_sites(&SiteQuery { unit_id, status, host, limit, offset }).await?;
    Ok(Json(SiteList { total: page.total, limit, offset, items: page.items }))
}

/// Hosts are stored lowercase; anything that could not be a host name is refused.
fn parse_host(raw: &str) -> Result<String, ApiError> {
    let ok = raw.len() <= 260 && raw.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if ok {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(ApiError::invalid_query("host", "tên máy chủ không hợp lệ / invalid host name"))
    }
}

/// `GET /api/v1/sites/{id}`.
pub async fn get(
    State(state): State<AppState>,
    MaybeAdmin(admin): MaybeAdmin,
    ApiPath(raw): ApiPath,
) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let site = state.store.get_site(id).await?.ok_or(ApiError::SiteNotFound(id))?;
    let contacts = match (admin, site.input.unit_id.as_deref()) {
        (false, _) => None,
        (true, Some(unit)) => Some(state.store.list_contacts(Some(unit)).await?),
        (true, None) => Some(Vec::new()),
    };
    let personal = contacts.is_some();
    let tag = etag(site.version);
    let mut response = Json(SiteView { site, contacts }).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    // The body differs with credentials: shared caches must not mix them up,
    // and personal data must not be cached at all.
    headers.insert(header::VARY, HeaderValue::from_static("Authorization"));
    if personal {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// `POST /api/v1/sites` (admin).
pub async fn create(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(input): ApiJson<SiteInput>,
) -> Result<Response, ApiError> {
    let (input, urls) = input.validate()?;
    let site = state.store.create_site(&input, &urls).await?;
    let location = format!("/api/v1/sites/{}", site.id);
    Ok(created(written(site), &location))
}

/// `PUT /api/v1/sites/{id}` (admin): full replacement, `If-Match` optional.
pub async fn update(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
    ApiJson(input): ApiJson<SiteInput>,
) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    let (input, urls) = input.validate()?;
    let site = state
        .store
        .update_site(id, expected, &input, &urls)
        .await
        .map_err(|e| ApiError::from_store(e, Subject::Site(id)))?;
    Ok(written(site).into_response())
}

/// `DELETE /api/v1/sites/{id}` (admin), `If-Match` optional.
pub async fn delete(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let id = parse_record_id(&raw)?;
    let expected = if_match(&headers)?;
    state.store.delete_site(id, expected).await.map_err(|e| ApiError::from_store(e, Subject::Site(id)))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A written site with its new ETag. Writers are admins, but the answer
/// still omits contacts: they have their own endpoints.
fn written(site: Site) -> Response {
    let tag = etag(site.version);
    let mut response = Json(SiteView { site, contacts: None }).into_response();
    response.headers_mut().insert(header::ETAG, tag);
    response
}
