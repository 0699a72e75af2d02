//! Sitemaps and feeds as discovery sources, read as a stream.
//!
//! [`SitemapReader`] walks any `BufRead` with quick-xml event by event, so a 50,000-URL sitemap
//! never becomes a DOM. It is lax on purpose, because government portals publish all kinds:
//! elements are matched by local name (no namespace, a wrong one or the right one all work),
//! `<url>` and `<sitemap>` entries may be mixed in one flat file, extension elements (news,
//! image, video, xhtml) are skipped, `<loc>` may carry whitespace, CDATA or entities.
//!
//! Limits follow sitemaps.org: at most [`MAX_ENTRIES`] entries are taken from one file, URLs
//! longer than [`MAX_URL_LEN`] are skipped, and gzip input is capped at [`MAX_DECOMPRESSED`]
//! bytes once decompressed. A malformed document ends the read with an error, but everything
//! read before it is kept ([`SitemapRead::error`]): one broken sitemap never stops a site.

use std::io::{self, BufRead, BufReader, Read};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use flate2::read::MultiGzDecoder;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// Most entries taken from one sitemap file (sitemaps.org).
pub const MAX_ENTRIES: usize = 50_000;
/// Longest URL kept from a sitemap or feed, in bytes (sitemaps.org: under 2,048 characters).
pub const MAX_URL_LEN: usize = 2_048;
/// Most bytes a gzip sitemap may decompress to (sitemaps.org: 50 MiB uncompressed).
pub const MAX_DECOMPRESSED: u64 = 50 * 1024 * 1024;

/// Offset assumed for a `lastmod` without a time zone: every portal in scope runs on Viet Nam
/// time (UTC+7).
const VIET_NAM_OFFSET_SECS: i32 = 7 * 3600;

/// One entry of a sitemap: a page to fetch, or another sitemap to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SitemapEntry {
    /// A `<url>` entry (or a line of a plain-text sitemap).
    Page { loc: String, lastmod: Option<DateTime<FixedOffset>> },
    /// A `<sitemap>` entry of a sitemap index.
    Sitemap { loc: String, lastmod: Option<DateTime<FixedOffset>> },
}

impl SitemapEntry {
    /// The entry's URL.
    pub fn loc(&self) -> &str {
        match self {
            SitemapEntry::Page { loc, .. } | SitemapEntry::Sitemap { loc, .. } => loc,
        }
    }

    /// The entry's last modification, when given and readable.
    pub fn lastmod(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            SitemapEntry::Page { lastmod, .. } | SitemapEntry::Sitemap { lastmod, .. } => *lastmod,
        }
    }
}

/// Why reading a sitemap or feed stopped early.
#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    /// The XML is not well formed (or ends inside an element).
    #[error("malformed XML at byte {position}: {message}")]
    Malformed { position: u64, message: String },
    /// Gzip input decompressed past its cap.
    #[error("decompressed size exceeds {limit} bytes")]
    TooLarge { limit: u64 },
    /// Reading the input failed (for example a corrupt gzip stream).
    #[error("read error: {0}")]
    Io(String),
}

impl SitemapError {
    fn from_io(err: &io::Error) -> Self {
        if let Some(cap) = err.get_ref().and_then(|e| e.downcast_ref::<DecompressedTooLarge>()) {
            return SitemapError::TooLarge { limit: cap.limit };
        }
        SitemapError::Io(err.to_string())
    }

    fn from_xml(err: quick_xml::Error, position: u64) -> Self {
        match err {
            quick_xml::Error::Io(io) => SitemapError::from_io(&io),
            other => SitemapError::Malformed { position, message: other.to_string() },
        }
    }
}

/// Everything read from one sitemap file.
#[derive(Debug, Default)]
pub struct SitemapRead {
    /// The entries read, in document order, at most [`MAX_ENTRIES`].
    pub entries: Vec<SitemapEntry>,
    /// Entries dropped: no `<loc>`, an empty one, or one longer than [`MAX_URL_LEN`].
    pub skipped: usize,
    /// The file held more than [`MAX_ENTRIES`] entries; the rest were not read.
    pub truncated: bool,
    /// Why reading stopped early; `entries` still holds what was read before.
    pub error: Option<SitemapError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Sitemap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Loc,
    Lastmod,
}

#[derive(Debug)]
struct OpenEntry {
    kind: Kind,
    depth: usize,
    loc: Option<String>,
    lastmod: Option<String>,
}

/// Prefixes of sitemap extensions whose children must never be taken for `<loc>`.
const EXTENSION_PREFIXES: [&str; 5] = ["image", "video", "news", "xhtml", "mobile"];

/// Streaming sitemap reader: an iterator of entries over any `BufRead`.
///
/// After an error or the [`MAX_ENTRIES`] limit the iterator ends.
pub struct SitemapReader<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    depth: usize,
    entry: Option<OpenEntry>,
    field: Option<(Field, String)>,
    emitted: usize,
    skipped: usize,
    truncated: bool,
    done: bool,
}

impl<R: BufRead> SitemapReader<R> {
    /// Reads sitemap XML from `input`.
    pub fn new(input: R) -> Self {
        SitemapReader {
            reader: xml_reader(input),
            buf: Vec::with_capacity(1024),
            depth: 0,
            entry: None,
            field: None,
            emitted: 0,
            skipped: 0,
            truncated: false,
            done: false,
        }
    }

    /// Entries dropped so far (no usable `<loc>`, or one too long).
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Whether the file held more than [`MAX_ENTRIES`] entries.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    fn next_entry(&mut self) -> Result<Option<SitemapEntry>, SitemapError> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(err) => {
                    return Err(SitemapError::from_xml(err, self.reader.error_position()));
                }
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    let name = local_name(&start);
                    match &self.entry {
                        None => {
                            let kind = match name.as_str() {
                                "url" => Some(Kind::Page),
                                "sitemap" => Some(Kind::Sitemap),
                                _ => None,
                            };
                            if let Some(kind) = kind {
                                self.entry = Some(OpenEntry { kind, depth: self.depth, loc: None, lastmod: None });
                            }
                        }
                        Some(open) if self.depth == open.depth + 1 && !is_extension(&start) => {
                            self.field = match name.as_str() {
                                "loc" => Some((Field::Loc, String::new())),
                                "lastmod" => Some((Field::Lastmod, String::new())),
                                _ => None,
                            };
                        }
                        Some(_) => {}
                    }
                }
                Event::Text(text) => {
                    if let Some((_, value)) = &mut self.field {
                        value.push_str(&text.xml10_content());
                    }
                }
                Event::CData(cdata) => {
                    if let Some((_, value)) = &mut self.field {
                        value.push_str(&cdata.xml10_content());
                    }
                }
                Event::GeneralRef(reference) => {
                    if let Some((_, value)) = &mut self.field {
                        push_reference(value, &reference);
                    }
                }
                Event::End(_) => {
                    let depth = self.depth;
                    self.depth = self.depth.saturating_sub(1);
                    let Some(open) = &mut self.entry else {
                        continue;
                    };
                    if depth == open.depth + 1 {
                        if let Some((field, value)) = self.field.take() {
                            let value = value.trim().to_owned();
                            let slot = match field {
                                Field::Loc => &mut open.loc,
                                Field::Lastmod => &mut open.lastmod,
                            };
                            if slot.is_none() && !value.is_empty() {
                                *slot = Some(value);
                            }
                        }
                    } else if depth == open.depth {
                        let open = self.entry.take().expect("entry is open");
                        let Some(loc) = open.loc.filter(|loc| loc.len() <= MAX_URL_LEN) else {
                            self.skipped += 1;
                            continue;
                        };
                        if self.emitted >= MAX_ENTRIES {
                            self.truncated = true;
                            self.done = true;
                            return Ok(None);
                        }
                        self.emitted += 1;
                        let lastmod = open.lastmod.as_deref().and_then(parse_w3c_datetime);
                        return Ok(Some(match open.kind {
                            Kind::Page => SitemapEntry::Page { loc, lastmod },
                            Kind::Sitemap => SitemapEntry::Sitemap { loc, lastmod },
                        }));
                    }
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(SitemapError::Malformed {
                            position: self.reader.buffer_position(),
                            message: "document ends inside an element".to_owned(),
                        });
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }
}

impl<R: BufRead> Iterator for SitemapReader<R> {
    type Item = Result<SitemapEntry, SitemapError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_entry() {
            Ok(Some(entry)) => Some(Ok(entry)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(err) => {
                self.done = true;
                Some(Err(err))
            }
        }
    }
}

/// Reads a whole sitemap (urlset, sitemapindex or a flat mix), keeping what was read before
/// any error.
pub fn parse_sitemap(input: impl BufRead) -> SitemapRead {
    let mut reader = SitemapReader::new(input);
    let mut read = SitemapRead::default();
    for item in reader.by_ref() {
        match item {
            Ok(entry) => read.entries.push(entry),
            Err(err) => read.error = Some(err),
        }
    }
    read.skipped = reader.skipped();
    read.truncated = reader.truncated();
    read
}

/// Reads a plain-text sitemap: one absolute http(s) URL per line. Blank lines, comments and
/// anything else are skipped (and counted in `skipped` when not blank).
pub fn parse_text_sitemap(mut input: impl BufRead) -> SitemapRead {
    let mut read = SitemapRead::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                read.error = Some(SitemapError::from_io(&err));
                break;
            }
        }
        let text = String::from_utf8_lossy(&line);
        let url = text.trim_start_matches('\u{feff}').trim();
        if url.is_empty() {
            continue;
        }
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let is_http = lower.starts_with("http://") || lower.starts_with("https://");
        if !is_http || url.len() > MAX_URL_LEN || url.contains(char::is_whitespace) {
            read.skipped += 1;
            continue;
        }
        if read.entries.len() >= MAX_ENTRIES {
            read.truncated = true;
            break;
        }
        read.entries.push(SitemapEntry::Page { loc: url.to_owned(), lastmod: None });
    }
    read
}

/// Item links read from an RSS (0.9x, 1.0, 2.0) or Atom feed.
#[derive(Debug, Default)]
pub struct FeedLinks {
    /// The links of the items (RSS `<item><link>`, Atom `<entry><link rel="alternate">`).
    pub links: Vec<String>,
    /// Why reading stopped early; `links` still holds what was read before.
    pub error: Option<SitemapError>,
}

/// Reads the item links of an RSS or Atom feed, as a stream. The feed's own channel link is not
/// an item link and is left out. At most [`MAX_ENTRIES`] links, each at most [`MAX_URL_LEN`].
pub fn parse_feed_links(input: impl BufRead) -> FeedLinks {
    let mut reader = xml_reader(input);
    let mut buf = Vec::with_capacity(1024);
    let mut out = FeedLinks::default();
    let mut depth = 0usize;
    // Depth of the open <item>/<entry>, and whether its link was found.
    let mut item: Option<(usize, bool)> = None;
    let mut link_text: Option<String> = None;

    let keep = |links: &mut Vec<String>, link: &str| -> bool {
        let link = link.trim();
        if link.is_empty() || link.len() > MAX_URL_LEN {
            return false;
        }
        links.push(link.to_owned());
        true
    };

    loop {
        if out.links.len() >= MAX_ENTRIES {
            break;
        }
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(err) => {
                out.error = Some(SitemapError::from_xml(err, reader.error_position()));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                depth += 1;
                let name = local_name(&start);
                match item {
                    None if name == "item" || name == "entry" => item = Some((depth, false)),
                    Some((item_depth, false)) if depth == item_depth + 1 && name == "link" => {
                        if let Some(href) = atom_href(&start) {
                            if keep(&mut out.links, &href) {
                                item = Some((item_depth, true));
                            }
                        } else if start.name().prefix().is_none() {
                            link_text = Some(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(start) => {
                if let Some((item_depth, false)) = item
                    && depth == item_depth
                    && local_name(&start) == "link"
                    && let Some(href) = atom_href(&start)
                    && keep(&mut out.links, &href)
                {
                    item = Some((item_depth, true));
                }
            }
            Event::Text(text) => {
                if let Some(value) = &mut link_text {
                    value.push_str(&text.xml10_content());
                }
            }
            Event::CData(cdata) => {
                if let Some(value) = &mut link_text {
                    value.push_str(&cdata.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(value) = &mut link_text {
                    push_reference(value, &reference);
                }
            }
            Event::End(_) => {
                if let Some((item_depth, _)) = item {
                    if depth == item_depth + 1
                        && let Some(value) = link_text.take()
                        && keep(&mut out.links, &value)
                    {
                        item = Some((item_depth, true));
                    } else if depth == item_depth {
                        item = None;
                        link_text = None;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => {
                if depth > 0 {
                    out.error = Some(SitemapError::Malformed {
                        position: reader.buffer_position(),
                        message: "document ends inside an element".to_owned(),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    out
}

/// The `href` of an Atom `<link>` that points at the entry itself (`rel` absent or
/// `alternate`); `None` for RSS links (no `href`) and other relations.
fn atom_href(start: &BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut alternate = true;
    for attr in start.attributes().flatten() {
        let value = attr.normalized_value(XmlVersion::Implicit1_0).ok()?.into_owned();
        match attr.key.local_name().as_ref() {
            "href" => href = Some(value),
            "rel" => alternate = value.trim().eq_ignore_ascii_case("alternate"),
            _ => {}
        }
    }
    if alternate { href } else { None }
}

fn xml_reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

fn local_name(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_ascii_lowercase()
}

fn is_extension(start: &BytesStart<'_>) -> bool {
    let name = start.name();
    name.prefix().is_some_and(|prefix| EXTENSION_PREFIXES.contains(&prefix.as_ref().to_ascii_lowercase().as_str()))
}

/// Appends an entity or character reference, resolved when known and kept verbatim otherwise.
fn push_reference(value: &mut String, reference: &BytesRef<'_>) {
    if let Ok(Some(ch)) = reference.resolve_char_ref() {
        value.push(ch);
    } else if let Some(text) = resolve_predefined_entity(reference) {
        value.push_str(text);
    } else {
        value.push('&');
        value.push_str(reference);
        value.push(';');
    }
}

/// Reads a W3C datetime as sitemaps use it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date with a
/// time (`hh:mm`, `hh:mm:ss`, fractional seconds) and a zone. A date alone is midnight UTC; a
/// time without a zone is Viet Nam time. Anything else is `None`.
pub fn parse_w3c_datetime(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    let zulu;
    let value = match value.strip_suffix(['Z', 'z']) {
        Some(rest) if rest.contains('T') => {
            zulu = format!("{rest}+00:00");
            zulu.as_str()
        }
        _ => value,
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(dt);
    }
    for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(value, format) {
            return Some(dt);
        }
    }
    let local = FixedOffset::east_opt(VIET_NAM_OFFSET_SECS)?;
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(value, format) {
            return local.from_local_datetime(&naive).single();
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01-01"), "%Y-%m-%d"))
        .ok()?;
    utc.from_local_datetime(&date.and_time(NaiveTime::MIN)).single()
}

/// Marker error carried by the `io::Error` of a capped decompression.
#[derive(Debug, thiserror::Error)]
#[error("decompressed size exceeds {limit} bytes")]
struct DecompressedTooLarge {
    limit: u64,
}

/// A reader that fails once more than `limit` bytes came through it.
struct Capped<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let remaining = self.limit.saturating_sub(self.read);
        if remaining == 0 {
            // At the cap: any further byte is one too many.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(io::ErrorKind::InvalidData, DecompressedTooLarge { limit: self.limit })),
            };
        }
        let max = buf.len().min(usize::try_from(remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// A body as a `BufRead`: plain bytes, or gzip (detected by its magic `1f 8b`) decompressed
/// on the fly with a cap.
pub struct MaybeGzip<'a>(Body<'a>);

enum Body<'a> {
    Plain(&'a [u8]),
    Gzip(Box<BufReader<Capped<MultiGzDecoder<&'a [u8]>>>>),
}

impl Read for MaybeGzip<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Body::Plain(bytes) => bytes.read(buf),
            Body::Gzip(reader) => reader.read(buf),
        }
    }
}

impl BufRead for MaybeGzip<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match &mut self.0 {
            Body::Plain(bytes) => bytes.fill_buf(),
            Body::Gzip(reader) => reader.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match &mut self.0 {
            Body::Plain(bytes) => bytes.consume(amount),
            Body::Gzip(reader) => reader.consume(amount),
        }
    }
}

/// Opens a fetched body, decompressing it when it starts with the gzip magic. Decompressing
/// past [`MAX_DECOMPRESSED`] bytes is a read error ([`SitemapError::TooLarge`] once parsed).
pub fn open_maybe_gzip(bytes: &[u8]) -> MaybeGzip<'_> {
    open_maybe_gzip_with_limit(bytes, MAX_DECOMPRESSED)
}

/// [`open_maybe_gzip`] with another decompressed-size cap.
pub fn open_maybe_gzip_with_limit(bytes: &[u8], limit: u64) -> MaybeGzip<'_> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        MaybeGzip(Body::Gzip(Box::new(BufReader::with_capacity(
            64 * 1024,
            Capped { inner: MultiGzDecoder::new(bytes), read: 0, limit },
        ))))
    } else {
        MaybeGzip(Body::Plain(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn page(loc: &str) -> SitemapEntry {
        SitemapEntry::Page { loc: loc.to_owned(), lastmod: None }
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn reads_a_urlset_with_lastmod() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://hanoi.gov.vn/tin-tuc/a</loc><lastmod>2024-05-01T10:00:00+07:00</lastmod><changefreq>daily</changefreq></url>
  <url><loc>https://hanoi.gov.vn/tin-tuc/b</loc><lastmod>2024-05-02</lastmod></url>
  <url><loc>https://hanoi.gov.vn/tin-tuc/c</loc><lastmod>not a date</lastmod></url>
</urlset>"#;
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(read.entries.len(), 3);
        let first = read.entries[0].lastmod().unwrap();
        assert_eq!(first.to_rfc3339(), "2024-05-01T10:00:00+07:00");
        let second = read.entries[1].lastmod().unwrap();
        assert_eq!(second.to_rfc3339(), "2024-05-02T00:00:00+00:00");
        assert_eq!(read.entries[2], page("https://hanoi.gov.vn/tin-tuc/c"));
    }

    #[test]
    fn reads_a_sitemap_index() {
        let xml = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://a.gov.vn/sitemap-1.xml.gz</loc><lastmod>2024-05</lastmod></sitemap>
  <sitemap><loc>https://a.gov.vn/sitemap-2.xml</loc></sitemap>
</sitemapindex>"#;
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(
            read.entries[1],
            SitemapEntry::Sitemap { loc: "https://a.gov.vn/sitemap-2.xml".into(), lastmod: None }
        );
        let SitemapEntry::Sitemap { lastmod, .. } = &read.entries[0] else {
            panic!("expected a sitemap entry");
        };
        assert_eq!(lastmod.unwrap().to_rfc3339(), "2024-05-01T00:00:00+00:00");
    }

    #[test]
    fn reads_a_flat_mix_without_namespace() {
        let xml = "<root><url><loc>https://a.gov.vn/1</loc></url>\
            <sitemap><loc>https://a.gov.vn/s.xml</loc></sitemap>\
            <url><loc>https://a.gov.vn/2</loc></url></root>";
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(read.entries.len(), 3);
        assert!(matches!(read.entries[1], SitemapEntry::Sitemap { .. }));
        assert_eq!(read.entries[2].loc(), "https://a.gov.vn/2");
    }

    #[test]
    fn accepts_a_wrong_namespace_and_prefixes() {
        let xml = r#"<sm:urlset xmlns:sm="http://www.google.com/schemas/sitemap/0.84">
  <sm:url><sm:loc>https://a.gov.vn/x</sm:loc></sm:url></sm:urlset>"#;
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(read.entries, vec![page("https://a.gov.vn/x")]);
    }

    #[test]
    fn ignores_news_image_and_video_extensions() {
        let xml = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
  xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
  xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"
  xmlns:xhtml="http://www.w3.org/1999/xhtml">
 <url>
  <loc>https://a.gov.vn/tin/1</loc>
  <xhtml:link rel="alternate" hreflang="en" href="https://a.gov.vn/en/1"/>
  <news:news><news:publication><news:name>Cổng TTĐT</news:name><news:language>vi</news:language></news:publication>
   <news:publication_date>2024-05-01</news:publication_date><news:title>Tin &amp; bài</news:title></news:news>
  <image:image><image:loc>https://a.gov.vn/anh.jpg</image:loc></image:image>
  <video:video><video:thumbnail_loc>https://a.gov.vn/t.jpg</video:thumbnail_loc><video:content_loc>https://a.gov.vn/v.mp4</video:content_loc></video:video>
  <image:loc>https://a.gov.vn/misplaced.jpg</image:loc>
 </url>
</urlset>"#;
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none(), "{:?}", read.error);
        assert_eq!(read.entries, vec![page("https://a.gov.vn/tin/1")]);
    }

    #[test]
    fn trims_whitespace_and_reads_cdata_and_entities() {
        let xml = "<urlset>\n<url><loc>\n   https://a.gov.vn/p?a=1&amp;b=2  \n</loc></url>\
            <url><loc><![CDATA[https://a.gov.vn/q?a=1&b=2]]></loc></url>\
            <url><loc>https://a.gov.vn/&#x74;in?x=&lt;y&gt;&apos;&quot;</loc></url></urlset>";
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none(), "{:?}", read.error);
        let locs: Vec<_> = read.entries.iter().map(SitemapEntry::loc).collect();
        assert_eq!(locs, ["https://a.gov.vn/p?a=1&b=2", "https://a.gov.vn/q?a=1&b=2", "https://a.gov.vn/tin?x=<y>'\""]);
    }

    #[test]
    fn skips_long_and_missing_locs() {
        let long = format!("https://a.gov.vn/{}", "x".repeat(MAX_URL_LEN));
        let xml = format!(
            "<urlset><url><loc>{long}</loc></url><url><lastmod>2024-01-01</lastmod></url>\
             <url><loc>  </loc></url><url><loc>https://a.gov.vn/ok</loc></url></urlset>"
        );
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(read.skipped, 3);
        assert_eq!(read.entries, vec![page("https://a.gov.vn/ok")]);
    }

    #[test]
    fn malformed_xml_keeps_what_was_read() {
        let xml = "<urlset><url><loc>https://a.gov.vn/1</loc></url>\
            <url><loc>https://a.gov.vn/2</loc></url><url><loc>https://a.gov.vn/3</lo></url></urlset>";
        let read = parse_sitemap(xml.as_bytes());
        assert!(matches!(read.error, Some(SitemapError::Malformed { .. })));
        assert_eq!(read.entries.len(), 2);

        let truncated = "<urlset><url><loc>https://a.gov.vn/1</loc></url><url><loc>https://a.gov";
        let read = parse_sitemap(truncated.as_bytes());
        assert!(read.error.is_some());
        assert_eq!(read.entries, vec![page("https://a.gov.vn/1")]);

        let html = "<html><body><p>Not found</body></html>";
        let read = parse_sitemap(html.as_bytes());
        assert!(read.error.is_some());
        assert!(read.entries.is_empty());
    }

    #[test]
    fn stops_at_the_entry_limit() {
        let mut xml = String::from("<urlset>");
        for i in 0..MAX_ENTRIES + 5 {
            xml.push_str(&format!("<url><loc>https://a.gov.vn/{i}</loc></url>"));
        }
        xml.push_str("</urlset>");
        let read = parse_sitemap(xml.as_bytes());
        assert!(read.error.is_none());
        assert!(read.truncated);
        assert_eq!(read.entries.len(), MAX_ENTRIES);
    }

    #[test]
    fn is_a_lazy_iterator() {
        let xml = "<urlset><url><loc>https://a.gov.vn/1</loc></url><url><loc>https://a.gov.vn/2</loc></url>";
        let mut reader = SitemapReader::new(xml.as_bytes());
        assert_eq!(reader.next().unwrap().unwrap(), page("https://a.gov.vn/1"));
        assert_eq!(reader.next().unwrap().unwrap(), page("https://a.gov.vn/2"));
        assert!(reader.next().unwrap().is_err(), "unterminated urlset");
        assert!(reader.next().is_none());
    }

    #[test]
    fn reads_plain_text_sitemaps() {
        let text =
            "\u{feff}https://a.gov.vn/1\r\n\n  https://a.gov.vn/2  \n# comment\nftp://a.gov.vn/f\nhttps://a.gov.vn/3";
        let read = parse_text_sitemap(text.as_bytes());
        assert!(read.error.is_none());
        assert_eq!(
            read.entries,
            vec![page("https://a.gov.vn/1"), page("https://a.gov.vn/2"), page("https://a.gov.vn/3")]
        );
        assert_eq!(read.skipped, 2);
    }

    #[test]
    fn opens_gzip_and_plain_bodies() {
        let xml = b"<urlset><url><loc>https://a.gov.vn/gz</loc></url></urlset>";
        let read = parse_sitemap(open_maybe_gzip(&gzip(xml)));
        assert!(read.error.is_none());
        assert_eq!(read.entries, vec![page("https://a.gov.vn/gz")]);
        let read = parse_sitemap(open_maybe_gzip(xml));
        assert_eq!(read.entries, vec![page("https://a.gov.vn/gz")]);
        let read = parse_text_sitemap(open_maybe_gzip(&gzip(b"https://a.gov.vn/t\n")));
        assert_eq!(read.entries, vec![page("https://a.gov.vn/t")]);
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut data = gzip(b"<urlset><url><loc>https://a.gov.vn/gz</loc></url></urlset>");
        let len = data.len();
        data.truncate(len / 2);
        let read = parse_sitemap(open_maybe_gzip(&data));
        assert!(read.error.is_some());
    }

    #[test]
    fn gzip_bomb_hits_the_cap() {
        // 60 concatenated gzip members of 1 MiB of zeros each: ~60 KiB that inflate to 60 MiB.
        let member = gzip(&vec![0u8; 1024 * 1024]);
        let bomb: Vec<u8> = member.iter().copied().cycle().take(member.len() * 60).collect();
        assert!(bomb.len() < 100 * 1024);
        let mut sink = Vec::new();
        let err = open_maybe_gzip(&bomb).read_to_end(&mut sink).unwrap_err();
        assert!(err.to_string().contains("exceeds"));
        assert_eq!(sink.len() as u64, MAX_DECOMPRESSED);

        // Parsed, the cap surfaces as TooLarge with the entries before it.
        let mut xml = b"<urlset><url><loc>https://a.gov.vn/1</loc></url><!--".to_vec();
        xml.extend(std::iter::repeat_n(b'x', 4096));
        let read = parse_sitemap(open_maybe_gzip_with_limit(&gzip(&xml), 1024));
        assert!(matches!(read.error, Some(SitemapError::TooLarge { limit: 1024 })), "{:?}", read.error);
        assert_eq!(read.entries, vec![page("https://a.gov.vn/1")]);
    }

    #[test]
    fn reads_rss_item_links() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>Tin tức</title><link>https://a.gov.vn/</link>
  <atom:link href="https://a.gov.vn/rss" rel="self" type="application/rss+xml"/>
  <item><title>Một</title><link>https://a.gov.vn/tin/1?a=1&amp;b=2</link><guid>x</guid></item>
  <item><title>Hai</title><link>
     <![CDATA[https://a.gov.vn/tin/2]]>
  </link></item>
  <item><title>Không có link</title></item>
</channel></rss>"#;
        let feed = parse_feed_links(rss.as_bytes());
        assert!(feed.error.is_none(), "{:?}", feed.error);
        assert_eq!(feed.links, ["https://a.gov.vn/tin/1?a=1&b=2", "https://a.gov.vn/tin/2"]);
    }

    #[test]
    fn reads_atom_entry_links() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="https://a.gov.vn/atom" rel="self"/>
  <entry><title>A</title><link rel="edit" href="https://a.gov.vn/edit/1"/><link href="https://a.gov.vn/tin/1"/></entry>
  <entry><link rel="alternate" type="text/html" href="https://a.gov.vn/tin/2?x=1&amp;y=2"></link></entry>
</feed>"#;
        let feed = parse_feed_links(atom.as_bytes());
        assert!(feed.error.is_none(), "{:?}", feed.error);
        assert_eq!(feed.links, ["https://a.gov.vn/tin/1", "https://a.gov.vn/tin/2?x=1&y=2"]);
    }

    #[test]
    fn broken_feed_keeps_links_read() {
        let rss = "<rss><channel><item><link>https://a.gov.vn/1</link></item><item><link>https://a";
        let feed = parse_feed_links(rss.as_bytes());
        assert!(feed.error.is_some());
        assert_eq!(feed.links, ["https://a.gov.vn/1"]);
    }

    #[test]
    fn parses_w3c_datetimes() {
        let cases = [
            ("2024", "2024-01-01T00:00:00+00:00"),
            ("2024-05-01T10:00Z", "2024-05-01T10:00:00+00:00"),
            ("2024-05-01T10:00+07:00", "2024-05-01T10:00:00+07:00"),
            ("2024-05-01T10:00:05.5+07:00", "2024-05-01T10:00:05.500+07:00"),
            ("2024-05-01T10:00:00", "2024-05-01T10:00:00+07:00"),
            (" 2024-05-01 10:00:00 ", "2024-05-01T10:00:00+07:00"),
        ];
        for (input, expected) in cases {
            let parsed = parse_w3c_datetime(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(parsed.to_rfc3339(), expected, "{input}");
        }
        assert!(parse_w3c_datetime("hôm qua").is_none());
        assert!(parse_w3c_datetime("2024-13-01").is_none());
    }
}
