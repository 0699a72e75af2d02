//! The two baselines: what a developer gets out of the box from tantivy and from SQLite FTS5.

use std::sync::Mutex;

use sqlx::sqlite::SqliteConnection;
use sqlx::{Connection, Row};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, STORED, STRING, Schema, TEXT, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, doc};

use crate::{Doc, Engine, Error};

/// Splits a user query into safe phrases for the baselines' query languages: the query is cut
/// at whitespace, and inside each piece every character that is not a letter, digit or
/// combining mark becomes a space. `42/2022/NĐ-CP` → `["42 2022 NĐ CP"]`,
/// `"AND" OR *:` → `["AND", "OR"]`. Each phrase is then quoted by the engine, so nothing the
/// user types is read as query syntax; a multi-word phrase keeps the adjacency that the
/// unquoted form would get from tantivy's QueryParser (which turns a token that its tokenizer
/// splits into a phrase query) and from FTS5 (same for a quoted string).
pub fn query_phrases(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|piece| {
            piece
                .chars()
                .map(|c| if c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c) { c } else { ' ' })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// tantivy 0.27 with its default tokenizer: schema `title` + `body` as `TEXT` (tokenizer
/// `default`: split on non-alphanumerics, drop tokens over 40 bytes, lowercase; no folding),
/// a `QueryParser` over both fields with default settings (OR of terms, BM25), lenient parsing
/// of the quoted phrases from [`query_phrases`].
pub struct TantivyDefault {
    state: Option<TantivyState>,
}

struct TantivyState {
    reader: IndexReader,
    parser: QueryParser,
    id: Field,
}

impl TantivyDefault {
    pub fn new() -> Self {
        Self { state: None }
    }
}

impl Default for TantivyDefault {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine for TantivyDefault {
    fn name(&self) -> String {
        "tantivy-default".into()
    }

    fn index(&mut self, docs: &[Doc]) -> Result<(), Error> {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        for d in docs {
            writer.add_document(doc!(
                id => d.id.as_str(),
                title => d.title.as_str(),
                body => d.body.as_str(),
            ))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let parser = QueryParser::for_index(&index, vec![title, body]);
        self.state = Some(TantivyState { reader, parser, id });
        Ok(())
    }

    fn search(&self, query: &str, k: usize) -> Vec<String> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let phrases = query_phrases(query);
        if phrases.is_empty() || k == 0 {
            return Vec::new();
        }
        let text = phrases.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(" ");
        let (parsed, _errors) = state.parser.parse_query_lenient(&text);
        let searcher = state.reader.searcher();
        let Ok(top) = searcher.search(&*parsed, &TopDocs::with_limit(k).order_by_score()) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(_score, addr)| {
                let d: TantivyDocument = searcher.doc(addr).ok()?;
                d.get_first(state.id).and_then(|v| v.as_str().map(str::to_owned))
            })
            .collect()
    }
}

/// SQLite FTS5 through sqlx (bundled SQLite, FTS5 compiled in): in-memory
/// `fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`, the query as quoted
/// phrases from [`query_phrases`] OR-ed together, ranked by `bm25(docs)`.
pub struct SqliteFts5 {
    runtime: tokio::runtime::Runtime,
    conn: Option<Mutex<SqliteConnection>>,
    ids: Vec<String>,
}

impl SqliteFts5 {
    pub fn new() -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        Ok(Self { runtime, conn: None, ids: Vec::new() })
    }

    /// The FTS5 MATCH expression for a user query, or `None` when nothing searchable is left.
    pub fn match_expr(query: &str) -> Option<String> {
        let phrases = query_phrases(query);
        if phrases.is_empty() {
            return None;
        }
        Some(phrases.iter().map(|p| format!("\"{}\"", p.replace('"', "\"\""))).collect::<Vec<_>>().join(" OR "))
    }
}

impl Engine for SqliteFts5 {
    fn name(&self) -> String {
        "sqlite-fts5".into()
    }

    fn index(&mut self, docs: &[Doc]) -> Result<(), Error> {
        let conn = self.runtime.block_on(async {
            let mut conn = SqliteConnection::connect("sqlite::memory:").await?;
            sqlx::query(
                "CREATE VIRTUAL TABLE docs USING \
                 fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
            )
            .execute(&mut conn)
            .await?;
            let mut tx = conn.begin().await?;
            for (i, d) in docs.iter().enumerate() {
                sqlx::query("INSERT INTO docs (rowid, title, body) VALUES (?1, ?2, ?3)")
                    .bind(i as i64 + 1)
                    .bind(&d.title)
                    .bind(&d.body)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(conn)
        })?;
        self.ids = docs.iter().map(|d| d.id.clone()).collect();
        self.conn = Some(Mutex::new(conn));
        Ok(())
    }

    fn search(&self, query: &str, k: usize) -> Vec<String> {
        let (Some(conn), Some(expr)) = (&self.conn, Self::match_expr(query)) else {
            return Vec::new();
        };
        if k == 0 {
            return Vec::new();
        }
        let Ok(mut conn) = conn.lock() else {
            return Vec::new();
        };
        let rows = self.runtime.block_on(
            sqlx::query("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT ?2")
                .bind(expr)
                .bind(k as i64)
                .fetch_all(&mut *conn),
        );
        match rows {
            Ok(rows) => rows
                .iter()
                .filter_map(|r| r.try_get::<i64, _>(0).ok())
                .filter_map(|rowid| self.ids.get(usize::try_from(rowid - 1).ok()?).cloned())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}
