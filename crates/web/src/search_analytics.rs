//! Query analytics for operators: `GET /search/click` records a followed result and sends the
//! browser on (only to registered sites: never an open redirect), and
//! `GET /api/v1/search/analytics` shows the top queries, the queries that found nothing and the
//! results followed. Searches themselves are logged by [`crate::search::search`].

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use ketnoi_store::{ClickStat, QueryStat, SiteQuery, Store};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{ApiQuery, non_empty, parse_int};
use crate::search::{MAX_LIMIT, MAX_PAGE, clean_query};

/// The longest URL a click may name (the register's own limit).
const MAX_URL_CHARS: usize = 2048;
pub const DEFAULT_DAYS: i64 = 30;
pub const MAX_DAYS: i64 = 366;
pub const DEFAULT_ANALYTICS_LIMIT: i64 = 20;
pub const MAX_ANALYTICS_LIMIT: i64 = 100;

/// Records a search (called after the answer is built; a failure is only a warning, the search
/// itself has answered). Runs in the background so a busy store never slows a search.
pub fn log_search(state: &AppState, query: &str, results: usize) {
    if query.trim().is_empty() {
        return;
    }
    let store = state.store.clone();
    let query = query.to_string();
    let results = i64::try_from(results).unwrap_or(i64::MAX);
    tokio::spawn(async move {
        if let Err(e) = store.search_log_query(&query, results, Utc::now()).await {
            tracing::warn!(error = %e, "could not log a search");
        }
    });
}

#[derive(Debug, Deserialize)]
pub struct ClickParams {
    q: Option<String>,
    url: Option<String>,
    pos: Option<String>,
}

/// The URL, if it is an http(s) address on the host of a registered site.
async fn registered_url(store: &dyn Store, raw: &str) -> Result<url::Url, ApiError> {
    let refuse =
        || ApiError::invalid_query("url", "url không thuộc trang nào đã đăng ký / url is not on a registered site");
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(ApiError::invalid_query("url", format!("url dài quá {MAX_URL_CHARS} ký tự / url too long")));
    }
    let url = url::Url::parse(raw).map_err(|_| refuse())?;
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return Err(refuse());
    }
    let host = url.host_str().ok_or_else(refuse)?.to_ascii_lowercase();
    // Registers spell hosts with and without `www.`; either spelling names the site.
    let bare = host.strip_prefix("www.").unwrap_or(&host).to_string();
    for candidate in [bare.clone(), format!("www.{bare}")] {
        let query = SiteQuery { host: Some(candidate), limit: 1, ..Default::default() };
        if store.list_sites(&query).await?.total > 0 {
            return Ok(url);
        }
    }
    Err(refuse())
}

/// `GET /search/click?q=&url=&pos=`: logs the click, then 303 to the URL. Only URLs on registered
/// sites are followed (anything else is `invalid_query`), so the hub never redirects to a stranger.
pub async fn click(State(state): State<AppState>, ApiQuery(p): ApiQuery<ClickParams>) -> Result<Response, ApiError> {
    let raw = non_empty(&p.url).ok_or_else(|| ApiError::invalid_query("url", "cần url / url is required"))?;
    let query = clean_query(p.q.as_deref())?;
    let position = match non_empty(&p.pos) {
        Some(pos) => Some(parse_int("pos", Some(pos), 1, 1, MAX_PAGE * MAX_LIMIT)?),
        None => None,
    };
    let url = registered_url(state.store.as_ref(), raw.trim()).await?;
    let location = HeaderValue::try_from(url.as_str())
        .map_err(|_| ApiError::invalid_query("url", "url không hợp lệ / invalid url"))?;
    if let Err(e) = state.store.search_log_click(&query, url.as_str(), position, Utc::now()).await {
        tracing::warn!(error = %e, "could not log a search click");
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, location);
    // Every click must reach the server to be counted.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct AnalyticsParams {
    days: Option<String>,
    limit: Option<String>,
}

#[derive(Debug, Serialize)]
struct Analytics {
    days: i64,
    since: DateTime<Utc>,
    top_queries: Vec<QueryStat>,
    zero_result_queries: Vec<QueryStat>,
    top_clicks: Vec<ClickStat>,
}

/// `GET /api/v1/search/analytics?days=30&limit=20` (operators): what was asked over the last
/// `days` days.
pub async fn analytics(
    _: Admin,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<AnalyticsParams>,
) -> Result<Response, ApiError> {
    let days = parse_int("days", non_empty(&p.days), DEFAULT_DAYS, 1, MAX_DAYS)?;
    let limit = parse_int("limit", non_empty(&p.limit), DEFAULT_ANALYTICS_LIMIT, 1, MAX_ANALYTICS_LIMIT)?;
    let since = Utc::now() - Duration::days(days);
    let answer = Analytics {
        days,
        since,
        top_queries: state.store.search_top_queries(since, limit).await?,
        zero_result_queries: state.store.search_zero_result_queries(since, limit).await?,
        top_clicks: state.store.search_top_clicks(since, limit).await?,
    };
    let mut response = Json(answer).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
