//! Import and export of the sites register.
//!
//! Decoding ([`decode`]) and CSV parsing ([`layout`]) are pure functions; only
//! unit resolution and the final write talk to the store. An import either
//! writes every accepted row in one transaction or writes nothing.

pub mod decode;
pub mod export;
pub mod import;
pub mod layout;
mod resolve;
pub mod verify;

pub use export::export_sites;
pub use import::{ImportError, ImportOptions, ImportReport, RowError, import_sites};
pub use resolve::{UnitListing, list_units, resolve_unit};
