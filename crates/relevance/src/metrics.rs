use std::collections::BTreeMap;

fn grade(relevant: &BTreeMap<String, u8>, id: &str) -> u8 {
    relevant.get(id).copied().unwrap_or(0)
}

/// Reciprocal rank of the first relevant result (grade ≥ 1) within the first `k` results;
/// 0 when none. Averaged over queries this is MRR@k.
pub fn mrr_at(k: usize, ranked: &[String], relevant: &BTreeMap<String, u8>) -> f64 {
    ranked.iter().take(k).position(|id| grade(relevant, id) > 0).map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
        .fold(0.0, |acc, x| acc + x)
}

/// nDCG@k with graded gains `2^g − 1` and a `log2(rank + 1)` discount; the ideal ranking is the
/// judged grades sorted descending. 0 when the query has no relevant document.
pub fn ndcg_at(k: usize, ranked: &[String], relevant: &BTreeMap<String, u8>) -> f64 {
    let mut ideal: Vec<u8> = relevant.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = dcg(ideal.into_iter().take(k));
    if idcg == 0.0 {
        return 0.0;
    }
    dcg(ranked.iter().take(k).map(|id| grade(relevant, id))) / idcg
}

/// Share of the relevant documents (grade ≥ 1) found within the first `k` results.
pub fn recall_at(k: usize, ranked: &[String], relevant: &BTreeMap<String, u8>) -> f64 {
    let total = relevant.values().filter(|&&g| g > 0).count();
    if total == 0 {
        return 0.0;
    }
    let found = ranked.iter().take(k).filter(|id| grade(relevant, id) > 0).count();
    found as f64 / total as f64
}
