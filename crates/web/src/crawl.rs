//! What the crawler knows about a site: the report of its last run, the frontier by state and
//! the sitemaps it read (`/sites/{id}/crawl`), and the frontier itself page by page
//! (`/sites/{id}/pages`). Public like the other site reads: it is about public web pages and
//! holds neither contacts nor credentials.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use ketnoi_domain::{CrawlReport, CrawlUrl, SitemapState, UrlState};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, non_empty, parse_int, parse_record_id};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

/// A running crawl changes the frontier counts and page states every few seconds, and a
/// finished one replaces the report: a short shared lifetime lets dashboards that poll
/// (and proxies in front of them) share one answer without showing a state much older than
/// the crawl's own progress.
const CACHE_CONTROL: &str = "public, max-age=10";

/// `GET /api/v1/sites/{id}/crawl`.
#[derive(Debug, Serialize)]
pub struct SiteCrawl {
    site_id: i64,
    /// The last run's report; `None` (JSON `null`) while the site was never crawled.
    report: Option<CrawlReport>,
    /// Frontier rows by state, now (the report's `frontier` is as of the end of its run).
    frontier: BTreeMap<String, i64>,
    /// The sitemaps (and feeds) as last read.
    sitemaps: Vec<SitemapState>,
}

#[derive(Debug, Deserialize)]
pub struct PageParams {
    state: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

/// `GET /api/v1/sites/{id}/pages`.
#[derive(Debug, Serialize)]
pub struct PageList {
    total: i64,
    limit: i64,
    offset: i64,
    items: Vec<CrawlUrl>,
}

/// `GET /api/v1/sites/{id}/crawl`.
pub async fn report(State(state): State<AppState>, ApiPath(raw): ApiPath) -> Result<Response, ApiError> {
    let site_id = parse_record_id(&raw)?;
    ensure_site(&state, site_id).await?;
    let report = state.store.crawl_site_state(site_id).await?.and_then(|s| s.report);
    let frontier = state.store.crawl_counts(site_id).await?;
    let sitemaps = state.store.crawl_sitemaps(site_id).await?;
    Ok(cached(Json(SiteCrawl { site_id, report, frontier, sitemaps })))
}

/// `GET /api/v1/sites/{id}/pages?state=&limit=&offset=`.
pub async fn pages(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    // Every parameter is checked before the store is asked anything.
    let site_id = parse_record_id(&raw)?;
    let url_state = non_empty(&p.state).map(parse_state).transpose()?;
    let limit = parse_int("limit", non_empty(&p.limit), DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = parse_int("offset", non_empty(&p.offset), 0, 0, i64::MAX)?;
    ensure_site(&state, site_id).await?;
    let page = state.store.crawl_urls(site_id, url_state, limit, offset).await?;
    Ok(cached(Json(PageList { total: page.total, limit, offset, items: page.items })))
}

/// `site_not_found` unless the site is registered: the crawl tables alone would answer an
/// empty report for any id.
async fn ensure_site(state: &AppState, id: i64) -> Result<(), ApiError> {
    state.store.get_site(id).await?.ok_or(ApiError::SiteNotFound(id))?;
    Ok(())
}

/// A frontier state by name; the refusal lists the allowed names.
fn parse_state(raw: &str) -> Result<UrlState, ApiError> {
    UrlState::parse(raw).ok_or_else(|| {
        let allowed = UrlState::ALL.map(UrlState::as_str).join(", ");
        ApiError::invalid_query(
            "state",
            format!("trạng thái phải là một trong: {allowed} / state must be one of: {allowed}"),
        )
    })
}

fn cached(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_and_refusals_list_every_name() {
        assert_eq!(parse_state("fetched").ok(), Some(UrlState::Fetched));
        let err = parse_state("nope").unwrap_err();
        assert_eq!(err.code().as_str(), "invalid_query");
        let ApiError::InvalidQuery { field, reason } = err else { panic!("not invalid_query") };
        assert_eq!(field, "state");
        for s in UrlState::ALL {
            assert!(reason.contains(s.as_str()), "{reason}");
        }
    }
}
