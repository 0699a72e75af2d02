//! The query-log part of the storage story: spellings of one query are counted together, searches
//! that found nothing are listed, clicks are counted per query and URL, and the period holds.

use chrono::{Duration, TimeZone, Utc};

use crate::Store;
use crate::search_log::{ClickStat, QueryStat};

fn stat(query: &str, count: i64, zero_results_count: i64, clicks: i64) -> QueryStat {
    QueryStat { query: query.to_string(), count, zero_results_count, clicks }
}

pub async fn search_log_story(store: &dyn Store) {
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    let empty_since = t0 - Duration::days(1);
    assert!(store.search_top_queries(empty_since, 10).await.unwrap().is_empty());
    assert!(store.search_top_clicks(empty_since, 10).await.unwrap().is_empty());

    // Before the period: never counted below.
    store.search_log_query("học phí", 3, t0 - Duration::days(40)).await.unwrap();
    store.search_log_click("học phí", "https://old.gov.vn/a", Some(1), t0 - Duration::days(40)).await.unwrap();

    // Three spellings of one query, one of which found nothing.
    store.search_log_query("Nghị định 42", 5, t0).await.unwrap();
    store.search_log_query("  nghị   định 42 ", 5, t0 + Duration::minutes(1)).await.unwrap();
    store.search_log_query("NGHỊ ĐỊNH 42", 0, t0 + Duration::minutes(2)).await.unwrap();
    // Another query, asked twice, never finding anything; a third asked once with results.
    store.search_log_query("thủ tục cấp phép xyz", 0, t0 + Duration::minutes(3)).await.unwrap();
    store.search_log_query("thủ tục cấp phép xyz", 0, t0 + Duration::minutes(4)).await.unwrap();
    store.search_log_query("lịch tiếp dân", 2, t0 + Duration::minutes(5)).await.unwrap();

    let decree = "https://thanhhoa.gov.vn/van-ban/nd-42";
    store.search_log_click("nghị định 42", decree, Some(1), t0 + Duration::minutes(1)).await.unwrap();
    store.search_log_click("Nghị Định 42", decree, Some(1), t0 + Duration::minutes(2)).await.unwrap();
    store.search_log_click("nghị định 42", "https://thanhhoa.gov.vn/tin", Some(3), t0).await.unwrap();
    store.search_log_click("không được tìm", "https://thanhhoa.gov.vn/x", None, t0).await.unwrap();

    let since = t0 - Duration::days(30);
    let top = store.search_top_queries(since, 10).await.unwrap();
    assert_eq!(
        top,
        vec![stat("NGHỊ ĐỊNH 42", 3, 1, 3), stat("thủ tục cấp phép xyz", 2, 2, 0), stat("lịch tiếp dân", 1, 0, 0),],
        "grouped by key, most asked first, shown as last typed"
    );
    assert_eq!(store.search_top_queries(since, 1).await.unwrap().len(), 1, "the limit holds");
    assert_eq!(store.search_top_queries(t0 - Duration::days(60), 10).await.unwrap().len(), 4, "older searches");

    let zero = store.search_zero_result_queries(since, 10).await.unwrap();
    assert_eq!(zero, vec![stat("thủ tục cấp phép xyz", 2, 2, 0), stat("NGHỊ ĐỊNH 42", 3, 1, 3)]);

    let clicks = store.search_top_clicks(since, 10).await.unwrap();
    let click = |url: &str, query: &str, count| ClickStat { url: url.into(), query: query.into(), count };
    assert_eq!(
        clicks,
        vec![
            click(decree, "NGHỊ ĐỊNH 42", 2),
            click("https://thanhhoa.gov.vn/tin", "NGHỊ ĐỊNH 42", 1),
            click("https://thanhhoa.gov.vn/x", "không được tìm", 1),
        ],
        "a click without a logged search shows its key"
    );
    assert!(store.search_top_queries(t0 + Duration::days(1), 10).await.unwrap().is_empty(), "the period holds");
}
