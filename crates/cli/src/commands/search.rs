//! `ketnoi search QUERY` and `ketnoi index sync`: the search index from the command line.

use anyhow::Context;
use chrono::Utc;
use ketnoi_index::{SearchIndex, SearchRequest, Sort};
use ketnoi_store::Store;

use super::{bad_input, print_json};
use crate::cli::IndexCommand;
use crate::config::Config;

pub struct SearchArgs {
    pub query: String,
    pub kinds: Vec<String>,
    pub site: Option<i64>,
    pub limit: usize,
    pub by_date: bool,
    pub json: bool,
}

/// Searches the index a running `ketnoi serve` keeps (read-only beside it).
pub async fn search(config: &Config, a: SearchArgs) -> anyhow::Result<()> {
    let query: String = a.query.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if query.trim().is_empty() {
        return Err(bad_input("hãy nhập từ khóa tìm kiếm"));
    }
    if query.chars().count() > ketnoi_index::search::MAX_QUERY_CHARS {
        return Err(bad_input(format!("từ khóa dài quá {} ký tự", ketnoi_index::search::MAX_QUERY_CHARS)));
    }
    let dir = config.data_dir.join("index");
    if !dir.join("meta.json").exists() {
        return Err(bad_input(format!(
            "chưa có chỉ mục tìm kiếm trong {} (chạy `ketnoi index sync` hoặc `ketnoi serve`)",
            dir.display()
        )));
    }
    let index = SearchIndex::open_read_only(&dir).context("cannot open the search index")?;
    let request = SearchRequest {
        query,
        kinds: a.kinds,
        site_id: a.site,
        sort: if a.by_date { Sort::Date } else { Sort::Relevance },
        limit: a.limit.clamp(1, ketnoi_index::search::MAX_LIMIT),
        related_for: 3,
        now: Utc::now(),
        ..Default::default()
    };
    let results = index.search(&request).context("search")?;
    if a.json {
        return print_json(&results);
    }
    if let Some(d) = &results.did_you_mean {
        outln!("Có phải bạn muốn tìm: {d}");
    }
    outln!("{} kết quả", results.total);
    for (i, h) in results.hits.iter().enumerate() {
        let when = h.published.map(|p| p.format("%d/%m/%Y").to_string()).unwrap_or_default();
        outln!("{}. {}  [{}] {}", i + 1, h.title, h.kind, when);
        outln!("   {}", h.url);
        outln!("   {} · {}", h.site_name, h.unit_name);
        outln!("   {}", ketnoi_index::snippet::strip_tags(&h.snippet_html));
        if h.duplicates > 0 {
            outln!("   cũng được đăng trên {} trang khác", h.duplicates);
        }
    }
    Ok(())
}

pub async fn index(store: &dyn Store, config: &Config, command: IndexCommand) -> anyhow::Result<()> {
    let dir = config.data_dir.join("index");
    match command {
        IndexCommand::Sync => {
            let index = SearchIndex::open(&dir).context("cannot open the search index")?;
            let counts = ketnoi_index::sync::sync_once(&index, store, Utc::now(), std::time::Duration::ZERO).await?;
            outln!("search index: {} indexed, {} removed, {} documents", counts.indexed, counts.removed, index.len());
        }
        IndexCommand::Rebuild => {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
            }
            let index = SearchIndex::open(&dir).context("cannot create the search index")?;
            let counts = ketnoi_index::sync::sync_once(&index, store, Utc::now(), std::time::Duration::ZERO).await?;
            outln!("search index rebuilt: {} documents", counts.indexed);
        }
    }
    Ok(())
}
