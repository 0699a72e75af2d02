//! The best-bets part of the storage story: spellings of one query (case, spacing, tones) share
//! their best bets, positions follow the order of addition, a URL is pinned to a key once, and
//! deleting twice is `NotFound`.

use crate::{Store, StoreError};

pub async fn best_bets_story(store: &dyn Store) {
    assert!(store.best_bets_list(10, 0).await.unwrap().is_empty());
    assert!(store.best_bets_for("dịch vụ công").await.unwrap().is_empty());

    let portal = "https://dichvucong.gov.vn/";
    let first = store.best_bet_add(" Dịch vụ công ", portal, "Cổng Dịch vụ công Quốc gia", None).await.unwrap();
    assert_eq!(first.query, "Dịch vụ công");
    assert_eq!(first.query_key, "dich vu cong");
    assert_eq!(first.position, 1);
    assert_eq!(first.description, None);
    let second = store
        .best_bet_add("dich vu cong", "https://thanhhoa.gov.vn/dvc", "Dịch vụ công Thanh Hóa", Some("Tỉnh Thanh Hóa"))
        .await
        .unwrap();
    assert_eq!(second.position, 2, "after the entries already pinned to the key");
    let other = store.best_bet_add("UBND tỉnh", portal, "Cổng", None).await.unwrap();
    assert_eq!(other.position, 1, "positions count per key");

    match store.best_bet_add("DỊCH   VỤ CÔNG", portal, "again", None).await {
        Err(StoreError::Exists(_)) => {}
        other => panic!("a URL is pinned to a key once: {other:?}"),
    }

    let found = store.best_bets_for("dịch VỤ   công").await.unwrap();
    assert_eq!(found, vec![first.clone(), second.clone()], "in order, whatever the spelling");
    assert_eq!(store.best_bets_for("ubnd   TỈNH").await.unwrap(), vec![other.clone()]);
    assert!(store.best_bets_for("dịch vụ").await.unwrap().is_empty(), "whole queries only");

    let all = store.best_bets_list(10, 0).await.unwrap();
    assert_eq!(all, vec![first.clone(), second.clone(), other.clone()], "by key, then position");
    assert_eq!(store.best_bets_list(1, 1).await.unwrap(), vec![second.clone()], "limit and offset hold");

    store.best_bet_delete(first.id).await.unwrap();
    assert!(matches!(store.best_bet_delete(first.id).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.best_bets_for("dich vu cong").await.unwrap(), vec![second.clone()]);
    let again = store.best_bet_add("dịch vụ công", portal, "Cổng Dịch vụ công Quốc gia", None).await.unwrap();
    assert_eq!(again.position, 3, "a re-added entry goes last");
    for b in [second, other, again] {
        store.best_bet_delete(b.id).await.unwrap();
    }
    assert!(store.best_bets_list(10, 0).await.unwrap().is_empty());
}
