//! HTTP caching of public hub data: strong ETags derived from the hub's
//! change sequence (any write changes them), 304 on a match, and
//! `Cache-Control` that lets a CDN serve slightly stale data while it
//! revalidates, so 5,600 portals polling cost the store almost nothing.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Box data changes when an item is published; a minute of staleness is fine.
pub const PUBLIC: &str = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";

/// An ETag for `what` (e.g. the query string) as of change `seq`.
pub fn etag(seq: i64, what: &str) -> String {
    // FNV-1a: stable across processes and versions, unlike std's hasher.
    let hash =
        what.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("\"h{seq}-{hash:016x}\"")
}

/// Whether `If-None-Match` names this ETag (or `*`).
pub fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

pub fn not_modified(etag: &str) -> Response {
    with_cache_headers(StatusCode::NOT_MODIFIED.into_response(), etag)
}

/// Sets the `ETag` header (tags made by [`etag`] are always valid header values).
pub fn set_etag(response: &mut Response, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
}

pub fn with_cache_headers(mut response: Response, etag: &str) -> Response {
    set_etag(&mut response, etag);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC));
    // Public data: any page may fetch it (boxes run on other origins).
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_weak_lists_and_star() {
        let tag = etag(5, "type=1");
        assert_ne!(tag, etag(6, "type=1"));
        assert_ne!(tag, etag(5, "type=2"));
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(v).unwrap());
            matches(&h, &tag)
        };
        assert!(with(&tag));
        assert!(with(&format!("\"x\", W/{tag}")));
        assert!(with("*"));
        assert!(!with("\"other\""));
    }
}
