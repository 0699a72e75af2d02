//! The saved-boxes part of the storage story: the spec comes back byte for byte, versions guard
//! updates (a stale one writes nothing), unknown ids are `NotFound`, and listings are newest first.

use crate::{Store, StoreError};

pub async fn boxes_story(store: &dyn Store) {
    let empty = store.box_list(10, 0).await.unwrap();
    assert_eq!((empty.total, empty.items.len()), (0, 0));

    // Vietnamese text, quotes and escapes: the store must not touch the JSON.
    let spec = r#"{"title":"Tin mới – \"Cổng TTĐT tỉnh Thanh Hóa\"","types":[1,2],"note":"Đăng ký 'dịch vụ công'\n"}"#;
    let hash = "ab".repeat(32);
    let first = store.box_create(spec, &hash).await.unwrap();
    assert!(first.id > 0);
    assert_eq!((first.spec.as_str(), first.edit_key_hash.as_str(), first.version), (spec, hash.as_str(), 1));
    assert_eq!(first.created_at, first.updated_at);
    assert_eq!(store.box_get(first.id).await.unwrap(), Some(first.clone()));

    let spec2 = r#"{"title":"Văn bản \"mới\"","limit":5}"#;
    let updated = store.box_update(first.id, Some(1), spec2).await.unwrap();
    assert_eq!((updated.id, updated.spec.as_str(), updated.version), (first.id, spec2, 2));
    assert_eq!((updated.edit_key_hash.as_str(), updated.created_at), (hash.as_str(), first.created_at));
    assert!(updated.updated_at >= first.updated_at);
    assert_eq!(store.box_get(first.id).await.unwrap(), Some(updated.clone()));

    // A stale version is refused and writes nothing.
    match store.box_update(first.id, Some(1), r#"{"title":"lost"}"#).await {
        Err(StoreError::VersionConflict { expected: 1, current: 2 }) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
    assert_eq!(store.box_get(first.id).await.unwrap(), Some(updated.clone()), "a refused update writes nothing");
    // No expected version: the write goes through whatever the current one.
    let forced = store.box_update(first.id, None, spec).await.unwrap();
    assert_eq!((forced.spec.as_str(), forced.version), (spec, 3));

    let missing = first.id + 1000;
    assert!(store.box_get(missing).await.unwrap().is_none());
    assert!(matches!(store.box_update(missing, None, spec).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.box_update(missing, Some(1), spec).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.box_delete(missing).await, Err(StoreError::NotFound(_))));

    let second = store.box_create(r#"{"title":"Hộp 2"}"#, &"cd".repeat(32)).await.unwrap();
    let third = store.box_create(r#"{"title":"Hộp 3"}"#, &"ef".repeat(32)).await.unwrap();
    assert!(first.id < second.id && second.id < third.id);
    let all = store.box_list(10, 0).await.unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(all.items, vec![third.clone(), second.clone(), forced.clone()], "newest first");
    let paged = store.box_list(1, 1).await.unwrap();
    assert_eq!((paged.total, paged.items), (3, vec![second.clone()]), "limit and offset hold, total does not move");
    assert!(store.box_list(10, 3).await.unwrap().items.is_empty());

    // The hash never leaves through serialisation.
    let json = serde_json::to_value(&forced).unwrap();
    assert!(json.get("edit_key_hash").is_none(), "{json}");
    assert_eq!(json["spec"], spec);

    store.box_delete(first.id).await.unwrap();
    assert!(store.box_get(first.id).await.unwrap().is_none());
    assert!(matches!(store.box_delete(first.id).await, Err(StoreError::NotFound(_))));
    assert!(matches!(store.box_update(first.id, Some(3), spec).await, Err(StoreError::NotFound(_))));
    let after = store.box_list(10, 0).await.unwrap();
    assert_eq!((after.total, after.items), (2, vec![third.clone(), second.clone()]));
    for b in [second, third] {
        store.box_delete(b.id).await.unwrap();
    }
    assert_eq!(store.box_list(10, 0).await.unwrap().total, 0);
}
