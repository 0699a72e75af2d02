//! The directive-information hub (Module 2 of Official Letter 409/VPCP-TTDT).
//!
//! Pure parts (wire format, parameter parsing, feeds, key hashing, client
//! address resolution) are plain functions; the webhook worker is the only
//! part that does network I/O. HTTP routing lives in `ketnoi-web`.

pub mod client_ip;
pub mod feeds;
pub mod import;
pub mod keys;
pub mod params;
pub mod rate_limit;
pub mod time;
pub mod webhooks;
pub mod wire;
