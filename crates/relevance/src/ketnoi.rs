//! ketnoi's own engine in the harness: the real index (Vietnamese analysis, field boosts,
//! document numbers, abbreviations) in memory, queried exactly as the search API does.

use chrono::{DateTime, NaiveDate, Utc};
use ketnoi_index::{IndexDoc, SearchIndex, SearchRequest};

use crate::{Doc, Engine, Error};

pub struct Ketnoi {
    index: Option<SearchIndex>,
}

impl Ketnoi {
    pub fn new() -> Self {
        Ketnoi { index: None }
    }
}

impl Default for Ketnoi {
    fn default() -> Self {
        Self::new()
    }
}

fn published(raw: Option<&str>) -> Option<DateTime<Utc>> {
    let raw = raw?;
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
}

impl Engine for Ketnoi {
    fn name(&self) -> String {
        "ketnoi".into()
    }

    fn index(&mut self, docs: &[Doc]) -> Result<(), Error> {
        let index = SearchIndex::in_ram()?;
        for d in docs {
            index.upsert(&IndexDoc {
                url: d.id.clone(),
                version: 1,
                title: d.title.clone(),
                text: d.body.clone(),
                kind: d.kind.clone().unwrap_or_default(),
                numbers: d.number.clone().into_iter().collect(),
                published: published(d.published.as_deref()),
                cluster: d.id.clone(),
                ..Default::default()
            })?;
        }
        index.commit()?;
        self.index = Some(index);
        Ok(())
    }

    fn search(&self, query: &str, k: usize) -> Vec<String> {
        let Some(index) = &self.index else { return vec![] };
        // A fixed "now" keeps freshness (a ranking factor) the same in every run.
        let now =
            DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default();
        let request = SearchRequest { query: query.to_string(), limit: k, now, ..Default::default() };
        index.search(&request).map(|r| r.hits.into_iter().map(|h| h.url).collect()).unwrap_or_default()
    }
}
