//! Operator "best bets" (like Search.gov's): a URL with a title and optional description pinned
//! to a query and shown above the organic results of that query, on the first page only.
//! `GET`/`POST /api/v1/search/best-bets` and `DELETE /api/v1/search/best-bets/{id}` are for
//! operators; [`for_search`] is what the search API and page ask.
//!
//! Entries are matched on [`ketnoi_store::best_bets::query_key`]: case, spacing and tone marks
//! do not matter, so "dich vu cong" shows what was pinned to "dịch vụ công".

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ketnoi_domain::{DomainError, error::FieldError};
use ketnoi_store::{BestBet, StoreError};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, non_empty, parse_int, parse_record_id};

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 2000;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
pub const DEFAULT_LIST_LIMIT: i64 = 50;
pub const MAX_LIST_LIMIT: i64 = 200;
pub const MAX_LIST_OFFSET: i64 = 1_000_000;

/// A best bet as the public search answer shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Pinned {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
}

/// The best bets of `query` for a search answer: only on page 1 and for a non-empty query. A store
/// that cannot answer leaves them out (with a warning); the search itself still answers.
pub async fn for_search(state: &AppState, query: &str, page: i64) -> Vec<Pinned> {
    if page != 1 || query.trim().is_empty() {
        return Vec::new();
    }
    match state.store.best_bets_for(query).await {
        Ok(bets) => {
            bets.into_iter().map(|b| Pinned { url: b.url, title: b.title, description: b.description }).collect()
        }
        Err(e) => {
            tracing::warn!(error = %e, "search: best bets unavailable");
            Vec::new()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Debug, Serialize)]
struct List {
    limit: i64,
    offset: i64,
    best_bets: Vec<BestBet>,
}

fn private(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// `GET /api/v1/search/best-bets?limit=50&offset=0` (operators): every best bet, by query key then
/// position.
pub async fn list(
    _: Admin,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    let limit = parse_int("limit", non_empty(&p.limit), DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT)?;
    let offset = parse_int("offset", non_empty(&p.offset), 0, 0, MAX_LIST_OFFSET)?;
    let best_bets = state.store.best_bets_list(limit, offset).await?;
    Ok(private(Json(List { limit, offset, best_bets }).into_response()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBestBet {
    query: String,
    url: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
}

/// What was checked: (query, url, title, description), trimmed; every bad field at once.
fn validate(body: &NewBestBet) -> Result<(String, String, String, Option<String>), DomainError> {
    let mut errors = Vec::new();
    let mut bad = |field: &'static str, reason: String| errors.push(FieldError { field, reason });
    // Control characters are spaces, as in a search query.
    let clean =
        |s: &str| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string();
    let query = clean(&body.query);
    let n = query.chars().count();
    if n == 0 || n > MAX_QUERY_CHARS {
        bad(
            "query",
            format!("từ khóa phải có 1–{MAX_QUERY_CHARS} ký tự / the query must be 1–{MAX_QUERY_CHARS} characters"),
        );
    }
    let title = clean(&body.title);
    let n = title.chars().count();
    if n == 0 || n > MAX_TITLE_CHARS {
        bad(
            "title",
            format!("tiêu đề phải có 1–{MAX_TITLE_CHARS} ký tự / the title must be 1–{MAX_TITLE_CHARS} characters"),
        );
    }
    let description = body.description.as_deref().map(clean).filter(|d| !d.is_empty());
    if description.as_ref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS) {
        bad(
            "description",
            format!(
                "mô tả dài quá {MAX_DESCRIPTION_CHARS} ký tự / the description exceeds {MAX_DESCRIPTION_CHARS} characters"
            ),
        );
    }
    let raw = body.url.trim();
    let url = if raw.chars().count() > MAX_URL_CHARS {
        bad("url", format!("địa chỉ dài quá {MAX_URL_CHARS} ký tự / the URL exceeds {MAX_URL_CHARS} characters"));
        String::new()
    } else {
        match url::Url::parse(raw) {
            Ok(u)
                if matches!(u.scheme(), "http" | "https")
                    && u.host().is_some()
                    && u.username().is_empty()
                    && u.password().is_none() =>
            {
                u.to_string()
            }
            _ => {
                bad("url", "phải là địa chỉ http(s) đầy đủ / must be an absolute http(s) URL".to_string());
                String::new()
            }
        }
    };
    if errors.is_empty() { Ok((query, url, title, description)) } else { Err(DomainError::Invalid(errors)) }
}

/// `POST /api/v1/search/best-bets` (operators): pins `url` to `query`, after the entries already
/// pinned to it. The same URL twice on one query is `best_bet_exists`.
pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewBestBet>,
) -> Result<Response, ApiError> {
    let (query, url, title, description) = validate(&body)?;
    let bet = state.store.best_bet_add(&query, &url, &title, description.as_deref()).await?;
    Ok(private((StatusCode::CREATED, Json(bet)).into_response()))
}

/// `DELETE /api/v1/search/best-bets/{id}` (operators).
pub async fn delete(_: Admin, State(state): State<AppState>, ApiPath(raw): ApiPath) -> Result<StatusCode, ApiError> {
    let id = parse_record_id(&raw)?;
    state.store.best_bet_delete(id).await.map_err(|e| match e {
        StoreError::NotFound(_) => ApiError::BestBetNotFound(id),
        e => e.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(query: &str, url: &str, title: &str) -> NewBestBet {
        NewBestBet { query: query.into(), url: url.into(), title: title.into(), description: Some("  ".into()) }
    }

    #[test]
    fn input_is_checked_and_trimmed() {
        let (q, u, t, d) = validate(&body(" dịch vụ công ", "https://DichVuCong.gov.vn", " Cổng ")).unwrap();
        assert_eq!(
            (q.as_str(), u.as_str(), t.as_str(), d),
            ("dịch vụ công", "https://dichvucong.gov.vn/", "Cổng", None)
        );
        let e = validate(&body(" ", "ftp://a.gov.vn/", "")).unwrap_err();
        let fields: Vec<_> = e.fields().iter().map(|f| f.field).collect();
        assert_eq!(fields, ["query", "title", "url"]);
        assert!(validate(&body(&"a".repeat(201), "https://a.gov.vn/", "t")).is_err());
        assert!(validate(&body("q", &format!("https://a.gov.vn/{}", "a".repeat(2000)), "t")).is_err());
        assert!(validate(&body("q", "https://u:p@a.gov.vn/", "t")).is_err());
        assert!(validate(&body("q", "/relative", "t")).is_err());
    }
}
