//! What the server-rendered pages (search, verify) share: escaping for HTML and percent-encoding
//! of query values in the links they build.

/// Escapes text for HTML content and attribute values (the project's one escaper).
pub use ketnoi_domain::text::escape_markup as esc;

/// Percent-encodes a query value (one implementation for every page ketnoi renders).
pub use ketnoi_boxes::html::query_value;

/// A Host header fit to be echoed into links: name or address and port only.
pub fn is_host(h: &str) -> bool {
    !h.is_empty() && h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}
