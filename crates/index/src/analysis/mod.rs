//! Vietnamese text analysis, as pure functions and as tantivy tokenizers.
//!
//! Government portals publish the same words in many spellings: NFC or NFD, upper or lower
//! case, the tone of "oa/oe/uy" on either vowel, with or without tones, abbreviated or
//! not, document numbers with varying separators. This module reduces each to the forms
//! the index stores:
//!
//! - [`normalize`]: NFC, lower case, one tone placement ("Thanh Hoá" → "thanh hóa"),
//!   indexed by [`TONED`] so that exact-tone matches can rank first;
//! - [`fold`]: no diacritics at all, đ → d ("Nghị định" → "nghi dinh"), indexed by
//!   [`FOLDED`] for queries typed without tones;
//! - syllable bigrams ("nghi_dinh"), indexed by [`BIGRAM`] so that two-syllable words
//!   match as units and phrases score well;
//! - document numbers ([`find_doc_numbers`], [`canonical_doc_number`]): one canonical key
//!   per number ("42/2022/nd/cp"), indexed by [`DOCNUM`];
//! - abbreviations ([`expand_abbreviations`]): query-time alternatives ("ubnd" ↔ "uy ban
//!   nhan dan");
//! - [`is_folded`]: whether a query was typed without tones.
//!
//! Everything is pure and allocation-light, with no regular expressions: hand-written
//! scanners over the original text, so tokens carry offsets into it.

mod abbreviations;
mod doc_number;
mod normalize;
mod segment;
mod tokenizers;

pub use abbreviations::{ABBREVIATIONS, MAX_ALTERNATIVES, expand_abbreviations};
pub use doc_number::{
    DocNumberMatch, MAX_DOC_NUMBER_BYTES, canonical_doc_number, find_doc_number_spans, find_doc_numbers,
};
pub use normalize::{fold, folded_syllables, is_folded, normalize, syllables};
pub use tokenizers::{
    BIGRAM, BigramTokenStream, BigramTokenizer, DOCNUM, DocNumberTokenStream, DocNumberTokenizer, FOLDED,
    MAX_TOKEN_BYTES, SyllableTokenStream, SyllableTokenizer, TONED, analyzer, register, tokens,
};
