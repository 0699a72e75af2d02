//! `GET /static/box/{name}`: the loader, box runtime, styles and emblem.
//! Versioned names never change content, so they are cached for a year.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A bare name, or an older version's name from an embed code pasted before an upgrade: the
/// current file, picked up again within minutes.
const UNVERSIONED: &str = "public, max-age=300";

pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (asset, versioned) = ketnoi_boxes::assets::lookup(&name).ok_or(ApiError::NotFound)?;
    let mut response = asset.body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(if versioned { IMMUTABLE } else { UNVERSIONED }));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Scripts and fonts are fetched by pages on every portal's origin.
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    Ok(response)
}
