//! The index as the search API uses it: Vietnamese queries with and without tones, document
//! numbers, abbreviations, filters, facets, versions and deletes.

use chrono::{TimeZone, Utc};
use ketnoi_index::{IndexDoc, SearchIndex, SearchRequest, Sort, Written};

fn doc(url: &str, title: &str, text: &str, kind: &str, day: u32) -> IndexDoc {
    IndexDoc {
        url: url.to_string(),
        version: 1,
        title: title.to_string(),
        text: text.to_string(),
        kind: kind.to_string(),
        site_id: Some(1),
        site_name: "Cổng TTĐT tỉnh Thanh Hóa".into(),
        unit_id: Some("38".into()),
        unit_name: "Tỉnh Thanh Hóa".into(),
        level: "province".into(),
        province: "38".into(),
        published: Some(Utc.with_ymd_and_hms(2025, 6, day, 8, 0, 0).unwrap()),
        cluster: url.to_string(),
        official: true,
        ..Default::default()
    }
}

fn corpus() -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    let docs = [
        doc(
            "https://a.gov.vn/nd-42",
            "Nghị định 42/2022/NĐ-CP quy định về cung cấp thông tin và dịch vụ công trực tuyến",
            "Chính phủ ban hành Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng.",
            "legal_document",
            1,
        ),
        doc(
            "https://a.gov.vn/nd-43",
            "Nghị định 43/2022/NĐ-CP về quản lý tài sản",
            "Nghị định số 43/2022/NĐ-CP quy định việc quản lý, sử dụng và khai thác tài sản kết cấu hạ tầng.",
            "legal_document",
            2,
        ),
        doc(
            "https://a.gov.vn/tin-42",
            "Hội nghị triển khai 42 nhiệm vụ trọng tâm",
            "Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai 42 nhiệm vụ trọng tâm năm 2025 về chuyển đổi số.",
            "news",
            3,
        ),
        doc(
            "https://a.gov.vn/ubnd",
            "UBND tỉnh Thanh Hóa họp phiên thường kỳ tháng 6",
            "UBND tỉnh Thanh Hóa họp phiên thường kỳ, xem xét tình hình kinh tế - xã hội.",
            "news",
            4,
        ),
        doc(
            "https://a.gov.vn/hdnd",
            "Kỳ họp thứ 20 Hội đồng nhân dân tỉnh",
            "Hội đồng nhân dân tỉnh khai mạc kỳ họp thứ 20, xem xét các nghị quyết quan trọng.",
            "news",
            5,
        ),
        doc(
            "https://a.gov.vn/cv-409",
            "Công văn 409/VPCP-TTĐT về chia sẻ thông tin chỉ đạo, điều hành",
            "Văn phòng Chính phủ có Công văn số 409/VPCP-TTĐT hướng dẫn kết nối, chia sẻ thông tin chỉ đạo, điều hành với các cổng thông tin điện tử.",
            "legal_document",
            6,
        ),
        doc(
            "https://a.gov.vn/dvc-xay-dung",
            "Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Hồ sơ đề nghị cấp giấy phép xây dựng gồm đơn đề nghị, bản vẽ thiết kế và giấy tờ về quyền sử dụng đất.",
            "public_service",
            7,
        ),
    ];
    for d in &docs {
        assert_eq!(index.upsert(d).unwrap(), Written::Applied);
    }
    index.commit().unwrap();
    index
}

fn search(index: &SearchIndex, q: &str) -> Vec<String> {
    let r = SearchRequest { query: q.into(), limit: 10, now: Utc::now(), ..Default::default() };
    index.search(&r).unwrap().hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn nghi_dinh_42_finds_the_decree_first() {
    let index = corpus();
    for q in ["nghi dinh 42", "Nghị định 42", "42/2022/ND-CP", "42/2022/NĐ-CP", "nd 42 2022"] {
        assert_eq!(search(&index, q).first().map(String::as_str), Some("https://a.gov.vn/nd-42"), "{q}");
    }
    assert_eq!(search(&index, "cong van 409").first().map(String::as_str), Some("https://a.gov.vn/cv-409"));
    assert_eq!(search(&index, "409/VPCP-TTDT").first().map(String::as_str), Some("https://a.gov.vn/cv-409"));
}

#[test]
fn uy_ban_nhan_dan_and_ubnd_find_the_same_documents() {
    let index = corpus();
    let a = search(&index, "uy ban nhan dan tinh");
    let b = search(&index, "UBND tỉnh");
    let top = |v: &[String]| {
        let mut t: Vec<String> = v.iter().take(3).cloned().collect();
        t.sort();
        t
    };
    assert_eq!(top(&a), top(&b), "{a:?} / {b:?}");
    for url in ["https://a.gov.vn/ubnd", "https://a.gov.vn/tin-42"] {
        assert!(top(&a).contains(&url.to_string()), "{url} in {a:?}");
    }
    assert_eq!(search(&index, "HĐND").first().map(String::as_str), Some("https://a.gov.vn/hdnd"));
}

#[test]
fn queries_without_tones_work_and_tones_are_restored() {
    let index = corpus();
    assert_eq!(search(&index, "giay phep xay dung").first().map(String::as_str), Some("https://a.gov.vn/dvc-xay-dung"));
    let r = SearchRequest { query: "giay phep xay dung".into(), limit: 5, now: Utc::now(), ..Default::default() };
    let res = index.search(&r).unwrap();
    assert_eq!(res.did_you_mean.as_deref(), Some("giấy phép xây dựng"));
    assert!(res.hits[0].snippet_html.contains("<mark>giấy</mark> <mark>phép</mark>"), "{}", res.hits[0].snippet_html);
}

#[test]
fn filters_facets_sorting_and_paging() {
    let index = corpus();
    let base = SearchRequest { query: "nghi dinh".into(), limit: 10, now: Utc::now(), ..Default::default() };
    let all = index.search(&base).unwrap();
    assert!(all.facets["kind"].iter().any(|f| f.value == "legal_document" && f.count >= 2), "{:?}", all.facets);
    let only_news = index.search(&SearchRequest { kinds: vec!["news".into()], ..base.clone() }).unwrap();
    assert!(only_news.hits.iter().all(|h| h.kind == "news"));
    let by_date = index.search(&SearchRequest { sort: Sort::Date, query: "tinh".into(), ..base.clone() }).unwrap();
    let dates: Vec<_> = by_date.hits.iter().map(|h| h.published).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let beyond = index.search(&SearchRequest { offset: 1000, ..base.clone() }).unwrap();
    assert!(beyond.hits.is_empty() && beyond.total == all.total);
    let ranged = index
        .search(&SearchRequest {
            from: Some(Utc.with_ymd_and_hms(2025, 6, 2, 0, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2025, 6, 3, 23, 0, 0).unwrap()),
            ..base.clone()
        })
        .unwrap();
    assert!(
        ranged.hits.iter().all(|h| h.url == "https://a.gov.vn/nd-43" || h.url == "https://a.gov.vn/tin-42"),
        "{:?}",
        ranged.hits
    );
}

#[test]
fn an_older_version_never_replaces_a_newer_one_and_deletes_remove() {
    let index = corpus();
    let mut newer = doc("https://a.gov.vn/nd-42", "Nghị định 42 (sửa đổi)", "bản mới", "legal_document", 1);
    newer.version = 5;
    assert_eq!(index.upsert(&newer).unwrap(), Written::Applied);
    index.commit().unwrap();
    let mut older = newer.clone();
    older.version = 3;
    older.title = "bản cũ".into();
    assert_eq!(index.upsert(&older).unwrap(), Written::Stale { current: 5 });
    index.commit().unwrap();
    assert_eq!(index.current_version("https://a.gov.vn/nd-42").unwrap(), Some(5));
    assert!(index.delete("https://a.gov.vn/nd-42").unwrap());
    index.commit().unwrap();
    assert!(!search(&index, "nghi dinh 42").contains(&"https://a.gov.vn/nd-42".to_string()));
    assert!(!index.delete("https://a.gov.vn/khong-co").unwrap());
}

#[test]
fn hostile_queries_never_fail() {
    let index = corpus();
    let long = "nghị định ".repeat(10_000);
    for q in [
        "",
        "   ",
        "\"",
        "\"unbalanced",
        "((",
        "AND OR NOT",
        "*",
        ":",
        "\u{0}\u{7}",
        "中华人民共和国",
        "Москва",
        "😀😀",
        long.as_str(),
        "title:foo",
    ] {
        let r = SearchRequest { query: q.into(), limit: 10, now: Utc::now(), ..Default::default() };
        index.search(&r).unwrap();
    }
    assert!(index.suggest("", 5).unwrap().is_empty());
    assert_eq!(
        index.suggest("giay phep x", 5).unwrap(),
        vec!["Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ".to_string()]
    );
}

#[test]
fn an_index_on_disk_survives_reopening_and_has_one_writer() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index.upsert(&doc("https://a.gov.vn/x", "Chuyển đổi số", "nội dung", "news", 1)).unwrap();
        index.commit().unwrap();
        assert!(
            matches!(SearchIndex::open(dir.path()), Err(ketnoi_index::IndexError::Busy(_))),
            "one writer per index"
        );
        // Uncommitted writes are lost with the process, committed ones are not.
        index.upsert(&doc("https://a.gov.vn/y", "Chưa lưu", "nội dung", "news", 1)).unwrap();
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.len(), 1);
    assert_eq!(search(&index, "chuyen doi so"), vec!["https://a.gov.vn/x".to_string()]);
    let reader = SearchIndex::open_read_only(dir.path()).unwrap();
    assert_eq!(reader.len(), 1);
}
