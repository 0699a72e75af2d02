/// `println!` that returns the write error instead of panicking, so
/// `ketnoi units list | head` ends quietly (see `main`'s broken-pipe rule).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

pub mod contacts;
pub mod crawl;
pub mod crawl_progress;
pub mod documents;
pub mod hub;
pub mod keys;
pub mod search;
pub mod sites;
pub mod units;
pub mod verify;
pub mod webhooks;

use std::fmt;

use ketnoi_store::StoreError;

/// Bad input from the user (a rejected import, an unknown unit): exit code 65
/// (EX_DATAERR) instead of 1, so scripts can tell it from a failure of ketnoi.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

pub fn bad_input(message: impl Into<String>) -> anyhow::Error {
    BadInput(message.into()).into()
}

pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Store refusals caused by what the user typed (duplicate URL, unknown
/// unit, stale version) are bad input, not failures of ketnoi.
pub fn store_input_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Database(_) | StoreError::Migration(_) | StoreError::Corrupt(_) => e.into(),
        other => bad_input(other.to_string()),
    }
}
