//! The fetcher against the synthetic web on loopback.

use std::sync::Arc;
use std::time::Duration;

use ketnoi_crawl::fetch::{Conditional, DEFAULT_USER_AGENT, FetchConfig, FetchError, Fetcher, user_agent_header};
use ketnoi_synthweb::{Config, Feature, Running, SynthWeb, start};

async fn serve() -> Running {
    start(Arc::new(SynthWeb::generate(&Config::small()))).await.expect("synthweb starts")
}

fn config(run: &Running) -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(10),
        resolve: run.web.sites().iter().map(|s| (s.host.clone(), run.addr)).collect(),
        allow_private: true,
        ..FetchConfig::default()
    }
}

fn fetcher(run: &Running) -> Fetcher {
    Fetcher::new(config(run)).expect("client builds")
}

fn feature(run: &Running, f: Feature) -> String {
    run.web.feature_urls(f).into_iter().next().unwrap_or_else(|| panic!("no url for {f:?}"))
}

fn host_of(url: &str) -> String {
    url::Url::parse(url).unwrap().host_str().unwrap().to_string()
}

#[tokio::test]
async fn page_then_conditional_304_and_user_agent() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::News);
    let first = f.fetch(&url, &Conditional::default()).await.unwrap();
    assert_eq!(first.status, 200);
    assert!(!first.body.is_empty());
    assert!(first.redirects.is_empty());
    assert_eq!(first.final_url, url);
    assert!(first.headers.content_type.as_deref().is_some_and(|c| c.starts_with("text/html")));
    let etag = first.headers.etag.clone().expect("etag");

    let cond = Conditional { etag: Some(etag.clone()), last_modified: first.headers.last_modified.clone() };
    let second = f.fetch(&url, &cond).await.unwrap();
    assert_eq!(second.status, 304);
    assert!(second.body.is_empty());

    let log = run.web.requests_to(&host_of(&url));
    assert_eq!(log.len(), 2);
    assert!(
        log.iter().all(|r| r.user_agent.as_deref() == Some(user_agent_header(DEFAULT_USER_AGENT).as_str())),
        "{log:?}"
    );
    assert_eq!(log[1].if_none_match.as_deref(), Some(etag.as_str()));
    assert_eq!(log[1].status, 304);
}

#[tokio::test]
async fn last_modified_alone_gives_304() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::News);
    let first = f.fetch(&url, &Conditional::default()).await.unwrap();
    let lm = first.headers.last_modified.clone().expect("last-modified");
    let again = f.fetch(&url, &Conditional { etag: None, last_modified: Some(lm) }).await.unwrap();
    assert_eq!(again.status, 304);
}

#[tokio::test]
async fn redirect_chain_is_followed_and_recorded() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::RedirectChain302);
    let got = f.fetch(&url, &Conditional::default()).await.unwrap();
    assert_eq!(got.status, 200);
    assert!(got.redirects.len() >= 2, "{:?}", got.redirects);
    assert_eq!(got.redirects[0], url);
    assert!(!got.redirects.contains(&got.final_url));
    let log = run.web.requests_to(&host_of(&url));
    assert_eq!(log.len(), got.redirects.len() + 1);
}

#[tokio::test]
async fn single_301_is_followed() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::Redirect301);
    let got = f.fetch(&url, &Conditional::default()).await.unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(got.redirects, vec![url]);
}

#[tokio::test]
async fn redirect_loop_is_cut() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::RedirectLoop);
    let err = f.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop(_) | FetchError::TooManyRedirects(_)), "{err:?}");
    assert!(run.web.requests_to(&host_of(&url)).len() <= 6);
}

#[tokio::test]
async fn too_many_redirects() {
    let run = serve().await;
    let f = Fetcher::new(FetchConfig { max_redirects: 1, ..config(&run) }).unwrap();
    let url = feature(&run, Feature::RedirectChain302);
    let err = f.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert_eq!(err, FetchError::TooManyRedirects(1));
}

#[tokio::test]
async fn gzip_bomb_is_cut() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::GzipBomb);
    let err = f.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn big_page_is_cut() {
    let run = serve().await;
    let f = fetcher(&run);
    let url = feature(&run, Feature::BigPage);
    let err = f.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 10 * 1024 * 1024 });
}

#[tokio::test]
async fn private_addresses_refused() {
    let run = serve().await;
    let strict = Fetcher::new(FetchConfig { allow_private: false, ..config(&run) }).unwrap();
    // An IP literal.
    let direct = format!("http://127.0.0.1:{}/", run.addr.port());
    let err = strict.fetch(&direct, &Conditional::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::PrivateAddress(_)), "{err:?}");
    // A name mapped to loopback.
    let url = feature(&run, Feature::News);
    let err = strict.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::PrivateAddress(_)), "{err:?}");
    // localhost through DNS.
    let err = strict.fetch(&format!("http://localhost:{}/", run.addr.port()), &Conditional::default()).await;
    assert!(matches!(err, Err(FetchError::PrivateAddress(_))), "{err:?}");
    assert!(run.web.request_log().is_empty());
}

#[tokio::test]
async fn connection_refused_is_connect() {
    let run = serve().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = fetcher(&run);
    let err = f.fetch(&format!("http://127.0.0.1:{port}/"), &Conditional::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::Connect(_)), "{err:?}");
}

#[tokio::test]
async fn slow_host_times_out() {
    let run = serve().await;
    let f = Fetcher::new(FetchConfig { timeout: Duration::from_millis(100), ..config(&run) }).unwrap();
    let url = feature(&run, Feature::SlowHost);
    let err = f.fetch(&url, &Conditional::default()).await.unwrap_err();
    assert_eq!(err, FetchError::Timeout);
}

#[tokio::test]
async fn decompressed_cap_applies_to_gzip() {
    let run = serve().await;
    let f = Fetcher::new(FetchConfig { max_decompressed_bytes: 64 * 1024, ..config(&run) }).unwrap();
    let err = f.fetch(&feature(&run, Feature::GzipBomb), &Conditional::default()).await.unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 64 * 1024 });
}
