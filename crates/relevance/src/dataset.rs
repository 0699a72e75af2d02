use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::{Dataset, Doc, Error, Query, fold};

const TESTSET_JSON: &str = include_str!("../data/testset.json");

#[derive(Deserialize)]
struct TestSetFile {
    name: String,
    docs: Vec<Doc>,
    queries: Vec<Query>,
}

/// The judged Vietnamese test set shipped in `data/testset.json`: 182 short synthetic government
/// documents and 67 queries in the groups `toned`, `folded`, `docnum`, `abbrev`, `bigram`
/// (see the crate README).
pub fn test_set() -> Dataset {
    let file: TestSetFile = serde_json::from_str(TESTSET_JSON).expect("data/testset.json is valid (see tests)");
    Dataset { name: file.name, docs: file.docs, queries: file.queries }
}

#[derive(Deserialize)]
struct Squad {
    data: Vec<SquadArticle>,
}

#[derive(Deserialize)]
struct SquadArticle {
    #[serde(default)]
    title: String,
    paragraphs: Vec<SquadParagraph>,
}

#[derive(Deserialize)]
struct SquadParagraph {
    context: String,
    qas: Vec<SquadQa>,
}

#[derive(Deserialize)]
struct SquadQa {
    id: String,
    question: String,
}

/// XQuAD (Vietnamese, SQuAD format) as a retrieval set: each paragraph is a document
/// (id `ARTICLE#N`, empty title, body = context), each question becomes two queries with its
/// paragraph as the one relevant document (grade 1): group `toned` (the question as is, id =
/// the question id) and group `folded` (tone marks removed by [`fold`], id = `QID#folded`).
pub fn xquad(path: impl AsRef<Path>) -> Result<Dataset, Error> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let squad: Squad = serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
    let mut docs = Vec::new();
    let mut toned = Vec::new();
    let mut folded = Vec::new();
    for (a, article) in squad.data.iter().enumerate() {
        let article_id = if article.title.is_empty() { format!("article{a}") } else { article.title.clone() };
        for (p, paragraph) in article.paragraphs.iter().enumerate() {
            let doc_id = format!("{article_id}#{p}");
            docs.push(Doc {
                id: doc_id.clone(),
                title: String::new(),
                body: paragraph.context.clone(),
                kind: Some("xquad".into()),
                number: None,
                published: None,
            });
            for qa in &paragraph.qas {
                let relevant = BTreeMap::from([(doc_id.clone(), 1u8)]);
                toned.push(Query {
                    id: qa.id.clone(),
                    text: qa.question.clone(),
                    group: "toned".into(),
                    relevant: relevant.clone(),
                });
                folded.push(Query {
                    id: format!("{}#folded", qa.id),
                    text: fold(&qa.question),
                    group: "folded".into(),
                    relevant,
                });
            }
        }
    }
    toned.extend(folded);
    Ok(Dataset { name: "xquad-vi".into(), docs, queries: toned })
}
