//! The saved boxes' SQL, written once and expanded for each backend like
//! [`impl_sql_store!`](crate::impl_sql_store).

/// Implements [`BoxStore`](crate::BoxStore) for `$store` (a struct with a field
/// `pool: sqlx::Pool<$db>`).
#[macro_export]
macro_rules! impl_sql_boxes {
    ($store:ty, $db:ty) => {
        const _: () = {
            use $crate::__private::chrono::Utc;
            use $crate::__private::sqlx;
            use $crate::boxes::StoredBox;
            use $crate::hub_rows::{timestamp, timestamp_text};
            use $crate::{Page, Result, StoreError};

            const COLUMNS: &str = "id, spec, edit_key_hash, version, created_at, updated_at";

            type Row = (i64, String, String, i64, String, String);

            fn stored_box(row: Row) -> Result<StoredBox> {
                let (id, spec, edit_key_hash, version, created_at, updated_at) = row;
                Ok(StoredBox {
                    id,
                    spec,
                    edit_key_hash,
                    version,
                    created_at: timestamp(&created_at)?,
                    updated_at: timestamp(&updated_at)?,
                })
            }

            fn not_found(id: i64) -> StoreError {
                StoreError::NotFound(format!("hộp nhúng số {id}"))
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::BoxStore for $store {
                async fn box_create(&self, spec: &str, edit_key_hash: &str) -> Result<StoredBox> {
                    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO boxes (spec, edit_key_hash, version, created_at, updated_at) \
                         VALUES ($1, $2, 1, $3, $3) RETURNING {COLUMNS}"
                    )))
                    .bind(spec)
                    .bind(edit_key_hash)
                    .bind(timestamp_text(Utc::now()))
                    .fetch_one(&self.pool)
                    .await?;
                    stored_box(row)
                }

                async fn box_get(&self, id: i64) -> Result<Option<StoredBox>> {
                    let row: Option<Row> =
                        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM boxes WHERE id = $1")))
                            .bind(id)
                            .fetch_optional(&self.pool)
                            .await?;
                    row.map(stored_box).transpose()
                }

                async fn box_update(&self, id: i64, expected: Option<i64>, spec: &str) -> Result<StoredBox> {
                    // The version check and the write are one statement, so two editors holding the same
                    // version cannot both win; `COALESCE` makes `expected = None` match any version.
                    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "UPDATE boxes SET spec = $1, version = version + 1, updated_at = $2 \
                         WHERE id = $3 AND version = COALESCE($4, version) RETURNING {COLUMNS}"
                    )))
                    .bind(spec)
                    .bind(timestamp_text(Utc::now()))
                    .bind(id)
                    .bind(expected)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(row) = row {
                        return stored_box(row);
                    }
                    // Nothing written; only now find out why (missing box or stale version).
                    let current: Option<i64> = sqlx::query_scalar("SELECT version FROM boxes WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    match (current, expected) {
                        (Some(current), Some(expected)) => Err(StoreError::VersionConflict { expected, current }),
                        // Deleted (or never there) between the UPDATE and this look.
                        _ => Err(not_found(id)),
                    }
                }

                async fn box_delete(&self, id: i64) -> Result<()> {
                    let done = sqlx::query("DELETE FROM boxes WHERE id = $1").bind(id).execute(&self.pool).await?;
                    if done.rows_affected() == 0 {
                        return Err(not_found(id));
                    }
                    Ok(())
                }

                async fn box_list(&self, limit: i64, offset: i64) -> Result<Page<StoredBox>> {
                    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM boxes").fetch_one(&self.pool).await?;
                    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {COLUMNS} FROM boxes ORDER BY id DESC LIMIT $1 OFFSET $2"
                    )))
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(Page { total, items: rows.into_iter().map(stored_box).collect::<Result<_>>()? })
                }
            }
        };
    };
}
