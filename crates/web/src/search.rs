//! Search over every official source: `GET /api/v1/search` and type-ahead `GET /api/v1/suggest`.
//! Every parameter is checked before the index is asked; anything odd is `invalid_query` with the
//! reason, never a 500.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use ketnoi_index::{SearchRequest, Sort};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiQuery, non_empty, parse_int};

pub const DEFAULT_LIMIT: i64 = 10;
pub const MAX_LIMIT: i64 = 100;
/// Pages beyond this are refused: deep paging costs the index and serves nobody.
pub const MAX_PAGE: i64 = 1000;
pub const MAX_QUERY_CHARS: usize = ketnoi_index::search::MAX_QUERY_CHARS;
/// The document types, as pushed documents declare them and the index stores them.
pub use ketnoi_index::push::KINDS;
pub const LEVELS: [&str; 3] = ["central", "province", "commune"];

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    unit: Option<String>,
    site: Option<String>,
    level: Option<String>,
    province: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    limit: Option<String>,
}

#[derive(Debug, Serialize)]
struct SearchAnswer {
    query: String,
    total: usize,
    page: i64,
    limit: i64,
    did_you_mean: Option<String>,
    /// Operator best bets pinned to this query: page 1 only, shown before `results`.
    best_bets: Vec<crate::best_bets::Pinned>,
    facets: BTreeMap<String, Vec<ketnoi_index::FacetCount>>,
    results: Vec<ketnoi_index::Hit>,
}

/// The query text: control characters become spaces, and it must fit.
pub fn clean_query(raw: Option<&str>) -> Result<String, ApiError> {
    let q: String = raw.unwrap_or("").chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let q = q.trim().to_string();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_query(
            "q",
            format!("từ khóa dài quá {MAX_QUERY_CHARS} ký tự / the query is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(q)
}

fn parse_day(field: &'static str, raw: Option<&str>, end: bool) -> Result<Option<chrono::DateTime<Utc>>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::invalid_query(field, format!("ngày phải có dạng YYYY-MM-DD / expected YYYY-MM-DD, got {raw:?}"))
    })?;
    let time = if end { NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999) } else { NaiveTime::from_hms_opt(0, 0, 0) };
    Ok(Some(Utc.from_utc_datetime(&day.and_time(time.expect("valid time")))))
}

fn one_of(field: &'static str, raw: &str, allowed: &[&str]) -> Result<String, ApiError> {
    let v = raw.trim().to_ascii_lowercase();
    if allowed.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(ApiError::invalid_query(field, format!("phải là một trong / must be one of: {}", allowed.join(", "))))
    }
}

/// The request the index understands, from the query string.
pub fn request(p: &SearchParams) -> Result<(SearchRequest, i64, i64), ApiError> {
    let query = clean_query(p.q.as_deref())?;
    let kinds = match non_empty(&p.kind) {
        Some(list) => list
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|k| one_of("type", k, &KINDS))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let site_id = match non_empty(&p.site) {
        Some(s) => Some(s.trim().parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
            ApiError::invalid_query("site", "mã trang phải là số nguyên dương / site must be a positive integer")
        })?),
        None => None,
    };
    let level = non_empty(&p.level).map(|l| one_of("level", l, &LEVELS)).transpose()?;
    let province = match non_empty(&p.province) {
        Some(pr) if pr.len() <= 3 && pr.chars().all(|c| c.is_ascii_digit()) => Some(format!("{:0>2}", pr)),
        Some(_) => {
            return Err(ApiError::invalid_query("province", "mã tỉnh là số (vd. 38) / a province code such as 38"));
        }
        None => None,
    };
    let unit = match non_empty(&p.unit) {
        Some(u) if u.len() <= 64 && !u.chars().any(char::is_control) => Some(u.trim().to_string()),
        Some(_) => return Err(ApiError::invalid_query("unit", "mã đơn vị không hợp lệ / invalid unit id")),
        None => None,
    };
    let from = parse_day("from", non_empty(&p.from), false)?;
    let to = parse_day("to", non_empty(&p.to), true)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::invalid_query("from", "from phải trước to / from must not be after to"));
    }
    let sort = match non_empty(&p.sort).map(|s| one_of("sort", s, &["relevance", "date"])).transpose()?.as_deref() {
        Some("date") => Sort::Date,
        _ => Sort::Relevance,
    };
    let page = parse_int("page", non_empty(&p.page), 1, 1, MAX_PAGE)?;
    let limit = parse_int("limit", non_empty(&p.limit), DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let no_filter = kinds.is_empty() && site_id.is_none() && level.is_none() && province.is_none() && unit.is_none();
    if query.is_empty() && no_filter && from.is_none() && to.is_none() {
        return Err(ApiError::invalid_query("q", "hãy nhập từ khóa tìm kiếm / enter something to search for"));
    }
    let request = SearchRequest {
        query,
        kinds,
        site_id,
        unit_id: unit,
        level,
        province,
        from,
        to,
        sort,
        offset: ((page - 1) * limit) as usize,
        limit: limit as usize,
        related_for: 5,
        now: Utc::now(),
    };
    Ok((request, page, limit))
}

/// `GET /api/v1/search`.
pub async fn search(State(state): State<AppState>, ApiQuery(p): ApiQuery<SearchParams>) -> Result<Response, ApiError> {
    let (req, page, limit) = request(&p)?;
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let query = req.query.clone();
    let results = tokio::task::spawn_blocking(move || index.search(&req))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    // Query analytics: one entry per search asked (later pages of it are not new searches).
    if page == 1 {
        crate::search_analytics::log_search(&state, &query, results.total);
    }
    let best_bets = crate::best_bets::for_search(&state, &query, page).await;
    let answer = SearchAnswer {
        query,
        total: results.total,
        page,
        limit,
        did_you_mean: results.did_you_mean,
        best_bets,
        facets: results.facets,
        results: results.hits,
    };
    let mut response = Json(answer).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=30"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    q: Option<String>,
    limit: Option<String>,
}

/// `GET /api/v1/suggest?q=` → `["q", ["title", ...]]`, the OpenSearch suggestions shape.
pub async fn suggest(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SuggestParams>,
) -> Result<Response, ApiError> {
    let q = clean_query(p.q.as_deref())?;
    let limit = parse_int("limit", non_empty(&p.limit), 8, 1, 20)? as usize;
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let prefix = q.clone();
    let titles = tokio::task::spawn_blocking(move || index.suggest(&prefix, limit))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut response = Json(serde_json::json!([q, titles])).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    Ok(response)
}
