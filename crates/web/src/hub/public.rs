//! Public GET data for boxes, CDNs and feed readers: the same parameters as
//! the Annex II distribution endpoint, no key (the data is public anyway),
//! cacheable and revalidated by ETag.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ketnoi_domain::{HubItem, HubState};
use ketnoi_hub::feeds::{self, FeedMeta};
use ketnoi_hub::params::{self, DistributionRequest, RawParams};
use ketnoi_hub::wire::{Envelope, WireItem, WireList};
use ketnoi_store::HubQuery;

use super::cache;
use crate::AppState;
use crate::auth::MaybeAdmin;
use crate::error::ApiError;
use crate::extract::{ApiPath, parse_record_id};

/// Parses the query string like the distribution endpoint's body, plus
/// `ids=1,2,3` for hand-picked boxes.
fn parse(uri: &Uri) -> Result<(DistributionRequest, Option<Vec<i64>>), ApiError> {
    let raw = RawParams::from_urlencoded(uri.query().unwrap_or("").as_bytes())?;
    let req = params::parse_distribution(&raw)?;
    let ids = match raw.single("ids")? {
        None => None,
        Some(list) => Some(
            list.split([',', ';', ' '])
                .filter(|s| !s.is_empty())
                .take(100)
                .map(|s| {
                    s.parse::<i64>()
                        .map_err(|_| ApiError::invalid_query("ids", "phải là danh sách số / must be numbers"))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    Ok((req, ids))
}

fn query(req: &DistributionRequest, ids: Option<Vec<i64>>) -> HubQuery {
    HubQuery {
        types: req.types.clone(),
        targets: req.targets.clone(),
        ids,
        limit: req.page_size,
        offset: req.offset(),
        ..Default::default()
    }
}

/// `GET /api/v1/hub/items`: the distribution list, cacheable.
pub async fn list(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    let (req, ids) = parse(&uri)?;
    let tag = cache::etag(state.store.hub_last_seq().await?, uri.query().unwrap_or(""));
    if cache::matches(&headers, &tag) {
        return Ok(cache::not_modified(&tag));
    }
    let page = state.store.hub_list(&query(&req, ids)).await?;
    let changed = page.items.iter().map(|i| i.updated_at).max().unwrap_or_else(Utc::now);
    let list = WireList { total: page.total, item: page.items.iter().map(WireItem::from).collect() };
    Ok(cache::with_cache_headers(Json(Envelope::ok(list, changed)).into_response(), &tag))
}

/// `GET /api/v1/hub/items/{id}`: a published item for everyone; operators
/// also see drafts and withdrawn items (never cached).
pub async fn item(
    State(state): State<AppState>,
    MaybeAdmin(admin): MaybeAdmin,
    ApiPath(raw): ApiPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = parse_record_id(&raw)?;
    let item = state
        .store
        .hub_get(id)
        .await?
        .filter(|i| admin || i.state == HubState::Published)
        .ok_or(ApiError::HubItemNotFound(id))?;
    let body = Json(Envelope::ok(WireItem::from(&item), item.updated_at));
    if item.state != HubState::Published {
        let mut response = body.into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(response);
    }
    let tag = format!("\"i{}-v{}\"", item.id, item.version);
    if cache::matches(&headers, &tag) {
        return Ok(cache::not_modified(&tag));
    }
    Ok(cache::with_cache_headers(body.into_response(), &tag))
}

enum FeedKind {
    Rss,
    Atom,
    Json,
}

async fn feed(state: AppState, uri: Uri, headers: HeaderMap, kind: FeedKind) -> Result<Response, ApiError> {
    let (req, ids) = parse(&uri)?;
    let tag = cache::etag(state.store.hub_last_seq().await?, &format!("{}?{}", uri.path(), uri.query().unwrap_or("")));
    if cache::matches(&headers, &tag) {
        return Ok(cache::not_modified(&tag));
    }
    let items: Vec<HubItem> = state.store.hub_list(&query(&req, ids)).await?.items;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| crate::html::is_host(h))
        .unwrap_or("localhost");
    let home = format!("http://{host}");
    let meta = FeedMeta {
        title: "Thông tin chỉ đạo, điều hành".into(),
        self_url: format!("{home}{uri}"),
        home_url: home,
        updated: items.iter().map(|i| i.updated_at).max().unwrap_or_else(Utc::now),
    };
    let (body, content_type) = match kind {
        FeedKind::Rss => (feeds::rss(&meta, &items), "application/rss+xml; charset=utf-8"),
        FeedKind::Atom => (feeds::atom(&meta, &items), "application/atom+xml; charset=utf-8"),
        FeedKind::Json => (feeds::json_feed(&meta, &items), "application/feed+json; charset=utf-8"),
    };
    let response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    Ok(cache::with_cache_headers(response, &tag))
}

pub async fn feed_rss(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    feed(state, uri, headers, FeedKind::Rss).await
}

pub async fn feed_atom(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    feed(state, uri, headers, FeedKind::Atom).await
}

pub async fn feed_json(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    feed(state, uri, headers, FeedKind::Json).await
}
