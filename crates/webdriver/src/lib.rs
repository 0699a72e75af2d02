//! Minimal W3C WebDriver client for driving the system's headless Chromium from integration
//! tests.
//!
//! Deliberately small and dependency-light (plain HTTP to a chromedriver on loopback): the
//! tests need navigation, scripts, element lookups, frames, screenshots and the console log,
//! not a full automation framework. Start with [`launch`]:
//!
//! ```no_run
//! # async fn demo() -> Result<(), ketnoi_webdriver::Error> {
//! let Some(browser) = ketnoi_webdriver::launch().await? else { return Ok(()) }; // skipped
//! browser.goto("http://127.0.0.1:8080/").await?;
//! let title = browser.title().await?;
//! browser.quit().await?;
//! # Ok(()) }
//! ```

mod browser;
mod element;
mod error;
mod launch;
mod log;
mod session;
mod wire;

pub use browser::Browser;
pub use element::{Element, Rect};
pub use error::Error;
pub use launch::{browser_tests_required, launch};
pub use log::LogEntry;
pub use session::ELEMENT_KEY;
