//! The analysis as tantivy tokenizers, registered under [`TONED`], [`FOLDED`], [`BIGRAM`]
//! and [`DOCNUM`].
//!
//! All four scan the original text (so token offsets point into it, for highlighting) and
//! normalize each syllable on its own; none builds a normalized copy of the whole text.
//! Positions count syllables, so phrase queries work on every field, and the bigram field's
//! positions line up with the syllable fields'.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

use super::doc_number::{canonical_doc_number, find_doc_number_spans};
use super::normalize::{fold_into, normalize_into};
use super::segment::Segments;

/// Syllables, normalized (toned, lower case): exact-tone matches.
pub const TONED: &str = "vi_toned";
/// Syllables, folded (no marks, đ → d): matches queries typed without tones.
pub const FOLDED: &str = "vi_folded";
/// Folded syllable bigrams joined by `_` ("nghi_dinh"): two-syllable words as units.
pub const BIGRAM: &str = "vi_bigram";
/// Canonical document numbers ("42/2022/nd/cp"), one token each.
pub const DOCNUM: &str = "vi_docnum";

/// Tokens longer than this many bytes are dropped: they are not words (base64, URLs run
/// together, ideograph-free scripts without spaces) and only bloat the term dictionary.
pub const MAX_TOKEN_BYTES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Toned,
    Folded,
}

/// One token per syllable, toned ([`TONED`]) or folded ([`FOLDED`]).
#[derive(Debug, Clone)]
pub struct SyllableTokenizer {
    form: Form,
}

impl SyllableTokenizer {
    /// Syllables as [`super::normalize`] gives them.
    pub fn toned() -> Self {
        SyllableTokenizer { form: Form::Toned }
    }

    /// Syllables as [`super::fold`] gives them.
    pub fn folded() -> Self {
        SyllableTokenizer { form: Form::Folded }
    }
}

/// Stream of [`SyllableTokenizer`].
pub struct SyllableTokenStream<'a> {
    text: &'a str,
    segments: Segments<'a>,
    form: Form,
    token: Token,
    index: usize,
}

impl Tokenizer for SyllableTokenizer {
    type TokenStream<'a> = SyllableTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableTokenStream<'a> {
        SyllableTokenStream { text, segments: Segments::new(text), form: self.form, token: Token::default(), index: 0 }
    }
}

impl TokenStream for SyllableTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for span in self.segments.by_ref() {
            let position = self.index;
            self.index += 1;
            let syllable = &self.text[span.start..span.end];
            self.token.text.clear();
            match self.form {
                Form::Toned => normalize_into(syllable, &mut self.token.text),
                Form::Folded => fold_into(syllable, &mut self.token.text),
            }
            if self.token.text.is_empty() {
                continue;
            }
            self.token.offset_from = span.start;
            self.token.offset_to = span.end;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Folded syllable bigrams ([`BIGRAM`]): "Nghị định số" → "nghi_dinh" (position 0),
/// "dinh_so" (position 1).
///
/// A bigram's position is that of its first syllable, so a query of n syllables becomes a
/// phrase of n−1 bigrams at consecutive positions. A text of a single syllable yields no
/// token: the bigram field only ever holds pairs, single syllables are matched by the
/// syllable fields (a one-syllable query then contributes nothing on this field, which
/// tantivy's query parser simply skips). No bigram spans a clause boundary (". ", ";",
/// brackets, a paragraph break), so "… định. Số …" gives no "dinh_so".
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

/// Stream of [`BigramTokenizer`].
pub struct BigramTokenStream<'a> {
    text: &'a str,
    segments: Segments<'a>,
    token: Token,
    previous: String,
    previous_from: usize,
    has_previous: bool,
    current: String,
    index: usize,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        BigramTokenStream {
            text,
            segments: Segments::new(text),
            token: Token::default(),
            previous: String::new(),
            previous_from: 0,
            has_previous: false,
            current: String::new(),
            index: 0,
        }
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for span in self.segments.by_ref() {
            let position = self.index;
            self.index += 1;
            self.current.clear();
            fold_into(&self.text[span.start..span.end], &mut self.current);
            if self.current.is_empty() {
                self.has_previous = false;
                continue;
            }
            let emit = self.has_previous && !span.break_before;
            if emit {
                self.token.text.clear();
                self.token.text.push_str(&self.previous);
                self.token.text.push('_');
                self.token.text.push_str(&self.current);
                self.token.offset_from = self.previous_from;
                self.token.offset_to = span.end;
                self.token.position = position - 1;
                self.token.position_length = 1;
            }
            std::mem::swap(&mut self.previous, &mut self.current);
            self.previous_from = span.start;
            self.has_previous = true;
            if emit {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Document numbers ([`DOCNUM`]), for a field holding the numbers of a document (one or
/// several, separated by `;`, `,`, `|` or line breaks) and for queries on it.
///
/// Each item yields the numbers [`super::find_doc_numbers`] finds in it; an item where it
/// finds none but that [`canonical_doc_number`] accepts as a whole (an unusual shape such
/// as "12/98/NĐ-CP" or "123a/QĐ-UBND") yields that. Documents and queries go through the
/// same code, so both sides agree on the key.
#[derive(Debug, Clone, Default)]
pub struct DocNumberTokenizer;

/// Stream of [`DocNumberTokenizer`].
pub struct DocNumberTokenStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

fn is_item_separator(c: char) -> bool {
    matches!(c, ';' | ',' | '|' | '\n' | '\r')
}

/// The tokens of the [`DOCNUM`] field, eagerly (a field holds a handful of numbers).
fn doc_number_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut item_start = 0;
    let items = text
        .split_inclusive(is_item_separator)
        .map(|item| {
            let start = item_start;
            item_start += item.len();
            (start, item.trim_end_matches(is_item_separator))
        })
        .collect::<Vec<_>>();
    for (start, item) in items {
        let mut push = |key: String, from: usize, to: usize| {
            tokens.push(Token {
                offset_from: start + from,
                offset_to: start + to,
                position: tokens.len(),
                text: key,
                position_length: 1,
            });
        };
        let found = find_doc_number_spans(item);
        if found.is_empty() {
            if let Some(key) = canonical_doc_number(item) {
                let lead = item.len() - item.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let trail = item.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                push(key, lead, trail);
            }
        } else {
            for m in found {
                push(m.key, m.start, m.end);
            }
        }
    }
    tokens
}

impl Tokenizer for DocNumberTokenizer {
    type TokenStream<'a> = DocNumberTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DocNumberTokenStream {
        DocNumberTokenStream { tokens: doc_number_tokens(text).into_iter(), token: Token::default() }
    }
}

impl TokenStream for DocNumberTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

fn limited<T: Tokenizer>(tokenizer: T) -> TextAnalyzer {
    // RemoveLongFilter keeps tokens strictly shorter than its limit.
    TextAnalyzer::builder(tokenizer).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1)).build()
}

/// The analyzer registered under `name` ([`TONED`], [`FOLDED`], [`BIGRAM`], [`DOCNUM`]),
/// for code that tokenizes outside an index (query building, tests).
pub fn analyzer(name: &str) -> Option<TextAnalyzer> {
    match name {
        TONED => Some(limited(SyllableTokenizer::toned())),
        FOLDED => Some(limited(SyllableTokenizer::folded())),
        BIGRAM => Some(limited(BigramTokenizer)),
        DOCNUM => Some(limited(DocNumberTokenizer)),
        _ => None,
    }
}

/// Registers the four tokenizers, each with a filter dropping tokens longer than
/// [`MAX_TOKEN_BYTES`]. Call it on `index.tokenizers()` after opening or creating an index
/// (tantivy does not persist tokenizers) and before indexing or parsing queries.
pub fn register(manager: &TokenizerManager) {
    for name in [TONED, FOLDED, BIGRAM, DOCNUM] {
        if let Some(analyzer) = analyzer(name) {
            manager.register(name, analyzer);
        }
    }
}

/// The token texts `name`'s analyzer yields for `text` (empty for an unknown name).
pub fn tokens(name: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = analyzer(name) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::{PhraseQuery, Query, QueryParser, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, Term, doc};

    fn all_tokens(name: &str, text: &str) -> Vec<Token> {
        let mut analyzer = analyzer(name).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        stream.process(&mut |t| out.push(t.clone()));
        out
    }

    #[test]
    fn toned_and_folded() {
        assert_eq!(tokens(TONED, "Nghị Định số 42"), ["nghị", "định", "số", "42"]);
        assert_eq!(tokens(FOLDED, "Nghị Định số 42"), ["nghi", "dinh", "so", "42"]);
        assert_eq!(tokens(TONED, "Thanh Hoá"), tokens(TONED, "Thanh Hóa"));
        assert_eq!(tokens(TONED, "Nghi\u{0323} đi\u{0323}nh"), ["nghị", "định"]);
        let t = all_tokens(FOLDED, "  Hòa bình");
        assert_eq!((t[0].offset_from, t[0].offset_to, t[0].position), (2, 6, 0));
        assert_eq!((t[1].offset_from, t[1].offset_to, t[1].position), (7, 12, 1));
        assert!(tokens(TONED, "").is_empty());
        assert_eq!(tokens("nope", "x"), Vec::<String>::new());
    }

    #[test]
    fn bigrams() {
        assert_eq!(tokens(BIGRAM, "Nghị định số 42"), ["nghi_dinh", "dinh_so", "so_42"]);
        let t = all_tokens(BIGRAM, "Nghị định số");
        assert_eq!(t[0].position, 0);
        assert_eq!(t[1].position, 1);
        assert_eq!(&"Nghị định số"[t[1].offset_from..t[1].offset_to], "định số");
        // One syllable: no token.
        assert!(tokens(BIGRAM, "luật").is_empty());
        assert!(tokens(BIGRAM, "").is_empty());
        // No bigram across a sentence boundary; positions keep counting syllables.
        let t = all_tokens(BIGRAM, "Nghị định. Số này");
        let texts: Vec<_> = t.iter().map(|t| (t.text.as_str(), t.position)).collect();
        assert_eq!(texts, [("nghi_dinh", 0), ("so_nay", 2)]);
        // CJK: character bigrams.
        assert_eq!(tokens(BIGRAM, "人民"), ["人_民"]);
    }

    #[test]
    fn doc_numbers() {
        assert_eq!(tokens(DOCNUM, "42/2022/NĐ-CP"), ["42/2022/nd/cp"]);
        assert_eq!(tokens(DOCNUM, "42-2022-nđ-cp"), ["42/2022/nd/cp"]);
        assert_eq!(tokens(DOCNUM, "42/2022/nd cp"), ["42/2022/nd/cp"]);
        assert_eq!(
            tokens(DOCNUM, "42/2022/NĐ-CP; 409/VPCP-TTĐT\n12/98/NĐ-CP"),
            ["42/2022/nd/cp", "409/vpcp/ttdt", "12/98/nd/cp"]
        );
        let text = "a; (123a/QĐ-UBND)";
        let t = all_tokens(DOCNUM, text);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "123a/qd/ubnd");
        assert_eq!(&text[t[0].offset_from..t[0].offset_to], "123a/QĐ-UBND");
        assert!(tokens(DOCNUM, "ngày 12/5/2024").is_empty());
        assert!(tokens(DOCNUM, "").is_empty());
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let max = "a".repeat(MAX_TOKEN_BYTES);
        let text = format!("x {long} {max} y");
        assert_eq!(tokens(FOLDED, &text), ["x", max.as_str(), "y"]);
        assert_eq!(tokens(TONED, &text), ["x", max.as_str(), "y"]);
        // Every bigram here involves a token of 64+ bytes, so is longer than the limit.
        assert!(tokens(BIGRAM, &text).is_empty());
        assert_eq!(tokens(BIGRAM, &format!("{} y", &max[..62])), [format!("{}_y", &max[..62])]);
    }

    #[test]
    fn hostile_input() {
        let control: String = (0u8..32).map(char::from).collect();
        let texts = [
            control,
            "Nghị định 中华人民共和国 Москва مَرْحَبًا 🙂👨‍👩‍👧 \u{FEFF}\u{200B}\u{0301}".to_string(),
            "\u{0345}\u{0345} \u{0345}a".to_string(),
            "Nghị định số 42/2022/NĐ-CP, Hoà Bình. ".repeat(30_000),
            "a\u{0301}".repeat(200_000),
        ];
        for text in &texts {
            for name in [TONED, FOLDED, BIGRAM, DOCNUM] {
                for t in all_tokens(name, text) {
                    assert!(!t.text.is_empty());
                    assert!(t.text.len() <= MAX_TOKEN_BYTES);
                    assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
                    assert!(text.is_char_boundary(t.offset_from));
                    assert!(text.is_char_boundary(t.offset_to));
                }
            }
        }
        assert_eq!(tokens(DOCNUM, &texts[3]).len(), 30_000);
    }

    struct Fixture {
        index: Index,
        toned: Field,
        folded: Field,
        bigram: Field,
        docnum: Field,
    }

    fn text_field(schema: &mut tantivy::schema::SchemaBuilder, name: &str, tokenizer: &str) -> Field {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing) | STORED;
        schema.add_text_field(name, options)
    }

    fn fixture() -> Fixture {
        let mut builder = Schema::builder();
        let toned = text_field(&mut builder, "title_toned", TONED);
        let folded = text_field(&mut builder, "title_folded", FOLDED);
        let bigram = text_field(&mut builder, "title_bigram", BIGRAM);
        let docnum = text_field(&mut builder, "docnum", DOCNUM);
        let index = Index::create_in_ram(builder.build());
        register(index.tokenizers());
        let mut writer = index.writer(15_000_000).unwrap();
        let docs = [
            ("Nghị định số 42/2022/NĐ-CP về cung cấp thông tin", "42/2022/NĐ-CP"),
            ("Công văn về Cổng thông tin điện tử", "409/VPCP-TTĐT"),
            ("Quyết định của Ủy ban nhân dân tỉnh Thanh Hoá", "123/QĐ-UBND"),
            ("Nghi\u{0323} quyê\u{0301}t về định hướng", "18-NQ/TW"),
            ("Thông tư 03/2023/TT-BTC hướng dẫn", "03/2023/TT-BTC"),
        ];
        for (title, number) in docs {
            writer
                .add_document(doc!(
                    toned => title,
                    folded => title,
                    bigram => title,
                    docnum => number,
                ))
                .unwrap();
        }
        // A decomposed (NFD) copy of a title, to be found like its NFC form.
        writer
            .add_document(doc!(
                toned => "Nghi\u{0323} đi\u{0323}nh mới",
                folded => "Nghi\u{0323} đi\u{0323}nh mới",
                bigram => "Nghi\u{0323} đi\u{0323}nh mới",
            ))
            .unwrap();
        writer.commit().unwrap();
        Fixture { index, toned, folded, bigram, docnum }
    }

    fn count(fx: &Fixture, query: &dyn Query) -> usize {
        let reader = fx.index.reader().unwrap();
        reader.searcher().search(query, &Count).unwrap()
    }

    /// The query built from `text` through the field's own analyzer: one term → TermQuery,
    /// several → PhraseQuery.
    fn analyzed(fx: &Fixture, field: Field, text: &str) -> Box<dyn Query> {
        let mut analyzer = fx.index.tokenizer_for_field(field).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while let Some(t) = stream.next() {
            terms.push((t.position, Term::from_field_text(field, &t.text)));
        }
        assert!(!terms.is_empty(), "no tokens for {text:?}");
        if terms.len() == 1 {
            let (_, term) = terms.pop().unwrap();
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        } else {
            Box::new(PhraseQuery::new_with_offset(terms))
        }
    }

    #[test]
    fn index_level_matching() {
        let fx = fixture();
        // Folded field: "nghi dinh" (no tones) finds "Nghị định", NFC and NFD alike.
        assert_eq!(count(&fx, &*analyzed(&fx, fx.folded, "nghi dinh")), 2);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.folded, "NGHỊ ĐỊNH")), 2);
        // Toned field: exact tones only ("nghị quyết" is not "nghị định").
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "nghị định")), 2);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "Nghi\u{0323} đi\u{0323}nh")), 2);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "nghị quyết")), 1);
        // Tone placement: "Thanh Hoá" indexed, "thanh hóa" queried (and the other way).
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "thanh hóa")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "THANH HOÁ")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.toned, "thanh hòa")), 0);
        // Bigram field: the phrase "nghi dinh" is the single term "nghi_dinh".
        assert_eq!(count(&fx, &*analyzed(&fx, fx.bigram, "nghi dinh")), 2);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.bigram, "nghi dinh so")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.bigram, "cong thong tin dien tu")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.bigram, "thong tin cong")), 0);
        // Docnum field: other spellings of the number, and no partial matches.
        for q in ["42/2022/ND-CP", "42-2022-nđ-cp", "42/2022/nd cp", "42/2022/NĐ-CP"] {
            assert_eq!(count(&fx, &*analyzed(&fx, fx.docnum, q)), 1, "{q}");
        }
        assert_eq!(count(&fx, &*analyzed(&fx, fx.docnum, "409/vpcp-ttdt")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.docnum, "18/nq/tw")), 1);
        assert_eq!(count(&fx, &*analyzed(&fx, fx.docnum, "43/2022/ND-CP")), 0);
    }

    #[test]
    fn query_parser_uses_the_tokenizers() {
        let fx = fixture();
        let parser = QueryParser::for_index(&fx.index, vec![fx.folded]);
        let q = parser.parse_query("\"nghi dinh\"").unwrap();
        assert_eq!(count(&fx, &*q), 2);
        let parser = QueryParser::for_index(&fx.index, vec![fx.bigram]);
        let q = parser.parse_query("\"nghi dinh\"").unwrap();
        assert_eq!(count(&fx, &*q), 2);
        let parser = QueryParser::for_index(&fx.index, vec![fx.docnum]);
        let q = parser.parse_query("\"42/2022/ND-CP\"").unwrap();
        assert_eq!(count(&fx, &*q), 1);
    }
}
