//! The hub's SQL, written once and expanded for each backend like
//! [`impl_sql_store!`](crate::impl_sql_store).

pub const HUB_ITEM_COLUMNS: &str = "id, ref_id, item_type, title, sapo, content, avatar, attachments, original_url, \
     published_by, published_date, site_id, source, state, version, seq, created_at, updated_at";
pub const API_KEY_COLUMNS: &str = "id, name, secret_hash, previous_hash, previous_valid_until, allow_ips, scope, \
     rate_per_minute, revoked_at, created_at, updated_at";
pub const DELIVERY_COLUMNS: &str =
    "id, webhook_id, item_id, event, item_version, attempts, next_attempt_at, delivered_at, last_error";

/// Implements [`HubStore`](crate::HubStore) for `$store` (a struct with a
/// field `pool: sqlx::Pool<$db>`).
#[macro_export]
macro_rules! impl_sql_hub {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::HashMap;
            use $crate::__private::ketnoi_domain::{
                ApiKey, HubEvent, HubItem, HubItemInput, HubState, Webhook, WebhookDelivery,
            };
            use $crate::__private::sqlx::{self, AssertSqlSafe, QueryBuilder};
            use $crate::hub_consts::*;
            use $crate::hub_rows::{self, ApiKeyRow, DeliveryRow, HubItemRow, HubTargetRow, WebhookRow};
            use $crate::{DeliveryOutcome, HubQuery, ImportCounts, Page, Result, StoreError};

            type Conn = <$db as sqlx::Database>::Connection;
            type Chrono = $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>;

            enum Change {
                Created,
                Updated,
                Unchanged,
            }

            async fn with_targets(conn: &mut Conn, rows: Vec<HubItemRow>) -> Result<Vec<HubItem>> {
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = QueryBuilder::<$db>::new("SELECT item_id, target FROM hub_item_targets WHERE item_id IN (");
                let mut ids = q.separated(", ");
                for r in &rows {
                    ids.push_bind(r.id);
                }
                q.push(") ORDER BY item_id, target");
                let mut targets: HashMap<i64, Vec<String>> = HashMap::new();
                for t in q.build_query_as::<HubTargetRow>().fetch_all(conn).await? {
                    targets.entry(t.item_id).or_default().push(t.target);
                }
                rows.into_iter().map(|r| { let t = targets.remove(&r.id).unwrap_or_default(); r.into_item(t) }).collect()
            }

            async fn fetch_item(conn: &mut Conn, id: i64) -> Result<Option<HubItem>> {
                let sql = format!("SELECT {HUB_ITEM_COLUMNS} FROM hub_items WHERE id = $1");
                let row: Option<HubItemRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
                Ok(with_targets(conn, row.into_iter().collect()).await?.pop())
            }

            /// Takes the next change number. The row lock it holds until commit
            /// serialises hub writers, so numbers are handed out in commit order.
            async fn next_seq(conn: &mut Conn) -> Result<i64> {
                Ok(sqlx::query_scalar("UPDATE hub_counters SET value = value + 1 WHERE name = 'seq' RETURNING value")
                    .fetch_one(conn).await?)
            }

            fn event_for(old: Option<HubState>, new: HubState) -> Option<HubEvent> {
                match (old == Some(HubState::Published), new == HubState::Published) {
                    (false, true) => Some(HubEvent::Publish),
                    (true, true) => Some(HubEvent::Update),
                    (true, false) => Some(HubEvent::Withdraw),
                    (false, false) => None,
                }
            }

            /// The one write path of items: version check, change sequence,
            /// row, targets and webhook outbox, all in the caller's transaction.
            async fn save(
                conn: &mut Conn,
                id: Option<i64>,
                expected: Option<i64>,
                item: &HubItemInput,
                state: Option<HubState>,
            ) -> Result<(HubItem, Change)> {
                let seq = next_seq(&mut *conn).await?;
                let old = match id {
                    Some(id) => fetch_item(&mut *conn, id).await?,
                    None => None,
                };
                match (&old, expected) {
                    (None, Some(_)) => return Err(StoreError::NotFound(format!("tin số {}", id.unwrap_or_default()))),
                    (Some(o), Some(e)) if o.version != e => {
                        return Err(StoreError::VersionConflict { expected: e, current: o.version })
                    }
                    _ => {}
                }
                let new_state = state.or(old.as_ref().map(|o| o.state)).unwrap_or(HubState::Draft);
                if let Some(o) = &old {
                    if o.input == *item && o.state == new_state {
                        return Ok((o.clone(), Change::Unchanged));
                    }
                }
                let id = match id {
                    Some(id) => id,
                    None => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) + 1 FROM hub_items").fetch_one(&mut *conn).await?,
                };
                let now = $crate::rows::now_text();
                let version = old.as_ref().map_or(1, |o| o.version + 1);
                let published = item.published_date.map(hub_rows::local_text);
                if old.is_some() {
                    sqlx::query(
                        "UPDATE hub_items SET ref_id = $1, item_type = $2, title = $3, sapo = $4, content = $5, avatar = $6, \
                         attachments = $7, original_url = $8, published_by = $9, published_date = $10, site_id = $11, \
                         source = $12, state = $13, version = $14, seq = $15, updated_at = $16 WHERE id = $17",
                    )
                    .bind(item.ref_id).bind(item.item_type.code()).bind(item.title.clone()).bind(item.sapo.clone())
                    .bind(item.content.clone()).bind(item.avatar.clone()).bind(item.attachments.clone())
                    .bind(item.original_url.clone()).bind(item.published_by.clone()).bind(published)
                    .bind(item.site_id).bind(item.source.clone()).bind(new_state.as_str()).bind(version).bind(seq)
                    .bind(now.clone()).bind(id)
                    .execute(&mut *conn).await?;
                } else {
                    sqlx::query(
                        "INSERT INTO hub_items (ref_id, item_type, title, sapo, content, avatar, attachments, original_url, \
                         published_by, published_date, site_id, source, state, version, seq, created_at, updated_at, id) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)",
                    )
                    .bind(item.ref_id).bind(item.item_type.code()).bind(item.title.clone()).bind(item.sapo.clone())
                    .bind(item.content.clone()).bind(item.avatar.clone()).bind(item.attachments.clone())
                    .bind(item.original_url.clone()).bind(item.published_by.clone()).bind(published)
                    .bind(item.site_id).bind(item.source.clone()).bind(new_state.as_str()).bind(version).bind(seq)
                    .bind(now.clone()).bind(id)
                    .execute(&mut *conn).await?;
                }
                sqlx::query("DELETE FROM hub_item_targets WHERE item_id = $1").bind(id).execute(&mut *conn).await?;
                for chunk in item.distribution_to.chunks(INSERT_CHUNK) {
                    let mut q = QueryBuilder::<$db>::new("INSERT INTO hub_item_targets (item_id, target) ");
                    q.push_values(chunk, |mut b, t| {
                        b.push_bind(id).push_bind(t.clone());
                    });
                    q.build().execute(&mut *conn).await?;
                }
                if let Some(event) = event_for(old.as_ref().map(|o| o.state), new_state) {
                    sqlx::query(
                        "INSERT INTO webhook_deliveries (webhook_id, item_id, event, item_version, attempts, next_attempt_at, created_at) \
                         SELECT id, $1, $2, $3, 0, $4, $4 FROM webhooks WHERE active",
                    )
                    .bind(id).bind(event.as_str()).bind(version).bind(now)
                    .execute(&mut *conn).await?;
                }
                let saved = fetch_item(conn, id).await?.ok_or_else(|| StoreError::NotFound(format!("tin số {id}")))?;
                Ok((saved, if old.is_some() { Change::Updated } else { Change::Created }))
            }

            /// WHERE clauses shared by listings and the change feed.
            fn push_filters(q: &mut QueryBuilder<$db>, query: &HubQuery) {
                if !query.types.is_empty() {
                    q.push(" AND i.item_type IN (");
                    let mut s = q.separated(", ");
                    for t in &query.types {
                        s.push_bind(t.code());
                    }
                    q.push(")");
                }
                if !query.targets.is_empty() {
                    q.push(" AND (NOT EXISTS (SELECT 1 FROM hub_item_targets t WHERE t.item_id = i.id) \
                            OR EXISTS (SELECT 1 FROM hub_item_targets t WHERE t.item_id = i.id AND t.target IN (");
                    let mut s = q.separated(", ");
                    for t in &query.targets {
                        s.push_bind(t.clone());
                    }
                    q.push(")))");
                }
                if let Some(ids) = &query.ids {
                    if ids.is_empty() {
                        q.push(" AND 1 = 0");
                    } else {
                        q.push(" AND i.id IN (");
                        let mut s = q.separated(", ");
                        for id in ids {
                            s.push_bind(*id);
                        }
                        q.push(")");
                    }
                }
                if let Some(since) = query.updated_since {
                    q.push(" AND i.updated_at >= ").push_bind(hub_rows::timestamp_text(since));
                }
                // Each compared as typed and lower-cased in Rust: see `title_pattern` for why LOWER alone
                // is not enough on SQLite.
                if let Some(source) = &query.source {
                    let source = source.trim();
                    q.push(" AND (LOWER(i.source) = LOWER(").push_bind(source.to_string());
                    q.push(") OR LOWER(i.source) = ").push_bind(source.to_lowercase()).push(")");
                }
                if let Some(text) = &query.title_contains {
                    q.push(" AND (LOWER(i.title) LIKE LOWER(").push_bind(title_pattern(text, false)).push(") ESCAPE '\\'");
                    q.push(" OR LOWER(i.title) LIKE ").push_bind(title_pattern(text, true)).push(" ESCAPE '\\')");
                }
            }

            /// The LIKE pattern of `title_contains`: `%text%` with `\`, `%` and `_` escaped so what the
            /// user typed is matched literally. SQLite's LOWER folds ASCII only, so a title's non-ASCII
            /// capitals (Ỉ, Đ) stay capitals there: the filter tries the text as typed (matches "Đề án"
            /// for "Đề") and lower-cased in Rust (matches "đề án" for "ĐỀ"); only mixed cases of
            /// non-ASCII letters miss on SQLite. PostgreSQL folds per the database's locale (all of
            /// Unicode under a UTF-8 one); an ICU extension for SQLite is not worth it for a filter.
            fn title_pattern(text: &str, lower: bool) -> String {
                let text = if lower { text.to_lowercase() } else { text.to_string() };
                let mut pattern = String::from("%");
                for c in text.chars() {
                    if matches!(c, '\\' | '%' | '_') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                }
                pattern.push('%');
                pattern
            }

            fn item_select(query: &HubQuery, what: &str) -> QueryBuilder<$db> {
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {what} FROM hub_items i WHERE 1 = 1"));
                if !query.any_state {
                    q.push(" AND i.state = ").push_bind(HubState::Published.as_str());
                }
                push_filters(&mut q, query);
                q
            }

            #[$crate::__private::async_trait::async_trait]
            impl $crate::HubStore for $store {
                async fn hub_save(&self, id: Option<i64>, expected: Option<i64>, item: &HubItemInput, state: Option<HubState>) -> Result<HubItem> {
                    let mut tx = self.pool.begin().await?;
                    let (saved, change) = save(&mut *tx, id, expected, item, state).await?;
                    if !matches!(change, Change::Unchanged) {
                        tx.commit().await?;
                    }
                    Ok(saved)
                }

                async fn hub_set_state(&self, id: i64, expected: Option<i64>, state: HubState) -> Result<HubItem> {
                    let mut tx = self.pool.begin().await?;
                    let current = fetch_item(&mut *tx, id).await?.ok_or_else(|| StoreError::NotFound(format!("tin số {id}")))?;
                    let (saved, change) = save(&mut *tx, Some(id), expected, &current.input, Some(state)).await?;
                    if !matches!(change, Change::Unchanged) {
                        tx.commit().await?;
                    }
                    Ok(saved)
                }

                async fn hub_get(&self, id: i64) -> Result<Option<HubItem>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_item(&mut *conn, id).await
                }

                async fn hub_list(&self, query: &HubQuery) -> Result<Page<HubItem>> {
                    let mut conn = self.pool.acquire().await?;
                    let total: i64 = item_select(query, "COUNT(*)").build_query_scalar().fetch_one(&mut *conn).await?;
                    let mut q = item_select(query, &format!("i.{}", HUB_ITEM_COLUMNS.replace(", ", ", i.")));
                    q.push(" ORDER BY COALESCE(i.published_date, '') DESC, i.id DESC LIMIT ").push_bind(query.limit);
                    q.push(" OFFSET ").push_bind(query.offset);
                    let rows: Vec<HubItemRow> = q.build_query_as().fetch_all(&mut *conn).await?;
                    Ok(Page { total, items: with_targets(&mut *conn, rows).await? })
                }

                async fn hub_changes(&self, after_seq: i64, query: &HubQuery) -> Result<Vec<HubItem>> {
                    let mut conn = self.pool.acquire().await?;
                    let mut q = QueryBuilder::<$db>::new(format!(
                        "SELECT i.{} FROM hub_items i WHERE i.state IN ('published', 'withdrawn') AND i.seq > ",
                        HUB_ITEM_COLUMNS.replace(", ", ", i.")
                    ));
                    q.push_bind(after_seq);
                    push_filters(&mut q, query);
                    q.push(" ORDER BY i.seq LIMIT ").push_bind(query.limit);
                    let rows: Vec<HubItemRow> = q.build_query_as().fetch_all(&mut *conn).await?;
                    with_targets(&mut *conn, rows).await
                }

                async fn hub_last_seq(&self) -> Result<i64> {
                    Ok(sqlx::query_scalar("SELECT value FROM hub_counters WHERE name = 'seq'").fetch_one(&self.pool).await?)
                }

                async fn hub_import(&self, items: &[(i64, HubItemInput, HubState)]) -> Result<ImportCounts> {
                    let mut counts = ImportCounts::default();
                    let mut tx = self.pool.begin().await?;
                    for (id, item, state) in items {
                        match save(&mut *tx, Some(*id), None, item, Some(*state)).await?.1 {
                            Change::Created => counts.created += 1,
                            Change::Updated => counts.updated += 1,
                            Change::Unchanged => counts.unchanged += 1,
                        }
                    }
                    tx.commit().await?;
                    Ok(counts)
                }

                async fn key_create(&self, key: &ApiKey) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO api_keys (id, name, secret_hash, previous_hash, previous_valid_until, allow_ips, scope, \
                         rate_per_minute, revoked_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(key.id.clone()).bind(key.name.clone()).bind(key.secret_hash.clone()).bind(key.previous_hash.clone())
                    .bind(key.previous_valid_until.map(hub_rows::timestamp_text))
                    .bind($crate::__private::serde_json::to_string(&key.allow_ips).expect("strings serialise"))
                    .bind(key.scope.as_ref().map(|s| $crate::__private::serde_json::to_string(s).expect("strings serialise")))
                    .bind(i64::from(key.rate_per_minute)).bind(key.revoked_at.map(hub_rows::timestamp_text))
                    .bind(hub_rows::timestamp_text(key.created_at)).bind(hub_rows::timestamp_text(key.updated_at))
                    .execute(&self.pool).await
                    .map_err(|e| match e {
                        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Reference(format!("khoá {} đã tồn tại", key.id)),
                        e => e.into(),
                    })?;
                    Ok(())
                }

                async fn key_get(&self, id: &str) -> Result<Option<ApiKey>> {
                    let sql = format!("SELECT {API_KEY_COLUMNS} FROM api_keys WHERE id = $1");
                    let row: Option<ApiKeyRow> = sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
                    row.map(ApiKey::try_from).transpose()
                }

                async fn key_list(&self) -> Result<Vec<ApiKey>> {
                    let sql = format!("SELECT {API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id");
                    sqlx::query_as::<_, ApiKeyRow>(AssertSqlSafe(sql)).fetch_all(&self.pool).await?
                        .into_iter().map(ApiKey::try_from).collect()
                }

                async fn key_update(&self, key: &ApiKey) -> Result<()> {
                    let done = sqlx::query(
                        "UPDATE api_keys SET name = $1, secret_hash = $2, previous_hash = $3, previous_valid_until = $4, \
                         allow_ips = $5, scope = $6, rate_per_minute = $7, revoked_at = $8, updated_at = $9 WHERE id = $10",
                    )
                    .bind(key.name.clone()).bind(key.secret_hash.clone()).bind(key.previous_hash.clone())
                    .bind(key.previous_valid_until.map(hub_rows::timestamp_text))
                    .bind($crate::__private::serde_json::to_string(&key.allow_ips).expect("strings serialise"))
                    .bind(key.scope.as_ref().map(|s| $crate::__private::serde_json::to_string(s).expect("strings serialise")))
                    .bind(i64::from(key.rate_per_minute)).bind(key.revoked_at.map(hub_rows::timestamp_text))
                    .bind(hub_rows::timestamp_text(key.updated_at)).bind(key.id.clone())
                    .execute(&self.pool).await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound(format!("khoá {}", key.id)));
                    }
                    Ok(())
                }

                async fn webhook_create(&self, url: &str, secret: &str) -> Result<Webhook> {
                    let now = $crate::rows::now_text();
                    let row: WebhookRow = sqlx::query_as(
                        "INSERT INTO webhooks (url, secret, active, created_at) VALUES ($1, $2, TRUE, $3) \
                         RETURNING id, url, secret, active, created_at",
                    )
                    .bind(url).bind(secret).bind(now).fetch_one(&self.pool).await?;
                    Webhook::try_from(row)
                }

                async fn webhook_list(&self) -> Result<Vec<Webhook>> {
                    sqlx::query_as::<_, WebhookRow>("SELECT id, url, secret, active, created_at FROM webhooks ORDER BY id")
                        .fetch_all(&self.pool).await?
                        .into_iter().map(Webhook::try_from).collect()
                }

                async fn webhook_delete(&self, id: i64) -> Result<()> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1").bind(id).execute(&mut *tx).await?;
                    let done = sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound(format!("webhook số {id}")));
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn webhook_due(&self, now: Chrono, limit: i64) -> Result<Vec<(WebhookDelivery, Webhook)>> {
                    let sql = format!(
                        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE delivered_at IS NULL \
                         AND next_attempt_at IS NOT NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
                    );
                    let rows: Vec<DeliveryRow> = sqlx::query_as(AssertSqlSafe(sql))
                        .bind(hub_rows::timestamp_text(now)).bind(limit).fetch_all(&self.pool).await?;
                    let hooks: HashMap<i64, Webhook> = self.webhook_list_active().await?.into_iter().map(|w| (w.id, w)).collect();
                    let mut due = Vec::new();
                    for r in rows {
                        let d = WebhookDelivery::try_from(r)?;
                        if let Some(w) = hooks.get(&d.webhook_id) {
                            due.push((d, w.clone()));
                        }
                    }
                    Ok(due)
                }

                async fn webhook_record(&self, delivery_id: i64, outcome: &DeliveryOutcome) -> Result<()> {
                    let now = $crate::rows::now_text();
                    match outcome {
                        DeliveryOutcome::Delivered => sqlx::query(
                            "UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = $1, last_error = NULL, \
                             next_attempt_at = NULL WHERE id = $2",
                        )
                        .bind(now).bind(delivery_id).execute(&self.pool).await?,
                        DeliveryOutcome::Failed { error, retry_at } => sqlx::query(
                            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
                        )
                        .bind(error.clone()).bind(retry_at.map(hub_rows::timestamp_text)).bind(delivery_id)
                        .execute(&self.pool).await?,
                    };
                    Ok(())
                }

                async fn webhook_deliveries(&self, webhook_id: i64) -> Result<Vec<WebhookDelivery>> {
                    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC");
                    sqlx::query_as::<_, DeliveryRow>(AssertSqlSafe(sql)).bind(webhook_id).fetch_all(&self.pool).await?
                        .into_iter().map(WebhookDelivery::try_from).collect()
                }
            }

            impl $store {
                async fn webhook_list_active(&self) -> Result<Vec<Webhook>> {
                    use $crate::HubStore;
                    Ok(self.webhook_list().await?.into_iter().filter(|w| w.active).collect())
                }
            }
        };
    };
}
