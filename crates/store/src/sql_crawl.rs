//! The crawl's SQL, written once and expanded for each backend like
//! [`impl_sql_store!`](crate::impl_sql_store).

/// Implements [`CrawlStore`](crate::CrawlStore) for `$store` (a struct with a field
/// `pool: sqlx::Pool<$db>`).
#[macro_export]
macro_rules! impl_sql_crawl {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::BTreeMap;
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::ketnoi_domain::{
                CrawlUrl, NewUrl, SiteCrawlState, SitemapState, UrlState, UrlUpdate,
            };
            use $crate::__private::sqlx::{self, AssertSqlSafe, QueryBuilder};
            use $crate::crawl_rows::{CrawlUrlRow, SiteStateRow, SitemapRow, CRAWL_URL_COLUMNS};
            use $crate::hub_rows::timestamp_text;
            use $crate::hub_consts::INSERT_CHUNK;
            use $crate::{Page, Result};

            type Conn = <$db as sqlx::Database>::Connection;

            fn opt_text(t: Option<DateTime<Utc>>) -> Option<String> {
                t.map(timestamp_text)
            }

            /// New URLs go in as queued and due now; a known URL only moves when its sitemap
            /// lastmod is newer than the one seen before.
            async fn enqueue(conn: &mut Conn, site_id: i64, urls: &[NewUrl], now: DateTime<Utc>) -> Result<()> {
                let now = timestamp_text(now);
                for chunk in urls.chunks(INSERT_CHUNK) {
                    let mut q = QueryBuilder::<$db>::new(
                        "INSERT INTO crawl_urls (site_id, url, source, depth, state, next_fetch_at, sitemap_lastmod, \
                         interval_secs, failures, noindex) ",
                    );
                    q.push_values(chunk, |mut b, u| {
                        b.push_bind(site_id)
                            .push_bind(u.url.clone())
                            .push_bind(u.source.as_str())
                            .push_bind(u.depth)
                            .push_bind(UrlState::Queued.as_str())
                            .push_bind(now.clone())
                            .push_bind(opt_text(u.sitemap_lastmod))
                            .push_bind(0_i64)
                            .push_bind(0_i32)
                            .push_bind(false);
                    });
                    q.push(
                        " ON CONFLICT (site_id, url) DO UPDATE SET \
                         next_fetch_at = CASE WHEN crawl_urls.sitemap_lastmod IS NOT NULL \
                             AND excluded.sitemap_lastmod > crawl_urls.sitemap_lastmod \
                             AND crawl_urls.state <> 'gone' \
                             THEN excluded.next_fetch_at ELSE crawl_urls.next_fetch_at END, \
                         sitemap_lastmod = COALESCE(excluded.sitemap_lastmod, crawl_urls.sitemap_lastmod)",
                    );
                    q.build().execute(&mut *conn).await?;
                }
                Ok(())
            }

            async fn upsert(conn: &mut Conn, site_id: i64, u: &UrlUpdate) -> Result<()> {
                sqlx::query(
                    "INSERT INTO crawl_urls (site_id, url, source, depth, state, next_fetch_at, etag, last_modified, \
                     status, fetched_at, changed_at, interval_secs, failures, last_error, content_hash, simhash, kind, \
                     title, canonical, noindex, document) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
                     ON CONFLICT (site_id, url) DO UPDATE SET state = excluded.state, \
                     next_fetch_at = excluded.next_fetch_at, etag = excluded.etag, \
                     last_modified = excluded.last_modified, status = excluded.status, \
                     fetched_at = excluded.fetched_at, changed_at = excluded.changed_at, \
                     interval_secs = excluded.interval_secs, failures = excluded.failures, \
                     last_error = excluded.last_error, content_hash = excluded.content_hash, \
                     simhash = excluded.simhash, kind = excluded.kind, title = excluded.title, \
                     canonical = excluded.canonical, noindex = excluded.noindex, \
                     document = CASE WHEN $22 THEN NULL ELSE COALESCE(excluded.document, crawl_urls.document) END",
                )
                .bind(site_id).bind(u.url.clone()).bind(u.source.as_str()).bind(u.depth).bind(u.state.as_str())
                .bind(timestamp_text(u.next_fetch_at)).bind(u.etag.clone()).bind(u.last_modified.clone())
                .bind(u.status).bind(opt_text(u.fetched_at)).bind(opt_text(u.changed_at)).bind(u.interval_secs)
                .bind(u.failures).bind(u.last_error.clone()).bind(u.content_hash.clone()).bind(u.simhash)
                .bind(u.kind.clone()).bind(u.title.clone()).bind(u.canonical.clone()).bind(u.noindex)
                .bind(if u.drop_document { None } else { u.document.clone() }).bind(u.drop_document)
                .execute(conn).await?;
                Ok(())
            }

            fn rows(rows: Vec<CrawlUrlRow>) -> Result<Vec<CrawlUrl>> {
                rows.into_iter().map(CrawlUrl::try_from).collect()
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::CrawlStore for $store {
                async fn crawl_enqueue(&self, site_id: i64, urls: &[NewUrl], now: DateTime<Utc>) -> Result<()> {
                    let mut tx = self.pool.begin().await?;
                    enqueue(&mut tx, site_id, urls, now).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn crawl_record(
                    &self,
                    site_id: i64,
                    updates: &[UrlUpdate],
                    found: &[NewUrl],
                    now: DateTime<Utc>,
                ) -> Result<()> {
                    let mut tx = self.pool.begin().await?;
                    for u in updates {
                        upsert(&mut tx, site_id, u).await?;
                    }
                    enqueue(&mut tx, site_id, found, now).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn crawl_due(&self, site_id: i64, now: DateTime<Utc>, limit: i64) -> Result<Vec<CrawlUrl>> {
                    let sql = format!(
                        "SELECT {CRAWL_URL_COLUMNS} FROM crawl_urls WHERE site_id = $1 AND state <> 'gone' \
                         AND next_fetch_at <= $2 ORDER BY depth, next_fetch_at, id LIMIT $3"
                    );
                    rows(sqlx::query_as(AssertSqlSafe(sql)).bind(site_id).bind(timestamp_text(now)).bind(limit)
                        .fetch_all(&self.pool).await?)
                }

                async fn crawl_next_due(&self, site_id: i64) -> Result<Option<DateTime<Utc>>> {
                    let next: Option<String> = sqlx::query_scalar(
                        "SELECT MIN(next_fetch_at) FROM crawl_urls WHERE site_id = $1 AND state <> 'gone'",
                    )
                    .bind(site_id).fetch_one(&self.pool).await?;
                    next.as_deref().map($crate::hub_rows::timestamp).transpose()
                }

                async fn crawl_make_due(&self, site_id: i64, states: &[UrlState], now: DateTime<Utc>) -> Result<u64> {
                    if states.is_empty() {
                        return Ok(0);
                    }
                    let mut q = QueryBuilder::<$db>::new("UPDATE crawl_urls SET next_fetch_at = ");
                    q.push_bind(timestamp_text(now)).push(" WHERE site_id = ").push_bind(site_id);
                    q.push(" AND next_fetch_at > ").push_bind(timestamp_text(now)).push(" AND state IN (");
                    let mut s = q.separated(", ");
                    for st in states {
                        s.push_bind(st.as_str());
                    }
                    q.push(")");
                    Ok(q.build().execute(&self.pool).await?.rows_affected())
                }

                async fn crawl_urls(
                    &self,
                    site_id: i64,
                    state: Option<UrlState>,
                    limit: i64,
                    offset: i64,
                ) -> Result<Page<CrawlUrl>> {
                    let filter = if state.is_some() { " AND state = $2" } else { " AND $2 = $2" };
                    let state = state.map_or("", UrlState::as_str);
                    let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
                        "SELECT COUNT(*) FROM crawl_urls WHERE site_id = $1{filter}"
                    )))
                    .bind(site_id).bind(state).fetch_one(&self.pool).await?;
                    let sql = format!(
                        "SELECT {CRAWL_URL_COLUMNS} FROM crawl_urls WHERE site_id = $1{filter} ORDER BY id LIMIT $3 OFFSET $4"
                    );
                    let items = rows(sqlx::query_as(AssertSqlSafe(sql)).bind(site_id).bind(state).bind(limit).bind(offset)
                        .fetch_all(&self.pool).await?)?;
                    Ok(Page { total, items })
                }

                async fn crawl_url(&self, site_id: i64, url: &str) -> Result<Option<CrawlUrl>> {
                    let sql = format!("SELECT {CRAWL_URL_COLUMNS} FROM crawl_urls WHERE site_id = $1 AND url = $2");
                    let row: Option<CrawlUrlRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(site_id).bind(url)
                        .fetch_optional(&self.pool).await?;
                    row.map(CrawlUrl::try_from).transpose()
                }

                async fn crawl_known_urls(&self, site_id: i64) -> Result<Vec<String>> {
                    Ok(sqlx::query_scalar("SELECT url FROM crawl_urls WHERE site_id = $1 ORDER BY id")
                        .bind(site_id).fetch_all(&self.pool).await?)
                }

                async fn crawl_document(&self, site_id: i64, url: &str) -> Result<Option<String>> {
                    let doc: Option<Option<String>> =
                        sqlx::query_scalar("SELECT document FROM crawl_urls WHERE site_id = $1 AND url = $2")
                            .bind(site_id).bind(url).fetch_optional(&self.pool).await?;
                    Ok(doc.flatten())
                }

                async fn crawl_counts(&self, site_id: i64) -> Result<BTreeMap<String, i64>> {
                    let rows: Vec<(String, i64)> = sqlx::query_as(
                        "SELECT state, COUNT(*) FROM crawl_urls WHERE site_id = $1 GROUP BY state",
                    )
                    .bind(site_id).fetch_all(&self.pool).await?;
                    Ok(rows.into_iter().collect())
                }

                async fn crawl_changes(
                    &self,
                    after: Option<(DateTime<Utc>, i64)>,
                    until: DateTime<Utc>,
                    limit: i64,
                ) -> Result<Vec<(CrawlUrl, Option<String>)>> {
                    let (at, id) = after.map(|(t, id)| (timestamp_text(t), id)).unwrap_or_default();
                    let sql = format!(
                        "SELECT {CRAWL_URL_COLUMNS}, document FROM crawl_urls WHERE fetched_at IS NOT NULL \
                         AND (fetched_at > $1 OR (fetched_at = $1 AND id > $2)) AND fetched_at < $3 \
                         ORDER BY fetched_at, id LIMIT $4"
                    );
                    let rows: Vec<$crate::crawl_rows::ChangedRow> = sqlx::query_as(AssertSqlSafe(sql))
                        .bind(at).bind(id).bind(timestamp_text(until)).bind(limit)
                        .fetch_all(&self.pool).await?;
                    rows.into_iter().map(|r| Ok((CrawlUrl::try_from(r.row)?, r.document))).collect()
                }

                async fn crawl_site_state(&self, site_id: i64) -> Result<Option<SiteCrawlState>> {
                    let row: Option<SiteStateRow> = sqlx::query_as(
                        "SELECT site_id, robots_body, robots_status, robots_etag, robots_last_modified, \
                         robots_fetched_at, sitemaps_read_at, report FROM crawl_sites WHERE site_id = $1",
                    )
                    .bind(site_id).fetch_optional(&self.pool).await?;
                    row.map(SiteCrawlState::try_from).transpose()
                }

                async fn crawl_save_site_state(&self, s: &SiteCrawlState) -> Result<()> {
                    let report = s.report.as_ref().map(|r| {
                        $crate::__private::serde_json::to_string(r).expect("a crawl report serialises")
                    });
                    sqlx::query(
                        "INSERT INTO crawl_sites (site_id, robots_body, robots_status, robots_etag, \
                         robots_last_modified, robots_fetched_at, sitemaps_read_at, report) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (site_id) DO UPDATE SET \
                         robots_body = excluded.robots_body, robots_status = excluded.robots_status, \
                         robots_etag = excluded.robots_etag, robots_last_modified = excluded.robots_last_modified, \
                         robots_fetched_at = excluded.robots_fetched_at, sitemaps_read_at = excluded.sitemaps_read_at, \
                         report = excluded.report",
                    )
                    .bind(s.site_id).bind(s.robots_body.clone()).bind(s.robots_status).bind(s.robots_etag.clone())
                    .bind(s.robots_last_modified.clone()).bind(opt_text(s.robots_fetched_at))
                    .bind(opt_text(s.sitemaps_read_at)).bind(report)
                    .execute(&self.pool).await?;
                    Ok(())
                }

                async fn crawl_sitemaps(&self, site_id: i64) -> Result<Vec<SitemapState>> {
                    let rows: Vec<SitemapRow> = sqlx::query_as(
                        "SELECT url, parent, etag, last_modified, fetched_at, entries, error FROM crawl_sitemaps \
                         WHERE site_id = $1 ORDER BY url",
                    )
                    .bind(site_id).fetch_all(&self.pool).await?;
                    rows.into_iter().map(SitemapState::try_from).collect()
                }

                async fn crawl_save_sitemap(&self, site_id: i64, s: &SitemapState) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO crawl_sitemaps (site_id, url, parent, etag, last_modified, fetched_at, entries, error) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (site_id, url) DO UPDATE SET \
                         parent = excluded.parent, etag = excluded.etag, last_modified = excluded.last_modified, \
                         fetched_at = excluded.fetched_at, entries = excluded.entries, error = excluded.error",
                    )
                    .bind(site_id).bind(s.url.clone()).bind(s.parent.clone()).bind(s.etag.clone())
                    .bind(s.last_modified.clone()).bind(opt_text(s.fetched_at)).bind(s.entries).bind(s.error.clone())
                    .execute(&self.pool).await?;
                    Ok(())
                }
            }

        };
    };
}
