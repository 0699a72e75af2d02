//! Shared helpers: a served small web and a reqwest client that resolves every site to it.
#![allow(dead_code)]

use std::sync::Arc;

use ketnoi_synthweb::{Config, Running, SynthWeb, start};

pub struct Served {
    pub web: Arc<SynthWeb>,
    pub running: Running,
    pub client: reqwest::Client,
}

pub const UA: &str = "ketnoi-test/0.1 (+https://ketnoi.gov.vn/bot)";

pub async fn serve(config: Config) -> Served {
    let web = Arc::new(SynthWeb::generate(&config));
    let running = start(web.clone()).await.expect("bind loopback");
    let client = client_for(&web, &running);
    Served { web, running, client }
}

/// No redirects followed, no proxies, every site host resolved to the loopback listener.
pub fn client_for(web: &SynthWeb, running: &Running) -> reqwest::Client {
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(UA)
        // Other workspace crates turn on reqwest's gzip feature; these tests look at the bytes
        // and headers exactly as served, so no automatic decompression.
        .no_gzip()
        .resolve("unknown-host.gov.vn", running.addr);
    for s in web.sites() {
        b = b.resolve(&s.host, running.addr);
    }
    b.build().expect("client")
}

pub struct Got {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Got {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(String::from)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub async fn get(client: &reqwest::Client, url: &str) -> Got {
    get_with(client, url, &[]).await
}

pub async fn get_with(client: &reqwest::Client, url: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = client.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body").to_vec();
    Got { status, headers, body }
}

pub fn gunzip(data: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).expect("valid gzip");
    out
}

/// The flaky host answers 503 at first: retry (without sleeping: tests stay fast) until it recovers.
pub async fn get_until_not_503(client: &reqwest::Client, url: &str) -> Got {
    for _ in 0..20 {
        let got = get(client, url).await;
        if got.status != 503 {
            return got;
        }
    }
    panic!("{url} never recovered");
}
