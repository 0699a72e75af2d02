//! The best bets' SQL, written once and expanded for each backend like
//! [`impl_sql_store!`](crate::impl_sql_store).

/// Implements [`BestBetStore`](crate::BestBetStore) for `$store` (a struct with a field
/// `pool: sqlx::Pool<$db>`).
#[macro_export]
macro_rules! impl_sql_best_bets {
    ($store:ty, $db:ty) => {
        const _: () = {
            use $crate::__private::sqlx;
            use $crate::__private::chrono::Utc;
            use $crate::best_bets::{query_key, BestBet};
            use $crate::hub_rows::{timestamp, timestamp_text};
            use $crate::{Result, StoreError};

            const COLUMNS: &str = "id, query, query_key, url, title, description, position, created_at";

            type Row = (i64, String, String, String, String, Option<String>, i64, String);

            fn best_bet(row: Row) -> Result<BestBet> {
                let (id, query, query_key, url, title, description, position, created_at) = row;
                Ok(BestBet { id, query, query_key, url, title, description, position, created_at: timestamp(&created_at)? })
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::BestBetStore for $store {
                async fn best_bet_add(
                    &self,
                    query: &str,
                    url: &str,
                    title: &str,
                    description: Option<&str>,
                ) -> Result<BestBet> {
                    let key = query_key(query);
                    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO search_best_bets (query_key, query, url, title, description, position, created_at) \
                         VALUES ($1, $2, $3, $4, $5, \
                             (SELECT COALESCE(MAX(b.position), 0) + 1 FROM search_best_bets b WHERE b.query_key = $1), $6) \
                         RETURNING {COLUMNS}"
                    )))
                    .bind(&key).bind(query.trim()).bind(url).bind(title).bind(description)
                    .bind(timestamp_text(Utc::now()))
                    .fetch_one(&self.pool).await
                    .map_err(|e| match e {
                        sqlx::Error::Database(d) if d.is_unique_violation() => {
                            StoreError::Exists(format!("«{key}» → {url}"))
                        }
                        e => e.into(),
                    })?;
                    best_bet(row)
                }

                async fn best_bet_delete(&self, id: i64) -> Result<()> {
                    let done = sqlx::query("DELETE FROM search_best_bets WHERE id = $1").bind(id).execute(&self.pool).await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound(format!("kết quả đề xuất số {id}")));
                    }
                    Ok(())
                }

                async fn best_bets_for(&self, query: &str) -> Result<Vec<BestBet>> {
                    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {COLUMNS} FROM search_best_bets WHERE query_key = $1 ORDER BY position, id"
                    )))
                    .bind(query_key(query))
                    .fetch_all(&self.pool).await?;
                    rows.into_iter().map(best_bet).collect()
                }

                async fn best_bets_list(&self, limit: i64, offset: i64) -> Result<Vec<BestBet>> {
                    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {COLUMNS} FROM search_best_bets ORDER BY query_key, position, id LIMIT $1 OFFSET $2"
                    )))
                    .bind(limit).bind(offset)
                    .fetch_all(&self.pool).await?;
                    rows.into_iter().map(best_bet).collect()
                }
            }
        };
    };
}
