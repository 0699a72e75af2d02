use ketnoi_store_sqlite::SqliteStore;

#[tokio::test]
async fn sqlite_storage_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("ketnoi.db")).await.unwrap();
    assert_eq!(store.journal_mode().await.unwrap(), "wal");
    ketnoi_store::testkit::storage_story(&store).await;
}

#[tokio::test]
async fn migrations_are_applied_once_and_reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ketnoi.db");
    let data = ketnoi_units_fixture();
    {
        let store = SqliteStore::open(&path).await.unwrap();
        use ketnoi_store::Store;
        store.import_units(&data, &[]).await.unwrap();
    }
    let store = SqliteStore::open(&path).await.unwrap();
    use ketnoi_store::Store;
    assert!(store.get_unit("chinh-phu").await.unwrap().is_some());
}

fn ketnoi_units_fixture() -> Vec<ketnoi_domain_fixture::Unit> {
    vec![ketnoi_domain_fixture::Unit {
        id: "chinh-phu".into(),
        code: Some("CP".into()),
        name: "Chính phủ".into(),
        kind: "chinh_phu".into(),
        level: ketnoi_domain_fixture::UnitLevel::Central,
        parent_id: None,
        valid_from: None,
        valid_to: None,
    }]
}

use ketnoi_store::__private::ketnoi_domain as ketnoi_domain_fixture;
