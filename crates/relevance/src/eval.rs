use std::fmt::{self, Write as _};
use std::time::Instant;

use serde::Serialize;

use crate::{Dataset, Engine, K, mrr_at, ndcg_at, recall_at};

/// Mean scores of one engine over a set of queries (at cut-off [`K`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub mrr: f64,
    pub ndcg: f64,
    pub recall: f64,
}

/// How one engine ran.
#[derive(Debug, Clone, Serialize)]
pub struct EngineRun {
    pub name: String,
    pub index_ms: f64,
    /// Mean time per query.
    pub search_ms: f64,
    /// Indexing error: the engine then scores 0 everywhere.
    pub error: Option<String>,
}

/// One row of the table: a query group (or `all`), with one [`Scores`] per engine.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub queries: usize,
    pub scores: Vec<Scores>,
}

/// Per-query detail: scores and ranked ids per engine (not in the JSON form).
#[derive(Debug, Clone)]
pub struct QueryRow {
    pub id: String,
    pub group: String,
    pub text: String,
    pub scores: Vec<Scores>,
    pub ranked: Vec<Vec<String>>,
}

/// Result of [`evaluate`]: engines in the order given, rows = groups then `all`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dataset: String,
    pub docs: usize,
    pub k: usize,
    pub engines: Vec<EngineRun>,
    pub groups: Vec<GroupRow>,
    #[serde(skip)]
    pub per_query: Vec<QueryRow>,
}

/// Indexes `ds.docs` into every engine, runs every query, and scores the top [`K`] results
/// (duplicate ids in an engine's answer are dropped, first occurrence kept).
pub fn evaluate(engines: &mut [Box<dyn Engine>], ds: &Dataset) -> Report {
    let mut runs = Vec::new();
    let mut ranked_by_engine: Vec<Vec<Vec<String>>> = Vec::new();
    for engine in engines.iter_mut() {
        let name = engine.name();
        let t = Instant::now();
        let error = engine.index(&ds.docs).err().map(|e| e.to_string());
        let index_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let ranked: Vec<Vec<String>> = ds
            .queries
            .iter()
            .map(|q| {
                if error.is_some() {
                    return Vec::new();
                }
                let mut out: Vec<String> = Vec::new();
                for id in engine.search(&q.text, K) {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
                out.truncate(K);
                out
            })
            .collect();
        let search_ms = t.elapsed().as_secs_f64() * 1e3 / ds.queries.len().max(1) as f64;
        runs.push(EngineRun { name, index_ms, search_ms, error });
        ranked_by_engine.push(ranked);
    }

    let per_query: Vec<QueryRow> = ds
        .queries
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let ranked: Vec<Vec<String>> = ranked_by_engine.iter().map(|r| r[qi].clone()).collect();
            let scores = ranked
                .iter()
                .map(|r| Scores {
                    mrr: mrr_at(K, r, &q.relevant),
                    ndcg: ndcg_at(K, r, &q.relevant),
                    recall: recall_at(K, r, &q.relevant),
                })
                .collect();
            QueryRow { id: q.id.clone(), group: q.group.clone(), text: q.text.clone(), scores, ranked }
        })
        .collect();

    let mut groups: Vec<GroupRow> =
        ds.groups().into_iter().map(|g| mean_row(&g, per_query.iter().filter(|r| r.group == g), runs.len())).collect();
    groups.push(mean_row("all", per_query.iter(), runs.len()));

    Report { dataset: ds.name.clone(), docs: ds.docs.len(), k: K, engines: runs, groups, per_query }
}

fn mean_row<'a>(group: &str, rows: impl Iterator<Item = &'a QueryRow>, engines: usize) -> GroupRow {
    let mut sums = vec![Scores::default(); engines];
    let mut n = 0usize;
    for r in rows {
        n += 1;
        for (sum, s) in sums.iter_mut().zip(&r.scores) {
            sum.mrr += s.mrr;
            sum.ndcg += s.ndcg;
            sum.recall += s.recall;
        }
    }
    let d = n.max(1) as f64;
    GroupRow {
        group: group.to_string(),
        queries: n,
        scores: sums.into_iter().map(|s| Scores { mrr: s.mrr / d, ndcg: s.ndcg / d, recall: s.recall / d }).collect(),
    }
}

impl Report {
    /// Scores of `engine` (by name) on `group` (or `all`).
    pub fn score(&self, engine: &str, group: &str) -> Option<Scores> {
        let e = self.engines.iter().position(|r| r.name == engine)?;
        let g = self.groups.iter().find(|g| g.group == group)?;
        g.scores.get(e).copied()
    }

    /// The report as pretty JSON (without per-query detail).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serializes")
    }

    /// Plain-text table: rows = groups + `all`, columns = engine × {MRR@k, nDCG@k}.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let queries = self.groups.last().map_or(0, |g| g.queries);
        let _ = writeln!(out, "dataset {} — {} docs, {} queries, k = {}", self.dataset, self.docs, queries, self.k);
        let mrr = format!("MRR@{}", self.k);
        let ndcg = format!("nDCG@{}", self.k);
        let col =
            self.engines.iter().map(|e| e.name.chars().count()).max().unwrap_or(0).max(mrr.len() + ndcg.len() + 3);
        let gw = self.groups.iter().map(|g| g.group.chars().count()).max().unwrap_or(5).max(5);
        let _ = write!(out, "{:<gw$} {:>5}", "group", "n");
        for e in &self.engines {
            let _ = write!(out, " | {:<col$}", e.name);
        }
        out.push('\n');
        let _ = write!(out, "{:<gw$} {:>5}", "", "");
        for _ in &self.engines {
            let header = format!("{mrr:>ml$}  {ndcg:>nl$}", ml = mrr.len(), nl = ndcg.len());
            let _ = write!(out, " | {header:<col$}");
        }
        out.push('\n');
        let width = gw + 6 + self.engines.len() * (col + 3);
        let _ = writeln!(out, "{}", "-".repeat(width));
        for g in &self.groups {
            if g.group == "all" {
                let _ = writeln!(out, "{}", "-".repeat(width));
            }
            let _ = write!(out, "{:<gw$} {:>5}", g.group, g.queries);
            for s in &g.scores {
                let cell = format!("{:>ml$.3}  {:>nl$.3}", s.mrr, s.ndcg, ml = mrr.len(), nl = ndcg.len());
                let _ = write!(out, " | {cell:<col$}");
            }
            out.push('\n');
        }
        for e in &self.engines {
            let _ = write!(out, "\n{}: index {:.0} ms, {:.2} ms/query", e.name, e.index_ms, e.search_ms);
            if let Some(err) = &e.error {
                let _ = write!(out, " — INDEX FAILED: {err}");
            }
        }
        out.push('\n');
        out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
    }
}

impl Report {
    /// Per-query listing: text, each engine's nDCG and its first `top` ids, the judged ids
    /// marked with their grade (`[3]`).
    pub fn detail(&self, ds: &Dataset, top: usize) -> String {
        let mut out = String::new();
        for (row, q) in self.per_query.iter().zip(&ds.queries) {
            let _ = writeln!(out, "\n{} [{}] {}", row.id, row.group, row.text);
            for (e, engine) in self.engines.iter().enumerate() {
                let ids: Vec<String> = row.ranked[e]
                    .iter()
                    .take(top)
                    .map(|id| match q.relevant.get(id) {
                        Some(g) => format!("{id}[{g}]"),
                        None => id.clone(),
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "  {:<16} rr {:.2} ndcg {:.2}  {}",
                    engine.name,
                    row.scores[e].mrr,
                    row.scores[e].ndcg,
                    ids.join(" ")
                );
            }
        }
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.table())
    }
}
