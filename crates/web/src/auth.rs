//! Admin credentials: `Authorization: Bearer <token>` against the configured
//! token. Admin endpoints take [`Admin`]; read endpoints that show personal
//! data only to operators take [`MaybeAdmin`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use ketnoi_hub::keys::constant_time_eq;

use crate::AppState;
use crate::error::ApiError;

/// Proof that the request carries the admin token.
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        check(&parts.headers, state.admin_token.as_deref()).map(|()| Admin)
    }
}

/// Whether the request carries the admin token; never refuses the request.
pub struct MaybeAdmin(pub bool);

impl FromRequestParts<AppState> for MaybeAdmin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(MaybeAdmin(check(&parts.headers, state.admin_token.as_deref()).is_ok()))
    }
}

fn check(headers: &HeaderMap, configured: Option<&str>) -> Result<(), ApiError> {
    // An empty configured token would let an empty bearer in: treat it as none.
    let Some(expected) = configured.filter(|t| !t.is_empty()) else {
        return Err(ApiError::Unauthorized { configured: false });
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(ApiError::Unauthorized { configured: true }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static(auth));
        h
    }

    #[test]
    fn bearer_token_must_match_exactly() {
        assert!(check(&headers("Bearer s3cret"), Some("s3cret")).is_ok());
        assert!(check(&headers("bearer s3cret"), Some("s3cret")).is_ok());
        for bad in ["Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret", "Bearer "] {
            assert!(check(&headers(bad), Some("s3cret")).is_err(), "{bad}");
        }
        assert!(check(&HeaderMap::new(), Some("s3cret")).is_err());
    }

    #[test]
    fn no_configured_token_refuses_everyone() {
        assert!(matches!(check(&headers("Bearer "), Some("")), Err(ApiError::Unauthorized { configured: false })));
        assert!(matches!(check(&headers("Bearer x"), None), Err(ApiError::Unauthorized { configured: false })));
    }
}
