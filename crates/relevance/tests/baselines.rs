//! Both baselines index the test set and answer every query, hostile ones included.

use std::collections::BTreeSet;

use ketnoi_relevance::{Engine, SqliteFts5, TantivyDefault, query_phrases, test_set};

const HOSTILE: &[&str] = &[
    "",
    "   ",
    "?",
    "???",
    "\"",
    "\"\"",
    "\"unterminated phrase",
    "'",
    "AND OR NOT",
    "AND",
    "NOT",
    "OR OR",
    "*",
    "**",
    ":",
    "title:",
    "body:thuế",
    "a:b:c",
    "-",
    "+",
    "-thuế",
    "+đất -đai",
    "(",
    ")",
    "((đất)",
    "[1 TO 2]",
    "{*}",
    "NEAR(a b)",
    "^",
    "thuế^2",
    "~",
    "đất~2",
    "\\",
    "/",
    "42/2022/NĐ-CP",
    "a\0b",
    "😀 thuế",
    "\u{0301}\u{0300}",
    "nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ?",
];

fn check(engine: &mut dyn Engine) {
    let ds = test_set();
    engine.index(&ds.docs).expect("index");
    let doc_ids: BTreeSet<&str> = ds.docs.iter().map(|d| d.id.as_str()).collect();
    let mut long = "thủ tục ".repeat(500);
    long.push_str("\"(:*");
    let hostile = HOSTILE.iter().map(|s| s.to_string()).chain([long]);
    let queries = ds.queries.iter().map(|q| q.text.clone()).chain(hostile);
    for q in queries {
        let results = engine.search(&q, 10);
        assert!(results.len() <= 10, "{}: {} results for {q:?}", engine.name(), results.len());
        let unique: BTreeSet<&String> = results.iter().collect();
        assert_eq!(unique.len(), results.len(), "{}: duplicates for {q:?}", engine.name());
        for id in &results {
            assert!(doc_ids.contains(id.as_str()), "{}: unknown id {id}", engine.name());
        }
    }
    // Ordinary toned queries find something.
    for q in ds.queries.iter().filter(|q| q.group == "toned") {
        assert!(!engine.search(&q.text, 10).is_empty(), "{}: nothing for {:?}", engine.name(), q.text);
    }
    assert!(engine.search("thuế", 0).is_empty());
    assert!(engine.search("", 10).is_empty());
}

#[test]
fn tantivy_default_survives_the_test_set() {
    check(&mut TantivyDefault::new());
}

#[test]
fn sqlite_fts5_survives_the_test_set() {
    check(&mut SqliteFts5::new().expect("runtime"));
}

#[test]
fn search_before_index_is_empty() {
    assert!(TantivyDefault::new().search("thuế", 10).is_empty());
    assert!(SqliteFts5::new().unwrap().search("thuế", 10).is_empty());
}

#[test]
fn fts5_is_compiled_in_and_folds_tones() {
    let ds = test_set();
    let mut fts = SqliteFts5::new().unwrap();
    fts.index(&ds.docs).unwrap();
    // remove_diacritics 2: a tone-less query matches toned text ...
    assert_eq!(fts.search("trich luc ho tich", 1), ["tthc-cap-ban-sao-trich-luc"]);
    // ... but đ is a letter of its own, not d with a mark.
    assert!(fts.search("dat", 10).is_empty());
}

#[test]
fn phrases_strip_query_syntax() {
    assert_eq!(query_phrases("42/2022/NĐ-CP"), ["42 2022 NĐ CP"]);
    assert_eq!(query_phrases("\"AND\" OR *: (đất)"), ["AND", "OR", "đất"]);
    assert!(query_phrases(" ?? ** \" ").is_empty());
    assert_eq!(SqliteFts5::match_expr("thủ tục \"x\"").as_deref(), Some("\"thủ\" OR \"tục\" OR \"x\""));
    assert_eq!(SqliteFts5::match_expr(":*"), None);
    // combining marks stay inside the word (decomposed input)
    let nfd = "Vie\u{0302}\u{0323}t";
    assert_eq!(query_phrases(nfd), [nfd]);
}
