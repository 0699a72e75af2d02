//! Runs the storage story on a real PostgreSQL. It needs
//! `KETNOI_TEST_POSTGRES_URL` (e.g. `postgres://postgres@127.0.0.1:5432/test`);
//! without it the test says so and passes, except under CI (`CI` set), where a
//! missing database is a failure: the story must never be skipped there.

use ketnoi_store_postgres::PgStore;

fn database_url() -> Option<String> {
    match std::env::var("KETNOI_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!("CI is set but KETNOI_TEST_POSTGRES_URL is not"),
        _ => {
            eprintln!("SKIPPED: KETNOI_TEST_POSTGRES_URL is not set, the PostgreSQL storage story did not run");
            None
        }
    }
}

#[tokio::test]
async fn postgres_storage_story() {
    let Some(url) = database_url() else { return };
    let schema = format!(
        "ketnoi_test_{}_{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let store = PgStore::connect_in_schema(&url, &schema).await.expect("connect to PostgreSQL");
    ketnoi_store::testkit::storage_story(&store).await;
    store.close().await;
    // Reconnecting to the same schema finds migrations applied and data kept.
    let again = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    use ketnoi_store::Store;
    assert!(again.get_unit("38").await.unwrap().is_some());
    again.close().await;
    drop_schema(&url, &schema).await;
}

async fn drop_schema(url: &str, schema: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn bad_schema_names_are_refused() {
    assert!(PgStore::connect_in_schema("postgres://127.0.0.1/test", "x; DROP TABLE units").await.is_err());
}
