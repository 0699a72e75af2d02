//! A benchmark-sized web is cheap to generate and answers without materialising pages;
//! PDF attachments are valid.

mod common;

use std::sync::Arc;

use ketnoi_synthweb::{Config, SynthWeb, start};

#[tokio::test]
async fn large_web_is_generated_lazily() {
    let web = Arc::new(SynthWeb::generate(&Config::large(5_000, 200)));
    assert_eq!(web.sites().len(), 5_000);
    assert_eq!(web.pages_rendered(), 0, "generation renders nothing");
    let hosts: std::collections::BTreeSet<&str> = web.sites().iter().map(|s| s.host.as_str()).collect();
    assert_eq!(hosts.len(), 5_000);
    let real = web.sites().iter().filter(|s| s.unit_is_real).count();
    assert!(real > 3_300, "the register's units come first: {real}");
    assert!(web.sites().iter().any(|s| !s.unit_is_real && s.unit_id.len() == 5));

    let running = start(web.clone()).await.unwrap();
    let site = &web.sites()[4_321];
    let url = web.page_url(site.index, 177).unwrap();
    let client = reqwest::Client::builder().no_proxy().resolve(&site.host, running.addr).build().unwrap();
    let resp = client.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(web.pages_rendered(), 1, "exactly the requested page was computed");
}

#[tokio::test]
async fn pdf_attachments_are_valid() {
    let served = common::serve(Config::small()).await;
    let web = &served.web;
    let site = web.site("mof.gov.vn").unwrap();
    let page = web.expected_pages(site).into_iter().find(|p| p.legal.is_some()).unwrap();
    let legal = page.legal.unwrap();
    let html = common::get(&served.client, &page.url).await.text();
    let path =
        legal.attachment_url.split_once(".gov.vn").unwrap().1.split_once('/').map(|(_, p)| format!("/{p}")).unwrap();
    assert!(html.contains(&format!("href=\"{path}\"")));
    let pdf = common::get(&served.client, &legal.attachment_url).await;
    assert_eq!(pdf.status, 200);
    let body = &pdf.body;
    assert!(body.starts_with(b"%PDF-1.4\n") && body.ends_with(b"%%EOF\n"));
    let tail = String::from_utf8_lossy(&body[body.len() - 40..]).to_string();
    let startxref: usize = tail.split("startxref\n").nth(1).unwrap().lines().next().unwrap().parse().unwrap();
    let table = std::str::from_utf8(&body[startxref..]).unwrap();
    assert!(table.starts_with("xref\n0 7\n"));
    for (i, line) in table.lines().skip(3).take(6).enumerate() {
        let off: usize = line[..10].parse().unwrap();
        assert!(body[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
    }
    let text = String::from_utf8_lossy(body);
    for line in legal.attachment_text.lines() {
        assert!(text.contains(&format!("({line}) Tj")), "{line}");
    }
    assert!(legal.attachment_text.contains(&legal.number.replace('Đ', "D")));
}
