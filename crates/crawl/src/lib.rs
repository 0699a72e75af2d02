//! Foundations of the polite crawler.
//!
//! - [`sitemap`]: streaming sitemap, plain-text sitemap and RSS/Atom readers, gzip with a size cap.
//! - [`robots`]: robots.txt (RFC 9309) rules and fetch-outcome handling.
//! - [`urls`]: URL normalisation for the frontier, site scoping and crawler-trap checks.
//! - [`politeness`]: per-host and per-IP request gating and backoff (pure, clock passed in).
//! - [`fetch`]: the HTTP fetcher (reqwest, rustls): manual redirects, size caps, private-address
//!   refusal, conditional GET.

pub mod fetch;
pub mod politeness;
pub mod robots;
pub mod sitemap;
pub mod urls;
