//! Push ingest (like Search.gov's i14y): a registered site sends its documents instead of waiting
//! for the crawler. `POST`/`PUT /api/v1/documents` store the document (the store stays the source
//! of truth, as a frontier row of source `push`) and index it at once; `DELETE` removes both.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use ketnoi_domain::{CrawlUrl, UrlSource, UrlState, UrlUpdate};
use ketnoi_extract::{DocKind, Document, LegalFields};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, non_empty};
use crate::search::KINDS;

const MAX_TITLE_CHARS: usize = 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedDocument {
    url: String,
    site: i64,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    content: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    signer: Option<String>,
}

fn invalid(field: &'static str, reason: &str) -> ApiError {
    ApiError::invalid_query(field, reason.to_string())
}

fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim()).map(|t| t.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
    })
}

fn kind_of(raw: &str) -> DocKind {
    match raw {
        "news" => DocKind::News,
        "legal_document" => DocKind::LegalDocument,
        "public_service" => DocKind::PublicService,
        "media" => DocKind::Media,
        "dataset" => DocKind::Dataset,
        _ => DocKind::Other,
    }
}

/// Checks the document against its site and builds what the store and index keep.
async fn prepare(state: &AppState, d: PushedDocument) -> Result<(i64, String, Document), ApiError> {
    let site = state.store.get_site(d.site).await?.ok_or(ApiError::SiteNotFound(d.site))?;
    let url = url::Url::parse(d.url.trim())
        .map_err(|_| invalid("url", "url phải là địa chỉ tuyệt đối / url must be absolute"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("url", "chỉ nhận http hoặc https / http or https only"));
    }
    let host = url.host_str().unwrap_or("").trim_start_matches("www.").to_ascii_lowercase();
    let belongs = site
        .input
        .urls
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .any(|u| u.host_str().is_some_and(|h| h.trim_start_matches("www.").eq_ignore_ascii_case(&host)));
    if !belongs {
        return Err(invalid("url", "url không thuộc trang đã đăng ký này / url is not on this registered site"));
    }
    let title = d.title.trim().to_string();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(invalid(
            "title",
            "cần tiêu đề (tối đa 1000 ký tự) / a title of at most 1000 characters is required",
        ));
    }
    let kind = match d.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) if KINDS.contains(&k) => k.to_string(),
        Some(_) => return Err(invalid("type", "loại không hợp lệ / unknown type")),
        None => "other".to_string(),
    };
    let published = match d.published.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(parse_time(p).ok_or_else(|| invalid("published", "ngày không hợp lệ / invalid date"))?),
        None => None,
    };
    let text = ketnoi_domain::text::nfc(&d.content);
    let legal = (d.number.is_some() || d.issuer.is_some() || d.signer.is_some()).then(|| LegalFields {
        number: d.number.clone(),
        issuer: d.issuer.clone(),
        signer: d.signer.clone(),
        ..Default::default()
    });
    let doc = Document {
        url: url.to_string(),
        canonical: None,
        title: Some(ketnoi_domain::text::nfc(&title)),
        description: d.description.as_deref().map(ketnoi_domain::text::nfc),
        keywords: vec![],
        language: Some("vi".into()),
        content_hash: ketnoi_extract::content_hash(&text),
        simhash: ketnoi_extract::simhash(&text),
        main_text: text,
        published: published.map(|t| t.fixed_offset()),
        updated: None,
        dublin_core: Default::default(),
        opengraph: Default::default(),
        json_ld: vec![],
        robots: Default::default(),
        links: vec![],
        attachments: vec![],
        legal,
        kind: kind_of(&kind),
    };
    Ok((site.id, url.to_string(), doc))
}

fn blank(site_id: i64, url: &str, now: DateTime<Utc>) -> CrawlUrl {
    CrawlUrl {
        id: 0,
        site_id,
        url: url.to_string(),
        source: UrlSource::Push,
        depth: 0,
        state: UrlState::Fetched,
        next_fetch_at: now,
        sitemap_lastmod: None,
        etag: None,
        last_modified: None,
        status: None,
        fetched_at: None,
        changed_at: None,
        interval_secs: 0,
        failures: 0,
        last_error: None,
        content_hash: None,
        simhash: None,
        kind: None,
        title: None,
        canonical: None,
        noindex: false,
    }
}

async fn save(state: &AppState, d: PushedDocument) -> Result<(bool, String), ApiError> {
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let (site_id, url, doc) = prepare(state, d).await?;
    let now = Utc::now();
    let existed = state.store.crawl_url(site_id, &url).await?;
    let mut row = existed.clone().unwrap_or_else(|| blank(site_id, &url, now));
    row.state = UrlState::Fetched;
    row.source = UrlSource::Push;
    row.status = Some(200);
    row.fetched_at = Some(now);
    row.changed_at = Some(now);
    row.canonical = None;
    row.noindex = false;
    // Pushed documents are the site's to update: the crawler never fetches them.
    row.next_fetch_at = now + chrono::Duration::days(365 * 100);
    let mut upd = UrlUpdate::from_row(&row);
    upd.content_hash = Some(doc.content_hash.clone());
    upd.simhash = Some(doc.simhash as i64);
    upd.title = doc.title.clone();
    upd.kind = serde_json::to_value(doc.kind).ok().and_then(|v| v.as_str().map(str::to_string));
    upd.document = Some(serde_json::to_string(&doc).map_err(|e| ApiError::Internal(e.to_string()))?);
    state.store.crawl_record(site_id, &[upd], &[], now).await?;
    let info = ketnoi_index::sync::site_info(state.store.as_ref(), site_id).await?;
    let indexed = ketnoi_index::sync::index_doc(&row, &doc, &info);
    tokio::task::spawn_blocking(move || {
        index.upsert(&indexed)?;
        index.commit()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((existed.is_some_and(|r| r.state == UrlState::Fetched), url))
}

/// `POST /api/v1/documents`: 201 for a new document, 200 when it replaced one.
pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    ApiJson(d): ApiJson<PushedDocument>,
) -> Result<Response, ApiError> {
    let (replaced, url) = save(&state, d).await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(serde_json::json!({ "url": url, "indexed": true }))).into_response())
}

/// `PUT /api/v1/documents`: creates or replaces.
pub async fn replace(
    _: Admin,
    State(state): State<AppState>,
    ApiJson(d): ApiJson<PushedDocument>,
) -> Result<Response, ApiError> {
    let (_, url) = save(&state, d).await?;
    Ok(Json(serde_json::json!({ "url": url, "indexed": true })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DeleteParams {
    site: Option<String>,
    url: Option<String>,
}

/// `DELETE /api/v1/documents?site=ID&url=URL`: 204, or `document_not_found`.
pub async fn delete(
    _: Admin,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<DeleteParams>,
) -> Result<Response, ApiError> {
    let site_id = non_empty(&p.site)
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| invalid("site", "cần mã trang / site is required"))?;
    let url = non_empty(&p.url).ok_or_else(|| invalid("url", "cần url / url is required"))?.trim().to_string();
    let index = state.search.clone().ok_or(ApiError::SearchUnavailable)?;
    let row = state.store.crawl_url(site_id, &url).await?;
    let Some(row) = row.filter(|r| r.state != UrlState::Gone) else {
        return Err(ApiError::DocumentNotFound(url));
    };
    let now = Utc::now();
    let mut upd = UrlUpdate::from_row(&row);
    upd.state = UrlState::Gone;
    upd.drop_document = true;
    upd.fetched_at = Some(now);
    state.store.crawl_record(site_id, &[upd], &[], now).await?;
    tokio::task::spawn_blocking(move || {
        index.delete(&url)?;
        index.commit()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
