//! Relevance measurement for ketnoi.
//!
//! * [`Dataset`]: a fixed corpus of [`Doc`]s and judged [`Query`]s ([`test_set`], [`xquad`]);
//! * [`Engine`]: anything that indexes documents and returns ranked doc ids;
//! * baselines: [`TantivyDefault`] (tantivy, default tokenizer) and [`SqliteFts5`]
//!   (SQLite FTS5, `unicode61 remove_diacritics 2`);
//! * metrics: [`mrr_at`], [`ndcg_at`], [`recall_at`]; [`evaluate`] runs every engine on the
//!   same dataset in the same run and gives a [`Report`] per query group and overall.

mod baselines;
mod dataset;
mod eval;
mod fold;
mod ketnoi;
mod metrics;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use baselines::{SqliteFts5, TantivyDefault, query_phrases};
pub use dataset::{test_set, xquad};
pub use eval::{EngineRun, GroupRow, QueryRow, Report, Scores, evaluate};
pub use fold::fold;
pub use ketnoi::Ketnoi;
pub use metrics::{mrr_at, ndcg_at, recall_at};

/// Boxed error used across the crate.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Cut-off used by the command and the reports.
pub const K: usize = 10;

/// A document of the fixed corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub body: String,
    /// `news`, `legal`, `procedure`, `media`, … (free text).
    #[serde(default)]
    pub kind: Option<String>,
    /// Document number of a legal text, as printed (`42/2022/NĐ-CP`).
    #[serde(default)]
    pub number: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
}

/// A judged query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    pub id: String,
    pub text: String,
    /// Query group (`toned`, `folded`, `docnum`, `abbrev`, `bigram`, …).
    pub group: String,
    /// Relevant doc id → grade 1..=3 (3 = exactly what was asked).
    pub relevant: BTreeMap<String, u8>,
}

/// A corpus with judged queries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    pub name: String,
    pub docs: Vec<Doc>,
    pub queries: Vec<Query>,
}

impl Dataset {
    /// Query groups in order of first appearance.
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for q in &self.queries {
            if !groups.contains(&q.group) {
                groups.push(q.group.clone());
            }
        }
        groups
    }
}

/// A search engine under test. `index` is called once with the whole corpus, then `search`
/// once per query; `search` returns doc ids, best first, at most `k` of them, and never panics
/// on odd input (empty text, punctuation, query-syntax characters).
pub trait Engine {
    fn name(&self) -> String;
    fn index(&mut self, docs: &[Doc]) -> Result<(), Error>;
    fn search(&self, query: &str, k: usize) -> Vec<String>;
}
