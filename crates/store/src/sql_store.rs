//! The SQL body of the store, written once and expanded for each backend.
//!
//! sqlx's query types are generic over the database, but a generic
//! implementation needs a wall of higher-ranked trait bounds; a macro that
//! expands the same body for `Sqlite` and for `Postgres` keeps one copy of the
//! logic and lets each backend add what only it can do.

#[doc(hidden)]
pub mod __private {
    pub use async_trait;
    pub use chrono;
    pub use ketnoi_domain;
    pub use serde_json;
    pub use sqlx;
}

pub const UNIT_COLUMNS: &str = "id, code, name, kind, level, parent_id, valid_from, valid_to";
pub const SITE_COLUMNS: &str = "id, unit_id, name, status, technology, hosting, parent_site_id, sitemaps, \
     crawl_enabled, crawl_delay_seconds, crawl_max_urls, note, version, created_at, updated_at";
pub const CONTACT_COLUMNS: &str =
    "id, unit_id, role, full_name, position, department, phone, email, version, created_at, updated_at";

/// Rows per multi-row INSERT: far below the bind-parameter limits of both
/// databases (SQLite 32,766; PostgreSQL 65,535) at nine columns.
pub const INSERT_CHUNK: usize = 500;

#[doc(hidden)]
pub mod consts {
    pub use super::{CONTACT_COLUMNS, INSERT_CHUNK, SITE_COLUMNS, UNIT_COLUMNS};
}

/// Implements [`Store`](crate::Store) for `$store`, a struct with a field
/// `pool: sqlx::Pool<$db>`.
#[macro_export]
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, $backend:literal) => {
        const _: () = {
            use std::collections::{HashMap, HashSet};
            use $crate::__private::ketnoi_domain::{
                Contact, ContactInput, Site, SiteInput, SiteStatus, SiteUrl, Succession, Unit,
            };
            use $crate::__private::sqlx::{self, AssertSqlSafe, QueryBuilder};
            use $crate::consts::*;
            use $crate::rows::{self, ContactRow, SiteRow, SiteUrlRow, SuccessionRow, UnitRow};
            use $crate::{ImportCounts, Page, Result, SiteImportRow, SiteQuery, StoreError, UnitQuery};

            type Conn = <$db as sqlx::Database>::Connection;

            fn units_from(rows: Vec<UnitRow>) -> Result<Vec<Unit>> {
                let mut units = rows.into_iter().map(Unit::try_from).collect::<Result<Vec<_>>>()?;
                // Sorted here, not in SQL: the two databases collate text differently.
                units.sort_by(|a, b| (a.code.as_deref().unwrap_or(""), &a.id).cmp(&(b.code.as_deref().unwrap_or(""), &b.id)));
                Ok(units)
            }

            async fn unit_exists(conn: &mut Conn, id: &str) -> Result<bool> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE id = $1").bind(id).fetch_one(conn).await?;
                Ok(n > 0)
            }

            /// Current version of a row, checked against what the caller last saw.
            async fn check_version(conn: &mut Conn, table: &str, what: &str, id: i64, expected: Option<i64>) -> Result<()> {
                let sql = format!("SELECT version FROM {table} WHERE id = $1");
                let current: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await?;
                match (current, expected) {
                    (None, _) => Err(StoreError::NotFound(format!("{what} số {id}"))),
                    (Some(current), Some(expected)) if current != expected => {
                        Err(StoreError::VersionConflict { expected, current })
                    }
                    _ => Ok(()),
                }
            }

            async fn sites_with_urls(conn: &mut Conn, rows: Vec<SiteRow>) -> Result<Vec<Site>> {
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = QueryBuilder::<$db>::new("SELECT site_id, url FROM site_urls WHERE site_id IN (");
                let mut ids = q.separated(", ");
                for r in &rows {
                    ids.push_bind(r.id);
                }
                q.push(") ORDER BY site_id, position");
                let mut urls: HashMap<i64, Vec<String>> = HashMap::new();
                for u in q.build_query_as::<SiteUrlRow>().fetch_all(conn).await? {
                    urls.entry(u.site_id).or_default().push(u.url);
                }
                rows.into_iter().map(|r| { let u = urls.remove(&r.id).unwrap_or_default(); r.into_site(u) }).collect()
            }

            async fn fetch_site(conn: &mut Conn, id: i64) -> Result<Option<Site>> {
                let sql = format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = $1");
                let row: Option<SiteRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
                Ok(sites_with_urls(conn, row.into_iter().collect()).await?.pop())
            }

            async fn site_owning(conn: &mut Conn, url_key: &str) -> Result<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT site_id FROM site_urls WHERE url_key = $1").bind(url_key).fetch_optional(conn).await?)
            }

            /// Checks what a site refers to: its unit, its URLs (owned by no
            /// other site) and its parent portal (exists, no cycle).
            async fn check_site_refs(conn: &mut Conn, site: &SiteInput, urls: &[SiteUrl], self_id: Option<i64>) -> Result<()> {
                if let Some(unit) = &site.unit_id {
                    if !unit_exists(&mut *conn, unit).await? {
                        return Err(StoreError::Reference(format!("đơn vị «{unit}» không tồn tại trong danh bạ")));
                    }
                }
                for u in urls {
                    if let Some(owner) = site_owning(&mut *conn, &u.key).await? {
                        if Some(owner) != self_id {
                            return Err(StoreError::DuplicateUrl { url: u.url.clone(), site_id: owner });
                        }
                    }
                }
                let mut next = site.parent_site_id;
                let mut hops = 0;
                while let Some(parent) = next {
                    if Some(parent) == self_id || hops > 64 {
                        return Err(StoreError::Reference("cổng cha tạo thành vòng lặp".into()));
                    }
                    let row: Option<Option<i64>> = sqlx::query_scalar("SELECT parent_site_id FROM sites WHERE id = $1")
                        .bind(parent).fetch_optional(&mut *conn).await?;
                    match row {
                        None => return Err(StoreError::Reference(format!("cổng cha số {parent} không tồn tại"))),
                        Some(up) => next = up,
                    }
                    hops += 1;
                }
                Ok(())
            }

            async fn write_site_urls(conn: &mut Conn, site_id: i64, urls: &[SiteUrl]) -> Result<()> {
                sqlx::query("DELETE FROM site_urls WHERE site_id = $1").bind(site_id).execute(&mut *conn).await?;
                if urls.is_empty() {
                    return Ok(());
                }
                let mut q = QueryBuilder::<$db>::new("INSERT INTO site_urls (site_id, position, url, url_key, host) ");
                q.push_values(urls.iter().enumerate(), |mut b, (i, u)| {
                    b.push_bind(site_id).push_bind(i as i64).push_bind(u.url.clone()).push_bind(u.key.clone()).push_bind(u.host.clone());
                });
                q.build().execute(conn).await.map_err(|e| match e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => {
                        StoreError::Reference("một địa chỉ đã được trang/cổng khác đăng ký".into())
                    }
                    e => e.into(),
                })?;
                Ok(())
            }

            async fn insert_site(conn: &mut Conn, s: &SiteInput, urls: &[SiteUrl]) -> Result<i64> {
                check_site_refs(&mut *conn, s, urls, None).await?;
                let now = rows::now_text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO sites (unit_id, name, status, technology, hosting, parent_site_id, sitemaps, crawl_enabled, \
                     crawl_delay_seconds, crawl_max_urls, note, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12) RETURNING id",
                )
                .bind(s.unit_id.clone()).bind(s.name.clone()).bind(s.status.as_str()).bind(s.technology.clone())
                .bind(s.hosting.as_str()).bind(s.parent_site_id).bind(sitemaps_json(s))
                .bind(s.crawl.enabled).bind(s.crawl.delay_seconds.map(i64::from)).bind(s.crawl.max_urls.map(i64::from))
                .bind(s.note.clone()).bind(now)
                .fetch_one(&mut *conn).await?;
                write_site_urls(conn, id, urls).await?;
                Ok(id)
            }

            async fn update_site_row(conn: &mut Conn, id: i64, s: &SiteInput, urls: &[SiteUrl]) -> Result<()> {
                check_site_refs(&mut *conn, s, urls, Some(id)).await?;
                sqlx::query(
                    "UPDATE sites SET unit_id = $1, name = $2, status = $3, technology = $4, hosting = $5, parent_site_id = $6, \
                     sitemaps = $7, crawl_enabled = $8, crawl_delay_seconds = $9, crawl_max_urls = $10, note = $11, \
                     version = version + 1, updated_at = $12 WHERE id = $13",
                )
                .bind(s.unit_id.clone()).bind(s.name.clone()).bind(s.status.as_str()).bind(s.technology.clone())
                .bind(s.hosting.as_str()).bind(s.parent_site_id).bind(sitemaps_json(s))
                .bind(s.crawl.enabled).bind(s.crawl.delay_seconds.map(i64::from)).bind(s.crawl.max_urls.map(i64::from))
                .bind(s.note.clone()).bind(rows::now_text()).bind(id)
                .execute(&mut *conn).await?;
                write_site_urls(conn, id, urls).await
            }

            fn sitemaps_json(s: &SiteInput) -> String {
                $crate::__private::serde_json::to_string(&s.sitemaps).expect("a list of strings serialises")
            }

            /// The site an import row stands for: the one owning its URLs, or
            /// for a unit without a portal, that unit's URL-less placeholder.
            async fn import_target(conn: &mut Conn, row: &SiteImportRow) -> Result<Option<i64>> {
                let mut owners = HashSet::new();
                for u in &row.urls {
                    if let Some(id) = site_owning(&mut *conn, &u.key).await? {
                        owners.insert(id);
                    }
                }
                if owners.len() > 1 {
                    let mut ids: Vec<_> = owners.into_iter().collect();
                    ids.sort();
                    return Err(StoreError::Reference(format!(
                        "dòng {}: các địa chỉ thuộc về nhiều trang/cổng khác nhau ({ids:?})", row.line
                    )));
                }
                if let Some(id) = owners.into_iter().next() {
                    return Ok(Some(id));
                }
                match (&row.site.unit_id, row.urls.is_empty()) {
                    (Some(unit), true) => Ok(sqlx::query_scalar(
                        "SELECT id FROM sites WHERE unit_id = $1 AND status = $2 \
                         AND NOT EXISTS (SELECT 1 FROM site_urls WHERE site_id = sites.id) ORDER BY id LIMIT 1",
                    )
                    .bind(unit.clone()).bind(SiteStatus::NoPortal.as_str()).fetch_optional(conn).await?),
                    _ => Ok(None),
                }
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::Store for $store {
                fn backend(&self) -> &'static str {
                    $backend
                }

                async fn ping(&self) -> Result<()> {
                    sqlx::query("SELECT 1").execute(&self.pool).await?;
                    Ok(())
                }

                async fn import_units(&self, units: &[Unit], successions: &[Succession]) -> Result<ImportCounts> {
                    let mut counts = ImportCounts::default();
                    let mut tx = self.pool.begin().await?;
                    let sql = format!("SELECT {UNIT_COLUMNS} FROM units");
                    let existing: HashMap<String, Unit> = sqlx::query_as::<_, UnitRow>(AssertSqlSafe(sql))
                        .fetch_all(&mut *tx).await?
                        .into_iter().map(|r| Unit::try_from(r).map(|u| (u.id.clone(), u)))
                        .collect::<Result<_>>()?;
                    let changed: Vec<&Unit> = units.iter().filter(|u| match existing.get(&u.id) {
                        None => { counts.created += 1; true }
                        Some(old) if old == *u => { counts.unchanged += 1; false }
                        Some(_) => { counts.updated += 1; true }
                    }).collect();
                    for chunk in changed.chunks(INSERT_CHUNK) {
                        let mut q = QueryBuilder::<$db>::new(
                            "INSERT INTO units (id, code, name, name_key, kind, level, parent_id, valid_from, valid_to) ",
                        );
                        q.push_values(chunk, |mut b, u| {
                            b.push_bind(u.id.clone()).push_bind(u.code.clone()).push_bind(u.name.clone())
                                .push_bind($crate::__private::ketnoi_domain::text::fold(&u.name))
                                .push_bind(u.kind.clone()).push_bind(u.level.as_str()).push_bind(u.parent_id.clone())
                                .push_bind(u.valid_from.map(rows::date_text)).push_bind(u.valid_to.map(rows::date_text));
                        });
                        q.push(" ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, \
                                name_key = excluded.name_key, kind = excluded.kind, level = excluded.level, \
                                parent_id = excluded.parent_id, valid_from = excluded.valid_from, valid_to = excluded.valid_to");
                        q.build().execute(&mut *tx).await?;
                    }
                    let existing: HashMap<(String, String), Succession> =
                        sqlx::query_as::<_, SuccessionRow>("SELECT predecessor_id, successor_id, coverage, is_default FROM unit_successions")
                            .fetch_all(&mut *tx).await?
                            .into_iter().map(|r| Succession::try_from(r).map(|s| ((s.predecessor_id.clone(), s.successor_id.clone()), s)))
                            .collect::<Result<_>>()?;
                    let changed: Vec<&Succession> = successions.iter().filter(|s| {
                        match existing.get(&(s.predecessor_id.clone(), s.successor_id.clone())) {
                            None => { counts.created += 1; true }
                            Some(old) if old == *s => { counts.unchanged += 1; false }
                            Some(_) => { counts.updated += 1; true }
                        }
                    }).collect();
                    for chunk in changed.chunks(INSERT_CHUNK) {
                        let mut q = QueryBuilder::<$db>::new(
                            "INSERT INTO unit_successions (predecessor_id, successor_id, coverage, is_default) ",
                        );
                        q.push_values(chunk, |mut b, s| {
                            b.push_bind(s.predecessor_id.clone()).push_bind(s.successor_id.clone())
                                .push_bind(s.coverage.as_str()).push_bind(s.is_default);
                        });
                        q.push(" ON CONFLICT (predecessor_id, successor_id) DO UPDATE SET \
                                coverage = excluded.coverage, is_default = excluded.is_default");
                        q.build().execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok(counts)
                }

                async fn get_unit(&self, id: &str) -> Result<Option<Unit>> {
                    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1");
                    let row: Option<UnitRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
                    row.map(Unit::try_from).transpose()
                }

                async fn units_by_code(&self, code: &str) -> Result<Vec<Unit>> {
                    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE code = $1");
                    units_from(sqlx::query_as(AssertSqlSafe(sql)).bind(code).fetch_all(&self.pool).await?)
                }

                async fn units_by_name_key(&self, name_key: &str) -> Result<Vec<Unit>> {
                    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE name_key = $1");
                    units_from(sqlx::query_as(AssertSqlSafe(sql)).bind(name_key).fetch_all(&self.pool).await?)
                }

                async fn list_units(&self, q: &UnitQuery) -> Result<Vec<Unit>> {
                    let sql = format!(
                        "SELECT {UNIT_COLUMNS} FROM units WHERE ($1 IS NULL OR parent_id = $1) \
                         AND ($2 IS NULL OR level = $2) AND (NOT $3 OR parent_id IS NULL) \
                         AND (valid_from IS NULL OR valid_from <= $4) AND (valid_to IS NULL OR valid_to >= $4)"
                    );
                    units_from(
                        sqlx::query_as(AssertSqlSafe(sql))
                            .bind(q.parent_id.clone()).bind(q.level.map(|l| l.as_str())).bind(q.roots_only)
                            .bind(rows::date_text(q.at))
                            .fetch_all(&self.pool).await?,
                    )
                }

                async fn successions(&self, unit_id: &str) -> Result<(Vec<Succession>, Vec<Succession>)> {
                    let cols = "SELECT predecessor_id, successor_id, coverage, is_default FROM unit_successions";
                    let fetch = |sql: String| async move {
                        sqlx::query_as::<_, SuccessionRow>(AssertSqlSafe(sql)).bind(unit_id).fetch_all(&self.pool).await?
                            .into_iter().map(Succession::try_from).collect::<Result<Vec<_>>>()
                    };
                    let forward = fetch(format!("{cols} WHERE predecessor_id = $1 ORDER BY successor_id")).await?;
                    let backward = fetch(format!("{cols} WHERE successor_id = $1 ORDER BY predecessor_id")).await?;
                    Ok((forward, backward))
                }

                async fn create_site(&self, site: &SiteInput, urls: &[SiteUrl]) -> Result<Site> {
                    let mut tx = self.pool.begin().await?;
                    let id = insert_site(&mut *tx, site, urls).await?;
                    let created = fetch_site(&mut *tx, id).await?.ok_or_else(|| StoreError::NotFound(format!("trang/cổng số {id}")))?;
                    tx.commit().await?;
                    Ok(created)
                }

                async fn get_site(&self, id: i64) -> Result<Option<Site>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_site(&mut *conn, id).await
                }

                async fn update_site(&self, id: i64, expected: Option<i64>, site: &SiteInput, urls: &[SiteUrl]) -> Result<Site> {
                    let mut tx = self.pool.begin().await?;
                    check_version(&mut *tx, "sites", "trang/cổng", id, expected).await?;
                    update_site_row(&mut *tx, id, site, urls).await?;
                    let updated = fetch_site(&mut *tx, id).await?.ok_or_else(|| StoreError::NotFound(format!("trang/cổng số {id}")))?;
                    tx.commit().await?;
                    Ok(updated)
                }

                async fn delete_site(&self, id: i64, expected: Option<i64>) -> Result<()> {
                    let mut tx = self.pool.begin().await?;
                    check_version(&mut *tx, "sites", "trang/cổng", id, expected).await?;
                    sqlx::query("UPDATE sites SET parent_site_id = NULL WHERE parent_site_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM site_urls WHERE site_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM sites WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn list_sites(&self, q: &SiteQuery) -> Result<Page<Site>> {
                    let filter = "WHERE ($1 IS NULL OR unit_id = $1) AND ($2 IS NULL OR status = $2) \
                                  AND ($3 IS NULL OR id IN (SELECT site_id FROM site_urls WHERE host = $3))";
                    let mut conn = self.pool.acquire().await?;
                    let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM sites {filter}")))
                        .bind(q.unit_id.clone()).bind(q.status.map(|s| s.as_str())).bind(q.host.clone())
                        .fetch_one(&mut *conn).await?;
                    let sql = format!("SELECT {SITE_COLUMNS} FROM sites {filter} ORDER BY id LIMIT $4 OFFSET $5");
                    let rows: Vec<SiteRow> = sqlx::query_as(AssertSqlSafe(sql))
                        .bind(q.unit_id.clone()).bind(q.status.map(|s| s.as_str())).bind(q.host.clone())
                        .bind(q.limit).bind(q.offset)
                        .fetch_all(&mut *conn).await?;
                    Ok(Page { total, items: sites_with_urls(&mut *conn, rows).await? })
                }

                async fn site_id_by_url_key(&self, url_key: &str) -> Result<Option<i64>> {
                    let mut conn = self.pool.acquire().await?;
                    site_owning(&mut *conn, url_key).await
                }

                async fn import_sites(&self, rows: &[SiteImportRow]) -> Result<ImportCounts> {
                    let mut counts = ImportCounts::default();
                    let mut tx = self.pool.begin().await?;
                    for row in rows {
                        let at_line = |e: StoreError| match e {
                            StoreError::Reference(m) if !m.starts_with("dòng") => StoreError::Reference(format!("dòng {}: {m}", row.line)),
                            e => e,
                        };
                        let mut site = row.site.clone();
                        if let Some(key) = &row.parent_url_key {
                            site.parent_site_id = Some(site_owning(&mut *tx, key).await?.ok_or_else(|| {
                                StoreError::Reference(format!("dòng {}: không tìm thấy cổng cha «{key}»", row.line))
                            })?);
                        }
                        match import_target(&mut *tx, row).await? {
                            None => {
                                insert_site(&mut *tx, &site, &row.urls).await.map_err(at_line)?;
                                counts.created += 1;
                            }
                            Some(id) => {
                                let old = fetch_site(&mut *tx, id).await?.ok_or_else(|| StoreError::NotFound(format!("trang/cổng số {id}")))?;
                                if old.input == site {
                                    counts.unchanged += 1;
                                } else {
                                    update_site_row(&mut *tx, id, &site, &row.urls).await.map_err(at_line)?;
                                    counts.updated += 1;
                                }
                            }
                        }
                    }
                    tx.commit().await?;
                    Ok(counts)
                }

                async fn create_contact(&self, c: &ContactInput) -> Result<Contact> {
                    let mut tx = self.pool.begin().await?;
                    if !unit_exists(&mut *tx, &c.unit_id).await? {
                        return Err(StoreError::Reference(format!("đơn vị «{}» không tồn tại trong danh bạ", c.unit_id)));
                    }
                    let now = rows::now_text();
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO contacts (unit_id, role, full_name, position, department, phone, email, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id",
                    )
                    .bind(c.unit_id.clone()).bind(c.role.as_str()).bind(c.full_name.clone()).bind(c.position.clone())
                    .bind(c.department.clone()).bind(c.phone.clone()).bind(c.email.clone()).bind(now)
                    .fetch_one(&mut *tx).await?;
                    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
                    let row: ContactRow = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Contact::try_from(row)
                }

                async fn get_contact(&self, id: i64) -> Result<Option<Contact>> {
                    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
                    let row: Option<ContactRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
                    row.map(Contact::try_from).transpose()
                }

                async fn update_contact(&self, id: i64, expected: Option<i64>, c: &ContactInput) -> Result<Contact> {
                    let mut tx = self.pool.begin().await?;
                    check_version(&mut *tx, "contacts", "đầu mối", id, expected).await?;
                    if !unit_exists(&mut *tx, &c.unit_id).await? {
                        return Err(StoreError::Reference(format!("đơn vị «{}» không tồn tại trong danh bạ", c.unit_id)));
                    }
                    sqlx::query(
                        "UPDATE contacts SET unit_id = $1, role = $2, full_name = $3, position = $4, department = $5, \
                         phone = $6, email = $7, version = version + 1, updated_at = $8 WHERE id = $9",
                    )
                    .bind(c.unit_id.clone()).bind(c.role.as_str()).bind(c.full_name.clone()).bind(c.position.clone())
                    .bind(c.department.clone()).bind(c.phone.clone()).bind(c.email.clone()).bind(rows::now_text()).bind(id)
                    .execute(&mut *tx).await?;
                    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
                    let row: ContactRow = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Contact::try_from(row)
                }

                async fn delete_contact(&self, id: i64, expected: Option<i64>) -> Result<()> {
                    let mut tx = self.pool.begin().await?;
                    check_version(&mut *tx, "contacts", "đầu mối", id, expected).await?;
                    sqlx::query("DELETE FROM contacts WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn list_contacts(&self, unit_id: Option<&str>) -> Result<Vec<Contact>> {
                    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE ($1 IS NULL OR unit_id = $1) ORDER BY id");
                    sqlx::query_as::<_, ContactRow>(AssertSqlSafe(sql)).bind(unit_id).fetch_all(&self.pool).await?
                        .into_iter().map(Contact::try_from).collect()
                }
            }
        };
    };
}
