//! Validators, conditional GET, gzip, and the web changing under the crawler (edit, delete).

mod common;

use ketnoi_synthweb::{Config, Deletion, PageKind};

fn first_news(web: &ketnoi_synthweb::SynthWeb, host: &str) -> ketnoi_synthweb::ExpectedPage {
    let site = web.site(host).unwrap();
    web.expected_pages(site).into_iter().find(|p| p.kind == PageKind::News && p.canonical_of.is_none()).unwrap()
}

#[tokio::test]
async fn conditional_get_answers_304() {
    let served = common::serve(Config::small()).await;
    let c = &served.client;
    let page = first_news(&served.web, "mof.gov.vn");
    for url in [
        page.url.clone(),
        served.web.url("mof.gov.vn", "/sitemap_index.xml"),
        served.web.url("mof.gov.vn", "/Pages/rss.aspx"),
    ] {
        let first = common::get(c, &url).await;
        assert_eq!(first.status, 200);
        let etag = first.header("etag").expect("etag");
        assert!(etag.starts_with('"') && !etag.starts_with("W/"), "strong: {etag}");
        let lm = first.header("last-modified").expect("last-modified");
        let by_tag = common::get_with(c, &url, &[("if-none-match", &etag)]).await;
        assert_eq!(by_tag.status, 304, "{url}");
        assert!(by_tag.body.is_empty());
        assert_eq!(by_tag.header("etag").as_deref(), Some(etag.as_str()));
        let by_date = common::get_with(c, &url, &[("if-modified-since", &lm)]).await;
        assert_eq!(by_date.status, 304, "{url}");
        let stale = common::get_with(c, &url, &[("if-none-match", "\"0000\""), ("if-modified-since", &lm)]).await;
        assert_eq!(stale.status, 200, "If-None-Match wins over If-Modified-Since");
        let older = common::get_with(c, &url, &[("if-modified-since", "Mon, 01 Jan 2024 00:00:00 GMT")]).await;
        assert_eq!(older.status, 200);
    }
    let log = served.web.requests_to("mof.gov.vn");
    assert!(log.iter().any(|r| r.if_none_match.is_some()));
    assert!(log.iter().any(|r| r.if_modified_since.as_deref() == Some("Mon, 01 Jan 2024 00:00:00 GMT")));
}

#[tokio::test]
async fn gzip_when_accepted() {
    let served = common::serve(Config::small()).await;
    let c = &served.client;
    let page = first_news(&served.web, "thanhhoa.gov.vn");
    let plain = common::get(c, &page.url).await;
    assert!(plain.header("content-encoding").is_none());
    assert_eq!(plain.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    let zipped = common::get_with(c, &page.url, &[("accept-encoding", "gzip, deflate")]).await;
    assert_eq!(zipped.header("content-encoding").as_deref(), Some("gzip"));
    assert_eq!(zipped.header("vary").as_deref(), Some("Accept-Encoding"));
    assert!(zipped.body.len() < plain.body.len());
    assert_eq!(common::gunzip(&zipped.body), plain.body);
    // The gzip representation has its own strong tag, and either tag revalidates.
    let tag = zipped.header("etag").unwrap();
    assert_ne!(Some(tag.clone()), plain.header("etag"));
    let again = common::get_with(c, &page.url, &[("accept-encoding", "gzip"), ("if-none-match", &tag)]).await;
    assert_eq!(again.status, 304);
}

#[tokio::test]
async fn edit_changes_validators_and_sitemap_lastmod() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let c = &served.client;
    let page = first_news(web, "hanoi.gov.vn");
    assert!(page.in_sitemap);
    let before = common::get(c, &page.url).await;
    let sitemap_before = common::get(c, &web.url("hanoi.gov.vn", "/sitemap.xml")).await;
    assert_eq!(web.edit_page(&page.url).unwrap(), 1);
    let after = common::get_with(c, &page.url, &[("if-none-match", &before.header("etag").unwrap())]).await;
    assert_eq!(after.status, 200, "the old tag no longer matches");
    assert_ne!(after.header("etag"), before.header("etag"));
    let lm_before = before.header("last-modified").unwrap();
    let lm_after = after.header("last-modified").unwrap();
    let parse = |s: &str| chrono::DateTime::parse_from_rfc2822(s).unwrap();
    assert!(parse(&lm_after) > parse(&lm_before));
    assert!(after.text().contains("Cập nhật lần 1:"));
    let changed =
        web.expected_pages(web.site("hanoi.gov.vn").unwrap()).into_iter().find(|p| p.url == page.url).unwrap();
    assert!(changed.modified > page.modified);
    assert!(after.text().contains(changed.paragraphs.last().unwrap()));
    let sitemap_after = common::get(c, &web.url("hanoi.gov.vn", "/sitemap.xml")).await;
    assert_ne!(sitemap_after.header("etag"), sitemap_before.header("etag"));
    let new_lastmod = changed.modified.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    assert!(sitemap_after.text().contains(&new_lastmod));
    assert!(!sitemap_before.text().contains(&new_lastmod));
}

#[tokio::test]
async fn deleted_pages_answer_404_or_410_and_leave_sitemaps() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let c = &served.client;
    let site = web.site("ngason.thanhhoa.gov.vn").unwrap();
    let pages: Vec<_> =
        web.expected_pages(site).into_iter().filter(|p| p.in_sitemap && p.kind != PageKind::Other).collect();
    let (a, b) = (&pages[0], &pages[1]);
    assert_eq!(common::get(c, &a.url).await.status, 200);
    web.delete_page(&a.url).unwrap();
    web.delete_page_as(&b.url, Deletion::Gone).unwrap();
    assert_eq!(common::get(c, &a.url).await.status, 404);
    assert_eq!(common::get(c, &b.url).await.status, 410);
    let sitemap = common::get(c, &web.url(&site.host, "/sitemap.xml")).await.text()
        + &common::get(c, &web.url(&site.host, "/sitemap-van-ban.xml")).await.text();
    assert!(!sitemap.contains(&a.url.replace('&', "&amp;")) && !sitemap.contains(&b.url.replace('&', "&amp;")));
    assert!(web.expected_pages(site).iter().all(|p| p.url != a.url && p.url != b.url));
    web.restore_page(&a.url).unwrap();
    assert_eq!(common::get(c, &a.url).await.status, 200);
    assert!(web.delete_page(&web.url(&site.host, "/")).is_err(), "only content pages can be deleted");
    assert!(web.delete_page("http://nowhere.gov.vn/x").is_err());
}
