//! A synthetic Vietnamese government web, served on loopback, with ground truth.
//!
//! `SynthWeb::generate(&Config)` builds the list of sites (ministries, provinces, communes with
//! their register ids) and nothing else: every page, sitemap and feed is computed from
//! (seed, site index, page index, edit count) when it is requested, so a web of thousands of sites
//! and a million pages costs only its site list. One listener serves every site, routed by the
//! `Host` header (port ignored). Tests read the ground truth (`sites`, `expected_pages`,
//! `feature_urls`), the request log (`request_log`, `max_in_flight`) and mutate the web while it
//! runs (`delete_page`, `edit_page`, `set_host_down`).
//!
//! Determinism: no clock, no hash-map iteration in output; all dates lie in 2024-01-01..2025-12-31
//! (edits move `modified` forward one day per edit); same `Config`, same bytes.
//!
//! A host switched down with `set_host_down` has its connections closed without an answer (the
//! closest a single listener gets to "connection refused").

mod config;
mod encodings;
mod faults;
mod html;
mod http;
mod log;
mod model;
mod pages;
mod pdf;
mod rng;
mod robots;
mod roster;
mod router;
mod server;
mod sitemaps;
mod styles;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, NaiveDate};

pub use config::Config;
pub use log::RequestRecord;
pub use model::{
    CharsetDeclaration, ExpectedPage, Feature, LegalTruth, PageEncoding, PageKind, SiteKind, SiteSpec, SitemapShape,
    Style, Trait,
};
pub use roster::FEATURE_SITE_COUNT;
pub use server::{Running, start, start_on};

use crate::html::Variant;
use crate::pages::Page;
use crate::styles::Route;

/// How a deleted page answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    NotFound,
    Gone,
}

/// Why a control call was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    #[error("not an absolute http URL: {0}")]
    BadUrl(String),
    #[error("no site answers for host {0}")]
    UnknownHost(String),
    #[error("{0} is not a content page of its site")]
    NotAPage(String),
}

/// A response computed without the network: no host faults, no log, no conditional or gzip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub status: u16,
    /// Lower-case header names, in the order they would be sent.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Rendered {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
pub(crate) struct State {
    deleted: BTreeMap<(usize, u64), Deletion>,
    edits: BTreeMap<(usize, u64), u32>,
    pub(crate) down: BTreeSet<usize>,
    pub(crate) hits: BTreeMap<usize, u64>,
    pub(crate) last_ok: BTreeMap<usize, Instant>,
}

/// The mutable state of one site, copied out so rendering never holds the lock.
pub(crate) struct SiteState {
    pub deleted: BTreeMap<u64, Deletion>,
    pub edits: BTreeMap<u64, u32>,
}

/// The synthetic web. Share it as `Arc<SynthWeb>`; every control takes `&self`.
pub struct SynthWeb {
    config: Config,
    sites: Vec<SiteSpec>,
    by_host: BTreeMap<String, usize>,
    state: Mutex<State>,
    log: log::RequestLog,
    port: AtomicU16,
    rendered: AtomicU64,
    blobs: faults::Blobs,
}

impl std::fmt::Debug for SynthWeb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SynthWeb").field("config", &self.config).field("sites", &self.sites.len()).finish()
    }
}

impl SynthWeb {
    /// Builds the site list; pages are computed on demand.
    pub fn generate(config: &Config) -> SynthWeb {
        let sites = roster::build(config);
        let by_host = sites.iter().map(|s| (s.host.clone(), s.index)).collect();
        SynthWeb {
            config: config.clone(),
            sites,
            by_host,
            state: Mutex::new(State::default()),
            log: log::RequestLog::new(config.request_log_capacity),
            port: AtomicU16::new(0),
            rendered: AtomicU64::new(0),
            blobs: faults::Blobs::default(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn sites(&self) -> &[SiteSpec] {
        &self.sites
    }

    /// The site serving `host` (port and case ignored).
    pub fn site(&self, host: &str) -> Option<&SiteSpec> {
        self.by_host.get(&server::normalize_host(host)).map(|i| &self.sites[*i])
    }

    /// `http://host:port` once served (`http://host` before).
    pub fn origin(&self, host: &str) -> String {
        match self.port.load(Ordering::SeqCst) {
            0 => format!("http://{host}"),
            port => format!("http://{host}:{port}"),
        }
    }

    /// Absolute URL of a path on a host.
    pub fn url(&self, host: &str, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.origin(host))
    }

    /// The port the web was last served on (0 before `serve`).
    pub fn port(&self) -> u16 {
        self.port.load(Ordering::SeqCst)
    }

    /// The register entry of a site, as an operator would submit it: its home URL on the port
    /// the web is served on, its style as technology, and the owner unit when `with_unit` (the
    /// unit ids are ketnoi's own, so the built-in units must be loaded).
    pub fn site_input(&self, site: &SiteSpec, with_unit: bool) -> ketnoi_domain::SiteInput {
        ketnoi_domain::SiteInput {
            unit_id: (with_unit && site.unit_is_real).then(|| site.unit_id.clone()),
            name: site.name.clone(),
            urls: vec![self.url(&site.host, "/")],
            status: ketnoi_domain::SiteStatus::Active,
            technology: Some(format!("{:?}", site.style)),
            hosting: ketnoi_domain::Hosting::Unknown,
            parent_site_id: None,
            sitemaps: vec![],
            crawl: ketnoi_domain::CrawlSettings::default(),
            note: Some("trang tổng hợp (synthetic web)".into()),
        }
    }

    /// URL of content page `j` of site `site`, without rendering anything.
    pub fn page_url(&self, site: usize, j: u64) -> Option<String> {
        let s = self.sites.get(site)?;
        if j >= self.config.pages_per_site as u64 {
            return None;
        }
        let st = self.site_state(site);
        Some(self.url(&s.host, &styles::page_path(s, &self.page_at(s, j, &st))))
    }

    /// How many article pages have been rendered (proof that nothing is materialised up front).
    pub fn pages_rendered(&self) -> u64 {
        self.rendered.load(Ordering::Relaxed)
    }

    /// Computes a response offline (ignoring slow/flaky/rate-limited/down hosts); `None` for an
    /// unknown host.
    pub fn render(&self, host: &str, path_and_query: &str) -> Option<Rendered> {
        let site = self.site(host)?;
        let origin = self.origin(&site.host);
        let res = self.resolve(site, &origin, path_and_query);
        let (status, headers, body) = server::finalize(res, None, None, false);
        Some(Rendered { status, headers, body })
    }

    // ----- ground truth -----

    /// Every URL a correct crawler should end up with on this site (home, listings, articles,
    /// print and tracking variants, the external-links page), in the web's current state.
    /// Meant for small configs: it renders the whole site.
    pub fn expected_pages(&self, site: &SiteSpec) -> Vec<ExpectedPage> {
        let st = self.site_state(site.index);
        let origin = self.origin(&site.host);
        let (encoding, charset) = html::site_encoding(site);
        let fallback = text::dates::at(NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"), 8 * 60);
        let plain = |path: String, title: String, when: Option<DateTime<FixedOffset>>| {
            let when = when.unwrap_or(fallback);
            ExpectedPage {
                url: format!("{origin}{path}"),
                disallowed_by_robots: !robots::allowed(site, &path),
                path,
                kind: PageKind::Other,
                title,
                published: when,
                modified: when,
                in_sitemap: false,
                noindex: false,
                canonical_of: None,
                duplicate_group: None,
                encoding,
                charset,
                paragraphs: vec![],
                legal: None,
            }
        };
        let mut out = Vec::new();
        let links = faults::home_links(self, site, &st);
        let (_, newest) = html::home_document(self, site, &st, &links);
        out.push(plain("/".into(), site.name.clone(), newest));
        for kind in styles::KINDS {
            for p in 1..=html::list_pages(self, kind) {
                if let Some((_, newest)) = html::list_document(self, site, &st, kind, p) {
                    out.push(plain(styles::list_path(site, kind, p), styles::section(kind).1.to_string(), newest));
                }
            }
        }
        let tracked: BTreeSet<String> = links.iter().map(|(h, _)| h.clone()).filter(|h| h.contains("utm_")).collect();
        for page in self.live_pages(site, &st) {
            let e = self.expected_page(site, &page, &origin);
            let print =
                html::has_print(site, &page).then(|| self.variant_of(site, &e, html::print_path(site, &page), &origin));
            let tpath = html::tracking_path(site, &page);
            let tracking = tracked.contains(&tpath).then(|| self.variant_of(site, &e, tpath, &origin));
            out.push(e);
            out.extend(print);
            out.extend(tracking);
        }
        if site.has(Trait::Limits) {
            out.push(plain(faults::EXTERNAL_LINKS.into(), "Liên kết ngoài".into(), None));
        }
        out
    }

    fn variant_of(&self, site: &SiteSpec, e: &ExpectedPage, path: String, origin: &str) -> ExpectedPage {
        ExpectedPage {
            url: format!("{origin}{path}"),
            disallowed_by_robots: !robots::allowed(site, &path),
            path,
            in_sitemap: false,
            canonical_of: Some(e.url.clone()),
            duplicate_group: None,
            ..e.clone()
        }
    }

    fn expected_page(&self, site: &SiteSpec, page: &Page, origin: &str) -> ExpectedPage {
        let content = pages::content(&self.config, site, page);
        let path = styles::page_path(site, page);
        let legal = content.legal.as_ref().map(|l| LegalTruth {
            number: l.number.clone(),
            doc_type: l.doc_type.clone(),
            issuer: l.issuer.clone(),
            issued: l.issued,
            effective: l.effective,
            signer: l.signer.clone(),
            abstract_text: l.abstract_text.clone(),
            attachment_url: format!("{origin}{}", styles::attachment_path(site, page)),
            attachment_text: pages::pdf_lines(l).join("\n"),
        });
        ExpectedPage {
            url: format!("{origin}{path}"),
            disallowed_by_robots: !robots::allowed(site, &path),
            path,
            kind: page.kind,
            title: page.title.clone(),
            published: page.published,
            modified: page.modified,
            in_sitemap: page.in_sitemap && site.sitemap != SitemapShape::None,
            noindex: page.noindex.is_some(),
            canonical_of: None,
            duplicate_group: page.directive.map(|d| d as u64 + 1),
            encoding: page.encoding,
            charset: page.charset,
            paragraphs: content.paragraphs,
            legal,
        }
    }

    /// Paths of every sitemap document of a site (the first ones are those robots.txt names).
    pub fn sitemap_paths(&self, site: &SiteSpec) -> Vec<String> {
        sitemaps::paths(self, site, &self.site_state(site.index))
    }

    /// URLs that show a feature; empty when this web does not contain it.
    pub fn feature_urls(&self, feature: Feature) -> Vec<String> {
        let n = self.config.pages_per_site as u64;
        let first = |t: Trait| self.sites.iter().find(|s| s.has(t));
        let home = |s: Option<&SiteSpec>| s.map(|s| vec![self.url(&s.host, "/")]).unwrap_or_default();
        let at = |s: Option<&SiteSpec>, path: &str| s.map(|s| vec![self.url(&s.host, path)]).unwrap_or_default();
        let page_where = |s: &SiteSpec, f: &dyn Fn(&Page) -> bool| -> Option<Page> {
            let st = self.site_state(s.index);
            self.live_pages(s, &st).find(|p| f(p))
        };
        let first_of_kind = |kind: PageKind| -> Vec<String> {
            self.sites
                .iter()
                .find_map(|s| page_where(s, &|p| p.kind == kind && p.directive.is_none()).map(|p| (s, p)))
                .map(|(s, p)| vec![self.url(&s.host, &styles::page_path(s, &p))])
                .unwrap_or_default()
        };
        let style = |st: Style| home(self.sites.iter().find(|s| s.style == st));
        let shape = |sh: SitemapShape, path: &str| at(self.sites.iter().find(|s| s.sitemap == sh), path);
        let trait_page = |t: Trait, f: &dyn Fn(&Page) -> bool, variant: Variant| -> Vec<String> {
            let Some(s) = first(t) else { return vec![] };
            let Some(p) = page_where(s, f) else { return vec![] };
            let path = match variant {
                Variant::Normal => styles::page_path(s, &p),
                Variant::Print => html::print_path(s, &p),
                Variant::Tracking => html::tracking_path(s, &p),
            };
            vec![self.url(&s.host, &path)]
        };
        match feature {
            Feature::StyleJoomla => style(Style::Joomla),
            Feature::StyleWordPress => style(Style::WordPress),
            Feature::StyleSharePoint => style(Style::SharePoint),
            Feature::StyleLiferay => style(Style::Liferay),
            Feature::StyleCustomPhp => style(Style::CustomPhp),
            Feature::News => first_of_kind(PageKind::News),
            Feature::LegalDocument => first_of_kind(PageKind::LegalDocument),
            Feature::PublicService => first_of_kind(PageKind::PublicService),
            Feature::Media => first_of_kind(PageKind::Media),
            Feature::PdfAttachment => self
                .sites
                .iter()
                .filter(|s| !s.has(Trait::RobotsRules))
                .find_map(|s| page_where(s, &|p| p.kind == PageKind::LegalDocument).map(|p| (s, p)))
                .map(|(s, p)| vec![self.url(&s.host, &styles::attachment_path(s, &p))])
                .unwrap_or_default(),
            Feature::DuplicateDirective => {
                let mut v = Vec::new();
                for s in &self.sites {
                    if pages::directive_of(&self.config, s) == Some(0) && n > pages::DIRECTIVE_SLOT {
                        let st = self.site_state(s.index);
                        if !st.deleted.contains_key(&pages::DIRECTIVE_SLOT) {
                            let p = self.page_at(s, pages::DIRECTIVE_SLOT, &st);
                            v.push(self.url(&s.host, &styles::page_path(s, &p)));
                        }
                    }
                }
                if v.len() >= 2 { v } else { vec![] }
            }
            Feature::DublinCore | Feature::OpenGraph => self
                .sites
                .iter()
                .filter(|s| html::has_rich_meta(s))
                .find_map(|s| page_where(s, &|p| p.kind == PageKind::News).map(|p| (s, p)))
                .map(|(s, p)| vec![self.url(&s.host, &styles::page_path(s, &p))])
                .unwrap_or_default(),
            Feature::JsonLd => trait_page(Trait::JsonLd, &|p| p.kind == PageKind::News, Variant::Normal),
            Feature::RobotsLongestMatch | Feature::RobotsUserAgentGroups => {
                at(first(Trait::RobotsRules), "/robots.txt")
            }
            Feature::CrawlDelay => {
                at(self.sites.iter().find(|s| s.crawl_delay.is_some() && !s.has(Trait::NoRobots)), "/robots.txt")
            }
            Feature::NoRobots => at(first(Trait::NoRobots), "/robots.txt"),
            Feature::SitemapIndex => shape(SitemapShape::IndexWithGzipAndNews, "/sitemap_index.xml"),
            Feature::GzipSitemap => shape(SitemapShape::IndexWithGzipAndNews, "/sitemaps/van-ban.xml.gz"),
            Feature::NewsSitemap => shape(SitemapShape::IndexWithGzipAndNews, "/sitemaps/news.xml"),
            Feature::NestedSitemapIndex => shape(SitemapShape::Nested, "/sitemap.xml"),
            Feature::FlatMixedSitemap => shape(SitemapShape::FlatMixed, "/sitemap.xml"),
            Feature::SitemapWithoutNamespace => shape(SitemapShape::NoNamespace, "/sitemap.xml"),
            Feature::PlainTextSitemap => shape(SitemapShape::NoNamespace, "/sitemap.txt"),
            Feature::NoSitemap => home(self.sites.iter().find(|s| s.sitemap == SitemapShape::None)),
            Feature::RssFeed => self
                .sites
                .iter()
                .find(|s| html::has_feed(s))
                .map(|s| vec![self.url(&s.host, styles::feed_path(s))])
                .unwrap_or_default(),
            Feature::NoindexMeta => {
                trait_page(Trait::NoindexMeta, &|p| p.noindex == Some(pages::NoindexVia::Meta), Variant::Normal)
            }
            Feature::NoindexHeader => {
                trait_page(Trait::NoindexHeader, &|p| p.noindex == Some(pages::NoindexVia::Header), Variant::Normal)
            }
            Feature::PrintCanonical => trait_page(Trait::PrintVersions, &|p| p.kind == PageKind::News, Variant::Print),
            Feature::TrackingDuplicate => {
                trait_page(Trait::TrackingDuplicates, &|p| p.kind == PageKind::News, Variant::Tracking)
            }
            Feature::Windows1258 => {
                trait_page(Trait::Windows1258, &|p| p.charset == CharsetDeclaration::Header, Variant::Normal)
            }
            Feature::CharsetMetaOnly => {
                trait_page(Trait::Windows1258, &|p| p.charset == CharsetDeclaration::MetaOnly, Variant::Normal)
            }
            Feature::Tcvn3 => trait_page(Trait::Tcvn3, &|p| p.kind == PageKind::News, Variant::Normal),
            Feature::Soft404 => at(first(Trait::Soft404), "/trang-khong-ton-tai.html"),
            Feature::Redirect301 => first(Trait::Redirects)
                .and_then(|s| {
                    page_where(s, &|p| p.kind == PageKind::News)
                        .map(|p| vec![self.url(&s.host, &format!("/tin-tuc/{}.html", p.id))])
                })
                .unwrap_or_default(),
            Feature::RedirectChain302 => at(first(Trait::Redirects), faults::CHAIN_START),
            Feature::RedirectLoop => at(first(Trait::Redirects), faults::LOOP_START),
            Feature::CalendarTrap => at(first(Trait::Traps), faults::CALENDAR_START),
            Feature::QueryVariantTrap => at(first(Trait::Traps), faults::SEARCH_START),
            Feature::SlowHost => home(first(Trait::Slow)),
            Feature::Flaky503 => home(first(Trait::Flaky503)),
            Feature::RateLimited429 => home(first(Trait::RateLimited429)),
            Feature::GoesAway => home(first(Trait::GoesAway)),
            Feature::BigPage => at(first(Trait::Limits), faults::BIG_PAGE),
            Feature::GzipBomb => at(first(Trait::Limits), faults::GZIP_BOMB),
            Feature::ExternalLinks => at(first(Trait::Limits), faults::EXTERNAL_LINKS),
        }
    }

    // ----- request log -----

    /// Every request received so far (up to `Config::request_log_capacity`), in arrival order.
    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.log.records()
    }

    /// The requests received for one host.
    pub fn requests_to(&self, host: &str) -> Vec<RequestRecord> {
        let host = server::normalize_host(host);
        self.log.records().into_iter().filter(|r| r.host == host).collect()
    }

    /// Most requests to `host` ever in flight at once (1 for a polite crawler).
    pub fn max_in_flight(&self, host: &str) -> usize {
        self.log.max_in_flight(&server::normalize_host(host))
    }

    /// Requests to `host` since the last clear, including those beyond the log's capacity.
    pub fn request_count(&self, host: &str) -> u64 {
        self.log.total(&server::normalize_host(host))
    }

    pub fn clear_request_log(&self) {
        self.log.clear();
    }

    // ----- controls -----

    /// Deletes a content page: it answers 404, and leaves listings, sitemaps and feeds.
    pub fn delete_page(&self, url: &str) -> Result<(), ControlError> {
        self.delete_page_as(url, Deletion::NotFound)
    }

    /// Deletes a content page with the given answer (404 or 410).
    pub fn delete_page_as(&self, url: &str, how: Deletion) -> Result<(), ControlError> {
        let key = self.locate_page(url)?;
        self.state().deleted.insert(key, how);
        Ok(())
    }

    /// Undoes a deletion.
    pub fn restore_page(&self, url: &str) -> Result<(), ControlError> {
        let key = self.locate_page(url)?;
        self.state().deleted.remove(&key);
        Ok(())
    }

    /// Edits a content page: one more paragraph, `modified` one day later, so a new ETag, a newer
    /// Last-Modified and a newer sitemap lastmod. Returns the page's edit count.
    pub fn edit_page(&self, url: &str) -> Result<u32, ControlError> {
        let key = self.locate_page(url)?;
        let mut st = self.state();
        let e = st.edits.entry(key).or_insert(0);
        *e += 1;
        Ok(*e)
    }

    /// Switches a host off (connections closed without an answer) or back on.
    pub fn set_host_down(&self, host: &str, down: bool) -> Result<(), ControlError> {
        let site = self.site(host).ok_or_else(|| ControlError::UnknownHost(host.to_string()))?.index;
        let mut st = self.state();
        if down {
            st.down.insert(site);
        } else {
            st.down.remove(&site);
        }
        Ok(())
    }

    fn locate_page(&self, raw: &str) -> Result<(usize, u64), ControlError> {
        let url = url::Url::parse(raw).map_err(|_| ControlError::BadUrl(raw.to_string()))?;
        let host = url.host_str().ok_or_else(|| ControlError::BadUrl(raw.to_string()))?;
        let site = self.site(host).ok_or_else(|| ControlError::UnknownHost(host.to_string()))?;
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let st = self.site_state(site.index);
        match router::locate(self, site, &st, &path).map(|l| l.route) {
            Some(Route::Page { j }) | Some(Route::Attachment { j }) => Ok((site.index, j)),
            _ => Err(ControlError::NotAPage(raw.to_string())),
        }
    }

    // ----- internals -----

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn site_state(&self, site: usize) -> SiteState {
        let st = self.state();
        SiteState {
            deleted: st.deleted.range((site, 0)..=(site, u64::MAX)).map(|((_, j), d)| (*j, *d)).collect(),
            edits: st.edits.range((site, 0)..=(site, u64::MAX)).map(|((_, j), e)| (*j, *e)).collect(),
        }
    }

    pub(crate) fn page_at(&self, site: &SiteSpec, j: u64, st: &SiteState) -> Page {
        pages::page(&self.config, site, j, st.edits.get(&j).copied().unwrap_or(0))
    }

    /// Pages not deleted, in index order.
    pub(crate) fn live_pages<'a>(&'a self, site: &'a SiteSpec, st: &'a SiteState) -> impl Iterator<Item = Page> + 'a {
        (0..self.config.pages_per_site as u64)
            .filter(|j| !st.deleted.contains_key(j))
            .map(move |j| self.page_at(site, j, st))
    }

    pub(crate) fn count_render(&self) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn blobs(&self) -> &faults::Blobs {
        &self.blobs
    }

    pub(crate) fn site_index(&self, host: &str) -> Option<usize> {
        self.by_host.get(host).copied()
    }

    pub(crate) fn log(&self) -> &log::RequestLog {
        &self.log
    }

    pub(crate) fn set_port(&self, port: u16) {
        self.port.store(port, Ordering::SeqCst);
    }
}
