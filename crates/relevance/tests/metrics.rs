//! Metric values checked against hand computation.

use std::collections::BTreeMap;

use ketnoi_relevance::{Dataset, Doc, Engine, Error, Query, evaluate, mrr_at, ndcg_at, recall_at};

fn ids(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn rel(xs: &[(&str, u8)]) -> BTreeMap<String, u8> {
    xs.iter().map(|(k, g)| (k.to_string(), *g)).collect()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn reciprocal_rank() {
    let r = rel(&[("b", 1)]);
    close(mrr_at(10, &ids(&["a", "b", "c"]), &r), 0.5);
    close(mrr_at(10, &ids(&["b"]), &r), 1.0);
    close(mrr_at(10, &ids(&["a", "c"]), &r), 0.0);
    close(mrr_at(10, &[], &r), 0.0);
    // First relevant wins, whatever its grade.
    close(mrr_at(10, &ids(&["x", "y", "b", "a"]), &rel(&[("a", 3), ("b", 1)])), 1.0 / 3.0);
    // Past the cut-off it does not count.
    let long: Vec<String> = (0..10).map(|i| format!("n{i}")).chain(["b".to_string()]).collect();
    close(mrr_at(10, &long, &r), 0.0);
    close(mrr_at(11, &long, &r), 1.0 / 11.0);
    // A judged grade 0 is not relevant.
    close(mrr_at(10, &ids(&["z", "b"]), &rel(&[("z", 0), ("b", 2)])), 0.5);
}

#[test]
fn ndcg_graded() {
    let r = rel(&[("a", 3), ("c", 1)]);
    // ideal: a (gain 7) at 1, c (gain 1) at 2 → 7/1 + 1/log2(3)
    let idcg = 7.0 + 1.0 / 3f64.log2();
    // a at 1, c at 3: 7/1 + 1/log2(4) = 7.5
    close(ndcg_at(10, &ids(&["a", "b", "c"]), &r), 7.5 / idcg);
    // c at 1, a at 2: 1/1 + 7/log2(3)
    close(ndcg_at(10, &ids(&["c", "a"]), &r), (1.0 + 7.0 / 3f64.log2()) / idcg);
    // perfect order
    close(ndcg_at(10, &ids(&["a", "c", "x"]), &r), 1.0);
    // nothing relevant retrieved / nothing judged relevant
    close(ndcg_at(10, &ids(&["x", "y"]), &r), 0.0);
    close(ndcg_at(10, &ids(&["a"]), &BTreeMap::new()), 0.0);
    // cut-off applies to both the run and the ideal ranking
    close(ndcg_at(1, &ids(&["c", "a"]), &r), 1.0 / 7.0);
    // hand value: grades 2,3 judged; run b(2) at 2 only → (3/log2 3) / (7 + 3/log2 3)
    let r2 = rel(&[("a", 3), ("b", 2)]);
    let v = ndcg_at(10, &ids(&["x", "b"]), &r2);
    close(v, (3.0 / 3f64.log2()) / (7.0 + 3.0 / 3f64.log2()));
    assert!((v - 0.2128).abs() < 1e-3, "{v}");
}

#[test]
fn recall() {
    let r = rel(&[("a", 3), ("b", 1), ("c", 2), ("d", 0)]);
    close(recall_at(10, &ids(&["a", "x", "c"]), &r), 2.0 / 3.0);
    close(recall_at(1, &ids(&["a", "x", "c"]), &r), 1.0 / 3.0);
    close(recall_at(10, &ids(&["d"]), &r), 0.0);
}

/// An engine with canned answers, to test `evaluate` itself.
struct Canned(Vec<(&'static str, Vec<&'static str>)>, bool);

impl Engine for Canned {
    fn name(&self) -> String {
        "canned".into()
    }
    fn index(&mut self, _docs: &[Doc]) -> Result<(), Error> {
        if self.1 { Err("boom".into()) } else { Ok(()) }
    }
    fn search(&self, query: &str, _k: usize) -> Vec<String> {
        self.0.iter().find(|(q, _)| *q == query).map(|(_, r)| ids(r)).unwrap_or_default()
    }
}

fn tiny() -> Dataset {
    let doc = |id: &str| Doc {
        id: id.into(),
        title: String::new(),
        body: id.into(),
        kind: None,
        number: None,
        published: None,
    };
    let q = |id: &str, text: &str, group: &str, r: &[(&str, u8)]| Query {
        id: id.into(),
        text: text.into(),
        group: group.into(),
        relevant: rel(r),
    };
    Dataset {
        name: "tiny".into(),
        docs: vec![doc("a"), doc("b"), doc("c")],
        queries: vec![
            q("1", "q1", "g1", &[("a", 3)]),
            q("2", "q2", "g1", &[("b", 1)]),
            q("3", "q3", "g2", &[("c", 2)]),
        ],
    }
}

#[test]
fn evaluate_groups_and_all() {
    let ds = tiny();
    let canned = Canned(
        vec![
            ("q1", vec!["a"]),
            // duplicates are dropped before scoring: b ends up at rank 2, not 3
            ("q2", vec!["c", "c", "b"]),
            ("q3", vec![]),
        ],
        false,
    );
    let mut engines: Vec<Box<dyn Engine>> = vec![Box::new(canned)];
    let report = evaluate(&mut engines, &ds);
    let names: Vec<&str> = report.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["g1", "g2", "all"]);
    let g1 = report.score("canned", "g1").unwrap();
    close(g1.mrr, (1.0 + 0.5) / 2.0);
    close(g1.ndcg, (1.0 + 1.0 / 3f64.log2()) / 2.0);
    let g2 = report.score("canned", "g2").unwrap();
    close(g2.mrr, 0.0);
    let all = report.score("canned", "all").unwrap();
    close(all.mrr, 1.5 / 3.0);
    assert_eq!(report.groups.last().unwrap().queries, 3);
    assert_eq!(report.per_query[1].ranked[0], ids(&["c", "b"]));
    let table = report.table();
    assert!(table.contains("MRR@10") && table.contains("nDCG@10") && table.contains("canned"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["groups"][2]["group"], "all");
    assert_eq!(json["engines"][0]["name"], "canned");
}

#[test]
fn failed_index_scores_zero() {
    let ds = tiny();
    let mut engines: Vec<Box<dyn Engine>> = vec![Box::new(Canned(vec![("q1", vec!["a"])], true))];
    let report = evaluate(&mut engines, &ds);
    assert_eq!(report.engines[0].error.as_deref(), Some("boom"));
    close(report.score("canned", "all").unwrap().mrr, 0.0);
    assert!(report.table().contains("INDEX FAILED"));
}
