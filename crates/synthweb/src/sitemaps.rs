//! Sitemaps in every shape real portals serve: single urlsets, chunked indexes, nested indexes,
//! gzip files, Google News extension, flat files mixing pages and sub-sitemaps, missing namespaces
//! and plain-text lists. They list only the pages with `in_sitemap` (link following matters).

use chrono::{DateTime, Datelike, FixedOffset};

use crate::http::{Resource, gzip};
use crate::model::{PageKind, SiteSpec, SitemapShape};
use crate::pages::Page;
use crate::styles;
use crate::text::{dates, esc};
use crate::{SiteState, SynthWeb};

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// Sitemaps announced in robots.txt.
pub(crate) fn robots_sitemaps(site: &SiteSpec) -> Vec<&'static str> {
    match site.sitemap {
        SitemapShape::None => vec![],
        SitemapShape::IndexWithGzipAndNews => vec!["/sitemap_index.xml"],
        SitemapShape::NoNamespace => vec!["/sitemap.xml", "/sitemap.txt"],
        _ => vec!["/sitemap.xml"],
    }
}

fn chunk_size(n: u64) -> u64 {
    n.div_ceil(3).clamp(4, 1000)
}

/// Pages listed in sitemaps, index order.
fn entries(web: &SynthWeb, site: &SiteSpec, st: &SiteState, keep: impl Fn(&Page) -> bool) -> Vec<Page> {
    web.live_pages(site, st).filter(|p| p.in_sitemap && keep(p)).collect()
}

fn newest(pages: &[Page]) -> Option<DateTime<FixedOffset>> {
    pages.iter().map(|p| p.modified).max()
}

fn urlset(
    site: &SiteSpec,
    origin: &str,
    pages: &[Page],
    namespace: bool,
    extra_locs: &[String],
    date_only: bool,
) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if namespace {
        s.push_str(&format!("<urlset xmlns=\"{NS}\">\n"));
    } else {
        s.push_str("<urlset>\n");
    }
    for p in pages {
        let lastmod = if date_only { p.modified.format("%Y-%m-%d").to_string() } else { dates::w3c(&p.modified) };
        s.push_str(&format!(
            "  <url>\n    <loc>{}{}</loc>\n    <lastmod>{lastmod}</lastmod>\n    <changefreq>weekly</changefreq>\n  </url>\n",
            origin,
            esc(&styles::page_path(site, p))
        ));
    }
    for loc in extra_locs {
        s.push_str(&format!("  <url>\n    <loc>{origin}{loc}</loc>\n  </url>\n"));
    }
    s.push_str("</urlset>\n");
    s
}

fn news_urlset(site: &SiteSpec, origin: &str, pages: &[Page]) -> String {
    let mut s =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NS}\" xmlns:news=\"{NEWS_NS}\">\n");
    for p in pages {
        s.push_str(&format!(
            "  <url>\n    <loc>{origin}{}</loc>\n    <news:news>\n      <news:publication>\n        <news:name>{}</news:name>\n        <news:language>vi</news:language>\n      </news:publication>\n      <news:publication_date>{}</news:publication_date>\n      <news:title>{}</news:title>\n    </news:news>\n  </url>\n",
            esc(&styles::page_path(site, p)),
            esc(&site.name),
            dates::w3c(&p.published),
            esc(&p.title)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

fn index(origin: &str, children: &[(String, Option<DateTime<FixedOffset>>)]) -> String {
    let mut s = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{NS}\">\n");
    for (path, lastmod) in children {
        s.push_str(&format!("  <sitemap>\n    <loc>{origin}{path}</loc>\n"));
        if let Some(m) = lastmod {
            s.push_str(&format!("    <lastmod>{}</lastmod>\n", dates::w3c(m)));
        }
        s.push_str("  </sitemap>\n");
    }
    s.push_str("</sitemapindex>\n");
    s
}

fn xml(body: String, modified: Option<DateTime<FixedOffset>>) -> Resource {
    Resource::ok("application/xml; charset=utf-8", body, modified)
}

fn is_legal(p: &Page) -> bool {
    p.kind == PageKind::LegalDocument
}

fn months(pages: &[Page]) -> std::collections::BTreeMap<(i32, u32), Vec<Page>> {
    let mut m: std::collections::BTreeMap<(i32, u32), Vec<Page>> = Default::default();
    for p in pages {
        m.entry((p.published.year(), p.published.month())).or_default().push(p.clone());
    }
    m
}

/// Every sitemap document of a site (paths), for ground truth and tests.
pub(crate) fn paths(web: &SynthWeb, site: &SiteSpec, st: &SiteState) -> Vec<String> {
    match site.sitemap {
        SitemapShape::None => vec![],
        SitemapShape::Single => vec!["/sitemap.xml".into()],
        SitemapShape::Chunked => {
            let n = web.config().pages_per_site as u64;
            let mut v = vec!["/sitemap.xml".to_string()];
            v.extend((1..=n.div_ceil(chunk_size(n))).map(|k| format!("/sitemap-{k}.xml")));
            v
        }
        SitemapShape::IndexWithGzipAndNews => vec![
            "/sitemap_index.xml".into(),
            "/sitemaps/tin-tuc.xml".into(),
            "/sitemaps/van-ban.xml.gz".into(),
            "/sitemaps/news.xml".into(),
        ],
        SitemapShape::Nested => {
            let all = entries(web, site, st, |_| true);
            let ms = months(&all);
            let mut v = vec!["/sitemap.xml".to_string()];
            let years: std::collections::BTreeSet<i32> = ms.keys().map(|(y, _)| *y).collect();
            v.extend(years.iter().map(|y| format!("/sitemap/{y}.xml")));
            v.extend(ms.keys().map(|(y, m)| format!("/sitemap/{y}-{m:02}.xml")));
            v
        }
        SitemapShape::FlatMixed => vec!["/sitemap.xml".into(), "/sitemap-van-ban.xml".into()],
        SitemapShape::NoNamespace => vec!["/sitemap.xml".into(), "/sitemap.txt".into()],
    }
}

/// The sitemap at `path`, if this site has one there.
pub(crate) fn document(web: &SynthWeb, site: &SiteSpec, st: &SiteState, origin: &str, path: &str) -> Option<Resource> {
    let n = web.config().pages_per_site as u64;
    match (site.sitemap, path) {
        (SitemapShape::Single, "/sitemap.xml") => {
            let all = entries(web, site, st, |_| true);
            Some(xml(urlset(site, origin, &all, true, &[], false), newest(&all)))
        }
        (SitemapShape::Chunked, "/sitemap.xml") => {
            let c = chunk_size(n);
            let children: Vec<(String, Option<DateTime<FixedOffset>>)> = (1..=n.div_ceil(c))
                .map(|k| {
                    let part = entries(web, site, st, |p| p.j / c == k - 1);
                    (format!("/sitemap-{k}.xml"), newest(&part))
                })
                .collect();
            let m = children.iter().filter_map(|c| c.1).max();
            Some(xml(index(origin, &children), m))
        }
        (SitemapShape::Chunked, p) => {
            let k: u64 = p.strip_prefix("/sitemap-")?.strip_suffix(".xml")?.parse().ok()?;
            let c = chunk_size(n);
            if k == 0 || k > n.div_ceil(c) {
                return None;
            }
            let part = entries(web, site, st, |p| p.j / c == k - 1);
            Some(xml(urlset(site, origin, &part, true, &[], false), newest(&part)))
        }
        (SitemapShape::IndexWithGzipAndNews, "/sitemap_index.xml") => {
            let pages = entries(web, site, st, |p| !is_legal(p));
            let legal = entries(web, site, st, is_legal);
            let news = news_entries(web, site, st);
            let children = vec![
                ("/sitemaps/tin-tuc.xml".to_string(), newest(&pages)),
                ("/sitemaps/van-ban.xml.gz".to_string(), newest(&legal)),
                ("/sitemaps/news.xml".to_string(), newest(&news)),
            ];
            let m = children.iter().filter_map(|c| c.1).max();
            Some(xml(index(origin, &children), m))
        }
        (SitemapShape::IndexWithGzipAndNews, "/sitemaps/tin-tuc.xml") => {
            let pages = entries(web, site, st, |p| !is_legal(p));
            Some(xml(urlset(site, origin, &pages, true, &[], false), newest(&pages)))
        }
        (SitemapShape::IndexWithGzipAndNews, "/sitemaps/van-ban.xml.gz") => {
            // A gzip *file*: application/x-gzip, no Content-Encoding (clients must gunzip it).
            let legal = entries(web, site, st, is_legal);
            let body = gzip(urlset(site, origin, &legal, true, &[], false).as_bytes());
            Some(Resource::ok("application/x-gzip", body, newest(&legal)))
        }
        (SitemapShape::IndexWithGzipAndNews, "/sitemaps/news.xml") => {
            let news = news_entries(web, site, st);
            Some(xml(news_urlset(site, origin, &news), newest(&news)))
        }
        (SitemapShape::Nested, "/sitemap.xml") => {
            let all = entries(web, site, st, |_| true);
            let ms = months(&all);
            let mut years: std::collections::BTreeMap<i32, Option<DateTime<FixedOffset>>> = Default::default();
            for ((y, _), ps) in &ms {
                let e = years.entry(*y).or_default();
                *e = (*e).max(newest(ps));
            }
            let children: Vec<_> = years.iter().map(|(y, m)| (format!("/sitemap/{y}.xml"), *m)).collect();
            Some(xml(index(origin, &children), newest(&all)))
        }
        (SitemapShape::Nested, p) => {
            let stem = p.strip_prefix("/sitemap/")?.strip_suffix(".xml")?;
            let all = entries(web, site, st, |_| true);
            let ms = months(&all);
            if let Some((y, m)) = stem.split_once('-') {
                let key = (y.parse().ok()?, m.parse().ok()?);
                if stem != format!("{}-{:02}", key.0, key.1) {
                    return None;
                }
                let ps = ms.get(&key)?;
                Some(xml(urlset(site, origin, ps, true, &[], true), newest(ps)))
            } else {
                let y: i32 = stem.parse().ok()?;
                let children: Vec<_> = ms
                    .iter()
                    .filter(|((yy, _), _)| *yy == y)
                    .map(|((yy, m), ps)| (format!("/sitemap/{yy}-{m:02}.xml"), newest(ps)))
                    .collect();
                if children.is_empty() {
                    return None;
                }
                let m = children.iter().filter_map(|c| c.1).max();
                Some(xml(index(origin, &children), m))
            }
        }
        (SitemapShape::FlatMixed, "/sitemap.xml") => {
            // Lax real-world XML: a urlset whose last <loc> is another sitemap, not a page.
            let pages = entries(web, site, st, |p| !is_legal(p));
            let body = urlset(site, origin, &pages, true, &["/sitemap-van-ban.xml".to_string()], false);
            Some(xml(body, newest(&pages)))
        }
        (SitemapShape::FlatMixed, "/sitemap-van-ban.xml") => {
            let legal = entries(web, site, st, is_legal);
            Some(xml(urlset(site, origin, &legal, true, &[], false), newest(&legal)))
        }
        (SitemapShape::NoNamespace, "/sitemap.xml") => {
            let all = entries(web, site, st, |_| true);
            Some(xml(urlset(site, origin, &all, false, &[], false), newest(&all)))
        }
        (SitemapShape::NoNamespace, "/sitemap.txt") => {
            let all = entries(web, site, st, |_| true);
            let mut body = String::new();
            for p in &all {
                body.push_str(&format!("{origin}{}\n", styles::page_path(site, p)));
            }
            Some(Resource::ok("text/plain; charset=utf-8", body, newest(&all)))
        }
        _ => None,
    }
}

/// The newest 20 news articles listed in sitemaps (a news sitemap covers recent news only).
fn news_entries(web: &SynthWeb, site: &SiteSpec, st: &SiteState) -> Vec<Page> {
    let mut news = entries(web, site, st, |p| p.kind == PageKind::News);
    news.reverse();
    news.truncate(20);
    news
}

/// RSS 2.0 feed of the newest 20 news articles.
pub(crate) fn rss(web: &SynthWeb, site: &SiteSpec, st: &SiteState, origin: &str) -> Resource {
    let mut items: Vec<Page> = web.live_pages(site, st).filter(|p| p.kind == PageKind::News).collect();
    items.reverse();
    items.truncate(20);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>{}</title>\n<link>{origin}/</link>\n<description>Tin tức - Sự kiện</description>\n<language>vi</language>\n",
        esc(&site.name)
    );
    for p in &items {
        let content = crate::pages::content(web.config(), site, p);
        let desc = content.paragraphs.first().cloned().unwrap_or_default();
        let url = format!("{origin}{}", styles::page_path(site, p));
        s.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<pubDate>{}</pubDate>\n<guid isPermaLink=\"true\">{}</guid>\n</item>\n",
            esc(&p.title),
            esc(&url),
            esc(&desc),
            dates::rss_date(&p.published),
            esc(&url)
        ));
    }
    s.push_str("</channel>\n</rss>\n");
    Resource::ok("application/rss+xml; charset=utf-8", s, newest(&items))
}
