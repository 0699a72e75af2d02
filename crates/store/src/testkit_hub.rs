//! The hub part of the storage story.

use chrono::{Duration, Utc};
use ketnoi_domain::{ApiKey, HubEvent, HubItemInput, HubItemType, HubState};

use crate::{DeliveryOutcome, HubQuery, Store, StoreError};

fn item(title: &str, kind: HubItemType, targets: &[&str], published: &str) -> HubItemInput {
    HubItemInput {
        ref_id: Some(123456),
        item_type: kind,
        title: title.to_string(),
        sapo: "Mô tả".into(),
        content: "<p>Nội dung</p><script>alert(1)</script>".into(),
        avatar: "http://avatar.example/a.png".into(),
        attachments: "{}".into(),
        distribution_to: targets.iter().map(|t| t.to_string()).collect(),
        original_url: "http://link-goc.example/123456.htm".into(),
        published_by: "username".into(),
        published_date: Some(published.parse().expect("test date")),
        site_id: Some(102),
        source: "Nguồn".into(),
    }
    .validate()
    .expect("valid test item")
}

fn published(limit: i64) -> HubQuery {
    HubQuery { limit, ..Default::default() }
}

pub async fn hub_story(store: &dyn Store) {
    let seq0 = store.hub_last_seq().await.unwrap();
    let a = store
        .hub_save(None, None, &item("Tin A", HubItemType::News, &["38"], "2024-07-29T15:55:24"), None)
        .await
        .unwrap();
    assert_eq!((a.state, a.version), (HubState::Draft, 1));
    assert!(a.seq > seq0);
    assert_eq!(store.hub_list(&published(20)).await.unwrap().total, 0, "drafts are not served");
    let a = store.hub_set_state(a.id, Some(1), HubState::Published).await.unwrap();
    assert_eq!(a.version, 2);
    // Saving the same content again changes nothing, not even the sequence.
    let again = store.hub_save(Some(a.id), None, &a.input, None).await.unwrap();
    assert_eq!((again.version, again.seq), (2, a.seq));
    assert!(matches!(
        store.hub_save(Some(a.id), Some(1), &a.input, Some(HubState::Withdrawn)).await,
        Err(StoreError::VersionConflict { expected: 1, current: 2 })
    ));

    let b = store
        .hub_save(
            None,
            None,
            &item("Video B", HubItemType::Video, &[], "2024-08-01T08:00:00"),
            Some(HubState::Published),
        )
        .await
        .unwrap();
    let c = store
        .hub_save(
            None,
            None,
            &item("Văn bản C", HubItemType::Document, &["75"], "2024-07-01T08:00:00"),
            Some(HubState::Published),
        )
        .await
        .unwrap();
    assert_eq!((b.id, c.id), (a.id + 1, a.id + 2), "new items take the next free id");

    let all = store.hub_list(&published(20)).await.unwrap();
    assert_eq!(all.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![b.id, a.id, c.id], "newest first");
    let for_38 = store.hub_list(&HubQuery { targets: vec!["38".into()], ..published(20) }).await.unwrap();
    assert_eq!(for_38.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![b.id, a.id], "targeted + for everyone");
    let docs_and_news = store
        .hub_list(&HubQuery { types: vec![HubItemType::Document, HubItemType::News], ..published(20) })
        .await
        .unwrap();
    assert_eq!(docs_and_news.total, 2);
    let paged = store.hub_list(&HubQuery { offset: 1, ..published(1) }).await.unwrap();
    assert_eq!((paged.total, paged.items[0].id), (3, a.id));
    let picked = store.hub_list(&HubQuery { ids: Some(vec![c.id]), ..published(20) }).await.unwrap();
    assert_eq!(picked.items.len(), 1);
    assert_eq!(store.hub_get(c.id).await.unwrap().unwrap().input.distribution_to, vec!["75"]);

    // The change feed: published and withdrawn items in commit order.
    let changes = store.hub_changes(seq0, &published(100)).await.unwrap();
    assert_eq!(changes.iter().map(|i| i.id).collect::<Vec<_>>(), vec![a.id, b.id, c.id]);
    let cursor = changes.last().unwrap().seq;
    let c = store.hub_set_state(c.id, None, HubState::Withdrawn).await.unwrap();
    let later = store.hub_changes(cursor, &published(100)).await.unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!((later[0].id, later[0].state), (c.id, HubState::Withdrawn));
    assert_eq!(store.hub_list(&published(20)).await.unwrap().total, 2);

    filters_story(store, cursor).await;
    import_story(store).await;
    keys_story(store).await;
    webhooks_story(store).await;
}

/// `source` and `title_contains`, on listings and the change feed. Items written after `cursor`.
async fn filters_story(store: &dyn Store, cursor: i64) {
    let publish = |title: &str, source: &str| {
        let input =
            HubItemInput { source: source.into(), ..item(title, HubItemType::News, &[], "2024-09-10T08:00:00") };
        async move { store.hub_save(None, None, &input, Some(HubState::Published)).await.unwrap() }
    };
    let percent = publish("Giảm 50% phí_dịch vụ công", "Sở Tài chính").await;
    // What `50%` and `phí_dịch` would match if `%` and `_` were wildcards.
    let lookalike = publish("Giảm 500 phí dịch vụ công", "Sở Tài chính tỉnh").await;
    let backslash = publish(r"Tệp C:\tin\mới", "Sở Tài chính").await;
    let draft = store
        .hub_save(
            None,
            None,
            &HubItemInput {
                source: "Sở Tài chính".into(),
                ..item("Giảm 50% nháp", HubItemType::News, &[], "2024-09-10T08:00:00")
            },
            None,
        )
        .await
        .unwrap();
    let ids = |page: crate::Page<ketnoi_domain::HubItem>| page.items.iter().map(|i| i.id).collect::<Vec<_>>();
    let by_title = |text: &str| HubQuery { title_contains: Some(text.into()), ..published(20) };
    let by_source = |source: &str| HubQuery { source: Some(source.into()), ..published(20) };

    assert_eq!(ids(store.hub_list(&by_title("50%")).await.unwrap()), vec![percent.id], "% is literal");
    assert_eq!(ids(store.hub_list(&by_title("phí_dịch")).await.unwrap()), vec![percent.id], "_ is literal");
    assert_eq!(ids(store.hub_list(&by_title(r"c:\tin")).await.unwrap()), vec![backslash.id], r"\ is literal");
    assert!(store.hub_list(&by_title("%")).await.unwrap().items.iter().all(|i| i.input.title.contains('%')));
    assert!(store.hub_list(&by_title("_")).await.unwrap().items.iter().all(|i| i.input.title.contains('_')));
    assert_eq!(store.hub_list(&by_title("không có tin này")).await.unwrap().total, 0);
    // Case-insensitive, anywhere in the title.
    let giam = store.hub_list(&by_title("GIẢM 50")).await.unwrap();
    assert_eq!((giam.total, ids(giam)), (2, vec![lookalike.id, percent.id]));
    assert_eq!(ids(store.hub_list(&by_title("video b")).await.unwrap()).len(), 1);
    // Drafts stay hidden unless every state is asked for.
    let any = store.hub_list(&HubQuery { any_state: true, ..by_title("50%") }).await.unwrap();
    assert_eq!(ids(any), vec![draft.id, percent.id]);

    // Source: the whole value, trimmed, case-insensitive; not a substring.
    let finance = store.hub_list(&by_source("  SỞ TÀI CHÍNH ")).await.unwrap();
    assert_eq!(ids(finance), vec![backslash.id, percent.id]);
    assert_eq!(ids(store.hub_list(&by_source("sở tài chính tỉnh")).await.unwrap()), vec![lookalike.id]);
    assert_eq!(store.hub_list(&by_source("Sở Tài")).await.unwrap().total, 0);
    assert_eq!(store.hub_list(&by_source("nguồn")).await.unwrap().total, 2, "the story's earlier items");
    // Both filters together, and on the change feed (same WHERE clauses).
    let both = HubQuery { source: Some("sở tài chính".into()), ..by_title("giảm") };
    assert_eq!(ids(store.hub_list(&both).await.unwrap()), vec![percent.id]);
    let changes = store.hub_changes(cursor, &both).await.unwrap();
    assert_eq!(changes.iter().map(|i| i.id).collect::<Vec<_>>(), vec![percent.id]);
}

async fn import_story(store: &dyn Store) {
    let items = vec![
        (9001, item("Nhập 1", HubItemType::News, &["1", "2", "3"], "2024-07-29T15:55:24"), HubState::Published),
        (9002, item("Nhập 2", HubItemType::Document, &[], "2024-07-30T15:55:24"), HubState::Published),
    ];
    let first = store.hub_import(&items).await.unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
    let again = store.hub_import(&items).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2), "import is idempotent on Id");
    let mut changed = items.clone();
    changed[1].1.title = "Nhập 2 (sửa)".into();
    let third = store.hub_import(&changed).await.unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 1));
    assert_eq!(store.hub_get(9002).await.unwrap().unwrap().version, 2);
}

async fn keys_story(store: &dyn Store) {
    let now = Utc::now();
    let key = ApiKey {
        id: "k1a2b3c4".into(),
        name: "Cổng TTĐT tỉnh Đồng Nai".into(),
        secret_hash: "aa".repeat(32),
        previous_hash: None,
        previous_valid_until: None,
        allow_ips: vec!["127.0.0.1/32".into(), "::1".into()],
        scope: Some(vec!["75".into()]),
        rate_per_minute: 60,
        revoked_at: None,
        created_at: now,
        updated_at: now,
    };
    store.key_create(&key).await.unwrap();
    assert!(store.key_create(&key).await.is_err(), "ids are unique");
    let stored = store.key_get("k1a2b3c4").await.unwrap().unwrap();
    assert_eq!((stored.allow_ips.clone(), stored.scope.clone()), (key.allow_ips.clone(), key.scope.clone()));
    let rotated = ApiKey {
        secret_hash: "bb".repeat(32),
        previous_hash: Some(key.secret_hash.clone()),
        previous_valid_until: Some(now + Duration::days(7)),
        ..stored
    };
    store.key_update(&rotated).await.unwrap();
    let stored = store.key_get("k1a2b3c4").await.unwrap().unwrap();
    assert_eq!(stored.previous_hash.as_deref(), Some(key.secret_hash.as_str()));
    assert_eq!(store.key_list().await.unwrap().len(), 1);
    assert!(store.key_get("nope").await.unwrap().is_none());
}

async fn webhooks_story(store: &dyn Store) {
    let hook = store.webhook_create("http://127.0.0.1:9/hook", "s3cret").await.unwrap();
    let it = store
        .hub_save(
            None,
            None,
            &item("Tin webhook", HubItemType::News, &[], "2024-09-01T08:00:00"),
            Some(HubState::Published),
        )
        .await
        .unwrap();
    let now = Utc::now() + Duration::seconds(1);
    let due = store.webhook_due(now, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    let (delivery, with) = &due[0];
    assert_eq!((delivery.item_id, delivery.event, with.id), (it.id, HubEvent::Publish, hook.id));
    let retry = Some(now + Duration::minutes(5));
    store.webhook_record(delivery.id, &DeliveryOutcome::Failed { error: "503".into(), retry_at: retry }).await.unwrap();
    assert!(store.webhook_due(now, 10).await.unwrap().is_empty(), "not due before its retry time");
    assert_eq!(store.webhook_due(now + Duration::minutes(6), 10).await.unwrap().len(), 1);
    store.webhook_record(delivery.id, &DeliveryOutcome::Delivered).await.unwrap();
    assert!(store.webhook_due(now + Duration::minutes(6), 10).await.unwrap().is_empty());

    store.hub_set_state(it.id, None, HubState::Withdrawn).await.unwrap();
    let log = store.webhook_deliveries(hook.id).await.unwrap();
    assert_eq!(log.iter().map(|d| d.event).collect::<Vec<_>>(), vec![HubEvent::Withdraw, HubEvent::Publish]);
    assert_eq!((log[1].attempts, log[1].delivered_at.is_some()), (2, true));
    store.webhook_delete(hook.id).await.unwrap();
    assert!(store.webhook_list().await.unwrap().is_empty());
    assert!(store.webhook_deliveries(hook.id).await.unwrap().is_empty());
}
