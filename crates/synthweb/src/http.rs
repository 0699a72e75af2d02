//! A response before HTTP details (validators, conditional GET, gzip) are applied.

use bytes::Bytes;
use chrono::{DateTime, FixedOffset};

#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
    pub last_modified: Option<DateTime<FixedOffset>>,
    /// Send a strong ETag (and Last-Modified when known) and honour conditional requests.
    pub validators: bool,
    /// May be gzip-encoded for clients that accept it.
    pub compressible: bool,
}

impl Resource {
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            content_type: Some(content_type.to_string()),
            headers: Vec::new(),
            body: body.into(),
            last_modified: None,
            validators: false,
            compressible: false,
        }
    }

    /// A 200 with validators, compressible when textual.
    pub(crate) fn ok(content_type: &str, body: impl Into<Bytes>, modified: Option<DateTime<FixedOffset>>) -> Self {
        let compressible = content_type.starts_with("text/") || content_type.contains("xml");
        Self { last_modified: modified, validators: true, compressible, ..Self::new(200, content_type, body) }
    }

    pub(crate) fn redirect(status: u16, location: String) -> Self {
        let body = format!("<html><body>Moved: <a href=\"{0}\">{0}</a></body></html>", crate::text::esc(&location));
        let mut r = Self::new(status, "text/html; charset=utf-8", body);
        r.headers.push(("location", location));
        r
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Strong entity tag of a body (FNV-1a; stable across runs and platforms).
pub(crate) fn etag_of(body: &[u8]) -> String {
    format!("\"{:016x}\"", crate::rng::fnv1a(body))
}

/// Does `If-None-Match` name the current entity? The gzip representation's tag is the identity tag
/// with a `-gzip` suffix, and either one matches (RFC 9110 weak comparison for If-None-Match).
pub(crate) fn none_match(header: &str, etag: &str) -> bool {
    let base = etag.trim_matches('"');
    header.split(',').map(str::trim).any(|t| {
        if t == "*" {
            return true;
        }
        let t = t.trim_start_matches("W/").trim_matches('"');
        t == base || t.strip_suffix("-gzip") == Some(base)
    })
}

/// Does the client accept gzip (and not with q=0)?
pub(crate) fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|part| {
        let mut it = part.split(';').map(str::trim);
        let name = it.next().unwrap_or("");
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !it.any(|p| p.replace(' ', "") == "q=0")
    })
}

pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 4 + 64), flate2::Compression::fast());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditional_helpers() {
        let tag = etag_of(b"x");
        assert!(none_match(&tag, &tag));
        assert!(none_match(&format!("\"abc\", W/{tag}"), &tag));
        assert!(none_match(&format!("\"{}-gzip\"", tag.trim_matches('"')), &tag));
        assert!(!none_match("\"abc\"", &tag));
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(!accepts_gzip("gzip;q=0, deflate"));
        assert!(!accepts_gzip("identity"));
    }
}
