//! SQLite backend: the embedded default, one file under the data directory,
//! in WAL mode so readers never wait for the writer.

use std::path::Path;
use std::time::Duration;

use ketnoi_store::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "register", include_str!("../migrations/0001_register.sql")),
    (2, "hub", include_str!("../migrations/0002_hub.sql")),
    (3, "crawl", include_str!("../migrations/0003_crawl.sql")),
    (4, "crawl changes", include_str!("../migrations/0004_crawl_changes.sql")),
    (5, "search log", include_str!("../migrations/0005_search_log.sql")),
    (6, "best bets", include_str!("../migrations/0006_best_bets.sql")),
    (7, "boxes", include_str!("../migrations/0007_boxes.sql")),
];

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        ketnoi_store::embedded_migrator(MIGRATIONS).run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The journal mode in force, for tests and `ketnoi doctor`-style checks.
    pub async fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&self.pool).await?)
    }
}

ketnoi_store::impl_sql_store!(SqliteStore, sqlx::Sqlite, "sqlite");
ketnoi_store::impl_sql_hub!(SqliteStore, sqlx::Sqlite);
ketnoi_store::impl_sql_crawl!(SqliteStore, sqlx::Sqlite);
ketnoi_store::impl_sql_search_log!(SqliteStore, sqlx::Sqlite);
ketnoi_store::impl_sql_best_bets!(SqliteStore, sqlx::Sqlite);
ketnoi_store::impl_sql_boxes!(SqliteStore, sqlx::Sqlite);
