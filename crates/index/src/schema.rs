//! The index schema: every searchable text three times (toned, folded, syllable bigrams) so a
//! query typed with or without tones matches and exact tones and two-syllable words rank higher;
//! document numbers as exact keys; facets as fast fields.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis;

/// Fields by name, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub key: Field,
    pub version: Field,
    pub title: Field,
    pub text: Field,
    pub title_toned: Field,
    pub title_folded: Field,
    pub title_bigram: Field,
    pub text_toned: Field,
    pub text_folded: Field,
    pub text_bigram: Field,
    pub docnum: Field,
    pub numbers: Field,
    pub kind: Field,
    pub site_id: Field,
    pub site_name: Field,
    pub unit_id: Field,
    pub unit_name: Field,
    pub level: Field,
    pub province: Field,
    pub published: Field,
    pub cluster: Field,
    pub official: Field,
}

fn analysed(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record))
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED | FAST),
        version: b.add_i64_field("version", INDEXED | STORED | FAST),
        // Display copies: stored, not indexed (the analysed copies below are searched).
        title: b.add_text_field("title", STORED),
        text: b.add_text_field("text", STORED),
        title_toned: b.add_text_field("title_toned", analysed(analysis::TONED, true)),
        title_folded: b.add_text_field("title_folded", analysed(analysis::FOLDED, true)),
        title_bigram: b.add_text_field("title_bigram", analysed(analysis::BIGRAM, true)),
        text_toned: b.add_text_field("text_toned", analysed(analysis::TONED, true)),
        text_folded: b.add_text_field("text_folded", analysed(analysis::FOLDED, true)),
        text_bigram: b.add_text_field("text_bigram", analysed(analysis::BIGRAM, true)),
        docnum: b.add_text_field("docnum", analysed(analysis::DOCNUM, false)),
        numbers: b.add_text_field("numbers", STORED),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        site_id: b.add_i64_field("site_id", INDEXED | STORED | FAST),
        site_name: b.add_text_field("site_name", STORED),
        unit_id: b.add_text_field("unit_id", STRING | STORED | FAST),
        unit_name: b.add_text_field("unit_name", STORED),
        level: b.add_text_field("level", STRING | STORED | FAST),
        province: b.add_text_field("province", STRING | STORED | FAST),
        published: b.add_date_field("published", INDEXED | STORED | FAST),
        cluster: b.add_text_field("cluster", STRING | STORED | FAST),
        official: b.add_bool_field("official", STORED | FAST),
    };
    (b.build(), fields)
}
