//! PostgreSQL backend, selected by a `postgres://` database URL.

use std::str::FromStr;
use std::time::Duration;

use ketnoi_store::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "register", include_str!("../migrations/0001_register.sql")),
    (2, "hub", include_str!("../migrations/0002_hub.sql")),
    (3, "crawl", include_str!("../migrations/0003_crawl.sql")),
    (4, "crawl changes", include_str!("../migrations/0004_crawl_changes.sql")),
    (5, "search log", include_str!("../migrations/0005_search_log.sql")),
    (6, "best bets", include_str!("../migrations/0006_best_bets.sql")),
    (7, "boxes", include_str!("../migrations/0007_boxes.sql")),
];

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects and applies migrations (serialised across machines by
    /// PostgreSQL's advisory lock, so several nodes may start at once).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(PgConnectOptions::from_str(url)?).await
    }

    /// As `connect`, with every table in `schema` (created if missing): lets
    /// tests, or several deployments, share one database without meeting.
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        if schema.is_empty() || !schema.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Err(StoreError::Reference(format!("tên schema «{schema}» không hợp lệ (a-z, 0-9, _)")));
        }
        let options = PgConnectOptions::from_str(url)?;
        let admin = PgPoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {schema}"))).execute(&admin).await?;
        admin.close().await;
        Self::connect_with(options.options([("search_path", schema)])).await
    }

    async fn connect_with(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        ketnoi_store::embedded_migrator(MIGRATIONS).run(&pool).await?;
        Ok(PgStore { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

ketnoi_store::impl_sql_store!(PgStore, sqlx::Postgres, "postgres");
ketnoi_store::impl_sql_hub!(PgStore, sqlx::Postgres);
ketnoi_store::impl_sql_crawl!(PgStore, sqlx::Postgres);
ketnoi_store::impl_sql_search_log!(PgStore, sqlx::Postgres);
ketnoi_store::impl_sql_best_bets!(PgStore, sqlx::Postgres);
ketnoi_store::impl_sql_boxes!(PgStore, sqlx::Postgres);
