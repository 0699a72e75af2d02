//! The search index of ketnoi over tantivy.
//!
//! - [`analysis`]: Vietnamese analysis as tantivy tokenizers (pure): NFC, lower case, tone
//!   placement unified, a toned and a folded form, syllable bigrams, abbreviation expansion,
//!   document numbers.
//! - [`schema`]: every text three times (toned, folded, bigrams), numbers, facets.
//! - [`index`]: the index on disk with its one writer: versioned upserts by URL, deletes, commits.
//! - [`search`]: query analysis, ranking (BM25 × freshness × unit level), filters, facets,
//!   snippets, duplicates, related items, did-you-mean, type-ahead.
//! - [`push`]: documents pushed by sites (API and file import): checks and what the store keeps.
//! - [`sync`]: the index follows the store (crawled and pushed documents), watermark in the commit.

pub mod analysis;
pub mod document;
pub mod error;
pub mod index;
pub mod push;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod sync;

pub use document::IndexDoc;
pub use error::IndexError;
pub use index::{SearchIndex, Written};
pub use search::{FacetCount, Hit, Related, SearchRequest, SearchResults, Sort};
