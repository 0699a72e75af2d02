//! Pure (no network, no clock) foundations of the polite crawler.
//!
//! - [`sitemap`]: streaming sitemap, plain-text sitemap and RSS/Atom readers, gzip with a size cap.
//! - [`robots`]: robots.txt (RFC 9309) rules and fetch-outcome handling.
//! - [`urls`]: URL normalisation for the frontier, site scoping and crawler-trap checks.

pub mod robots;
pub mod sitemap;
pub mod urls;
