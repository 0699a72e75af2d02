//! Foundations of the polite crawler.
//!
//! - [`sitemap`]: streaming sitemap, plain-text sitemap and RSS/Atom readers, gzip with a size cap.
//! - [`robots`]: robots.txt (RFC 9309) rules and fetch-outcome handling.
//! - [`urls`]: URL normalisation for the frontier, site scoping and crawler-trap checks.
//! - [`politeness`]: per-host and per-IP request gating and backoff (pure, clock passed in).
//! - [`fetch`]: the HTTP fetcher (reqwest, rustls): manual redirects, size caps, private-address
//!   refusal, conditional GET.
//! - [`recrawl`]: adaptive recrawl intervals and error backoff (pure).
//! - [`crawler`]: the crawl itself: one task per site (`site_pass`), the frontier in the store.
//! - [`progress`]: events a running crawl sends to its caller.

pub mod crawler;
pub mod fetch;
pub mod politeness;
pub mod progress;
pub mod recrawl;
pub mod robots;
mod site_pass;
pub mod sitemap;
pub mod urls;

pub use crawler::{CrawlConfig, CrawlError, Crawler, RunOptions};
pub use progress::Progress;
