//! Abbreviations of Vietnamese government usage ("UBND" for "Ủy ban nhân dân").
//!
//! Portals write the same body both ways, often on one page, and users type either. The
//! index stores text as written; the searcher expands a query into its alternative forms
//! with [`expand_abbreviations`] and searches them all, so "ubnd tinh thanh hoa" finds
//! "Ủy ban nhân dân tỉnh Thanh Hóa" and the other way round.
//!
//! Short abbreviations with several common readings are deliberately left out, because
//! expanding them would flood results with the wrong reading:
//! "tt" (thông tư / thông tin / trung tâm / thanh tra), "nd" (nghị định / nhân dân),
//! "qd" (quyết định / quân đội), "ct" (chỉ thị / chủ tịch / công ty / chương trình),
//! "cp" (chính phủ / cổ phần), "ttcp" (Thủ tướng / Thanh tra Chính phủ), "dn" (doanh
//! nghiệp / Đà Nẵng / Đồng Nai), "hn" (Hà Nội / hội nghị), "tp" (thành phố / thực phẩm),
//! "gd" (giáo dục / giám đốc), "kh" (kế hoạch / khoa học / khách hàng). They are kept only
//! inside unambiguous compounds ("nd-cp", "qd-ttg", "ct-ttg"). Within document numbers
//! they are handled by [`super::doc_number`], never here: an abbreviation glued to a
//! number ("123/qd-ubnd") is not expanded.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::normalize::fold;

/// (folded abbreviation, folded expansion). An abbreviation written with a hyphen
/// ("nd-cp") also matches "nd cp", "nd/cp" and "gd&dt"-style joins in a query.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("nd-cp", "nghi dinh chinh phu"),
    ("ndcp", "nghi dinh chinh phu"),
    ("nq-cp", "nghi quyet chinh phu"),
    ("qd-ttg", "quyet dinh thu tuong"),
    ("ct-ttg", "chi thi thu tuong"),
    ("ttg", "thu tuong"),
    ("vpcp", "van phong chinh phu"),
    ("ttdt", "thong tin dien tu"),
    ("cntt", "cong nghe thong tin"),
    ("tthc", "thu tuc hanh chinh"),
    ("dvc", "dich vu cong"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("csdl", "co so du lieu"),
    ("vbqppl", "van ban quy pham phap luat"),
    ("mttq", "mat tran to quoc"),
    ("ubtvqh", "uy ban thuong vu quoc hoi"),
    ("nhnn", "ngan hang nha nuoc"),
    ("ktnn", "kiem toan nha nuoc"),
    ("tandtc", "toa an nhan dan toi cao"),
    ("vksndtc", "vien kiem sat nhan dan toi cao"),
    ("btc", "bo tai chinh"),
    ("bnv", "bo noi vu"),
    ("byt", "bo y te"),
    ("bgddt", "bo giao duc va dao tao"),
    ("bct", "bo cong thuong"),
    ("bca", "bo cong an"),
    ("bqp", "bo quoc phong"),
    ("btp", "bo tu phap"),
    ("bxd", "bo xay dung"),
    ("bng", "bo ngoai giao"),
    ("bkhdt", "bo ke hoach va dau tu"),
    ("btnmt", "bo tai nguyen va moi truong"),
    ("bnnptnt", "bo nong nghiep va phat trien nong thon"),
    ("bnnmt", "bo nong nghiep va moi truong"),
    ("bldtbxh", "bo lao dong thuong binh va xa hoi"),
    ("btttt", "bo thong tin va truyen thong"),
    ("bgtvt", "bo giao thong van tai"),
    ("bvhttdl", "bo van hoa the thao va du lich"),
    ("bkhcn", "bo khoa hoc va cong nghe"),
    ("bdttg", "bo dan toc va ton giao"),
    ("gd-dt", "giao duc va dao tao"),
    ("kt-xh", "kinh te xa hoi"),
    ("ktxh", "kinh te xa hoi"),
    ("bhxh", "bao hiem xa hoi"),
    ("bhyt", "bao hiem y te"),
    ("cccd", "can cuoc cong dan"),
    ("thpt", "trung hoc pho thong"),
    ("thcs", "trung hoc co so"),
    ("htx", "hop tac xa"),
    ("pccc", "phong chay chua chay"),
    ("atgt", "an toan giao thong"),
    ("ttxvn", "thong tan xa viet nam"),
];

/// Most alternatives [`expand_abbreviations`] returns (a query full of abbreviations must
/// not explode into hundreds of sub-queries).
pub const MAX_ALTERNATIVES: usize = 16;

/// A word sequence to look for and what may replace it.
struct Pattern {
    words: Vec<&'static str>,
    replacements: Vec<&'static str>,
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Patterns by first word, longest first, so matching is leftmost-longest
/// ("bo giao duc va dao tao" wins over "giao duc va dao tao").
static PATTERNS: LazyLock<HashMap<&'static str, Vec<Pattern>>> = LazyLock::new(|| {
    let mut all: Vec<Pattern> = Vec::new();
    let mut add = |from: &'static str, to: &'static str| {
        let w = words(from);
        match all.iter_mut().find(|p| p.words == w) {
            Some(p) if !p.replacements.contains(&to) => p.replacements.push(to),
            Some(_) => {}
            None => all.push(Pattern { words: w, replacements: vec![to] }),
        }
    };
    for &(abbr, expansion) in ABBREVIATIONS {
        add(abbr, expansion);
    }
    for &(abbr, expansion) in ABBREVIATIONS {
        add(expansion, abbr);
    }
    let mut by_first: HashMap<&'static str, Vec<Pattern>> = HashMap::new();
    for p in all {
        by_first.entry(p.words[0]).or_default().push(p);
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }
    by_first
});

/// Separators allowed between the words of one match ("nd-cp", "gd&dt", "kt/xh").
fn joins_words(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c.is_whitespace() || matches!(c, '-' | '/' | '&' | '.' | '_'))
}

/// A single separator glueing two words into a compound ("123/qd-ubnd", "covid-19").
fn glues(gap: &str) -> bool {
    matches!(gap, "-" | "/" | "." | "_" | "&")
}

/// Alternative forms of a (folded) query: each abbreviation present replaced by its
/// expansion and each expansion present replaced by its abbreviation, so
/// "ubnd tinh thanh hoa" ↔ "uy ban nhan dan tinh thanh hoa". Empty when nothing applies.
///
/// Matching is on whole words, leftmost-longest. The first alternative replaces every
/// match at once; when there are several matches (or several abbreviations of one
/// expansion, "kinh te xa hoi" → "kt-xh", "ktxh"), alternatives replacing one match at a
/// time follow. At most [`MAX_ALTERNATIVES`], no duplicates, never the query itself. The
/// input is folded again, so passing an unfolded query is harmless.
pub fn expand_abbreviations(folded_query: &str) -> Vec<String> {
    let query = fold(folded_query);
    let spans: Vec<(usize, usize)> = word_spans(&query);
    let gap = |i: usize| &query[spans[i - 1].1..spans[i].0];
    let word = |i: usize| &query[spans[i].0..spans[i].1];

    let mut matches: Vec<(usize, usize, &[&'static str])> = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let glued_before = i > 0 && glues(gap(i));
        let found = PATTERNS.get(word(i)).filter(|_| !glued_before).and_then(|list| {
            list.iter().find(|p| {
                let n = p.words.len();
                i + n <= spans.len()
                    && (1..n).all(|k| word(i + k) == p.words[k] && joins_words(gap(i + k)))
                    && !(i + n < spans.len() && glues(gap(i + n)))
            })
        });
        match found {
            Some(p) => {
                let n = p.words.len();
                matches.push((spans[i].0, spans[i + n - 1].1, &p.replacements));
                i += n;
            }
            None => i += 1,
        }
    }
    if matches.is_empty() {
        return Vec::new();
    }

    let replace = |choice: &dyn Fn(usize) -> Option<&'static str>| {
        let mut out = String::with_capacity(query.len() * 2);
        let mut at = 0;
        for (k, &(start, end, _)) in matches.iter().enumerate() {
            out.push_str(&query[at..start]);
            out.push_str(choice(k).unwrap_or(&query[start..end]));
            at = end;
        }
        out.push_str(&query[at..]);
        out
    };
    let mut alternatives: Vec<String> = Vec::new();
    let push = |alt: String, alternatives: &mut Vec<String>| {
        if alt != query && !alternatives.contains(&alt) {
            alternatives.push(alt);
        }
    };
    push(replace(&|k| Some(matches[k].2[0])), &mut alternatives);
    if matches.len() > 1 || matches[0].2.len() > 1 {
        'all: for (k, &(_, _, replacements)) in matches.iter().enumerate() {
            for &r in replacements {
                if alternatives.len() >= MAX_ALTERNATIVES {
                    break 'all;
                }
                push(replace(&|m| (m == k).then_some(r)), &mut alternatives);
            }
        }
    }
    alternatives
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_folded_and_unique() {
        assert!(ABBREVIATIONS.len() >= 15);
        for &(abbr, expansion) in ABBREVIATIONS {
            assert_eq!(fold(abbr), abbr);
            assert_eq!(fold(expansion), expansion);
            assert!(abbr.is_ascii() && expansion.is_ascii());
            assert_eq!(ABBREVIATIONS.iter().filter(|(a, _)| *a == abbr).count(), 1, "{abbr}");
        }
        for ambiguous in ["tt", "nd", "qd", "ct", "cp", "ttcp", "dn", "hn", "tp", "gd", "kh"] {
            assert!(!ABBREVIATIONS.iter().any(|(a, _)| *a == ambiguous), "{ambiguous}");
        }
    }

    #[test]
    fn expands_and_contracts() {
        assert_eq!(expand_abbreviations("ubnd tinh thanh hoa"), ["uy ban nhan dan tinh thanh hoa"]);
        assert_eq!(expand_abbreviations("uy ban nhan dan tinh thanh hoa"), ["ubnd tinh thanh hoa"]);
        assert_eq!(expand_abbreviations("cong thong tin dien tu"), ["cong ttdt"]);
        assert_eq!(expand_abbreviations("nd-cp"), ["nghi dinh chinh phu"]);
        assert_eq!(expand_abbreviations("nd cp"), ["nghi dinh chinh phu"]);
        assert_eq!(expand_abbreviations("so gd&dt"), ["so giao duc va dao tao"]);
        // Leftmost-longest: the ministry, not the sector.
        assert_eq!(expand_abbreviations("bo giao duc va dao tao"), ["bgddt"]);
        assert_eq!(expand_abbreviations("quyet dinh thu tuong"), ["qd-ttg"]);
        // Unfolded input is folded first.
        assert_eq!(expand_abbreviations("UBND Tỉnh"), ["uy ban nhan dan tinh"]);
    }

    #[test]
    fn several_matches_and_several_forms() {
        let alts = expand_abbreviations("ubnd va hdnd");
        assert_eq!(alts[0], "uy ban nhan dan va hoi dong nhan dan");
        assert!(alts.contains(&"uy ban nhan dan va hdnd".to_string()));
        assert!(alts.contains(&"ubnd va hoi dong nhan dan".to_string()));
        assert_eq!(alts.len(), 3);

        let alts = expand_abbreviations("phat trien kinh te xa hoi");
        assert_eq!(alts, ["phat trien kt-xh", "phat trien ktxh"]);
        assert_eq!(expand_abbreviations("phat trien kt-xh"), ["phat trien kinh te xa hoi"]);
    }

    #[test]
    fn word_boundaries() {
        assert!(expand_abbreviations("ubnds").is_empty());
        assert!(expand_abbreviations("xubnd").is_empty());
        assert!(expand_abbreviations("thu tuongx").is_empty());
        // Glued into a document number: left to the doc-number analysis.
        assert!(expand_abbreviations("123/qd-ubnd").is_empty());
        assert!(expand_abbreviations("42/2022/nd-cp").is_empty());
        assert!(expand_abbreviations("ubnd-2024").is_empty());
        assert_eq!(expand_abbreviations("ubnd, hdnd").len(), 3);
    }

    #[test]
    fn nothing_applies() {
        for q in ["", "   ", "nghi dinh", "tt", "nd", "thong tu", "🙂", "москва 中华", "\u{0}"] {
            assert!(expand_abbreviations(q).is_empty(), "{q}");
        }
    }

    #[test]
    fn bounded_and_fast_on_hostile_input() {
        let many = "ubnd hdnd ".repeat(100);
        let alts = expand_abbreviations(&many);
        assert_eq!(alts.len(), MAX_ALTERNATIVES);
        let big = "uy ban nhan dan ".repeat(70_000);
        assert!(big.len() > 1 << 20);
        let alts = expand_abbreviations(&big);
        assert_eq!(alts[0], "ubnd ".repeat(70_000));
    }
}
