//! Who is calling a consumer endpoint: the secret key (from the parameters
//! as in Annex II, or from `X-Api-Key` / `Authorization: Bearer kn_…`), the
//! client address (forwarding headers only from trusted proxies), the key's
//! IP allow-list and rate limit.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap, header};
use chrono::Utc;
use ketnoi_domain::ApiKey;
use ketnoi_hub::{client_ip, keys};

use crate::AppState;
use crate::error::ApiError;

/// The peer address, as recorded by `serve`; tests that drive the router
/// without a socket count as a local client.
pub fn peer(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

pub fn client_address(state: &AppState, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    client_ip::client_ip(peer(extensions), &state.hub.trusted_proxies, header("forwarded"), header("x-forwarded-for"))
}

/// A key from the headers, for clients that keep secrets out of bodies and URLs.
pub fn header_key(headers: &HeaderMap) -> Option<String> {
    if let Some(k) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(k.trim().to_string());
    }
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer") && token.trim().starts_with("kn_"))
        .map(|(_, token)| token.trim().to_string())
}

/// Checks a presented key, the client's address and the key's rate.
pub async fn authorize(
    state: &AppState,
    presented: Option<String>,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> Result<ApiKey, ApiError> {
    let presented = presented.or_else(|| header_key(headers)).ok_or(ApiError::HubKeyMissing)?;
    let id = keys::key_id(&presented).ok_or(ApiError::HubKeyInvalid)?;
    let key = state.store.key_get(id).await?.ok_or(ApiError::HubKeyInvalid)?;
    keys::verify(&key, &presented, Utc::now()).map_err(|_| ApiError::HubKeyInvalid)?;
    let ip = client_address(state, headers, extensions);
    if !key.allows_ip(ip) {
        return Err(ApiError::HubIpNotAllowed(ip));
    }
    state.hub.limiter.check(&key.id, key.rate_per_minute, Instant::now()).map_err(ApiError::RateLimited)?;
    Ok(key)
}

/// The distribution ids a key may read, applied to what it asked for: no
/// ids asked = all it may read; ids outside its scope = refused.
pub fn scoped_targets(key: &ApiKey, asked: Vec<String>) -> Result<Vec<String>, ApiError> {
    let Some(scope) = &key.scope else { return Ok(asked) };
    if scope.is_empty() {
        return Err(ApiError::HubScopeDenied("khoá không có phạm vi nào".into()));
    }
    if asked.is_empty() {
        return Ok(scope.clone());
    }
    let outside: Vec<&str> = asked.iter().filter(|t| !scope.contains(t)).map(String::as_str).collect();
    if outside.is_empty() { Ok(asked) } else { Err(ApiError::HubScopeDenied(outside.join(", "))) }
}
