//! `ketnoi documents import FILE.jsonl`: documents pushed by sites, from a file instead of
//! `POST /api/v1/documents`, with the same fields and the same checks
//! ([`ketnoi_index::push`]). The store keeps them (frontier rows of source `push`); then the index
//! follows, here when no server holds it, or in the running server within seconds.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use anyhow::Context;
use chrono::Utc;
use ketnoi_domain::{Site, UrlState};
use ketnoi_index::push::{self, PushedDocument};
use ketnoi_index::{IndexError, SearchIndex};
use ketnoi_store::Store;
use serde::Serialize;

use super::{bad_input, print_json};
use crate::cli::DocumentsCommand;
use crate::config::Config;

/// A checked document and the site it belongs to.
struct PreparedDoc {
    site_id: i64,
    doc: push::Document,
}

/// A refused line of the file.
#[derive(Debug, Serialize)]
struct Rejected {
    line: usize,
    reason: String,
}

/// What became of the search index after the import.
#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum IndexOutcome {
    /// Indexed here: nothing else held the index.
    Synced { indexed: u64, removed: u64, documents: u64 },
    /// A running server holds the index; it follows the store within seconds.
    Server,
}

#[derive(Debug, Serialize)]
struct Report {
    imported: usize,
    created: usize,
    replaced: usize,
    rejected: Vec<Rejected>,
    /// `None`: nothing was written, so the index was left alone.
    index: Option<IndexOutcome>,
}

pub async fn run(store: &dyn Store, config: &Config, command: DocumentsCommand) -> anyhow::Result<()> {
    match command {
        DocumentsCommand::Import { file, skip_invalid, max_bytes, json } => {
            import(store, config, &file, skip_invalid, max_bytes, json).await
        }
    }
}

fn read_text(file: &Path, max_bytes: usize) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .map_err(|e| bad_input(format!("không mở được {}: {e}", file.display())))?
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.len() > max_bytes {
        return Err(bad_input(format!("{}: tệp lớn hơn giới hạn {max_bytes} byte", file.display())));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        bad_input(format!(
            "{}: không phải UTF-8 (byte {} không hợp lệ); hãy lưu tệp dưới dạng UTF-8",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    // Windows tools start UTF-8 files with a byte order mark.
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Parses and checks every line; sites are looked up once each.
async fn check_lines(store: &dyn Store, text: &str) -> anyhow::Result<(Vec<PreparedDoc>, Vec<Rejected>)> {
    let mut sites: HashMap<i64, Option<Site>> = HashMap::new();
    let mut docs: Vec<PreparedDoc> = Vec::new();
    // A URL given twice: the later line wins, as two pushes would.
    let mut seen: HashMap<(i64, String), usize> = HashMap::new();
    let mut rejected = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let pushed: PushedDocument = match serde_json::from_str(line) {
            Ok(p) => p,
            Err(e) => {
                rejected.push(Rejected { line: line_no, reason: format!("JSON không hợp lệ: {e}") });
                continue;
            }
        };
        let site = match sites.get(&pushed.site) {
            Some(site) => site.clone(),
            None => {
                let site = store.get_site(pushed.site).await.context("cannot read the register")?;
                sites.insert(pushed.site, site.clone());
                site
            }
        };
        let Some(site) = site else {
            rejected.push(Rejected {
                line: line_no,
                reason: format!("site: không có trang số {} trong danh mục", pushed.site),
            });
            continue;
        };
        match push::prepare(&pushed, &site) {
            Ok(doc) => {
                let prepared = PreparedDoc { site_id: site.id, doc };
                match seen.get(&(site.id, prepared.doc.url.clone())) {
                    Some(&at) => docs[at] = prepared,
                    None => {
                        seen.insert((site.id, prepared.doc.url.clone()), docs.len());
                        docs.push(prepared);
                    }
                }
            }
            Err(e) => rejected.push(Rejected { line: line_no, reason: e.to_string() }),
        }
    }
    Ok((docs, rejected))
}

async fn import(
    store: &dyn Store,
    config: &Config,
    file: &Path,
    skip_invalid: bool,
    max_bytes: usize,
    json: bool,
) -> anyhow::Result<()> {
    let text = read_text(file, max_bytes)?;
    let (docs, rejected) = check_lines(store, &text).await?;
    for r in &rejected {
        eprintln!("{}:{}: {}", file.display(), r.line, r.reason);
    }
    if !rejected.is_empty() && !skip_invalid {
        return Err(bad_input(format!(
            "{} dòng không hợp lệ; không nhập dòng nào (dùng --skip-invalid để nhập các dòng hợp lệ)",
            rejected.len()
        )));
    }

    // One write per site, each in one transaction.
    let now = Utc::now();
    let mut by_site: Vec<(i64, Vec<ketnoi_domain::UrlUpdate>)> = Vec::new();
    let (mut created, mut replaced) = (0, 0);
    for p in &docs {
        let existing = store.crawl_url(p.site_id, &p.doc.url).await.context("cannot read the frontier")?;
        if existing.as_ref().is_some_and(|r| r.state == UrlState::Fetched) {
            replaced += 1;
        } else {
            created += 1;
        }
        let (_, update) = push::record(p.site_id, existing, &p.doc, now).context("cannot encode a document")?;
        match by_site.iter_mut().find(|(id, _)| *id == p.site_id) {
            Some((_, updates)) => updates.push(update),
            None => by_site.push((p.site_id, vec![update])),
        }
    }
    for (site_id, updates) in &by_site {
        store.crawl_record(*site_id, updates, &[], now).await.context("cannot store the documents")?;
    }

    let index = if docs.is_empty() { None } else { Some(follow_index(store, config).await?) };
    let report = Report { imported: docs.len(), created, replaced, rejected, index };
    if json {
        return print_json(&report);
    }
    outln!(
        "{} tài liệu đã nhập ({} mới, {} thay thế), {} dòng bị bỏ qua",
        report.imported,
        report.created,
        report.replaced,
        report.rejected.len()
    );
    match report.index {
        Some(IndexOutcome::Synced { indexed, removed, documents }) => {
            outln!("chỉ mục tìm kiếm: {indexed} tài liệu đã lập, {removed} đã gỡ, tổng {documents} tài liệu")
        }
        Some(IndexOutcome::Server) => {
            outln!("máy chủ đang chạy giữ chỉ mục tìm kiếm; nó sẽ lập chỉ mục các tài liệu này trong vài giây")
        }
        None => {}
    }
    Ok(())
}

/// Brings the index up to date with the store, unless a running server holds it (it follows the
/// store by itself).
async fn follow_index(store: &dyn Store, config: &Config) -> anyhow::Result<IndexOutcome> {
    let dir = config.data_dir.join("index");
    let index = match SearchIndex::open(&dir) {
        Ok(index) => index,
        Err(IndexError::Busy(_)) => return Ok(IndexOutcome::Server),
        Err(e) => {
            return Err(e)
                .context("the documents are stored, but the search index cannot be opened (run `ketnoi index sync`)");
        }
    };
    let counts = ketnoi_index::sync::sync_once(&index, store, Utc::now(), std::time::Duration::ZERO)
        .await
        .context("the documents are stored, but indexing them failed (run `ketnoi index sync`)")?;
    Ok(IndexOutcome::Synced { indexed: counts.indexed, removed: counts.removed, documents: index.len() })
}
