//! `Config::small()` contains every feature, and each feature URL shows it.

mod common;

use ketnoi_synthweb::{Config, Feature, PageKind, SynthWeb};

fn host_of(url: &str) -> String {
    url.split("//").nth(1).unwrap().split([':', '/']).next().unwrap().to_string()
}

#[tokio::test]
async fn small_config_has_every_feature() {
    let served =
        common::serve(Config { rate_limit_interval: std::time::Duration::from_secs(3600), ..Config::small() }).await;
    let web: &SynthWeb = &served.web;
    let c = &served.client;
    for f in Feature::ALL {
        let urls = web.feature_urls(f);
        assert!(!urls.is_empty(), "{f:?} is missing from Config::small()");
        let url = &urls[0];
        let got = common::get_until_not_503(c, url).await;
        let text = got.text();
        let ok = match f {
            Feature::StyleJoomla => text.contains("com_content"),
            Feature::StyleWordPress => text.contains("site-main") && text.contains("widget-area"),
            Feature::StyleSharePoint => text.contains("aspnetForm") && text.contains("s4-workspace"),
            Feature::StyleLiferay => text.contains("portlet-layout"),
            Feature::StyleCustomPhp => text.contains("<table width=\"980\""),
            Feature::News => text.contains("sapo") && (text.contains(", Thứ ") || text.contains(", Chủ Nhật, ")),
            Feature::LegalDocument => [
                "Số ký hiệu",
                "Loại văn bản",
                "Cơ quan ban hành",
                "Ngày ban hành",
                "Ngày có hiệu lực",
                "Người ký",
                "Trích yếu",
                ".pdf\"",
            ]
            .iter()
            .all(|s| text.contains(s)),
            Feature::PdfAttachment => {
                got.body.starts_with(b"%PDF-1.4") && got.header("content-type").as_deref() == Some("application/pdf")
            }
            Feature::PublicService => text.contains("Mã thủ tục") && text.contains("Thành phần hồ sơ"),
            Feature::Media => text.contains("<video") && text.contains("video.other"),
            Feature::DuplicateDirective => {
                let mut bodies = Vec::new();
                for u in &urls {
                    let page =
                        web.expected_pages(web.site(&host_of(u)).unwrap()).into_iter().find(|p| &p.url == u).unwrap();
                    assert_eq!(page.duplicate_group, Some(1));
                    bodies.push(page.paragraphs.clone());
                    let t = common::get(c, u).await.text();
                    assert!(page.paragraphs.iter().all(|p| t.contains(p.as_str())));
                }
                urls.len() >= 3 && bodies.windows(2).all(|w| w[0] == w[1])
            }
            Feature::DublinCore => {
                ["DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier", "DC.language"]
                    .iter()
                    .all(|m| text.contains(&format!("name=\"{m}\"")))
            }
            Feature::OpenGraph => text.contains("property=\"og:title\"") && text.contains("property=\"og:url\""),
            Feature::JsonLd => text.contains("application/ld+json") && text.contains("\"NewsArticle\""),
            Feature::RobotsLongestMatch => {
                text.contains("Disallow: /web/guest/tin-tuc/") && text.contains("Allow: /web/guest/tin-tuc/cong-khai/")
            }
            Feature::RobotsUserAgentGroups => text.matches("User-agent:").count() >= 3,
            Feature::CrawlDelay => text.contains("Crawl-delay: 0."),
            Feature::NoRobots => got.status == 404,
            Feature::SitemapIndex => text.contains("<sitemapindex"),
            Feature::GzipSitemap => common::gunzip(&got.body).starts_with(b"<?xml"),
            Feature::NestedSitemapIndex => {
                let child = text.split("<loc>").nth(1).unwrap().split("</loc>").next().unwrap().to_string();
                common::get(c, &child).await.text().contains("<sitemapindex")
            }
            Feature::FlatMixedSitemap => text.contains("<urlset") && text.contains(".xml</loc>"),
            Feature::SitemapWithoutNamespace => text.contains("<urlset>"),
            Feature::NewsSitemap => text.contains("<news:news>"),
            Feature::PlainTextSitemap => {
                got.header("content-type").unwrap().starts_with("text/plain") && text.lines().count() > 3
            }
            Feature::RssFeed => text.contains("<rss version=\"2.0\">"),
            Feature::NoSitemap => {
                let host = host_of(url);
                let robots = common::get(c, &web.url(&host, "/robots.txt")).await.text();
                !robots.contains("Sitemap:") && common::get(c, &web.url(&host, "/sitemap.xml")).await.status == 404
            }
            Feature::NoindexMeta => text.contains("<meta name=\"robots\" content=\"noindex"),
            Feature::NoindexHeader => got.header("x-robots-tag").as_deref() == Some("noindex"),
            Feature::PrintCanonical => {
                let canonical = url.split('?').next().unwrap();
                text.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">"))
            }
            Feature::TrackingDuplicate => url.contains("utm_source=") && got.status == 200,
            Feature::Windows1258 => got.header("content-type").as_deref() == Some("text/html; charset=windows-1258"),
            Feature::CharsetMetaOnly => {
                got.header("content-type").as_deref() == Some("text/html") && text.contains("charset=windows-1258")
            }
            Feature::Tcvn3 => text.contains(".VnTime") && std::str::from_utf8(&got.body).is_err(),
            Feature::Soft404 => got.status == 200 && text.contains("Không tìm thấy trang"),
            Feature::Redirect301 => got.status == 301,
            Feature::RedirectChain302 | Feature::RedirectLoop => got.status == 302,
            Feature::CalendarTrap => text.contains("Tháng sau"),
            Feature::QueryVariantTrap => text.contains("page=2"),
            Feature::SlowHost | Feature::GoesAway | Feature::RateLimited429 => got.status == 200,
            Feature::Flaky503 => web.requests_to(&host_of(url)).iter().any(|r| r.status == 503),
            Feature::BigPage => got.body.len() > 10 * 1024 * 1024,
            Feature::GzipBomb => {
                got.header("content-encoding").as_deref() == Some("gzip") && got.body.len() < 2 * 1024 * 1024
            }
            Feature::ExternalLinks => text.contains("http://192.168.1.10/"),
        };
        assert!(ok, "{f:?} not shown by {url} (status {})", got.status);
    }
}

#[test]
fn ground_truth_covers_every_kind_and_flag() {
    let web = SynthWeb::generate(&Config::small());
    let all: Vec<_> = web.sites().iter().flat_map(|s| web.expected_pages(s)).collect();
    for kind in [PageKind::News, PageKind::LegalDocument, PageKind::PublicService, PageKind::Media, PageKind::Other] {
        assert!(all.iter().any(|p| p.kind == kind), "{kind:?}");
    }
    assert!(all.iter().any(|p| p.in_sitemap) && all.iter().any(|p| !p.in_sitemap));
    assert!(all.iter().any(|p| p.disallowed_by_robots));
    assert!(all.iter().filter(|p| p.noindex).count() >= 2);
    assert!(all.iter().any(|p| p.canonical_of.is_some() && p.path.contains("print=1")));
    assert!(all.iter().any(|p| p.canonical_of.is_some() && p.path.contains("utm_source=")));
    let legal: Vec<_> = all.iter().filter_map(|p| p.legal.as_ref()).collect();
    assert!(legal.iter().any(|l| l.number.contains("/QĐ-")));
    assert!(legal.iter().any(|l| l.number == "42/2022/NĐ-CP"));
    assert!(legal.iter().all(|l| l.attachment_url.ends_with(".pdf") && l.effective >= l.issued));
    let dates_ok = all.iter().all(|p| {
        let y = chrono::Datelike::year(&p.published);
        (2024..=2025).contains(&y)
    });
    assert!(dates_ok);
    let site_kinds: std::collections::BTreeSet<_> = web.sites().iter().map(|s| s.kind).collect();
    assert_eq!(site_kinds.len(), 3);
    let thanhhoa = web.site("thanhhoa.gov.vn").unwrap();
    assert_eq!((thanhhoa.unit_id.as_str(), thanhhoa.unit_is_real), ("38", true));
    assert_eq!(web.site("mof.gov.vn").unwrap().unit_id, "bo-tai-chinh");
    assert_eq!(web.site("ngason.thanhhoa.gov.vn").unwrap().unit_id, "16093");
}
