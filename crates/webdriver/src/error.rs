//! One error type for everything that can go wrong while driving the browser.
//!
//! Every variant names the command that failed, because a bare "no such element" in a test log
//! is useless without knowing which selector or endpoint produced it.

use std::time::Duration;

/// Longest text from the browser or driver that is copied into an error message; page scripts
/// can throw arbitrarily large messages and a test log should stay readable.
pub(crate) const MAX_MESSAGE_BYTES: usize = 4096;

/// Errors from launching chromedriver and from WebDriver commands.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The driver answered with a W3C error object (`{"value": {"error", "message"}}`).
    #[error("{command} failed: {code}: {message}")]
    WebDriver {
        /// What we asked for, e.g. `find("#go") (POST /element)`.
        command: String,
        /// The W3C error code, e.g. `no such element`, `javascript error`.
        code: String,
        /// The driver's message, capped at a few KB.
        message: String,
    },
    /// The HTTP request to chromedriver could not be made or its body not read.
    #[error("{command} failed: HTTP transport error: {source}")]
    Http {
        /// What we asked for.
        command: String,
        /// The underlying transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The driver answered with something that is not the WebDriver JSON we expected.
    #[error("{command} failed: unexpected response (HTTP {status}): {detail}")]
    Protocol {
        /// What we asked for.
        command: String,
        /// HTTP status of the response (0 when not from a response).
        status: u16,
        /// What was wrong, with the (capped) body.
        detail: String,
    },
    /// A wait (driver start-up, [`crate::Browser::wait_for`]) ran out of time.
    #[error("timed out after {timeout:?} waiting for {what}")]
    Timeout {
        /// What we were waiting for.
        what: String,
        /// How long we waited.
        timeout: Duration,
    },
    /// Browser tests are required (`CI` / `KETNOI_TEST_BROWSER`) but chromium or chromedriver is missing.
    #[error("browser tests are required (CI or KETNOI_TEST_BROWSER is set) but {0}")]
    BrowserMissing(String),
    /// A local I/O operation failed (spawning chromedriver, writing a screenshot).
    #[error("{what}: {source}")]
    Io {
        /// What we were doing.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Cuts `text` to at most [`MAX_MESSAGE_BYTES`] on a character boundary, marking the cut.
pub(crate) fn cap(text: &str) -> String {
    if text.len() <= MAX_MESSAGE_BYTES {
        return text.to_owned();
    }
    let mut end = MAX_MESSAGE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [{} more bytes]", &text[..end], text.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_short_text_and_cuts_long_text_on_char_boundary() {
        assert_eq!(cap("ngắn"), "ngắn");
        let long = "ệ".repeat(MAX_MESSAGE_BYTES);
        let capped = cap(&long);
        assert!(capped.len() < MAX_MESSAGE_BYTES + 40, "{}", capped.len());
        assert!(capped.ends_with("more bytes]"));
    }
}
