use chrono::NaiveDate;
use ketnoi_domain::{SiteStatus, UnitLevel};
use ketnoi_register::{ImportError, ImportOptions, export_sites, import_sites};
use ketnoi_store::{SiteQuery, Store};
use ketnoi_store_sqlite::SqliteStore;

const ANNEX: &str = "STT\tTên cơ quan, đơn vị\tĐịa chỉ cổng/trang thông tin điện tử\tGhi chú\n\
    1\tUBND huyện Nga Sơn\tngason.thanhhoa.gov.vn\t\n\
    2\tThị trấn Nga Sơn\tthitran.ngason.thanhhoa.gov.vn\tChưa có cổng/trang thông tin điện tử\n\
    3\tXã Nga Điền\tngadien.ngason.thanhhoa.gov.vn\t\n\
    \t\n";

async fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("ketnoi.db")).await.unwrap();
    let units = ketnoi_units::builtin().unwrap();
    store.import_units(&units.units, &units.successions).await.unwrap();
    (dir, store)
}

fn opts() -> ImportOptions {
    ImportOptions {
        skip_invalid: false,
        max_bytes: ketnoi_register::import::DEFAULT_MAX_BYTES,
        scope: None,
        at: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        encoding: None,
        dry_run: false,
    }
}

async fn site_count(store: &dyn Store) -> i64 {
    store.list_sites(&SiteQuery { limit: 1, ..Default::default() }).await.unwrap().total
}

#[tokio::test]
async fn the_annex_example_imports_once_and_reimporting_changes_nothing() {
    let (_dir, store) = store().await;
    let report = import_sites(&store, ANNEX.as_bytes(), &opts()).await.unwrap();
    assert_eq!(report.layout, "thanh_hoa_annex");
    assert_eq!((report.rows, report.counts.created), (3, 3));
    let sites = store.list_sites(&SiteQuery { limit: 10, ..Default::default() }).await.unwrap().items;
    let district = store.get_unit(sites[0].input.unit_id.as_deref().unwrap()).await.unwrap().unwrap();
    assert_eq!((district.level, district.name.as_str()), (UnitLevel::District, "Huyện Nga Sơn"));
    assert_eq!(sites[0].input.name, "UBND huyện Nga Sơn");
    assert_eq!(sites[1].input.status, SiteStatus::NoPortal);
    assert_eq!(sites[2].input.urls, vec!["https://ngadien.ngason.thanhhoa.gov.vn/"]);

    let again = import_sites(&store, ANNEX.as_bytes(), &opts()).await.unwrap();
    assert_eq!((again.counts.created, again.counts.updated, again.counts.unchanged), (0, 0, 3));
}

#[tokio::test]
async fn one_bad_row_imports_nothing_and_names_the_row() {
    let (_dir, store) = store().await;
    let file =
        "unit_code,urls,name\n38,thanhhoa.gov.vn,Cổng tỉnh\n99999,sai.gov.vn,Sai mã\n38,javascript:alert(1),Độc\n";
    match import_sites(&store, file.as_bytes(), &opts()).await {
        Err(ImportError::Rows(rows)) => {
            assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 4]);
            assert!(rows[0].reason.contains("99999"), "{}", rows[0].reason);
            assert!(rows[1].reason.contains("urls"), "{}", rows[1].reason);
        }
        other => panic!("expected row errors, got {other:?}"),
    }
    assert_eq!(site_count(&store).await, 0, "nothing may be written");

    let skipping = ImportOptions { skip_invalid: true, ..opts() };
    let report = import_sites(&store, file.as_bytes(), &skipping).await.unwrap();
    assert_eq!(report.counts.created, 1);
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(site_count(&store).await, 1);
}

#[tokio::test]
async fn duplicates_within_a_file_and_against_spellings_are_reported() {
    let (_dir, store) = store().await;
    let file = "unit_code,urls\n38,thanhhoa.gov.vn\n38,http://www.thanhhoa.gov.vn/\n";
    match import_sites(&store, file.as_bytes(), &opts()).await {
        Err(ImportError::Rows(rows)) => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].line, 3);
            assert!(rows[0].reason.contains("dòng 2"), "{}", rows[0].reason);
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

#[tokio::test]
async fn windows_1258_from_excel_imports_like_utf8() {
    let (_dir, store) = store().await;
    let bytes = ketnoi_register::decode::encode_windows_1258(ANNEX);
    let report = import_sites(&store, &bytes, &opts()).await.unwrap();
    assert_eq!(report.encoding, "windows-1258");
    assert_eq!(report.counts.created, 3);
    let again = import_sites(&store, ANNEX.as_bytes(), &opts()).await.unwrap();
    assert_eq!(again.counts.unchanged, 3, "the decoded text is the same NFC text as the UTF-8 file");
}

#[tokio::test]
async fn oversized_binary_and_headerless_files_are_refused_without_writing() {
    let (_dir, store) = store().await;
    let small = ImportOptions { max_bytes: 64, ..opts() };
    assert!(matches!(import_sites(&store, ANNEX.as_bytes(), &small).await, Err(ImportError::TooLarge { .. })));
    assert!(matches!(import_sites(&store, b"PK\x03\x04\0\0", &opts()).await, Err(ImportError::Decode(_))));
    assert!(matches!(import_sites(&store, b"", &opts()).await, Err(ImportError::Layout(_))));
    assert!(matches!(import_sites(&store, b"foo,bar\n1,2\n", &opts()).await, Err(ImportError::Layout(_))));
    assert_eq!(site_count(&store).await, 0);
}

#[tokio::test]
async fn names_are_scoped_and_ambiguity_is_explained() {
    let (_dir, store) = store().await;
    // "Phường 1" exists in many provinces.
    let file = "unit_name,urls\nPhường 1,p1.example.gov.vn\n";
    match import_sites(&store, file.as_bytes(), &opts()).await {
        Err(ImportError::Rows(rows)) => assert!(rows[0].reason.contains("khớp"), "{}", rows[0].reason),
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let scoped = ImportOptions { scope: Some("38".into()), ..opts() };
    let report = import_sites(&store, ANNEX.as_bytes(), &scoped).await.unwrap();
    assert_eq!(report.counts.created, 3);
    let unknown = ImportOptions { scope: Some("zz".into()), ..opts() };
    assert!(matches!(import_sites(&store, ANNEX.as_bytes(), &unknown).await, Err(ImportError::UnknownScope(_))));
}

#[tokio::test]
async fn export_then_import_round_trips_unchanged() {
    let (_dir, store) = store().await;
    let file = "unit_code,name,urls,status,technology,hosting,parent_url,sitemaps,crawl_enabled,crawl_delay_seconds,note\n\
        38,Cổng tỉnh,thanhhoa.gov.vn,active,Liferay,provincial_it_centre,,https://thanhhoa.gov.vn/sitemap.xml,true,2,\n\
        38,\"=HYPERLINK(\"\"x\"\")\",snv.thanhhoa.gov.vn,active,,,thanhhoa.gov.vn,,false,,\"ghi chú, có dấu phẩy\"\n";
    let first = import_sites(&store, file.as_bytes(), &opts()).await.unwrap();
    assert_eq!(first.counts.created, 2);
    let exported = export_sites(&store).await.unwrap();
    assert!(exported.contains("'=HYPERLINK"), "formula cells are neutralised: {exported}");
    let again = import_sites(&store, exported.as_bytes(), &opts()).await.unwrap();
    assert_eq!((again.counts.created, again.counts.updated, again.counts.unchanged), (0, 0, 2));
}
