//! The query log's SQL, written once and expanded for each backend like
//! [`impl_sql_store!`](crate::impl_sql_store).

/// Implements [`SearchLogStore`](crate::SearchLogStore) for `$store` (a struct with a field
/// `pool: sqlx::Pool<$db>`).
#[macro_export]
macro_rules! impl_sql_search_log {
    ($store:ty, $db:ty) => {
        const _: () = {
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::sqlx::{self, AssertSqlSafe};
            use $crate::hub_rows::timestamp_text;
            use $crate::search_log::{query_key, ClickStat, QueryStat};
            use $crate::Result;

            /// Per query key: the latest spelling, searches, searches that found nothing, and
            /// clicks, all since `$1`. `having` and `order` pick the list; ties go to the query
            /// seen first, the same on both databases (their text collations differ).
            fn query_stats_sql(having: &str, order: &str) -> String {
                format!(
                    "SELECT (SELECT s.query FROM search_queries s WHERE s.query_key = q.query_key \
                         ORDER BY s.id DESC LIMIT 1) AS query, \
                     COUNT(*) AS n, \
                     SUM(CASE WHEN q.results = 0 THEN 1 ELSE 0 END) AS zero_n, \
                     (SELECT COUNT(*) FROM search_clicks c WHERE c.query_key = q.query_key AND c.at >= $1) AS clicks \
                     FROM search_queries q WHERE q.at >= $1 GROUP BY q.query_key{having} \
                     ORDER BY {order}, MIN(q.id) LIMIT $2"
                )
            }

            async fn query_stats(
                pool: &sqlx::Pool<$db>,
                having: &str,
                order: &str,
                since: DateTime<Utc>,
                limit: i64,
            ) -> Result<Vec<QueryStat>> {
                let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(AssertSqlSafe(query_stats_sql(having, order)))
                    .bind(timestamp_text(since)).bind(limit)
                    .fetch_all(pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(query, count, zero_results_count, clicks)| QueryStat {
                        query,
                        count,
                        zero_results_count,
                        clicks,
                    })
                    .collect())
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::SearchLogStore for $store {
                async fn search_log_query(&self, query: &str, results: i64, at: DateTime<Utc>) -> Result<()> {
                    sqlx::query("INSERT INTO search_queries (query_key, query, results, at) VALUES ($1, $2, $3, $4)")
                        .bind(query_key(query)).bind(query.trim()).bind(results).bind(timestamp_text(at))
                        .execute(&self.pool).await?;
                    Ok(())
                }

                async fn search_log_click(
                    &self,
                    query: &str,
                    url: &str,
                    position: Option<i64>,
                    at: DateTime<Utc>,
                ) -> Result<()> {
                    sqlx::query("INSERT INTO search_clicks (query_key, url, position, at) VALUES ($1, $2, $3, $4)")
                        .bind(query_key(query)).bind(url).bind(position).bind(timestamp_text(at))
                        .execute(&self.pool).await?;
                    Ok(())
                }

                async fn search_top_queries(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<QueryStat>> {
                    query_stats(&self.pool, "", "n DESC", since, limit).await
                }

                async fn search_zero_result_queries(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<QueryStat>> {
                    query_stats(
                        &self.pool,
                        " HAVING SUM(CASE WHEN q.results = 0 THEN 1 ELSE 0 END) > 0",
                        "zero_n DESC, n DESC",
                        since,
                        limit,
                    )
                    .await
                }

                async fn search_top_clicks(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<ClickStat>> {
                    let rows: Vec<(String, String, i64)> = sqlx::query_as(
                        "SELECT c.url, COALESCE((SELECT s.query FROM search_queries s WHERE s.query_key = c.query_key \
                             ORDER BY s.id DESC LIMIT 1), c.query_key) AS query, COUNT(*) AS n \
                         FROM search_clicks c WHERE c.at >= $1 GROUP BY c.url, c.query_key \
                         ORDER BY n DESC, MIN(c.id) LIMIT $2",
                    )
                    .bind(timestamp_text(since)).bind(limit)
                    .fetch_all(&self.pool).await?;
                    Ok(rows.into_iter().map(|(url, query, count)| ClickStat { url, query, count }).collect())
                }
            }
        };
    };
}
