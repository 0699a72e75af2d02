//! One listener, many sites, routed by Host (port ignored).

mod common;

use ketnoi_synthweb::Config;

#[tokio::test]
async fn host_header_picks_the_site() {
    let served = common::serve(Config::small()).await;
    let a = common::get(&served.client, &served.web.url("mof.gov.vn", "/")).await;
    let b = common::get(&served.client, &served.web.url("thanhhoa.gov.vn", "/")).await;
    assert_eq!((a.status, b.status), (200, 200));
    assert!(a.text().contains("Bộ Tài chính"));
    assert!(b.text().contains("tỉnh Thanh Hóa"));
    assert_ne!(a.body, b.body);
}

#[tokio::test]
async fn unknown_host_is_misdirected() {
    let served = common::serve(Config::small()).await;
    let got = common::get(&served.client, &served.running.url("unknown-host.gov.vn", "/")).await;
    assert_eq!(got.status, 421);
    assert_eq!(served.web.requests_to("unknown-host.gov.vn").len(), 1);
}

#[tokio::test]
async fn port_and_case_are_ignored_when_matching() {
    let served = common::serve(Config::small()).await;
    // Straight to the socket address with a Host header that has no port and odd case.
    let url = format!("http://{}/robots.txt", served.running.addr);
    let got = common::get_with(&served.client, &url, &[("host", "MOF.gov.vn")]).await;
    assert_eq!(got.status, 200);
    assert!(got.text().contains("Bộ Tài chính"));
    assert!(served.web.site("Mof.Gov.Vn:8080").is_some());
}

#[tokio::test]
async fn other_methods_are_refused_and_head_has_no_body() {
    let served = common::serve(Config::small()).await;
    let url = served.web.url("mof.gov.vn", "/");
    let post = served.client.post(&url).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 405);
    let head = served.client.head(&url).send().await.unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert!(head.bytes().await.unwrap().is_empty());
}
