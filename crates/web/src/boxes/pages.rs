//! The pages portals frame: `/box/{id}` (a saved box), `/box/preview?…` (an
//! unsaved one, for the builder), and their `/items` fragments, which the box
//! fetches to refresh itself and to turn pages.
//!
//! A box page may be framed by registered portals (or by anyone, by
//! configuration): the embedding origin comes from the loader's `parent`
//! parameter or, for plain iframes, from the Referer, and is checked against
//! the register. Browsers enforce the answer, so claiming another origin
//! gains nothing.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use ketnoi_boxes::render::{self, Listing, Paths, RenderedPage};
use ketnoi_boxes::spec::form_value;
use ketnoi_boxes::{BoxSpec, PublicUrls};
use ketnoi_register::verify::Verdict;

use super::{FrameAncestors, hub_query, public_urls, stored_spec};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::hub::cache;

/// Box data: short-lived, revalidated by ETag, servable stale while a CDN refreshes it.
const BOX_CACHE: &str = "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400";

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect()
}

fn page_number(pairs: &[(String, String)]) -> u32 {
    form_value(pairs, "page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

/// The embedding page's origin, as the loader named it or the browser sent it.
fn claimed_parent(pairs: &[(String, String)], headers: &HeaderMap) -> Option<String> {
    let raw = pairs
        .iter()
        .find(|(k, _)| k == "parent")
        .map(|(_, v)| v.clone())
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).map(String::from))?;
    let url = url::Url::parse(&raw).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
}

/// The `frame-ancestors` sources of a box page.
async fn frame_ancestors(state: &AppState, urls: &PublicUrls, parent: Option<String>) -> String {
    let mut sources = vec!["'self'".to_string(), PublicUrls::origin(&urls.site)];
    match state.boxes.frame_ancestors {
        FrameAncestors::All => sources.push("http: https:".into()),
        FrameAncestors::Registered => {
            if let Some(origin) = parent
                && is_registered(state, &origin).await
            {
                sources.push(origin);
            }
        }
    }
    sources.dedup();
    sources.join(" ")
}

async fn is_registered(state: &AppState, origin: &str) -> bool {
    match crate::verify::register(&state.store).await {
        Ok(register) => matches!(register.verify(origin).verdict, Verdict::Registered(_)),
        Err(e) => {
            tracing::warn!(error = ?e, "box: the register could not be read to check a portal");
            false
        }
    }
}

fn html_response(status: StatusCode, page: RenderedPage, csp: &str, cache: &str) -> Response {
    let mut response = (status, Html(page.html)).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_str(cache).unwrap_or(HeaderValue::from_static("no-store")));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    response
}

/// The polite box for an unknown or deleted id: any page may show it.
fn unavailable(urls: &PublicUrls) -> Response {
    let page = render::unavailable_page(urls);
    let csp = render::box_csp(urls, &page.style_hash, "'self' http: https:");
    html_response(StatusCode::NOT_FOUND, page, &csp, "public, max-age=30")
}

/// The box's data state: changes with any hub write and with the box's own version.
fn data_state(seq: i64, what: &str, page: u32) -> String {
    cache::etag(seq, &format!("{what}/p{page}"))
}

async fn render_page(
    state: &AppState,
    headers: &HeaderMap,
    spec: &BoxSpec,
    paths: &Paths,
    what: &str,
    pairs: &[(String, String)],
) -> Result<Response, ApiError> {
    let urls = public_urls(state, headers);
    let page = page_number(pairs);
    let seq = state.store.hub_last_seq().await?;
    let data = data_state(seq, what, page);
    let ancestors = frame_ancestors(state, &urls, claimed_parent(pairs, headers)).await;
    // The tag covers who may frame the page (a portal registered later must not keep a stale
    // policy) and the assets it names (a cached page must not outlive an upgrade).
    let tag = cache::etag(seq, &format!("{what}/p{page}/{ancestors}/{}", ketnoi_boxes::assets::fingerprint()));
    if cache::matches(headers, &tag) {
        return Ok(not_modified(&tag));
    }
    let found = state.store.hub_list(&hub_query(spec, page)).await?;
    let listing = Listing { items: &found.items, total: found.total, page };
    let rendered = render::box_page(spec, &listing, &urls, paths, state.boxes.refresh_seconds, &data);
    let csp = render::box_csp(&urls, &rendered.style_hash, &ancestors);
    let mut response = html_response(StatusCode::OK, rendered, &csp, BOX_CACHE);
    cache::set_etag(&mut response, &tag);
    // Without a `parent`, who may frame the page depends on the Referer.
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Referer, Host"));
    Ok(response)
}

async fn render_items(
    state: &AppState,
    headers: &HeaderMap,
    spec: &BoxSpec,
    paths: &Paths,
    what: &str,
    pairs: &[(String, String)],
) -> Result<Response, ApiError> {
    let page = page_number(pairs);
    let seq = state.store.hub_last_seq().await?;
    let tag = data_state(seq, what, page);
    if cache::matches(headers, &tag) {
        return Ok(not_modified(&tag));
    }
    let found = state.store.hub_list(&hub_query(spec, page)).await?;
    let listing = Listing { items: &found.items, total: found.total, page };
    let mut response = Html(render::items_fragment(spec, &listing, paths)).into_response();
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(BOX_CACHE));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A fragment is not a page: nobody may frame or run it.
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    cache::set_etag(&mut response, &tag);
    Ok(response)
}

fn not_modified(tag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    cache::set_etag(&mut response, tag);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(BOX_CACHE));
    response
}

/// A saved box, or `None` for an id that is malformed, unknown or deleted.
async fn saved(state: &AppState, raw: &str) -> Result<Option<(i64, i64, BoxSpec)>, ApiError> {
    let Ok(id) = raw.parse::<i64>() else { return Ok(None) };
    if id <= 0 {
        return Ok(None);
    }
    match state.store.box_get(id).await? {
        None => Ok(None),
        Some(stored) => Ok(Some((id, stored.version, stored_spec(&stored)?))),
    }
}

/// `GET /box/{id}`.
pub async fn page(
    State(state): State<AppState>,
    raw: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    // An id that is not even UTF-8 names no box: the polite page, like any unknown id.
    let raw = raw.map(|Path(raw)| raw).unwrap_or_default();
    let result = async {
        let Some((id, version, spec)) = saved(&state, &raw).await? else {
            return Ok(unavailable(&public_urls(&state, &headers)));
        };
        let pairs = query_pairs(&uri);
        render_page(&state, &headers, &spec, &Paths::saved(id), &format!("box{id}v{version}"), &pairs).await
    }
    .await;
    result.unwrap_or_else(|e| trouble(&state, &headers, e))
}

/// `GET /box/{id}/items?page=N`.
pub async fn items(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let (id, version, spec) = saved(&state, &raw).await?.ok_or(ApiError::BoxNotFound)?;
    render_items(&state, &headers, &spec, &Paths::saved(id), &format!("box{id}v{version}"), &query_pairs(&uri)).await
}

/// A preview's spec and a key naming it (for ETags).
fn preview_spec(uri: &Uri) -> (Result<BoxSpec, Vec<ketnoi_boxes::SpecError>>, String) {
    let pairs: Vec<(String, String)> =
        query_pairs(uri).into_iter().filter(|(k, _)| k != "parent" && k != "page").collect();
    let key = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    (BoxSpec::from_form(&pairs), format!("preview?{key}"))
}

/// `GET /box/preview?…`: the builder's live preview of an unsaved box.
pub async fn preview(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let urls = public_urls(&state, &headers);
    let (spec, what) = preview_spec(&uri);
    let spec = match spec {
        Ok(spec) => spec,
        Err(errors) => {
            let page = render::invalid_page(&urls, &errors);
            let csp = render::box_csp(&urls, &page.style_hash, &format!("'self' {}", PublicUrls::origin(&urls.site)));
            return html_response(StatusCode::UNPROCESSABLE_ENTITY, page, &csp, "no-store");
        }
    };
    let pairs = query_pairs(&uri);
    render_page(&state, &headers, &spec, &Paths::preview(&spec), &what, &pairs)
        .await
        .unwrap_or_else(|e| trouble(&state, &headers, e))
}

/// `GET /box/preview/items?…`.
pub async fn preview_items(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Response, ApiError> {
    let (spec, what) = preview_spec(&uri);
    let spec = spec.map_err(super::spec_errors)?;
    render_items(&state, &headers, &spec, &Paths::preview(&spec), &what, &query_pairs(&uri)).await
}

/// A box page never shows a JSON error inside a portal: the failure is
/// logged, the portal shows the polite box (not cached, so it recovers).
fn trouble(state: &AppState, headers: &HeaderMap, e: ApiError) -> Response {
    tracing::warn!(error = %e, "box page failed");
    let mut response = unavailable(&public_urls(state, headers));
    *response.status_mut() = e.code().status();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
