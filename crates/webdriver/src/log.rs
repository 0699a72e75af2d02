//! Entries of chromedriver's browser log (console messages, CSP violations, network errors).

use serde_json::Value;

/// One browser log entry as chromedriver reports it.
///
/// Chromedriver collects these from every frame in the page's renderer process; [`crate::launch`]
/// disables site isolation so that cross-origin iframes are included, and tests can assert on
/// console errors and CSP refusals anywhere in the page. Entries do not say which frame they
/// came from other than through the script URL at the start of `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    /// The text; for console calls it starts with the script URL and line:column.
    pub message: String,
    /// Where it came from, e.g. `console-api`, `security`, `network`, `javascript`.
    pub source: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub timestamp: i64,
}

impl LogEntry {
    /// Reads one entry leniently: a malformed field becomes empty rather than failing the whole
    /// log read, since the log is diagnostic.
    pub(crate) fn from_value(value: &Value) -> Self {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let timestamp = value
            .get("timestamp")
            .and_then(|t| t.as_i64().or_else(|| t.as_f64().map(|f| f as i64)))
            .unwrap_or_default();
        Self {
            level: text("level").unwrap_or_default(),
            message: text("message").unwrap_or_default(),
            source: text("source"),
            timestamp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chromedriver_entry_and_tolerates_float_timestamp() {
        let v = serde_json::json!({"level": "SEVERE", "message": "m", "source": "console-api", "timestamp": 1.5e12});
        let e = LogEntry::from_value(&v);
        assert_eq!(e.level, "SEVERE");
        assert_eq!(e.source.as_deref(), Some("console-api"));
        assert_eq!(e.timestamp, 1_500_000_000_000);
    }
}
