//! The storage trait of ketnoi.
//!
//! Every backend implements [`Store`]; callers hold an `Arc<dyn Store>` and
//! never know which database is behind it. The SQL itself is written once
//! (`$1`-style placeholders work on both SQLite and PostgreSQL through sqlx)
//! and expanded for each backend by [`impl_sql_store!`]; each backend keeps
//! its own migrations because the two dialects differ in DDL.

pub mod best_bets;
pub mod boxes;
pub mod crawl;
#[doc(hidden)]
pub mod crawl_rows;
pub mod error;
pub mod hub;
#[doc(hidden)]
pub mod hub_rows;
pub mod model;
#[doc(hidden)]
pub mod rows;
pub mod search_log;
mod sql_best_bets;
mod sql_boxes;
mod sql_crawl;
mod sql_hub;
mod sql_search_log;
mod sql_store;
#[doc(hidden)]
pub use sql_store::{__private, consts};
#[doc(hidden)]
pub mod hub_consts {
    pub use crate::sql_hub::{API_KEY_COLUMNS, DELIVERY_COLUMNS, HUB_ITEM_COLUMNS};
    pub use crate::sql_store::INSERT_CHUNK;
}
#[cfg(feature = "testkit")]
pub mod testkit;
#[cfg(feature = "testkit")]
pub mod testkit_best_bets;
#[cfg(feature = "testkit")]
pub mod testkit_boxes;
#[cfg(feature = "testkit")]
pub mod testkit_crawl;
#[cfg(feature = "testkit")]
pub mod testkit_hub;
#[cfg(feature = "testkit")]
pub mod testkit_search_log;

use async_trait::async_trait;
use ketnoi_domain::{Contact, ContactInput, Site, SiteInput, SiteUrl, Succession, Unit};

pub use best_bets::{BestBet, BestBetStore};
pub use boxes::{BoxStore, StoredBox};
pub use crawl::CrawlStore;
pub use error::StoreError;
pub use hub::{DeliveryOutcome, HubQuery, HubStore};
pub use model::{ImportCounts, Page, SiteImportRow, SiteQuery, UnitQuery};
pub use search_log::{ClickStat, QueryStat, SearchLogStore};

pub type Result<T> = std::result::Result<T, StoreError>;

#[async_trait]
/// The whole store. Concerns beyond the register live in supertraits (`HubStore`, `CrawlStore`,
/// `SearchLogStore`, `BestBetStore`, `BoxStore`, ...), each implemented by its own SQL macro.
pub trait Store: HubStore + CrawlStore + SearchLogStore + BestBetStore + BoxStore + Send + Sync + 'static {
    /// "sqlite" or "postgres", for logs and readiness answers.
    fn backend(&self) -> &'static str;

    /// Round trip to the database; what `/readyz` asks.
    async fn ping(&self) -> Result<()>;

    // --- units -------------------------------------------------------------

    /// Inserts or updates units and successions in one transaction; running it
    /// twice with the same data changes nothing the second time.
    async fn import_units(&self, units: &[Unit], successions: &[Succession]) -> Result<ImportCounts>;
    async fn get_unit(&self, id: &str) -> Result<Option<Unit>>;
    /// All units that ever carried this code (the 2025 reform reused codes).
    async fn units_by_code(&self, code: &str) -> Result<Vec<Unit>>;
    /// Units whose folded name (see `ketnoi_domain::text::fold`) equals `name_key`.
    async fn units_by_name_key(&self, name_key: &str) -> Result<Vec<Unit>>;
    async fn list_units(&self, query: &UnitQuery) -> Result<Vec<Unit>>;
    /// Edges where the unit is the predecessor, and where it is the successor.
    async fn successions(&self, unit_id: &str) -> Result<(Vec<Succession>, Vec<Succession>)>;

    // --- sites -------------------------------------------------------------

    async fn create_site(&self, site: &SiteInput, urls: &[SiteUrl]) -> Result<Site>;
    async fn get_site(&self, id: i64) -> Result<Option<Site>>;
    /// `expected_version`: refuse the write if the stored site moved on.
    async fn update_site(
        &self,
        id: i64,
        expected_version: Option<i64>,
        site: &SiteInput,
        urls: &[SiteUrl],
    ) -> Result<Site>;
    async fn delete_site(&self, id: i64, expected_version: Option<i64>) -> Result<()>;
    async fn list_sites(&self, query: &SiteQuery) -> Result<Page<Site>>;
    /// The site that registered this URL key, if any.
    async fn site_id_by_url_key(&self, url_key: &str) -> Result<Option<i64>>;
    /// Creates or updates every row in one transaction: all rows land or none.
    async fn import_sites(&self, rows: &[SiteImportRow]) -> Result<ImportCounts>;

    // --- focal contacts (personal data) -------------------------------------

    async fn create_contact(&self, contact: &ContactInput) -> Result<Contact>;
    async fn get_contact(&self, id: i64) -> Result<Option<Contact>>;
    async fn update_contact(&self, id: i64, expected_version: Option<i64>, contact: &ContactInput) -> Result<Contact>;
    async fn delete_contact(&self, id: i64, expected_version: Option<i64>) -> Result<()>;
    async fn list_contacts(&self, unit_id: Option<&str>) -> Result<Vec<Contact>>;
}

/// Builds a migrator from migrations compiled into the binary (version,
/// description, SQL), so a deployed `ketnoi` needs no migration files on disk.
pub fn embedded_migrator(migrations: &[(i64, &'static str, &'static str)]) -> sqlx::migrate::Migrator {
    use sqlx::SqlSafeStr;
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    Migrator::with_migrations(
        migrations
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(version, description.into(), MigrationType::Simple, sql.into_sql_str(), false)
            })
            .collect(),
    )
}
