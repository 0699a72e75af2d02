//! XQuAD-vi loads as a retrieval set (skipped with a note when ../shared is absent).

use std::collections::BTreeSet;
use std::path::PathBuf;

use ketnoi_relevance::{fold, xquad};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/xquad/xquad.vi.json")
}

#[test]
fn xquad_smoke() {
    let path = path();
    if !path.exists() {
        println!("note: {} is absent; XQuAD smoke test skipped", path.display());
        return;
    }
    let ds = xquad(&path).expect("xquad loads");
    assert_eq!(ds.docs.len(), 240);
    let toned: Vec<_> = ds.queries.iter().filter(|q| q.group == "toned").collect();
    let folded: Vec<_> = ds.queries.iter().filter(|q| q.group == "folded").collect();
    assert_eq!(toned.len(), 1190);
    assert_eq!(folded.len(), 1190);
    assert_eq!(ds.groups(), ["toned", "folded"]);
    let doc_ids: BTreeSet<&str> = ds.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(doc_ids.len(), 240);
    for q in &ds.queries {
        assert_eq!(q.relevant.len(), 1, "{}", q.id);
        let (id, grade) = q.relevant.iter().next().unwrap();
        assert!(doc_ids.contains(id.as_str()));
        assert_eq!(*grade, 1);
    }
    for (t, f) in toned.iter().zip(&folded) {
        assert_eq!(f.id, format!("{}#folded", t.id));
        assert_eq!(f.text, fold(&t.text));
        assert_eq!(f.relevant, t.relevant);
        assert!(!f.text.contains(['đ', 'Đ']));
    }
    // The folded form really differs for most questions.
    let changed = toned.iter().zip(&folded).filter(|(t, f)| t.text != f.text).count();
    assert!(changed > 1100, "{changed}");
}

#[test]
fn xquad_missing_file_is_an_error() {
    assert!(xquad("/nonexistent/xquad.vi.json").is_err());
}
