//! The static files of boxes and the builder, compiled into the binary and
//! served under content-hashed names (`loader.3f2a9c1b0d.js`), so they can be
//! cached for a year as immutable and a new release is picked up at once.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub struct Asset {
    /// `loader.js`: the name without its version.
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
}

pub const LOADER: &str = "loader.js";
pub const BOX_JS: &str = "box.js";
pub const BOX_CSS: &str = "box.css";
pub const BUILDER_JS: &str = "builder.js";
pub const BUILDER_CSS: &str = "builder.css";
pub const EMBLEM: &str = "emblem.svg";

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

pub static ASSETS: [Asset; 6] = [
    Asset { name: LOADER, content_type: JS, body: include_str!("../assets/loader.js") },
    Asset { name: BOX_JS, content_type: JS, body: include_str!("../assets/box.js") },
    Asset { name: BOX_CSS, content_type: CSS, body: include_str!("../assets/box.css") },
    Asset { name: BUILDER_JS, content_type: JS, body: include_str!("../assets/builder.js") },
    Asset { name: BUILDER_CSS, content_type: CSS, body: include_str!("../assets/builder.css") },
    Asset { name: EMBLEM, content_type: "image/svg+xml", body: include_str!("../assets/emblem.svg") },
];

/// Where assets are served, below the static host.
pub const PREFIX: &str = "/static/box/";

impl Asset {
    /// `loader.<10 hex digits of SHA-256>.js`.
    pub fn versioned_name(&self) -> &'static str {
        static NAMES: OnceLock<Vec<String>> = OnceLock::new();
        let names = NAMES.get_or_init(|| {
            ASSETS
                .iter()
                .map(|a| {
                    let hash = hex10(&Sha256::digest(a.body.as_bytes()));
                    let (stem, ext) = a.name.rsplit_once('.').expect("asset names have an extension");
                    format!("{stem}.{hash}.{ext}")
                })
                .collect()
        });
        let i = ASSETS.iter().position(|a| a.name == self.name).expect("a known asset");
        &names[i]
    }
}

fn hex10(bytes: &[u8]) -> String {
    bytes.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// The asset named `name`, and whether that name is its current version
/// (`true`: cache forever). A bare name (`loader.js`) or another version's
/// name (`loader.<10 hex digits>.js`) gets the current content too, to be
/// cached briefly: embed codes pasted into portals before an upgrade name an
/// older loader, and must keep working. Anything else is `None`.
pub fn lookup(name: &str) -> Option<(&'static Asset, bool)> {
    ASSETS.iter().find_map(|a| {
        if a.versioned_name() == name {
            return Some((a, true));
        }
        if a.name == name {
            return Some((a, false));
        }
        let (stem, ext) = a.name.rsplit_once('.').expect("asset names have an extension");
        let hash = name.strip_prefix(stem)?.strip_prefix('.')?.strip_suffix(ext)?.strip_suffix('.')?;
        (hash.len() == 10 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some((a, false))
    })
}

/// Changes whenever any asset changes: pages that name assets include it in their ETags.
pub fn fingerprint() -> String {
    ASSETS.iter().map(Asset::versioned_name).collect::<Vec<_>>().join(",")
}

pub fn get(name: &str) -> &'static Asset {
    ASSETS.iter().find(|a| a.name == name).expect("a known asset")
}

/// The path of an asset's current version below the static host.
pub fn path(name: &str) -> String {
    format!("{PREFIX}{}", get(name).versioned_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_names_change_with_the_content_and_resolve() {
        let loader = get(LOADER);
        let versioned = loader.versioned_name();
        assert!(
            versioned.starts_with("loader.")
                && versioned.ends_with(".js")
                && versioned.len() == "loader..js".len() + 10
        );
        assert!(matches!(lookup(versioned), Some((a, true)) if a.name == LOADER));
        assert!(matches!(lookup("loader.js"), Some((_, false))));
        assert!(matches!(lookup("loader.0000000000.js"), Some((a, false)) if a.name == LOADER), "older embed codes");
        for bad in
            ["../Cargo.toml", "loader.00000000zz.js", "loader.000000000.js", "loader.0000000000.css", "x.0000000000.js"]
        {
            assert!(lookup(bad).is_none(), "{bad}");
        }
        assert!(fingerprint().contains(versioned));
    }

    #[test]
    fn the_loader_defines_no_globals_and_needs_no_library() {
        let js = get(LOADER).body;
        assert!(js.trim_start().starts_with("(function ()"), "one IIFE");
        assert!(!js.contains("jQuery") && !js.contains("$("));
        assert!(!js.contains("innerHTML"), "the loader never writes markup into the host page");
    }
}
