//! Escaping for the pages this crate renders. Every value that came from
//! content or from a user goes through [`esc`]; URLs also pass
//! [`crate::media::safe_url`] first.

use std::fmt::Write as _;

/// Escapes text for HTML content and quoted attributes: the project's one escaper.
pub use ketnoi_domain::text::escape_markup as esc;

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
pub fn query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `name=value&…`, encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs.into_iter().map(|(k, v)| format!("{}={}", query_value(k), query_value(v))).collect::<Vec<_>>().join("&")
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}
