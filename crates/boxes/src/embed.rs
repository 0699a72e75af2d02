//! The three embed codes of a saved box (loader script, plain iframe,
//! no-JavaScript link) and the Content-Security-Policy entries a host page
//! needs, all computed from this deployment's public URLs.

use serde::Serialize;
use url::Url;

use crate::assets;
use crate::html::esc;
use crate::spec::BoxSpec;

/// Where this deployment is reached from the outside. Each is an origin,
/// optionally with a path prefix (`https://dieuhanh.gov.vn`,
/// `https://static.dieuhanh.gov.vn`); they may all be the same host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicUrls {
    /// The builder and the API.
    pub site: String,
    /// Box pages (the iframes).
    pub boxes: String,
    /// Scripts, styles, fonts and the emblem.
    pub statics: String,
    /// Item images (a CDN in production).
    pub images: String,
}

impl PublicUrls {
    /// All four on one base URL.
    pub fn single(base: &str) -> PublicUrls {
        let base = base.trim_end_matches('/').to_string();
        PublicUrls { site: base.clone(), boxes: base.clone(), statics: base.clone(), images: base }
    }

    /// Checks that each is an absolute http(s) URL without query or fragment
    /// and drops trailing slashes. The error names the bad one.
    pub fn validated(self) -> Result<PublicUrls, String> {
        let check = |name: &str, v: String| -> Result<String, String> {
            let url = Url::parse(&v).map_err(|e| format!("{name}: «{v}» is not a URL ({e})"))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(format!("{name}: «{v}» must be an http(s) URL with a host"));
            }
            if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
                return Err(format!("{name}: «{v}» must not have a query, fragment or user"));
            }
            Ok(v.trim_end_matches('/').to_string())
        };
        Ok(PublicUrls {
            site: check("site", self.site)?,
            boxes: check("boxes", self.boxes)?,
            statics: check("static", self.statics)?,
            images: check("images", self.images)?,
        })
    }

    /// The CSP source expression of a base URL: its origin.
    pub fn origin(base: &str) -> String {
        Url::parse(base).map(|u| u.origin().ascii_serialization()).unwrap_or_else(|_| base.to_string())
    }

    pub fn box_url(&self, id: i64) -> String {
        format!("{}/box/{id}", self.boxes)
    }

    pub fn asset_url(&self, name: &str) -> String {
        format!("{}{}", self.statics, assets::path(name))
    }

    /// The CSP entries a host page needs to show boxes, in the order
    /// Annex II lists them: `(directive, sources)`.
    pub fn host_csp(&self) -> Vec<(&'static str, String)> {
        let statics = PublicUrls::origin(&self.statics);
        vec![
            ("script-src", statics.clone()),
            ("style-src", statics.clone()),
            ("font-src", statics),
            ("img-src", PublicUrls::origin(&self.images)),
            ("frame-src", PublicUrls::origin(&self.boxes)),
        ]
    }

    /// [`PublicUrls::host_csp`] as lines to paste into a policy.
    pub fn host_csp_text(&self) -> String {
        self.host_csp().iter().map(|(d, s)| format!("{d} {s};")).collect::<Vec<_>>().join("\n")
    }
}

/// The three ways to put a saved box on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbedCodes {
    /// A placeholder and the loader: auto-resized, lazy, safe twice on a page.
    pub loader: String,
    /// For CMSs that strip scripts: a fixed-height iframe.
    pub iframe: String,
    /// For places that take no iframe either: a link to the box page.
    pub link: String,
}

pub fn embed_codes(urls: &PublicUrls, id: i64, spec: &BoxSpec) -> EmbedCodes {
    let src = urls.box_url(id);
    let title = esc(&spec.title);
    let height = spec.height;
    let width_attr = spec.width.map(|w| format!(" data-width=\"{w}\"")).unwrap_or_default();
    let loader = format!(
        "<div data-ketnoi-box=\"{src}\" data-height=\"{height}\"{width_attr} data-title=\"{title}\"><a href=\"{src}\">{title}</a></div>\n\
         <script src=\"{}\" async></script>",
        urls.asset_url(assets::LOADER)
    );
    let width = spec.width.map(|w| w.to_string()).unwrap_or_else(|| "100%".into());
    let iframe = format!(
        "<iframe src=\"{src}\" title=\"{title}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" frameborder=\"0\" \
         sandbox=\"{SANDBOX}\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"
    );
    let link = format!("<a href=\"{src}\" target=\"_blank\" rel=\"noopener\">{title}</a>");
    EmbedCodes { loader, iframe, link }
}

/// What a box frame may do: run its own script, open links in the top
/// window or a new tab (on a click), nothing else.
pub const SANDBOX: &str = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> PublicUrls {
        PublicUrls {
            site: "https://dieuhanh.gov.vn".into(),
            boxes: "https://box.dieuhanh.gov.vn/".into(),
            statics: "https://static.dieuhanh.gov.vn/assets".into(),
            images: "https://img.cdn.gov.vn".into(),
        }
        .validated()
        .unwrap()
    }

    #[test]
    fn csp_entries_name_each_host_by_origin() {
        assert_eq!(
            urls().host_csp_text(),
            "script-src https://static.dieuhanh.gov.vn;\nstyle-src https://static.dieuhanh.gov.vn;\n\
             font-src https://static.dieuhanh.gov.vn;\nimg-src https://img.cdn.gov.vn;\nframe-src https://box.dieuhanh.gov.vn;"
        );
    }

    #[test]
    fn embed_codes_point_at_the_box_and_escape_the_title() {
        let spec = BoxSpec { title: "Tin \"mới\" <b>".into(), ..BoxSpec::default() };
        let codes = embed_codes(&urls(), 7, &spec);
        assert!(codes.loader.contains("data-ketnoi-box=\"https://box.dieuhanh.gov.vn/box/7\""));
        assert!(codes.loader.contains("https://static.dieuhanh.gov.vn/assets/static/box/loader."));
        assert!(codes.loader.contains("Tin &quot;mới&quot; &lt;b&gt;"));
        assert!(!codes.loader.contains("<b>"));
        assert!(codes.iframe.starts_with("<iframe src=\"https://box.dieuhanh.gov.vn/box/7\""));
        assert!(codes.link.contains("href=\"https://box.dieuhanh.gov.vn/box/7\""));
    }

    #[test]
    fn bad_public_urls_are_named() {
        let bad = PublicUrls { boxes: "javascript:alert(1)".into(), ..PublicUrls::single("https://a.gov.vn") };
        assert!(bad.validated().unwrap_err().starts_with("boxes:"));
        let query = PublicUrls { statics: "https://a.gov.vn/?x=1".into(), ..PublicUrls::single("https://a.gov.vn") };
        assert!(query.validated().unwrap_err().starts_with("static:"));
    }
}
