//! From (site, path) to a resource: robots, sitemaps, feeds, trait specials, then CMS routes
//! checked by regenerating the canonical path (so every page has exactly one clean URL).

use crate::html::{self, Variant};
use crate::http::Resource;
use crate::model::{PageKind, SiteSpec};
use crate::pages::{self, Page};
use crate::styles::{self, Route};
use crate::text::dates;
use crate::{Deletion, SiteState, SynthWeb, faults, pdf, robots, sitemaps};

pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// What a request names once tracking and print parameters are set aside.
pub(crate) struct Located {
    pub route: Route,
    pub print: bool,
    pub tracking: bool,
}

/// Resolves CMS routes; `None` when the path is not this site's canonical form of a route.
pub(crate) fn locate(web: &SynthWeb, site: &SiteSpec, st: &SiteState, path_and_query: &str) -> Option<Located> {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let pairs = parse_query(query);
    let print = pairs.iter().any(|(k, v)| k == "print" && v == "1");
    let tracking = pairs.iter().any(|(k, _)| faults::is_tracking(k));
    let clean: Vec<(String, String)> =
        pairs.into_iter().filter(|(k, _)| !faults::is_tracking(k) && k != "print" && !(print && k == "tmpl")).collect();
    let clean_path = if clean.is_empty() {
        path.to_string()
    } else {
        let q: Vec<String> = clean.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{path}?{}", q.join("&"))
    };
    let n = web.config().pages_per_site as u64;
    let route = styles::parse(site, path, &clean)?;
    let canonical = match route {
        Route::Home => "/".to_string(),
        Route::List { kind, p } => styles::list_path(site, kind, p),
        Route::Page { j } if j < n => styles::page_path(site, &web.page_at(site, j, st)),
        Route::Attachment { j } if j < n && pages::kind_of(j) == PageKind::LegalDocument => {
            if !query.is_empty() {
                return None;
            }
            styles::attachment_path(site, &web.page_at(site, j, st))
        }
        _ => return None,
    };
    (canonical == clean_path).then_some(Located { route, print, tracking })
}

fn deleted(d: Deletion) -> Resource {
    match d {
        Deletion::NotFound => Resource::new(404, "text/html; charset=utf-8", "<h1>404 - Không tìm thấy trang</h1>"),
        Deletion::Gone => Resource::new(410, "text/html; charset=utf-8", "<h1>410 - Trang đã bị gỡ bỏ</h1>"),
    }
}

fn article(web: &SynthWeb, site: &SiteSpec, st: &SiteState, page: &Page, origin: &str, variant: Variant) -> Resource {
    web.count_render();
    let content = pages::content(web.config(), site, page);
    let doc = html::article_document(web, site, st, page, &content, origin, variant);
    let (_, content_type) = html::declarations(page.encoding, page.charset);
    let mut r = Resource::ok(content_type, html::encode(page.encoding, &doc), Some(page.modified));
    if page.noindex == Some(pages::NoindexVia::Header) {
        r.headers.push(("x-robots-tag", "noindex".into()));
    }
    r
}

impl SynthWeb {
    /// The resource at `path_and_query` of a site, as the site's CMS would answer it.
    pub(crate) fn resolve(&self, site: &SiteSpec, origin: &str, path_and_query: &str) -> Resource {
        let st = self.site_state(site.index);
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        if path_and_query == "/robots.txt" {
            return match robots::robots_txt(site, origin) {
                Some(body) => {
                    let fixed = dates::at(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"), 8 * 60);
                    Resource::ok("text/plain; charset=utf-8", body, Some(fixed))
                }
                None => faults::not_found(self, site, &st),
            };
        }
        if let Some(r) = sitemaps::document(self, site, &st, origin, path_and_query) {
            return r;
        }
        if html::has_feed(site) && path_and_query == styles::feed_path(site) {
            return sitemaps::rss(self, site, &st, origin);
        }
        if let Some(r) = faults::special(self, site, &st, origin, path, &parse_query(query)) {
            return r;
        }
        let Some(loc) = locate(self, site, &st, path_and_query) else {
            return faults::not_found(self, site, &st);
        };
        match loc.route {
            Route::Home => {
                let links = faults::home_links(self, site, &st);
                let (doc, newest) = html::home_document(self, site, &st, &links);
                let (encoding, charset) = html::site_encoding(site);
                let (_, ct) = html::declarations(encoding, charset);
                Resource::ok(ct, html::encode(encoding, &doc), newest)
            }
            Route::List { kind, p } => match html::list_document(self, site, &st, kind, p) {
                Some((doc, newest)) => {
                    let (encoding, charset) = html::site_encoding(site);
                    let (_, ct) = html::declarations(encoding, charset);
                    Resource::ok(ct, html::encode(encoding, &doc), newest)
                }
                None => faults::not_found(self, site, &st),
            },
            Route::Page { j } => {
                if let Some(d) = st.deleted.get(&j) {
                    return deleted(*d);
                }
                let page = self.page_at(site, j, &st);
                let variant = if loc.print && html::has_print(site, &page) {
                    Variant::Print
                } else if loc.tracking {
                    Variant::Tracking
                } else {
                    Variant::Normal
                };
                article(self, site, &st, &page, origin, variant)
            }
            Route::Attachment { j } => {
                if let Some(d) = st.deleted.get(&j) {
                    return deleted(*d);
                }
                let page = self.page_at(site, j, &st);
                let content = pages::content(self.config(), site, &page);
                let Some(legal) = content.legal else { return faults::not_found(self, site, &st) };
                let body =
                    pdf::build(&page.title, &pages::pdf_lines(&legal), &legal.issued.format("%Y%m%d").to_string());
                Resource::ok("application/pdf", body, Some(page.modified))
            }
        }
    }
}
