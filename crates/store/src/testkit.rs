//! The storage story: one sequence of operations and expectations that every
//! backend must pass, run by each backend's tests over a real connection.

use chrono::NaiveDate;
use ketnoi_domain::{ContactInput, ContactRole, CrawlSettings, Hosting, SiteInput, SiteStatus, UnitLevel, text};

use crate::{SiteImportRow, SiteQuery, Store, StoreError, UnitQuery};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

pub(crate) fn site(unit: &str, name: &str, urls: &[&str]) -> SiteInput {
    SiteInput {
        unit_id: Some(unit.to_string()),
        name: name.to_string(),
        urls: urls.iter().map(|u| u.to_string()).collect(),
        status: SiteStatus::Active,
        technology: Some("Joomla".into()),
        hosting: Hosting::ProvincialItCentre,
        parent_site_id: None,
        sitemaps: vec![],
        crawl: CrawlSettings::default(),
        note: None,
    }
}

pub(crate) fn valid(s: SiteInput) -> (SiteInput, Vec<ketnoi_domain::SiteUrl>) {
    s.validate().expect("valid test site")
}

pub async fn storage_story(store: &dyn Store) {
    store.ping().await.expect("ping");
    units_story(store).await;
    sites_story(store).await;
    import_story(store).await;
    contacts_story(store).await;
    crate::testkit_hub::hub_story(store).await;
    crate::testkit_crawl::crawl_story(store).await;
    crate::testkit_search_log::search_log_story(store).await;
    crate::testkit_best_bets::best_bets_story(store).await;
    crate::testkit_boxes::boxes_story(store).await;
}

async fn units_story(store: &dyn Store) {
    let data = ketnoi_units::builtin().expect("built-in units");
    let total = (data.units.len() + data.successions.len()) as u64;
    let first = store.import_units(&data.units, &data.successions).await.expect("first import");
    assert_eq!(first.created, total);
    let again = store.import_units(&data.units, &data.successions).await.expect("second import");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, total), "re-import must change nothing");

    let list = |parent: Option<&str>, level, at: &str| UnitQuery {
        parent_id: parent.map(str::to_string),
        level,
        roots_only: false,
        at: day(at),
    };
    assert_eq!(store.list_units(&list(Some("38"), None, "2026-01-01")).await.unwrap().len(), 166);
    let districts = store.list_units(&list(Some("38"), None, "2025-06-30")).await.unwrap();
    assert_eq!(districts.len(), 26);
    assert!(districts.iter().all(|u| u.level == UnitLevel::District));
    assert_eq!(store.list_units(&list(None, Some(UnitLevel::Province), "2026-01-01")).await.unwrap().len(), 34);
    assert_eq!(store.list_units(&list(None, Some(UnitLevel::Province), "2025-06-30")).await.unwrap().len(), 63);
    let roots = store.list_units(&UnitQuery { roots_only: true, ..list(None, None, "2026-01-01") }).await.unwrap();
    assert_eq!(roots.len(), 35, "the Government and 34 provinces");

    let reused = store.units_by_code("00004").await.unwrap();
    assert_eq!(reused.len(), 2, "code 00004 named Phường Trúc Bạch, then the new Phường Ba Đình");
    let nga_son = store.units_by_name_key(&text::fold("Huyện Nga Sơn")).await.unwrap();
    assert!(nga_son.iter().any(|u| u.level == UnitLevel::District && u.parent_id.as_deref() == Some("38")));

    let old = reused.iter().find(|u| u.valid_to.is_some()).unwrap();
    let (forward, backward) = store.successions(&old.id).await.unwrap();
    assert!(!forward.is_empty() && backward.is_empty());
    let (_, into_finance) = store.successions("bo-tai-chinh").await.unwrap();
    assert!(into_finance.iter().any(|s| s.predecessor_id == "bo-ke-hoach-va-dau-tu"));
    assert!(store.get_unit("no-such-unit").await.unwrap().is_none());
}

async fn sites_story(store: &dyn Store) {
    let (province, urls) = valid(site("38", "Cổng TTĐT tỉnh Thanh Hóa", &["thanhhoa.gov.vn"]));
    let created = store.create_site(&province, &urls).await.expect("create");
    assert_eq!(created.version, 1);
    assert_eq!(created.input.urls, vec!["https://thanhhoa.gov.vn/"]);
    assert_eq!(store.get_site(created.id).await.unwrap().unwrap(), created);

    // Another spelling of a registered URL is a duplicate.
    let (dup, dup_urls) = valid(site("38", "Trùng", &["http://www.thanhhoa.gov.vn/"]));
    match store.create_site(&dup, &dup_urls).await {
        Err(StoreError::DuplicateUrl { site_id, .. }) => assert_eq!(site_id, created.id),
        other => panic!("expected a duplicate URL, got {other:?}"),
    }
    let (orphan, orphan_urls) = valid(site("99999", "Không có đơn vị", &["orphan.gov.vn"]));
    assert!(matches!(store.create_site(&orphan, &orphan_urls).await, Err(StoreError::Reference(_))));

    // Versioned writes: a stale version is refused, the current one goes through.
    let (child, child_urls) = valid(SiteInput {
        parent_site_id: Some(created.id),
        ..site("38", "Trang Sở Nội vụ", &["snv.thanhhoa.gov.vn"])
    });
    let child = store.create_site(&child, &child_urls).await.unwrap();
    let (renamed, renamed_urls) =
        valid(SiteInput { name: "Cổng Thông tin điện tử tỉnh Thanh Hóa".into(), ..province.clone() });
    let updated = store.update_site(created.id, Some(1), &renamed, &renamed_urls).await.unwrap();
    assert_eq!(updated.version, 2);
    assert!(matches!(
        store.update_site(created.id, Some(1), &renamed, &renamed_urls).await,
        Err(StoreError::VersionConflict { expected: 1, current: 2 })
    ));
    // A parent loop is refused.
    let (looped, looped_urls) = valid(SiteInput { parent_site_id: Some(child.id), ..renamed.clone() });
    assert!(matches!(store.update_site(created.id, None, &looped, &looped_urls).await, Err(StoreError::Reference(_))));

    let by_unit =
        store.list_sites(&SiteQuery { unit_id: Some("38".into()), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(by_unit.total, 2);
    let by_host = store
        .list_sites(&SiteQuery { host: Some("snv.thanhhoa.gov.vn".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(by_host.items.iter().map(|s| s.id).collect::<Vec<_>>(), vec![child.id]);
    let paged = store.list_sites(&SiteQuery { limit: 1, offset: 1, ..Default::default() }).await.unwrap();
    assert_eq!((paged.total, paged.items.len()), (2, 1));

    store.delete_site(created.id, Some(2)).await.unwrap();
    assert!(store.get_site(created.id).await.unwrap().is_none());
    assert_eq!(store.get_site(child.id).await.unwrap().unwrap().input.parent_site_id, None);
    assert!(matches!(store.delete_site(created.id, None).await, Err(StoreError::NotFound(_))));
    store.delete_site(child.id, None).await.unwrap();
}

fn row(line: usize, s: SiteInput, parent: Option<&str>) -> SiteImportRow {
    let (site, urls) = valid(s);
    SiteImportRow { line, site, urls, parent_url_key: parent.map(str::to_string) }
}

async fn import_story(store: &dyn Store) {
    let nga_son = store.units_by_name_key(&text::fold("Huyện Nga Sơn")).await.unwrap().remove(0);
    let rows = vec![
        row(2, site(&nga_son.id, "UBND huyện Nga Sơn", &["ngason.thanhhoa.gov.vn"]), None),
        row(3, SiteInput { status: SiteStatus::NoPortal, ..site(&nga_son.id, "Thị trấn", &[]) }, None),
        row(4, site(&nga_son.id, "Xã Nga Điền", &["ngadien.ngason.thanhhoa.gov.vn"]), Some("ngason.thanhhoa.gov.vn")),
    ];
    let first = store.import_sites(&rows).await.expect("import");
    assert_eq!((first.created, first.updated, first.unchanged), (3, 0, 0));
    let again = store.import_sites(&rows).await.expect("re-import");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3), "re-import must change nothing");

    let mut changed = rows.clone();
    changed[0].site.technology = Some("WordPress".into());
    let third = store.import_sites(&changed).await.unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 2));

    // One bad row: the whole import is rolled back.
    let before = store.list_sites(&SiteQuery { limit: 100, ..Default::default() }).await.unwrap().total;
    let bad = vec![
        row(2, site(&nga_son.id, "Mới", &["moi.thanhhoa.gov.vn"]), None),
        row(3, site("không-có", "Sai đơn vị", &["sai.thanhhoa.gov.vn"]), None),
    ];
    match store.import_sites(&bad).await {
        Err(StoreError::Reference(m)) => assert!(m.starts_with("dòng 3"), "{m}"),
        other => panic!("expected a reference error, got {other:?}"),
    }
    let after = store.list_sites(&SiteQuery { limit: 100, ..Default::default() }).await.unwrap().total;
    assert_eq!(before, after, "a failed import writes nothing");
    assert_eq!(store.site_id_by_url_key("moi.thanhhoa.gov.vn").await.unwrap(), None);
}

async fn contacts_story(store: &dyn Store) {
    let input = ContactInput {
        unit_id: "38".into(),
        role: ContactRole::Unit,
        full_name: "Trần Lê Phúc".into(),
        position: Some("Chuyên viên".into()),
        department: Some("Phòng QL CNTT".into()),
        phone: Some("0912.933.361".into()),
        email: None,
    };
    let c = store.create_contact(&input).await.unwrap();
    assert_eq!(c.version, 1);
    assert_eq!(store.list_contacts(Some("38")).await.unwrap(), vec![c.clone()]);
    let vendor = ContactInput { role: ContactRole::Vendor, department: Some("Công ty X".into()), ..input.clone() };
    let updated = store.update_contact(c.id, Some(1), &vendor).await.unwrap();
    assert_eq!((updated.version, updated.input.role), (2, ContactRole::Vendor));
    assert!(matches!(store.update_contact(c.id, Some(1), &vendor).await, Err(StoreError::VersionConflict { .. })));
    let bad_unit = ContactInput { unit_id: "nowhere".into(), ..input };
    assert!(matches!(store.create_contact(&bad_unit).await, Err(StoreError::Reference(_))));
    store.delete_contact(c.id, Some(2)).await.unwrap();
    assert!(store.get_contact(c.id).await.unwrap().is_none());
    assert!(store.list_contacts(None).await.unwrap().is_empty());
}
