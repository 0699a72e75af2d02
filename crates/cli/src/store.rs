//! Opens the configured store: PostgreSQL for a `postgres://` URL, otherwise
//! SQLite in the data directory. Migrations run on open.

use std::sync::Arc;

use anyhow::Context;
use ketnoi_store::Store;

use crate::config::Config;

pub async fn open(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    match config.database_url.as_deref() {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let store =
                ketnoi_store_postgres::PgStore::connect(url).await.context("cannot open the PostgreSQL store")?;
            Ok(Arc::new(store))
        }
        Some(other) => anyhow::bail!(
            "unsupported database URL {other:?}: use postgres://… or leave it unset for SQLite in the data directory"
        ),
        None => {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
            let path = config.data_dir.join("ketnoi.db");
            let store = ketnoi_store_sqlite::SqliteStore::open(&path)
                .await
                .with_context(|| format!("cannot open the SQLite store {}", path.display()))?;
            Ok(Arc::new(store))
        }
    }
}

/// The search index of this node, in `DATA_DIR/index` (its one writer lives in this process).
pub fn open_index(config: &Config) -> anyhow::Result<ketnoi_index::SearchIndex> {
    let dir = config.data_dir.join("index");
    ketnoi_index::SearchIndex::open(&dir).with_context(|| format!("cannot open the search index {}", dir.display()))
}

/// Today in Viet Nam (UTC+7): units are valid by Vietnamese calendar days.
pub fn vn_today() -> chrono::NaiveDate {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("valid offset");
    chrono::Utc::now().with_timezone(&offset).date_naive()
}
