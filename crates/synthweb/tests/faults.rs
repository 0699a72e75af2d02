//! Failure modes: slow, flaky, rate-limited and vanishing hosts, redirects, soft 404, traps,
//! big pages and the gzip bomb.

mod common;

use std::io::Read;
use std::time::Duration;

use ketnoi_synthweb::{Config, Feature};

fn feature(web: &ketnoi_synthweb::SynthWeb, f: Feature) -> String {
    web.feature_urls(f).into_iter().next().unwrap_or_else(|| panic!("{f:?} missing"))
}

#[tokio::test]
async fn slow_host_applies_its_delay() {
    let served = common::serve(Config { slow_delay: Duration::from_millis(150), ..Config::small() }).await;
    let web = &served.web;
    let slow = feature(web, Feature::SlowHost);
    assert_eq!(common::get(&served.client, &slow).await.status, 200);
    assert_eq!(common::get(&served.client, &web.url("mof.gov.vn", "/")).await.status, 200);
    let slow_host = web.site(slow.split("//").nth(1).unwrap().split(':').next().unwrap()).unwrap().host.clone();
    let rec = &web.requests_to(&slow_host)[0];
    // The log measures the server's own handling, so this is the configured delay, not a timing race.
    assert!(rec.elapsed.unwrap() >= Duration::from_millis(150), "{:?}", rec.elapsed);
    let fast = &web.requests_to("mof.gov.vn")[0];
    assert!(fast.elapsed.unwrap() < rec.elapsed.unwrap());
}

#[tokio::test]
async fn flaky_host_answers_503_then_recovers() {
    let served = common::serve(Config { flaky_failures: 2, ..Config::small() }).await;
    let url = feature(&served.web, Feature::Flaky503);
    for _ in 0..2 {
        let got = common::get(&served.client, &url).await;
        assert_eq!(got.status, 503);
        assert_eq!(got.header("retry-after").as_deref(), Some("1"));
    }
    assert_eq!(common::get(&served.client, &url).await.status, 200);
    assert_eq!(common::get(&served.client, &url).await.status, 200);
}

#[tokio::test]
async fn rate_limited_host_answers_429_with_retry_after() {
    let served = common::serve(Config { rate_limit_interval: Duration::from_secs(60), ..Config::small() }).await;
    let url = feature(&served.web, Feature::RateLimited429);
    assert_eq!(common::get(&served.client, &url).await.status, 200);
    let second = common::get(&served.client, &url).await;
    assert_eq!(second.status, 429);
    assert_eq!(second.header("retry-after").as_deref(), Some("1"));
}

#[tokio::test]
async fn host_that_goes_away_closes_connections() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let url = feature(web, Feature::GoesAway);
    let host = url.split("//").nth(1).unwrap().split(':').next().unwrap().to_string();
    assert_eq!(common::get(&served.client, &url).await.status, 200);
    web.set_host_down(&host, true).unwrap();
    let err = served.client.get(&url).send().await;
    assert!(err.is_err(), "no answer from a host that went away");
    assert_eq!(common::get(&served.client, &web.url("mof.gov.vn", "/")).await.status, 200, "other hosts unaffected");
    web.set_host_down(&host, false).unwrap();
    assert_eq!(common::get(&served.client, &url).await.status, 200);
    let statuses: Vec<u16> = web.requests_to(&host).iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![200, 0, 200]);
}

#[tokio::test]
async fn redirects_chains_and_loops() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let c = &served.client;
    let moved = common::get(c, &feature(web, Feature::Redirect301)).await;
    assert_eq!(moved.status, 301);
    let target = moved.header("location").unwrap();
    assert!(target.contains("/index.php/tin-tuc/100-"));
    assert_eq!(common::get(c, &target).await.status, 200);

    let mut url = feature(web, Feature::RedirectChain302);
    let mut hops = 0;
    loop {
        let got = common::get(c, &url).await;
        if got.status != 302 {
            assert_eq!(got.status, 200);
            break;
        }
        url = got.header("location").unwrap();
        hops += 1;
        assert!(hops < 10);
    }
    assert_eq!(hops, 3);

    let start = feature(web, Feature::RedirectLoop);
    let a = common::get(c, &start).await;
    let b = common::get(c, &a.header("location").unwrap()).await;
    assert_eq!((a.status, b.status), (302, 302));
    assert_eq!(b.header("location").unwrap(), start);
}

#[tokio::test]
async fn soft_404_and_real_404() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let soft = common::get(&served.client, &feature(web, Feature::Soft404)).await;
    assert_eq!(soft.status, 200);
    assert!(soft.text().contains("Không tìm thấy trang"));
    let hard = common::get(&served.client, &web.url("mof.gov.vn", "/khong-co-trang-nay.aspx")).await;
    assert_eq!(hard.status, 404);
}

#[tokio::test]
async fn traps_never_end() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let c = &served.client;
    let base = feature(web, Feature::CalendarTrap);
    let origin = &base[..base.find("/lich").unwrap()];
    let mut url = base.clone();
    for _ in 0..30 {
        let got = common::get(c, &url).await;
        assert_eq!(got.status, 200);
        let text = got.text();
        let i = text.find("class=\"next\" href=\"").unwrap() + "class=\"next\" href=\"".len();
        url = format!("{origin}{}", &text[i..i + text[i..].find('"').unwrap()]);
    }
    assert!(url.ends_with("thang=2026-11"), "{url}");
    let search = common::get(c, &feature(web, Feature::QueryVariantTrap)).await.text();
    assert!(search.contains("sort=b&amp;page=1") && search.contains("page=2") && search.contains("view=luoi"));
}

#[tokio::test]
async fn big_page_and_gzip_bomb() {
    let config = Config { gzip_bomb_bytes: 110 * 1024 * 1024, ..Config::small() };
    let served = common::serve(config.clone()).await;
    let web = &served.web;
    let big = common::get(&served.client, &feature(web, Feature::BigPage)).await;
    assert_eq!(big.status, 200);
    assert!(big.body.len() >= config.big_page_bytes - 1024 && big.body.len() <= config.big_page_bytes);

    let bomb = common::get(&served.client, &feature(web, Feature::GzipBomb)).await;
    assert_eq!(bomb.header("content-encoding").as_deref(), Some("gzip"));
    assert!(bomb.body.len() < 1024 * 1024, "small on the wire: {}", bomb.body.len());
    // The trailer states the inflated size; inflate a prefix to show it is real.
    let isize = u32::from_le_bytes(bomb.body[bomb.body.len() - 4..].try_into().unwrap());
    assert_eq!(u64::from(isize), config.gzip_bomb_bytes);
    let mut prefix = vec![0u8; 4 * 1024 * 1024];
    flate2::read::GzDecoder::new(&bomb.body[..]).read_exact(&mut prefix).unwrap();
    assert!(prefix.iter().all(|b| *b == 0));
}

#[tokio::test]
async fn external_links_point_off_the_register() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let page = common::get(&served.client, &feature(web, Feature::ExternalLinks)).await.text();
    for target in [
        "http://192.168.1.10/",
        "http://10.0.0.5/",
        "http://169.254.169.254/",
        "http://127.0.0.1:9/",
        "http://[::1]/",
        ".gov.vn/",
    ] {
        assert!(page.contains(target), "{target}");
    }
    let registered: Vec<&str> = web.sites().iter().map(|s| s.host.as_str()).collect();
    assert!(!registered.contains(&"cong-thong-tin-chua-dang-ky.gov.vn"));
}
