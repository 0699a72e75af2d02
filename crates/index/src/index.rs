//! The index on disk: one writer, ever (tantivy's directory lock enforces it across processes;
//! the OS drops the lock of a killed process, so a stale lock file never blocks a restart),
//! versioned upserts keyed by URL, deletes, and commits that make writes visible at once.
//! A commit is atomic: a process killed while indexing leaves the last commit, whole.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};

use crate::analysis;
use crate::document::IndexDoc;
use crate::error::IndexError;
use crate::schema::{self, Fields};

/// Memory the writer may use before it flushes a segment.
const WRITER_ARENA_BYTES: usize = 64 * 1024 * 1024;
/// Texts longer than this are cut before indexing (a 10 MB page is not 10 MB of meaning).
pub const MAX_TEXT_CHARS: usize = 200_000;

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Applied,
    /// A newer version is already indexed: nothing changed.
    Stale {
        current: i64,
    },
}

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    /// `None` for a read-only view (another process owns the writer).
    writer: Option<Mutex<IndexWriter>>,
    pub(crate) reader: IndexReader,
    /// Versions written (or deleted: `i64::MIN` marks none) since the last commit, which the
    /// reader cannot see yet.
    pending: Mutex<HashMap<String, Option<i64>>>,
}

impl SearchIndex {
    /// Opens (creating if needed) the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| IndexError::Open { path: dir.display().to_string(), reason: e.to_string() })?;
        let directory = MmapDirectory::open(dir)
            .map_err(|e| IndexError::Open { path: dir.display().to_string(), reason: e.to_string() })?;
        let (schema, _) = schema::build();
        let index = Index::open_or_create(directory, schema).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(reason) => IndexError::Open {
                path: dir.display().to_string(),
                reason: format!("the index was built by another version ({reason}); delete the folder to rebuild it"),
            },
            other => other.into(),
        })?;
        Self::with_index(index, &dir.display().to_string())
    }

    /// Opens an existing index for searching only, beside the process that writes it.
    pub fn open_read_only(dir: &Path) -> Result<Self, IndexError> {
        let directory = MmapDirectory::open(dir)
            .map_err(|e| IndexError::Open { path: dir.display().to_string(), reason: e.to_string() })?;
        let index = Index::open(directory)?;
        analysis::register(index.tokenizers());
        let (_, fields) = schema::build();
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, fields, writer: None, reader, pending: Mutex::new(HashMap::new()) })
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, IndexError> {
        let w = self.writer.as_ref().ok_or(IndexError::ReadOnly)?;
        Ok(w.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// An index in memory (tests, the relevance harness).
    pub fn in_ram() -> Result<Self, IndexError> {
        let (schema, _) = schema::build();
        Self::with_index(Index::create_in_ram(schema), "(memory)")
    }

    fn with_index(index: Index, name: &str) -> Result<Self, IndexError> {
        analysis::register(index.tokenizers());
        // The schema is built the same way every time, so field ids match the opened index.
        let (_, fields) = schema::build();
        let writer = index.writer(WRITER_ARENA_BYTES).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Busy(name.to_string()),
            other => other.into(),
        })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, fields, writer: Some(Mutex::new(writer)), reader, pending: Mutex::new(HashMap::new()) })
    }

    /// Number of documents visible to searches.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The indexed version of `url` (including uncommitted writes).
    pub fn current_version(&self, url: &str) -> Result<Option<i64>, IndexError> {
        if let Some(v) = self.pending.lock().unwrap_or_else(|e| e.into_inner()).get(url) {
            return Ok(*v);
        }
        let searcher = self.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(self.fields.key, url), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else { return Ok(None) };
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(doc.get_first(self.fields.version).and_then(|v| v.as_i64()))
    }

    /// Adds or replaces the document with this URL, unless a newer version is indexed.
    /// Visible to searches after [`SearchIndex::commit`].
    pub fn upsert(&self, d: &IndexDoc) -> Result<Written, IndexError> {
        if d.url.trim().is_empty() {
            return Err(IndexError::InvalidDocument("thiếu url".into()));
        }
        let writer = self.writer()?;
        if let Some(current) = self.current_version(&d.url)?
            && current > d.version
        {
            return Ok(Written::Stale { current });
        }
        let f = &self.fields;
        writer.delete_term(Term::from_field_text(f.key, &d.url));
        let text: String = d.text.chars().take(MAX_TEXT_CHARS).collect();
        let title = analysis::normalize(&d.title);
        let mut numbers: Vec<String> = d.numbers.clone();
        numbers.extend(analysis::find_doc_numbers(&format!("{}\n{}", d.title, text)));
        let mut doc = doc!(
            f.key => d.url.clone(),
            f.version => d.version,
            f.title => d.title.clone(),
            f.text => text.clone(),
            f.title_toned => title.clone(),
            f.title_folded => title.clone(),
            f.title_bigram => title,
            f.text_toned => text.clone(),
            f.text_folded => text.clone(),
            f.text_bigram => text,
            f.kind => d.kind.clone(),
            f.site_name => d.site_name.clone(),
            f.unit_name => d.unit_name.clone(),
            f.level => d.level.clone(),
            f.province => d.province.clone(),
            f.cluster => d.cluster.clone(),
            f.official => d.official,
        );
        for n in &numbers {
            doc.add_text(f.docnum, n);
        }
        doc.add_text(f.numbers, d.numbers.join("; "));
        if let Some(site) = d.site_id {
            doc.add_i64(f.site_id, site);
        }
        if let Some(unit) = &d.unit_id {
            doc.add_text(f.unit_id, unit);
        }
        if let Some(p) = d.published {
            doc.add_date(f.published, DateTime::from_timestamp_micros(p.timestamp_micros()));
        }
        writer.add_document(doc)?;
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(d.url.clone(), Some(d.version));
        Ok(Written::Applied)
    }

    /// Removes the document with this URL; `false` when none was indexed.
    pub fn delete(&self, url: &str) -> Result<bool, IndexError> {
        let writer = self.writer()?;
        let existed = self.current_version(url)?.is_some();
        writer.delete_term(Term::from_field_text(self.fields.key, url));
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(url.to_string(), None);
        Ok(existed)
    }

    /// Makes every write so far durable and visible.
    pub fn commit(&self) -> Result<(), IndexError> {
        self.commit_with_payload(None)
    }

    /// Commits, storing `payload` with the commit (atomically): the store sync keeps its
    /// watermark there, so the index and the position it reached can never disagree.
    pub fn commit_with_payload(&self, payload: Option<String>) -> Result<(), IndexError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        if let Some(p) = payload {
            prepared.set_payload(&p);
        }
        prepared.commit()?;
        self.reader.reload()?;
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).clear();
        Ok(())
    }

    /// The payload of the last commit.
    pub fn payload(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Whether writes wait for a commit.
    pub fn has_pending(&self) -> bool {
        !self.pending.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }
}
