//! Searching: the query analysed like the documents (toned, folded, bigrams, document numbers,
//! abbreviations both ways), BM25 over field-boosted clauses, then freshness and unit level as
//! score factors; filters, facets, highlighted snippets, duplicate clusters, related items and
//! tone restoration ("did you mean").

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Order, Searcher, Term};

use crate::analysis;
use crate::error::IndexError;
use crate::index::SearchIndex;
use crate::snippet;

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Queries are cut to this many characters (and syllables) before analysis.
pub const MAX_QUERY_CHARS: usize = 500;
const MAX_QUERY_SYLLABLES: usize = 48;
/// How much a fresh document gains at most, and how fast the gain fades.
const FRESHNESS_WEIGHT: f32 = 0.25;
const FRESHNESS_DAYS: f32 = 180.0;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub kinds: Vec<String>,
    pub site_id: Option<i64>,
    pub unit_id: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Related items for the first this-many results.
    pub related_for: usize,
    /// "Now", for freshness (passed in: searching is a pure read).
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub url: String,
    pub title: String,
    pub kind: String,
    /// "same_number", "public_service" or "news".
    pub relation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    /// Title with matches in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// A passage with matches in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    pub kind: String,
    pub site_id: Option<i64>,
    pub site_name: String,
    pub unit_id: Option<String>,
    pub unit_name: String,
    pub level: String,
    pub province: String,
    pub published: Option<DateTime<Utc>>,
    pub official: bool,
    pub numbers: Vec<String>,
    /// Other documents with the same content ("also published by N portals").
    pub duplicates: usize,
    pub score: f32,
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// The query with its tones restored, when it was typed without them.
    pub did_you_mean: Option<String>,
}

/// The analysed query.
#[derive(Debug, Default)]
struct Analysed {
    toned: Vec<String>,
    folded: Vec<String>,
    numbers: Vec<String>,
    alternatives: Vec<Vec<String>>,
}

fn analyse(query: &str) -> Analysed {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut toned = analysis::syllables(&query);
    toned.truncate(MAX_QUERY_SYLLABLES);
    let folded: Vec<String> = toned.iter().map(|s| analysis::fold(s)).collect();
    let alternatives = analysis::expand_abbreviations(&folded.join(" "))
        .into_iter()
        .map(|alt| alt.split_whitespace().map(str::to_string).collect())
        .collect();
    Analysed { numbers: analysis::find_doc_numbers(&query), toned, folded, alternatives }
}

fn bigrams(folded: &[String]) -> Vec<String> {
    folded.windows(2).map(|w| format!("{}_{}", w[0], w[1])).collect()
}

fn term(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
    (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
}

impl SearchIndex {
    /// The text part of a query; `None` when the query has nothing searchable.
    fn text_query(&self, a: &Analysed) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let unique = |v: &[String]| -> Vec<String> {
            let mut seen = HashSet::new();
            v.iter().filter(|s| seen.insert(s.as_str().to_owned())).cloned().collect()
        };
        for t in unique(&a.toned) {
            clauses.push(term(f.title_toned, &t, 2.0));
            clauses.push(term(f.text_toned, &t, 1.0));
        }
        for t in unique(&a.folded) {
            clauses.push(term(f.title_folded, &t, 2.0));
            clauses.push(term(f.text_folded, &t, 0.7));
        }
        for b in unique(&bigrams(&a.folded)) {
            clauses.push(term(f.title_bigram, &b, 3.0));
            clauses.push(term(f.text_bigram, &b, 1.5));
        }
        for n in unique(&a.numbers) {
            clauses.push(term(f.docnum, &n, 25.0));
        }
        for alt in &a.alternatives {
            for t in unique(alt) {
                clauses.push(term(f.title_folded, &t, 1.2));
                clauses.push(term(f.text_folded, &t, 0.5));
            }
            for b in unique(&bigrams(alt)) {
                clauses.push(term(f.title_bigram, &b, 3.0));
                clauses.push(term(f.text_bigram, &b, 1.2));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn filters(&self, r: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !r.kinds.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = r.kinds.iter().map(|k| (Occur::Should, exact(f.kind, k))).collect();
            out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(site) = r.site_id {
            let q = TermQuery::new(Term::from_field_i64(f.site_id, site), IndexRecordOption::Basic);
            out.push((Occur::Must, Box::new(q)));
        }
        if let Some(unit) = &r.unit_id {
            out.push((Occur::Must, exact(f.unit_id, unit)));
        }
        if let Some(level) = &r.level {
            out.push((Occur::Must, exact(f.level, level)));
        }
        if let Some(province) = &r.province {
            out.push((Occur::Must, exact(f.province, province)));
        }
        if r.from.is_some() || r.to.is_some() {
            let bound = |t: Option<DateTime<Utc>>, inclusive: bool| match t {
                Some(t) => {
                    let term = Term::from_field_date(
                        f.published,
                        tantivy::DateTime::from_timestamp_micros(t.timestamp_micros()),
                    );
                    if inclusive { Bound::Included(term) } else { Bound::Excluded(term) }
                }
                None => Bound::Unbounded,
            };
            out.push((Occur::Must, Box::new(RangeQuery::new(bound(r.from, true), bound(r.to, true)))));
        }
        out
    }

    /// Searches. An empty query with filters lists the filtered documents, newest first.
    pub fn search(&self, r: &SearchRequest) -> Result<SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        let a = analyse(&r.query);
        let text = self.text_query(&a);
        let mut clauses = self.filters(r);
        let browsing = text.is_none();
        if text.is_none() && clauses.is_empty() {
            return Ok(SearchResults { total: 0, hits: vec![], facets: BTreeMap::new(), did_you_mean: None });
        }
        clauses.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
        let query = BooleanQuery::new(clauses);
        let limit = r.limit.clamp(1, MAX_LIMIT);
        let top = TopDocs::with_limit(limit).and_offset(r.offset);
        let (addresses, total): (Vec<(f32, DocAddress)>, usize) = if r.sort == Sort::Date || browsing {
            let (docs, total) = searcher
                .search(&query, &(top.order_by_fast_field::<tantivy::DateTime>("published", Order::Desc), Count))?;
            (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
        } else {
            let now = r.now;
            let ranked = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                let published = segment
                    .fast_fields()
                    .date("published")
                    .ok()
                    .map(|c| c.first_or_default_col(tantivy::DateTime::MIN));
                let level_boost = segment.fast_fields().str("level").ok().flatten();
                let levels: HashMap<u64, f32> = level_boost
                    .as_ref()
                    .map(|col| {
                        let mut m = HashMap::new();
                        let mut buf = String::new();
                        for ord in 0..col.num_terms() as u64 {
                            buf.clear();
                            if col.ord_to_str(ord, &mut buf).is_ok() {
                                m.insert(ord, level_factor(&buf));
                            }
                        }
                        m
                    })
                    .unwrap_or_default();
                move |doc, score: f32| {
                    let mut s = score;
                    if let Some(p) = &published {
                        let t = p.get_val(doc);
                        if t != tantivy::DateTime::MIN {
                            let age = (now.timestamp() - t.into_timestamp_secs()).max(0) as f32 / 86_400.0;
                            s *= 1.0 + FRESHNESS_WEIGHT * (-age / FRESHNESS_DAYS).exp();
                        }
                    }
                    if let Some(col) = &level_boost
                        && let Some(ord) = col.term_ords(doc).next()
                    {
                        s *= levels.get(&ord).copied().unwrap_or(1.0);
                    }
                    s
                }
            });
            searcher.search(&query, &(ranked, Count))?
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let mut hit = self.hit(&searcher, address, score, &a)?;
            hit.duplicates = self.duplicates(&searcher, &hit)?;
            if i < r.related_for {
                hit.related = self.related(&searcher, &hit)?;
            }
            hits.push(hit);
        }
        let facets = self.facets(&searcher, &query)?;
        let did_you_mean = if analysis::is_folded(&r.query) && !a.folded.is_empty() {
            restore_tones(&a.folded, hits.iter().flat_map(|h| [h.title.as_str(), h.snippet_html.as_str()]))
        } else {
            None
        };
        Ok(SearchResults { total, hits, facets, did_you_mean })
    }

    fn hit(&self, searcher: &Searcher, address: DocAddress, score: f32, a: &Analysed) -> Result<Hit, IndexError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let terms: HashSet<String> = a.folded.iter().chain(a.alternatives.iter().flatten()).cloned().collect();
        let title = text(f.title);
        let body = text(f.text);
        Ok(Hit {
            url: text(f.key),
            title_html: snippet::highlight_all(&title, &terms),
            snippet_html: snippet::best_passage(&body, &terms, 40),
            title,
            kind: text(f.kind),
            site_id: doc.get_first(f.site_id).and_then(|v| v.as_i64()),
            site_name: text(f.site_name),
            unit_id: Some(text(f.unit_id)).filter(|u| !u.is_empty()),
            unit_name: text(f.unit_name),
            level: text(f.level),
            province: text(f.province),
            published: doc
                .get_first(f.published)
                .and_then(|v| v.as_datetime())
                .and_then(|d| DateTime::from_timestamp_micros(d.into_timestamp_micros())),
            official: doc.get_first(f.official).and_then(|v| v.as_bool()).unwrap_or(false),
            numbers: text(f.numbers).split("; ").filter(|s| !s.is_empty()).map(str::to_string).collect(),
            duplicates: 0,
            score,
            related: Vec::new(),
        })
    }

    fn duplicates(&self, searcher: &Searcher, hit: &Hit) -> Result<usize, IndexError> {
        let key = self.stored_cluster(searcher, &hit.url)?;
        if key.is_empty() {
            return Ok(0);
        }
        let q = TermQuery::new(Term::from_field_text(self.fields.cluster, &key), IndexRecordOption::Basic);
        Ok(searcher.search(&q, &Count)?.saturating_sub(1))
    }

    fn stored_cluster(&self, searcher: &Searcher, url: &str) -> Result<String, IndexError> {
        let q = TermQuery::new(Term::from_field_text(self.fields.key, url), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else { return Ok(String::new()) };
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(doc.get_first(self.fields.cluster).and_then(|v| v.as_str()).unwrap_or("").to_string())
    }

    /// Documents with the same number (or citing it), and public services and news on the
    /// subject of the title.
    fn related(&self, searcher: &Searcher, hit: &Hit) -> Result<Vec<Related>, IndexError> {
        let f = &self.fields;
        let mut out = Vec::new();
        let mut seen: HashSet<String> = HashSet::from([hit.url.clone()]);
        let mut push = |searcher: &Searcher,
                        query: &dyn Query,
                        relation: &str,
                        n: usize,
                        out: &mut Vec<Related>|
         -> Result<(), IndexError> {
            for (_, address) in searcher.search(query, &TopDocs::with_limit(n + 2).order_by_score())? {
                let doc: TantivyDocument = searcher.doc(address)?;
                let get = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
                let url = get(f.key);
                if seen.insert(url.clone()) && out.iter().filter(|r: &&Related| r.relation == relation).count() < n {
                    out.push(Related { url, title: get(f.title), kind: get(f.kind), relation: relation.to_string() });
                }
            }
            Ok(())
        };
        let numbers: Vec<String> = hit.numbers.iter().filter_map(|n| analysis::canonical_doc_number(n)).collect();
        if !numbers.is_empty() {
            let q = BooleanQuery::new(numbers.iter().map(|n| term(f.docnum, n, 1.0)).collect());
            push(searcher, &q, "same_number", 3, &mut out)?;
        }
        let topic = analyse(&hit.title);
        if let Some(text) = self.text_query(&Analysed { numbers: vec![], alternatives: vec![], ..topic }) {
            for (kind, relation) in [("public_service", "public_service"), ("news", "news")] {
                if hit.kind == kind {
                    continue;
                }
                let kind_q = TermQuery::new(Term::from_field_text(f.kind, kind), IndexRecordOption::Basic);
                let q = BooleanQuery::new(vec![(Occur::Must, text.box_clone()), (Occur::Must, Box::new(kind_q))]);
                push(searcher, &q, relation, 2, &mut out)?;
            }
        }
        Ok(out)
    }

    fn facets(&self, searcher: &Searcher, query: &dyn Query) -> Result<BTreeMap<String, Vec<FacetCount>>, IndexError> {
        let request = serde_json::json!({
            "kind": { "terms": { "field": "kind", "size": 20 } },
            "level": { "terms": { "field": "level", "size": 10 } },
            "province": { "terms": { "field": "province", "size": 40 } },
            "site": { "terms": { "field": "site_id", "size": 20 } },
        });
        let aggs = serde_json::from_value(request).map_err(|e| IndexError::InvalidDocument(e.to_string()))?;
        let collector = AggregationCollector::from_aggs(aggs, AggContextParams::default());
        let result: AggregationResults = searcher.search(query, &collector)?;
        let json = serde_json::to_value(&result).unwrap_or_default();
        let mut out = BTreeMap::new();
        for name in ["kind", "level", "province", "site"] {
            let buckets = json[name]["buckets"].as_array().cloned().unwrap_or_default();
            let counts: Vec<FacetCount> = buckets
                .iter()
                .filter_map(|b| {
                    let value = match &b["key"] {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Number(n) => n.as_f64().map(|f| format!("{}", f as i64))?,
                        _ => return None,
                    };
                    (!value.is_empty()).then(|| FacetCount { value, count: b["doc_count"].as_u64().unwrap_or(0) })
                })
                .collect();
            out.insert(name.to_string(), counts);
        }
        Ok(out)
    }

    /// Type-ahead: titles whose words start like the typed text (tones optional).
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<String>, IndexError> {
        let a = analyse(prefix);
        let Some((last, complete)) = a.folded.split_last() else { return Ok(vec![]) };
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = complete
            .iter()
            .map(|t| {
                let q = TermQuery::new(Term::from_field_text(f.title_folded, t), IndexRecordOption::Basic);
                (Occur::Must, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        let pattern = format!("{}.*", regex_escape(last));
        clauses.push((Occur::Must, Box::new(RegexQuery::from_pattern(&pattern, f.title_folded)?)));
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit.clamp(1, 20) * 3).order_by_score())?;
        let mut out: Vec<String> = Vec::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let title = doc.get_first(f.title).and_then(|v| v.as_str()).unwrap_or("").to_string();
            if !title.is_empty() && !out.contains(&title) {
                out.push(title);
            }
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }
}

fn level_factor(level: &str) -> f32 {
    match level {
        "central" => 1.15,
        "province" => 1.05,
        _ => 1.0,
    }
}

fn regex_escape(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_ascii_alphanumeric() { vec![c] } else { vec!['\\', c] }).collect()
}

/// The most frequent toned spelling, in `texts`, of the folded query's syllables in a row.
fn restore_tones<'a>(folded: &[String], texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for text in texts {
        let syl = analysis::syllables(&snippet::strip_tags(text));
        for w in syl.windows(folded.len()) {
            if w.iter().zip(folded).all(|(s, f)| analysis::fold(s) == *f) {
                *counts.entry(w.join(" ")).or_default() += 1;
            }
        }
    }
    let best = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?.0;
    (best != folded.join(" ")).then_some(best)
}
