//! Text of attached files: PDF (via `pdf-extract`) and DOCX (zip + `word/document.xml`).
//!
//! Attachments come from 5,600 sites we do not control: truncated downloads, HTML error pages
//! saved as `.pdf`, zip bombs. Every failure is an [`ExtractError`], never a panic.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use quick_xml::Reader;
use quick_xml::events::Event;
use url::Url;

use crate::classify::{Signals, classify};
use crate::dedup::{content_hash, simhash};
use crate::main_text::normalise_inline;
use crate::{DocKind, Document, ExtractError, Robots, lang, legal};

/// Largest attachment we read (bytes).
pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;
/// Largest uncompressed `word/document.xml` we read: a zip claiming more is refused (zip bomb).
pub const MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// Most text we keep from one attachment (characters).
pub const MAX_ATTACHMENT_TEXT: usize = 2 * 1024 * 1024;

fn check_size(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(ExtractError::TooLarge { limit: MAX_ATTACHMENT_BYTES });
    }
    Ok(())
}

/// Extracts the text of a PDF.
pub fn extract_pdf(url: &Url, bytes: &[u8]) -> Result<Document, ExtractError> {
    let malformed = |reason: String| ExtractError::Malformed { format: "PDF", reason };
    check_size(bytes)?;
    if !bytes.starts_with(b"%PDF-") && !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(malformed("no %PDF- header".into()));
    }
    // pdf-extract (and lopdf below it) can panic on malformed input (index out of range,
    // unwrap on a missing object): contain it here. Nothing is shared across the call, so
    // unwind safety holds.
    let result = catch_unwind(AssertUnwindSafe(|| pdf_extract::extract_text_from_mem(bytes)));
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            let reason = e.to_string();
            if reason.to_ascii_lowercase().contains("encrypt") || reason.to_ascii_lowercase().contains("decrypt") {
                return Err(ExtractError::Encrypted { format: "PDF" });
            }
            return Err(malformed(reason));
        }
        Err(_) => return Err(malformed("the PDF parser gave up on this file".into())),
    };
    Ok(document_from_text(url, &paragraphs(&text), None))
}

/// Groups extracted PDF lines into paragraphs: blank lines separate paragraphs, lines within a
/// paragraph are joined by a space.
fn paragraphs(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = normalise_inline(line);
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.join("\n\n")
}

/// Extracts the text of a DOCX: the paragraphs (`w:p`) of `word/document.xml`, tables row by row,
/// and the title from `docProps/core.xml`.
pub fn extract_docx(url: &Url, bytes: &[u8]) -> Result<Document, ExtractError> {
    let malformed = |reason: String| ExtractError::Malformed { format: "DOCX", reason };
    check_size(bytes)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
    let xml = read_entry(&mut archive, "word/document.xml")?.ok_or_else(|| malformed("no word/document.xml".into()))?;
    let text = docx_text(&xml).map_err(malformed)?;
    let title = read_entry(&mut archive, "docProps/core.xml")
        .ok()
        .flatten()
        .and_then(|core| core_title(&core))
        .filter(|t| !t.is_empty());
    Ok(document_from_text(url, &text, title))
}

fn read_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let malformed = |reason: String| ExtractError::Malformed { format: "DOCX", reason };
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(e.to_string())),
    };
    if file.encrypted() {
        return Err(ExtractError::Encrypted { format: "DOCX" });
    }
    if file.size() > MAX_DOCX_XML_BYTES {
        return Err(ExtractError::TooLarge { limit: MAX_DOCX_XML_BYTES as usize });
    }
    // The declared size may lie: read through a limit as well.
    let mut out = Vec::with_capacity(file.size().min(1 << 20) as usize);
    (&mut file).take(MAX_DOCX_XML_BYTES + 1).read_to_end(&mut out).map_err(|e| malformed(e.to_string()))?;
    if out.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(ExtractError::TooLarge { limit: MAX_DOCX_XML_BYTES as usize });
    }
    Ok(Some(out))
}

/// Paragraph text of WordprocessingML: `w:t` runs, `w:tab` as a space, `w:br` as a paragraph
/// break, table cells of a row joined by " | ".
fn docx_text(xml: &[u8]) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut row: Option<Vec<String>> = None;
    let mut total = 0usize;
    let push = |current: &mut String, paragraphs: &mut Vec<String>, row: &mut Option<Vec<String>>| {
        let p = normalise_inline(current);
        current.clear();
        if p.is_empty() {
            return;
        }
        match row {
            Some(cells) => cells.push(p),
            None => paragraphs.push(p),
        }
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tr" => row = Some(Vec::new()),
                "tab" => current.push(' '),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "tab" => current.push(' '),
                "br" | "cr" => push(&mut current, &mut paragraphs, &mut row),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => push(&mut current, &mut paragraphs, &mut row),
                "tr" => {
                    if let Some(cells) = row.take()
                        && !cells.is_empty()
                    {
                        paragraphs.push(cells.join(" | "));
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.xml10_content();
                total += s.len();
                current.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                // Entity and character references arrive as their own events.
                let name = r.xml10_content();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string),
                };
                if let Some(s) = resolved {
                    current.push_str(&s);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("word/document.xml: {e}")),
        }
        if total > MAX_ATTACHMENT_TEXT {
            break;
        }
        buf.clear();
    }
    push(&mut current, &mut paragraphs, &mut row);
    Ok(paragraphs.join("\n\n"))
}

/// `dc:title` of `docProps/core.xml`.
fn core_title(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "title" => in_title = true,
            Event::End(e) if e.local_name().as_ref() == "title" => return Some(normalise_inline(&title)),
            Event::Text(t) if in_title => title.push_str(&t.xml10_content()),
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A [`Document`] from plain text (attachments, `text/plain`): language, legal fields,
/// classification and fingerprints; no links, no metadata.
pub(crate) fn document_from_text(url: &Url, text: &str, title: Option<String>) -> Document {
    let text: String = match text.char_indices().nth(MAX_ATTACHMENT_TEXT) {
        Some((i, _)) => text[..i].to_string(),
        None => text.to_string(),
    };
    let text = crate::charset::nfc(text);
    let legal = legal::extract(&[], &text, title.as_deref());
    let mut doc = Document {
        url: url.to_string(),
        canonical: None,
        title,
        description: None,
        keywords: Vec::new(),
        language: lang::detect(&text),
        content_hash: content_hash(&text),
        simhash: simhash(&text),
        published: None,
        updated: None,
        dublin_core: Default::default(),
        opengraph: Default::default(),
        json_ld: Vec::new(),
        robots: Robots::default(),
        links: Vec::new(),
        attachments: Vec::new(),
        legal,
        kind: DocKind::Other,
        main_text: text,
    };
    doc.kind = classify(&doc, &Signals::default());
    doc
}
