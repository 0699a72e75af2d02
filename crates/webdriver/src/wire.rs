//! The HTTP transport: sends one WebDriver command and unwraps `{"value": ...}` or the error.
//!
//! Kept apart from the typed API so that every command goes through the same error mapping.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::error::{Error, cap};

/// Upper bound for any single command. Generous because navigation waits for the page load,
/// but finite so that a wedged driver fails the test instead of hanging it.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// An HTTP client bound to one chromedriver instance.
#[derive(Debug, Clone)]
pub(crate) struct Wire {
    http: reqwest::Client,
    base: String,
}

impl Wire {
    /// A client for the driver listening on `127.0.0.1:port`. Proxies are ignored: the driver
    /// is always on loopback and an `http_proxy` in the environment must not intercept it.
    pub(crate) fn new(port: u16) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(COMMAND_TIMEOUT)
            .build()
            .map_err(|source| Error::Http { command: "building HTTP client".into(), source })?;
        Ok(Self { http, base: format!("http://127.0.0.1:{port}") })
    }

    /// `host:port` of the driver, for the blocking session clean-up in `Drop`.
    pub(crate) fn authority(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// Sends `method path` with an optional JSON body and returns the response's `value`.
    /// `label` describes the call for error messages, e.g. `find("#go")`.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        label: &str,
    ) -> Result<Value, Error> {
        let command = format!("{label} ({method} {path})");
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|source| Error::Http { command: command.clone(), source })?;
        let status = response.status();
        let text = response.text().await.map_err(|source| Error::Http { command: command.clone(), source })?;
        let parsed: Value = serde_json::from_str(&text).map_err(|e| Error::Protocol {
            command: command.clone(),
            status: status.as_u16(),
            detail: format!("body is not JSON ({e}): {}", cap(&text)),
        })?;
        let Some(value) = parsed.get("value") else {
            return Err(Error::Protocol {
                command,
                status: status.as_u16(),
                detail: format!("no `value` in body: {}", cap(&text)),
            });
        };
        if status.is_success() {
            return Ok(value.clone());
        }
        match value.get("error").and_then(Value::as_str) {
            Some(code) => Err(Error::WebDriver {
                command,
                code: code.to_owned(),
                message: cap(value.get("message").and_then(Value::as_str).unwrap_or("")),
            }),
            None => Err(Error::Protocol {
                command,
                status: status.as_u16(),
                detail: format!("error response without `error` code: {}", cap(&text)),
            }),
        }
    }
}

/// Percent-encodes one URL path segment (attribute and CSS property names go into the path).
pub(crate) fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segment_escapes_everything_but_unreserved() {
        assert_eq!(segment("data-x_1.y~"), "data-x_1.y~");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
    }
}
