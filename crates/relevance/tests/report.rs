//! Runs both baselines on the test set and prints the table (`cargo test -p ketnoi-relevance
//! --test report -- --nocapture`).

use ketnoi_relevance::{Engine, SqliteFts5, TantivyDefault, evaluate, test_set};

#[test]
fn baselines_on_the_test_set() {
    let ds = test_set();
    let mut engines: Vec<Box<dyn Engine>> = vec![Box::new(TantivyDefault::new()), Box::new(SqliteFts5::new().unwrap())];
    let report = evaluate(&mut engines, &ds);
    println!("{report}");
    assert!(report.engines.iter().all(|e| e.error.is_none()));
    let mut groups = ds.groups();
    groups.push("all".into());
    for g in &groups {
        for e in ["tantivy-default", "sqlite-fts5"] {
            let s = report.score(e, g).unwrap();
            assert!((0.0..=1.0).contains(&s.mrr) && (0.0..=1.0).contains(&s.ndcg), "{e} {g}");
        }
    }
    // Honest baselines: both do well on ordinary toned queries.
    for e in ["tantivy-default", "sqlite-fts5"] {
        let s = report.score(e, "toned").unwrap();
        assert!(s.mrr > 0.6, "{e} toned MRR {}", s.mrr);
    }
    // The default tokenizer does not fold tones; FTS5 with remove_diacritics does.
    let t = report.score("tantivy-default", "folded").unwrap();
    let f = report.score("sqlite-fts5", "folded").unwrap();
    assert!(f.mrr > t.mrr, "folded: fts5 {} vs tantivy {}", f.mrr, t.mrr);
}

/// ketnoi beside both baselines on the same corpus, in the same run: clearly above them overall
/// and on every group but ordinary toned and two-syllable queries, where it must at least keep up.
#[test]
fn ketnoi_beats_both_baselines_on_the_test_set() {
    let ds = test_set();
    let mut engines: Vec<Box<dyn Engine>> = vec![
        Box::new(ketnoi_relevance::Ketnoi::new()),
        Box::new(TantivyDefault::new()),
        Box::new(SqliteFts5::new().unwrap()),
    ];
    let report = evaluate(&mut engines, &ds);
    println!("{report}");
    let mut groups = ds.groups();
    groups.push("all".into());
    for g in &groups {
        let k = report.score("ketnoi", g).unwrap();
        for base in ["tantivy-default", "sqlite-fts5"] {
            let b = report.score(base, g).unwrap();
            assert!(k.mrr + 0.005 >= b.mrr, "{g}: ketnoi MRR {} < {base} {}", k.mrr, b.mrr);
            assert!(k.ndcg + 0.01 >= b.ndcg, "{g}: ketnoi nDCG {} < {base} {}", k.ndcg, b.ndcg);
            if ["folded", "docnum", "abbrev", "all"].contains(&g.as_str()) {
                assert!(k.mrr >= b.mrr + 0.05, "{g}: ketnoi MRR {} not clearly above {base} {}", k.mrr, b.mrr);
            }
        }
    }
    let toned = report.score("ketnoi", "toned").unwrap();
    let folded = report.score("ketnoi", "folded").unwrap();
    assert!(folded.mrr >= toned.mrr - 0.05, "tone-stripped queries nearly as good: {} vs {}", folded.mrr, toned.mrr);
}
