//! Embeddable boxes of directive information (Annex II, Method 1).
//!
//! An operator describes a box once ([`BoxSpec`]: what data, which look); the
//! server renders it into a page that portals show in a cross-origin iframe,
//! inserted and auto-resized by a tiny loader script. Everything here is a
//! pure function of its inputs so the web crate only does I/O:
//!
//! - [`spec`]: the box description and its validation (colours, contrast, sizes);
//! - [`color`]: `#rrggbb` colours and WCAG contrast;
//! - [`render`]: the box page and its refreshable items fragment, per template;
//! - [`builder`]: the box builder page (steps 2–4 of Annex II);
//! - [`assets`]: the loader, box runtime, styles and emblem, with content-hashed names;
//! - [`embed`]: the three embed codes and the CSP entries a host page needs.

pub mod assets;
pub mod builder;
pub mod color;
pub mod embed;
pub mod html;
pub mod media;
pub mod render;
pub mod spec;

pub use embed::PublicUrls;
pub use spec::{BoxSpec, Content, Criteria, SpecError, Template};
