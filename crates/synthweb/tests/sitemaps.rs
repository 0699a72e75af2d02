//! robots.txt and every sitemap shape, fetched over HTTP and parsed as XML.

mod common;

use std::collections::BTreeSet;

use ketnoi_synthweb::{Config, SitemapShape, Trait};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Parses XML strictly enough to catch malformed documents; returns (root element, every <loc>).
fn parse(xml: &[u8]) -> (String, Option<String>, Vec<String>) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut root = None;
    let mut ns = None;
    let mut locs = Vec::new();
    let mut in_loc = false;
    let mut depth = 0i32;
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                let name = e.name().as_ref().to_string();
                if root.is_none() {
                    ns = e.attributes().flatten().find(|a| a.key.as_ref() == "xmlns").map(|a| a.value.to_string());
                    root = Some(name.clone());
                }
                in_loc = name == "loc";
                if in_loc {
                    locs.push(String::new());
                }
            }
            Event::Text(t) if in_loc => locs.last_mut().unwrap().push_str(&t),
            Event::GeneralRef(r) if in_loc => {
                let c = match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                };
                locs.last_mut().unwrap().push(c);
            }
            Event::End(_) => {
                depth -= 1;
                in_loc = false;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "balanced");
    (root.expect("a root element"), ns, locs)
}

#[tokio::test]
async fn robots_txt_has_groups_longest_match_delay_and_sitemaps() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let got = common::get(&served.client, &web.url("thanhhoa.gov.vn", "/robots.txt")).await;
    assert_eq!(got.status, 200);
    assert!(got.header("content-type").unwrap().starts_with("text/plain"));
    let text = got.text();
    for line in [
        "User-agent: Googlebot",
        "User-agent: AhrefsBot\nUser-agent: SemrushBot\nDisallow: /",
        "User-agent: *",
        "Disallow: /web/guest/tin-tuc/",
        "Allow: /web/guest/tin-tuc/cong-khai/",
        "Crawl-delay: 0.5",
    ] {
        assert!(text.contains(line), "{line:?} missing in\n{text}");
    }
    assert!(text.contains(&format!("Sitemap: {}", web.url("thanhhoa.gov.vn", "/sitemap.xml"))));

    // Ground truth follows the longest match: public news allowed, internal news disallowed.
    let site = web.site("thanhhoa.gov.vn").unwrap();
    let pages = web.expected_pages(site);
    assert!(pages.iter().any(|p| p.path.contains("/tin-tuc/noi-bo/") && p.disallowed_by_robots));
    assert!(pages.iter().any(|p| p.path.contains("/tin-tuc/cong-khai/") && !p.disallowed_by_robots));
    assert!(pages.iter().filter(|p| !p.path.starts_with("/web/guest/tin-tuc/")).all(|p| !p.disallowed_by_robots));

    // Fractional delays everywhere a delay is announced.
    for s in web.sites().iter().filter(|s| s.crawl_delay.is_some() && !s.has(Trait::NoRobots)) {
        let t = common::get_until_not_503(&served.client, &web.url(&s.host, "/robots.txt")).await.text();
        let secs = s.crawl_delay.unwrap().as_secs_f64();
        let line = t.lines().find(|l| l.starts_with("Crawl-delay:")).expect("delay line");
        let v: f64 = line["Crawl-delay:".len()..].trim().parse().unwrap();
        assert!((v - secs).abs() < 1e-9 && v < 1.5, "{line}");
    }

    let none = web.sites().iter().find(|s| s.has(Trait::NoRobots)).unwrap();
    assert_eq!(common::get(&served.client, &web.url(&none.host, "/robots.txt")).await.status, 404);
}

#[tokio::test]
async fn every_sitemap_parses_and_together_they_list_exactly_the_sitemap_pages() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    for site in web.sites() {
        let expected: BTreeSet<String> =
            web.expected_pages(site).into_iter().filter(|p| p.in_sitemap).map(|p| p.url).collect();
        let paths = web.sitemap_paths(site);
        if site.sitemap == SitemapShape::None {
            assert!(paths.is_empty());
            assert!(expected.is_empty());
            assert_eq!(common::get(&served.client, &web.url(&site.host, "/sitemap.xml")).await.status, 404);
            continue;
        }
        let mut found = BTreeSet::new();
        let mut sitemap_urls = BTreeSet::new();
        for path in &paths {
            let got = common::get_until_not_503(&served.client, &web.url(&site.host, path)).await;
            assert_eq!(got.status, 200, "{}{path}", site.host);
            assert!(got.header("etag").is_some() && got.header("last-modified").is_some(), "{path}");
            if path.ends_with(".txt") {
                found.extend(got.text().lines().map(String::from));
                continue;
            }
            let xml = if path.ends_with(".gz") {
                let ct = got.header("content-type").unwrap();
                assert!(ct == "application/x-gzip" || ct == "application/gzip", "{ct}");
                assert!(got.header("content-encoding").is_none(), "a gzip file, not a gzip encoding");
                common::gunzip(&got.body)
            } else {
                got.body.clone()
            };
            let (root, ns, locs) = parse(&xml);
            match site.sitemap {
                SitemapShape::NoNamespace => assert_eq!(ns, None, "{path}"),
                _ => assert_eq!(ns.as_deref(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"), "{path}"),
            }
            assert!(root == "urlset" || root == "sitemapindex", "{root}");
            for loc in locs {
                let is_sitemap = loc.ends_with(".xml") || loc.ends_with(".xml.gz");
                if root == "sitemapindex" || is_sitemap {
                    sitemap_urls.insert(loc);
                } else {
                    found.insert(loc);
                }
            }
        }
        // Every sub-sitemap named anywhere is one of the site's sitemap documents.
        let all: BTreeSet<String> = paths.iter().map(|p| web.url(&site.host, p)).collect();
        assert!(sitemap_urls.is_subset(&all), "{}: {sitemap_urls:?}", site.host);
        assert_eq!(found, expected, "{}", site.host);
        // Sitemaps list only part of the site.
        let all_pages = web.expected_pages(site).len();
        assert!(expected.len() < all_pages);
    }
}

#[tokio::test]
async fn special_shapes() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let c = &served.client;

    // index → gzip child + news child
    let idx = common::get(c, &web.url("mof.gov.vn", "/sitemap_index.xml")).await;
    let (root, _, locs) = parse(&idx.body);
    assert_eq!(root, "sitemapindex");
    assert!(locs.iter().any(|l| l.ends_with(".xml.gz")));
    assert!(idx.text().contains("<lastmod>"));
    let news = common::get(c, &web.url("mof.gov.vn", "/sitemaps/news.xml")).await.text();
    assert!(news.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    assert!(news.contains("<news:publication_date>") && news.contains("<news:language>vi</news:language>"));
    assert_eq!(common::get(c, &web.url("mof.gov.vn", "/sitemap.xml")).await.status, 404, "only robots.txt names it");

    // nested: index → index → urlset
    let top = common::get(c, &web.url("thanhhoa.gov.vn", "/sitemap.xml")).await;
    let (root, _, years) = parse(&top.body);
    assert_eq!(root, "sitemapindex");
    let year = common::get(c, &years[0]).await;
    let (root, _, months) = parse(&year.body);
    assert_eq!(root, "sitemapindex");
    let month = common::get(c, &months[0]).await;
    assert_eq!(parse(&month.body).0, "urlset");

    // flat file mixing page URLs and a sub-sitemap URL
    let flat = common::get(c, &web.url("ngason.thanhhoa.gov.vn", "/sitemap.xml")).await;
    let (root, _, locs) = parse(&flat.body);
    assert_eq!(root, "urlset");
    assert!(locs.iter().any(|l| l.ends_with("/sitemap-van-ban.xml")));
    assert!(locs.iter().any(|l| l.contains("/index.php/tin-tuc/")));

    // no namespace, plus a plain-text list
    let bare = common::get(c, &web.url("hanoi.gov.vn", "/sitemap.xml")).await.text();
    assert!(bare.contains("<urlset>") && !bare.contains("xmlns"));
    let txt = common::get(c, &web.url("hanoi.gov.vn", "/sitemap.txt")).await;
    assert!(txt.text().lines().all(|l| l.starts_with("http://hanoi.gov.vn:")));

    // RSS 2.0 on news sites
    let rss_url = &web.feature_urls(ketnoi_synthweb::Feature::RssFeed)[0];
    let rss = common::get(c, rss_url).await;
    assert_eq!(rss.status, 200);
    assert!(rss.header("content-type").unwrap().starts_with("application/rss+xml"));
    let (root, _, _) = parse(&rss.body);
    assert_eq!(root, "rss");
    assert!(rss.text().contains("<pubDate>") && rss.text().contains("<guid"));
}
