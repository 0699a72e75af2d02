//! The request log: what politeness tests assert on.

mod common;

use std::time::Duration;

use ketnoi_synthweb::Config;

#[tokio::test]
async fn the_log_records_requests_and_headers_of_interest() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let url = web.url("mof.gov.vn", "/robots.txt");
    common::get_with(&served.client, &url, &[("if-none-match", "\"x\""), ("accept-encoding", "gzip")]).await;
    common::get_with(&served.client, &url, &[("if-modified-since", "Mon, 01 Jan 2024 00:00:00 GMT")]).await;
    let log = web.requests_to("mof.gov.vn");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].path, "/robots.txt");
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].host, "mof.gov.vn");
    assert_eq!(log[0].user_agent.as_deref(), Some(common::UA));
    assert_eq!(log[0].if_none_match.as_deref(), Some("\"x\""));
    assert_eq!(log[0].accept_encoding.as_deref(), Some("gzip"));
    assert_eq!(log[1].if_modified_since.as_deref(), Some("Mon, 01 Jan 2024 00:00:00 GMT"));
    assert!(log[0].at <= log[1].at && log[0].seq < log[1].seq);
    assert_eq!((log[0].status, log[1].status), (200, 200));
    assert_eq!(web.request_count("mof.gov.vn"), 2);
    web.clear_request_log();
    assert!(web.request_log().is_empty());
}

#[tokio::test]
async fn per_host_concurrency_is_observed() {
    let served = common::serve(Config { slow_delay: Duration::from_millis(200), ..Config::small() }).await;
    let web = served.web.clone();
    let slow = web.sites().iter().find(|s| s.has(ketnoi_synthweb::Trait::Slow)).unwrap().host.clone();
    // Four requests at once to the slow host: they overlap inside its delay.
    let mut tasks = Vec::new();
    for i in 0..4 {
        let c = served.client.clone();
        let url = web.url(&slow, &format!("/?i={i}"));
        tasks.push(tokio::spawn(async move { c.get(url).send().await.map(|r| r.status().as_u16()) }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert!(web.max_in_flight(&slow) >= 2, "{}", web.max_in_flight(&slow));
    // One at a time to another host: never more than one in flight.
    for _ in 0..3 {
        common::get(&served.client, &web.url("mof.gov.vn", "/")).await;
    }
    assert_eq!(web.max_in_flight("mof.gov.vn"), 1);
    // Gaps between requests can be read off the log (what a Crawl-delay test compares).
    let times: Vec<_> = web.requests_to("mof.gov.vn").iter().map(|r| r.at).collect();
    assert!(times.windows(2).all(|w| w[1] >= w[0]));
}
