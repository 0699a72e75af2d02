//! robots.txt and sitemaps behind redirects (http → https and bare host → www are common on
//! portals): followed within the site, so their rules and entries still apply.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ketnoi_crawl::{CrawlConfig, Crawler, RunOptions};
use ketnoi_domain::{CrawlSettings, Hosting, SiteInput, SiteStatus, UrlState};
use ketnoi_store::Store;
use ketnoi_store_sqlite::SqliteStore;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::watch;

type Routes = Arc<Mutex<BTreeMap<&'static str, (u16, &'static str, String)>>>;

/// A one-site web: `(status, extra headers, body)` by path (routes may be added while it runs);
/// every request path is logged.
async fn serve(routes: Routes) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut conn, _)) = listener.accept().await else { return };
            let (routes, seen) = (routes.clone(), seen.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = conn.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                seen.lock().unwrap().push(path.clone());
                let (status, headers, body) =
                    routes.lock().unwrap().get(path.as_str()).cloned().unwrap_or((404, "", "not found".to_string()));
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
                    body.len()
                );
                let _ = conn.write_all(reply.as_bytes()).await;
            });
        }
    });
    (port, log)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirected_robots_and_sitemaps_are_followed_within_the_site() {
    let page = |title: &str, links: &str| {
        format!(
            "<html><head><title>{title}</title></head><body><h1>{title}</h1><p>Nội dung trang {title} của cổng thông tin điện tử xã.</p>{links}</body></html>"
        )
    };
    let mut routes = BTreeMap::new();
    routes.insert("/robots.txt", (301, "location: /real-robots.txt\r\n", String::new()));
    routes
        .insert("/real-robots.txt", (200, "", "User-agent: *\nDisallow: /bi-mat\nSitemap: /sitemap.xml\n".to_string()));
    routes.insert("/sitemap.xml", (302, "location: /sitemaps/main.xml\r\n", String::new()));
    routes.insert("/", (200, "", page("Trang chủ", "<a href=\"/bi-mat/ho-so\">hồ sơ</a>")));
    routes.insert("/chi-trong-sitemap", (200, "", page("Chỉ trong sơ đồ", "")));
    routes.insert("/bi-mat/ho-so", (200, "", page("Bí mật", "")));
    let routes: Routes = Arc::new(Mutex::new(routes));
    let (port, log) = serve(routes.clone()).await;
    let origin = format!("http://xa-thu.gov.vn:{port}");
    // The sitemap names absolute URLs, port included: known once the server listens.
    let sitemap = format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{origin}/chi-trong-sitemap</loc></url></urlset>"
    );
    routes.lock().unwrap().insert("/sitemaps/main.xml", (200, "", sitemap));

    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("k.db")).await.unwrap());
    let input = SiteInput {
        unit_id: None,
        name: "Xã Thử".into(),
        urls: vec![format!("{origin}/")],
        status: SiteStatus::Active,
        technology: None,
        hosting: Hosting::Unknown,
        parent_site_id: None,
        sitemaps: vec![],
        crawl: CrawlSettings::default(),
        note: None,
    };
    let (input, urls) = input.validate().unwrap();
    let site = store.create_site(&input, &urls).await.unwrap();
    let mut config = CrawlConfig::default();
    config.fetch.allow_private = true;
    config.fetch.resolve = vec![("xa-thu.gov.vn".into(), format!("127.0.0.1:{port}").parse().unwrap())];
    config.gate.floor_delay = Duration::from_millis(10);
    let (_stop_tx, stop) = watch::channel(false);
    let reports = Crawler::new(store.clone(), config, None, stop)
        .unwrap()
        .run(vec![site.clone()], RunOptions { once: true, sweep: false })
        .await
        .unwrap();

    let paths = log.lock().unwrap().clone();
    assert!(paths.contains(&"/real-robots.txt".to_string()), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("/bi-mat")), "the redirected robots.txt was obeyed: {paths:?}");
    assert_eq!(reports[0].robots, "ok");
    let excluded = store.crawl_url(site.id, &format!("{origin}/bi-mat/ho-so")).await.unwrap().unwrap();
    assert_eq!(excluded.state, UrlState::Excluded);
    // The sitemap behind a 302 was read.
    assert!(paths.contains(&"/sitemaps/main.xml".to_string()), "{paths:?}");
    let from_sitemap = store.crawl_url(site.id, &format!("{origin}/chi-trong-sitemap")).await.unwrap().unwrap();
    assert_eq!((from_sitemap.state, from_sitemap.source), (UrlState::Fetched, ketnoi_domain::UrlSource::Sitemap));
}
