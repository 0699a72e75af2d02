//! `POST /api/v1/hubcontent/detail` and `/distribution`, as in Annex II of
//! Official Letter 409/VPCP-TTDT. Success and failure both answer the seed's
//! envelope; a failure has `Status: false`, a Vietnamese `Message`, the HTTP
//! status of the error table and its code in `X-Ketnoi-Error`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ketnoi_domain::HubState;
use ketnoi_hub::params::{self, RawParams};
use ketnoi_hub::wire::{Envelope, WireItem, WireList};
use ketnoi_store::HubQuery;

use super::access::{authorize, scoped_targets};
use crate::AppState;
use crate::error::ApiError;

/// An error rendered in the Annex II envelope instead of the API's own.
pub struct AnnexError(pub ApiError);

impl From<ApiError> for AnnexError {
    fn from(e: ApiError) -> Self {
        AnnexError(e)
    }
}

impl From<ketnoi_store::StoreError> for AnnexError {
    fn from(e: ketnoi_store::StoreError) -> Self {
        AnnexError(e.into())
    }
}

impl IntoResponse for AnnexError {
    fn into_response(self) -> Response {
        let (code, status, message, _) = self.0.resolve();
        let body: Envelope<()> = Envelope::failure(message, Utc::now());
        let mut response = (status, Json(body)).into_response();
        response.headers_mut().insert("x-ketnoi-error", HeaderValue::from_static(code));
        self.0.add_headers(&mut response);
        response
    }
}

/// Parameters from the query string and a form or multipart body.
async fn read_params(request: Request) -> Result<(HeaderMap, axum::http::Extensions, RawParams), ApiError> {
    let mut all = match request.uri().query() {
        Some(q) => RawParams::from_urlencoded(q.as_bytes())?,
        None => RawParams::default(),
    };
    let mime = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let headers = request.headers().clone();
    let extensions = request.extensions().clone();
    match mime.as_deref() {
        Some("application/x-www-form-urlencoded") => {
            let body = Bytes::from_request(request, &()).await.map_err(body_error)?;
            all.extend(RawParams::from_urlencoded(&body)?)?;
        }
        Some("multipart/form-data") => {
            let mut form =
                Multipart::from_request(request, &()).await.map_err(|e| ApiError::BadRequest(e.body_text()))?;
            while let Some(field) = form.next_field().await.map_err(multipart_error)? {
                let name = field.name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                let value = String::from_utf8(bytes.to_vec()).map_err(|_| params::ParamError::NotUtf8)?;
                all.push(name, value)?;
            }
        }
        // No body at all: parameters may all be in the query string.
        None => {
            let body = Bytes::from_request(request, &()).await.map_err(body_error)?;
            if !body.is_empty() {
                return Err(ApiError::FormRequired);
            }
        }
        Some(_) => return Err(ApiError::FormRequired),
    }
    Ok((headers, extensions, all))
}

fn body_error(e: axum::extract::rejection::BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(e.body_text())
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(e.body_text())
    }
}

pub async fn detail(State(state): State<AppState>, request: Request) -> Result<Json<Envelope<WireItem>>, AnnexError> {
    let (headers, extensions, raw) = read_params(request).await?;
    let key = authorize(&state, params::secret_key(&raw).map_err(ApiError::from)?, &headers, &extensions).await?;
    let req = params::parse_detail(&raw).map_err(ApiError::from)?;
    let item = state
        .store
        .hub_get(req.id)
        .await?
        .filter(|i| i.state == HubState::Published)
        // A scoped key sees only items for its units; others do not exist for it.
        .filter(|i| key.scope.as_ref().is_none_or(|scope| i.is_for(scope)))
        .ok_or(ApiError::HubItemNotFound(req.id))?;
    Ok(Json(Envelope::ok(WireItem::from(&item), item.updated_at)))
}

pub async fn distribution(
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<Envelope<WireList>>, AnnexError> {
    let (headers, extensions, raw) = read_params(request).await?;
    let key = authorize(&state, params::secret_key(&raw).map_err(ApiError::from)?, &headers, &extensions).await?;
    let req = params::parse_distribution(&raw).map_err(ApiError::from)?;
    let targets = scoped_targets(&key, req.targets.clone())?;
    let query = HubQuery {
        types: req.types.clone(),
        targets,
        limit: req.page_size,
        offset: req.offset(),
        ..Default::default()
    };
    let page = state.store.hub_list(&query).await?;
    let changed = page.items.iter().map(|i| i.updated_at).max().unwrap_or_else(Utc::now);
    let list = WireList { total: page.total, item: page.items.iter().map(WireItem::from).collect() };
    Ok(Json(Envelope::ok(list, changed)))
}
