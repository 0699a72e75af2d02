//! Same seed, same web, byte for byte; a different seed, a different web.

mod common;

use ketnoi_synthweb::{Config, SynthWeb};

fn sample_paths(web: &SynthWeb) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for s in web.sites() {
        v.push((s.host.clone(), "/robots.txt".to_string()));
        for p in web.sitemap_paths(s) {
            v.push((s.host.clone(), p));
        }
        for e in web.expected_pages(s) {
            v.push((s.host.clone(), e.path.clone()));
            if let Some(l) = &e.legal {
                let path = l.attachment_url.split_once(".gov.vn").unwrap().1.to_string();
                v.push((s.host.clone(), path));
            }
        }
    }
    v
}

#[test]
fn same_config_same_bytes() {
    let a = SynthWeb::generate(&Config::small());
    let b = SynthWeb::generate(&Config::small());
    assert_eq!(a.sites(), b.sites());
    let paths = sample_paths(&a);
    assert!(paths.len() > 150, "{} sampled URLs", paths.len());
    for (host, path) in &paths {
        let ra = a.render(host, path).unwrap();
        let rb = b.render(host, path).unwrap();
        assert_eq!(ra, rb, "{host}{path}");
        let no_robots = path == "/robots.txt" && a.site(host).unwrap().has(ketnoi_synthweb::Trait::NoRobots);
        assert_eq!(ra.status, if no_robots { 404 } else { 200 }, "{host}{path}");
    }
    for s in a.sites() {
        assert_eq!(a.expected_pages(s), b.expected_pages(s));
    }
}

#[test]
fn another_seed_another_web() {
    let a = SynthWeb::generate(&Config::small());
    let b = SynthWeb::generate(&Config { seed: 7, ..Config::small() });
    let pa = a.expected_pages(&a.sites()[0]);
    let pb = b.expected_pages(&b.sites()[0]);
    assert_ne!(pa[6].title, pb[6].title);
}

#[test]
fn demo_config_is_deterministic_too() {
    let a = SynthWeb::generate(&Config::demo());
    let b = SynthWeb::generate(&Config::demo());
    assert_eq!(a.sites().len(), 30);
    assert_eq!(a.sites(), b.sites());
    let hosts: std::collections::BTreeSet<&str> = a.sites().iter().map(|s| s.host.as_str()).collect();
    assert_eq!(hosts.len(), 30, "hosts are unique");
    for s in a.sites().iter().skip(20) {
        let url = a.page_url(s.index, 17).unwrap();
        let path = &url[url.find(".gov.vn").unwrap() + 7..];
        assert_eq!(a.render(&s.host, path), b.render(&s.host, path));
    }
}

#[tokio::test]
async fn served_bytes_equal_offline_rendering() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    for s in web.sites().iter().filter(|s| s.traits.is_empty() || s.host == "thanhhoa.gov.vn") {
        for e in web.expected_pages(s).into_iter().take(8) {
            let got = common::get(&served.client, &e.url).await;
            let offline = web.render(&s.host, &e.path).unwrap();
            assert_eq!(got.status, offline.status, "{}", e.url);
            assert_eq!(got.body, offline.body.to_vec(), "{}", e.url);
            assert_eq!(got.header("etag").as_deref(), offline.header("etag"), "{}", e.url);
        }
    }
}
