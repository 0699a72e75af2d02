//! The shipped test set is well formed.

use std::collections::{BTreeMap, BTreeSet};

use ketnoi_relevance::{fold, test_set};

#[test]
fn test_set_loads_and_judgments_point_at_docs() {
    let ds = test_set();
    assert!(ds.docs.len() >= 100, "{} docs", ds.docs.len());
    assert!(ds.queries.len() >= 55, "{} queries", ds.queries.len());

    let doc_ids: BTreeSet<&str> = ds.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(doc_ids.len(), ds.docs.len(), "doc ids are unique");
    let query_ids: BTreeSet<&str> = ds.queries.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(query_ids.len(), ds.queries.len(), "query ids are unique");

    for d in &ds.docs {
        assert!(!d.body.trim().is_empty(), "{} has a body", d.id);
        assert!(!d.title.trim().is_empty(), "{} has a title", d.id);
    }
    let mut multi = 0;
    for q in &ds.queries {
        assert!(!q.text.trim().is_empty(), "{} has text", q.id);
        assert!(!q.relevant.is_empty(), "{} has a relevant doc", q.id);
        for (id, g) in &q.relevant {
            assert!(doc_ids.contains(id.as_str()), "{}: unknown doc {id}", q.id);
            assert!((1..=3).contains(g), "{}: grade {g} of {id}", q.id);
        }
        if q.relevant.len() >= 2 {
            multi += 1;
        }
    }
    assert!(multi >= 20, "only {multi} queries with several relevant docs");
}

#[test]
fn test_set_groups() {
    let ds = test_set();
    assert_eq!(ds.groups(), ["toned", "folded", "docnum", "abbrev", "bigram"]);
    let mut per_group: BTreeMap<String, usize> = BTreeMap::new();
    for q in &ds.queries {
        *per_group.entry(q.group.clone()).or_default() += 1;
    }
    for (g, n) in &per_group {
        assert!(*n >= 10, "group {g} has {n} queries");
    }
    // folded queries really carry no tone marks
    for q in ds.queries.iter().filter(|q| q.group == "folded") {
        assert_eq!(fold(&q.text), q.text, "{} is not tone-less", q.id);
    }
    // legal documents carry their number, and it appears in title or body
    for d in ds.docs.iter().filter(|d| d.kind.as_deref() == Some("legal")) {
        let n = d.number.as_deref().unwrap_or_else(|| panic!("{} has no number", d.id));
        assert!(d.title.contains(n) || d.body.contains(n), "{}: number {n} not in text", d.id);
    }
}
