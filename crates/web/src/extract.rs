//! Extractors and parsers that turn request data into typed values or an
//! [`ApiError`], so axum's plain-text rejections never reach a client.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Request body limit; bigger bodies get 413 `payload_too_large`.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// JSON body. The Content-Type is checked first (415), then the size (413),
/// then serde, whose message (with line and column) goes into `details`.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest(e.body_text())
            }
        })?;
        // serde_json also refuses invalid UTF-8, which lands here as a syntax error.
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| ApiError::InvalidJson(e.to_string()))
    }
}

/// `application/json` or any `application/*+json`, parameters ignored.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Query string; a malformed one is `invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| ApiQuery(q))
            .map_err(|e| ApiError::invalid_query("query", e.body_text()))
    }
}

/// The single `{id}` path segment as raw text; handlers parse it themselves
/// so that a bad id is `invalid_query`, not an axum rejection.
pub struct ApiPath(pub String);

impl<S> FromRequestParts<S> for ApiPath
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|e| ApiError::invalid_query("id", e.body_text()))
    }
}

/// A record id: a positive 64-bit integer.
pub fn parse_record_id(raw: &str) -> Result<i64, ApiError> {
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::invalid_query("id", "mã số phải là số nguyên dương 64 bit / id must be a positive integer")),
    }
}

/// A unit id or code as given in a path or query: short printable text.
pub fn parse_unit_ref(field: &'static str, raw: &str) -> Result<String, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > 64 || raw.chars().any(char::is_control) {
        return Err(ApiError::invalid_query(field, "mã đơn vị phải có 1–64 ký tự / unit id must be 1–64 characters"));
    }
    Ok(raw.to_string())
}

/// `YYYY-MM-DD`; absent or empty means `default`.
pub fn parse_date(field: &'static str, raw: Option<&str>, default: NaiveDate) -> Result<NaiveDate, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| ApiError::invalid_query(field, "ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD")),
    }
}

/// An integer within `min..=max`; absent or empty means `default`.
pub fn parse_int(field: &'static str, raw: Option<&str>, default: i64, min: i64, max: i64) -> Result<i64, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::invalid_query(
                field,
                format!("phải là số nguyên trong khoảng {min}..{max} / must be an integer in {min}..{max}"),
            )),
        },
    }
}

/// Treats `?x=` like an absent parameter, as HTML forms send empty fields.
pub fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `If-Match: "<version>"` → the version a write expects. Absent or `*`
/// means "any version". A bare number is accepted too, for hand-made calls.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ApiError::BadIfMatch("not ASCII".into()))?.trim();
    if text == "*" {
        return Ok(None);
    }
    let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    match inner.parse::<i64>() {
        Ok(v) if v > 0 && inner.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(v)),
        _ => Err(ApiError::BadIfMatch(text.chars().take(100).collect())),
    }
}

/// A `201 Created` answer pointing at the new record.
pub fn created(body: impl IntoResponse, location: &str) -> axum::response::Response {
    let mut response = (StatusCode::CREATED, body).into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// The strong entity tag of a record version.
pub fn etag(version: i64) -> HeaderValue {
    // Digits and quotes only: always a valid header value.
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_forms() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_MATCH, HeaderValue::from_static(v));
            if_match(&h).map_err(|e| e.code().as_str())
        };
        assert_eq!(if_match(&HeaderMap::new()).ok(), Some(None));
        assert_eq!(with("\"3\""), Ok(Some(3)));
        assert_eq!(with("3"), Ok(Some(3)));
        assert_eq!(with("*"), Ok(None));
        for bad in ["W/\"3\"", "\"abc\"", "\"-1\"", "\"+1\"", "\"1\", \"2\"", "99999999999999999999"] {
            assert_eq!(with(bad), Err("bad_if_match"), "{bad}");
        }
    }

    #[test]
    fn record_ids() {
        assert_eq!(parse_record_id("42").ok(), Some(42));
        for bad in ["abc", "0", "-1", "99999999999999999999", "", " 1"] {
            assert!(parse_record_id(bad).is_err(), "{bad}");
        }
    }
}
