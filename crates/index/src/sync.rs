//! Keeps the index in step with the store, which stays the source of truth: pages the crawler
//! fetched and documents pushed by sites are indexed, pages gone are removed. The position
//! reached, (fetched_at, id), is kept in the index's commit payload, atomic with the data, so a
//! crash never skips or loses a page: the next sync starts from the last commit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ketnoi_domain::{CrawlUrl, UnitLevel, UrlState};
use ketnoi_extract::Document;
use ketnoi_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::document::IndexDoc;
use crate::error::IndexError;
use crate::index::SearchIndex;

/// Rows read from the store at a time.
const BATCH: i64 = 500;
/// How far behind "now" the sync reads: concurrent crawl writers commit their fetched_at
/// values slightly out of order, and a row committed late must not fall behind the watermark.
pub const DEFAULT_LAG: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncCounts {
    pub indexed: u64,
    pub removed: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Watermark {
    fetched_at: Option<DateTime<Utc>>,
    id: i64,
}

/// What the index shows of a site and its unit.
#[derive(Debug, Clone, Default)]
pub struct SiteInfo {
    pub site_name: String,
    pub unit_id: Option<String>,
    pub unit_name: String,
    pub level: String,
    pub province: String,
    pub official: bool,
}

/// The index document for a stored page (pure).
pub fn index_doc(row: &CrawlUrl, doc: &Document, site: &SiteInfo) -> IndexDoc {
    let mut text = String::new();
    if let Some(d) = &doc.description {
        text.push_str(d);
        text.push_str("\n\n");
    }
    text.push_str(&doc.main_text);
    let kind = serde_json::to_value(doc.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    IndexDoc {
        url: row.url.clone(),
        version: row.fetched_at.map_or(0, |t| t.timestamp_micros()),
        title: doc.title.clone().unwrap_or_default(),
        text,
        kind,
        numbers: doc.legal.as_ref().and_then(|l| l.number.clone()).into_iter().collect(),
        site_id: Some(row.site_id),
        site_name: site.site_name.clone(),
        unit_id: site.unit_id.clone(),
        unit_name: site.unit_name.clone(),
        level: site.level.clone(),
        province: site.province.clone(),
        published: doc.published.or(doc.updated).map(|t| t.with_timezone(&Utc)),
        // One legal document republished by many portals has one number; other pages cluster
        // by identical text.
        cluster: doc
            .legal
            .as_ref()
            .and_then(|l| l.number.as_deref())
            .and_then(crate::analysis::canonical_doc_number)
            .map(|n| format!("so:{n}"))
            .unwrap_or_else(|| doc.content_hash.clone()),
        official: site.official,
    }
}

/// Site and unit facts, looked up once per site.
pub async fn site_info(store: &dyn Store, site_id: i64) -> Result<SiteInfo, StoreError> {
    let Some(site) = store.get_site(site_id).await? else { return Ok(SiteInfo::default()) };
    let mut info = SiteInfo { site_name: site.input.name.clone(), official: true, ..Default::default() };
    if let Some(unit_id) = &site.input.unit_id
        && let Some(unit) = store.get_unit(unit_id).await?
    {
        info.unit_id = Some(unit.id.clone());
        info.unit_name = unit.name.clone();
        info.level = match unit.level {
            UnitLevel::Central => "central",
            UnitLevel::Province => "province",
            UnitLevel::District | UnitLevel::Commune => "commune",
        }
        .to_string();
        // The province: the unit itself or the first ancestor at province level.
        let mut current = Some(unit);
        for _ in 0..4 {
            let Some(u) = current else { break };
            if u.level == UnitLevel::Province {
                info.province = u.code.clone().unwrap_or(u.id.clone());
                break;
            }
            current = match &u.parent_id {
                Some(p) => store.get_unit(p).await?,
                None => None,
            };
        }
    }
    Ok(info)
}

/// Indexes every row answered since the last sync (up to `now - lag`), then commits.
pub async fn sync_once(
    index: &SearchIndex,
    store: &dyn Store,
    now: DateTime<Utc>,
    lag: Duration,
) -> Result<SyncCounts, SyncError> {
    let mut mark: Watermark = index.payload()?.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default();
    let until = now - chrono::Duration::from_std(lag).unwrap_or_default();
    let mut sites: HashMap<i64, SiteInfo> = HashMap::new();
    let mut counts = SyncCounts::default();
    loop {
        let after = mark.fetched_at.map(|t| (t, mark.id));
        let rows = store.crawl_changes(after, until, BATCH).await?;
        if rows.is_empty() {
            break;
        }
        for (row, document) in &rows {
            let doc = document.as_deref().and_then(|d| serde_json::from_str::<Document>(d).ok());
            // A 304 keeps the stored document: it is indexed again (cheap, and it repairs an
            // index rebuilt from scratch); anything no longer a page leaves the index.
            match doc {
                Some(doc) if row.state == UrlState::Fetched && row.is_page() => {
                    let info = match sites.get(&row.site_id) {
                        Some(info) => info.clone(),
                        None => {
                            let info = site_info(store, row.site_id).await?;
                            sites.insert(row.site_id, info.clone());
                            info
                        }
                    };
                    index.upsert(&index_doc(row, &doc, &info))?;
                    counts.indexed += 1;
                }
                _ => {
                    if index.delete(&row.url)? {
                        counts.removed += 1;
                    }
                }
            }
            mark = Watermark { fetched_at: row.fetched_at, id: row.id };
        }
        index.commit_with_payload(Some(serde_json::to_string(&mark).unwrap_or_default()))?;
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    Ok(counts)
}

/// Syncs every `interval` until `stop` turns true.
pub async fn run(index: Arc<SearchIndex>, store: Arc<dyn Store>, interval: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        match sync_once(&index, store.as_ref(), Utc::now(), DEFAULT_LAG).await {
            Ok(c) if c.indexed + c.removed > 0 => {
                tracing::info!(indexed = c.indexed, removed = c.removed, "search index updated")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "search index sync failed; retrying"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            Ok(_) = stop.wait_for(|s| *s) => return,
        }
    }
}
