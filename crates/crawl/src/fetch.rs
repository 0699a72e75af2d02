//! The HTTP fetcher: reqwest over rustls, redirects followed by hand (each hop checked and
//! counted), bodies read chunk by chunk under a running size cap, private addresses refused
//! unless allowed, conditional GET with 304 returned as a status.
//!
//! reqwest decodes gzip itself and then hides the wire encoding and length, so both size caps
//! apply to the decoded bytes as they are read: `max_body_bytes` bounds the page we keep,
//! `max_decompressed_bytes` bounds what a response may inflate to; the smaller one cuts first.
//! A `Content-Length` announcing more than `max_body_bytes` is refused before reading.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

pub const DEFAULT_USER_AGENT: &str = "ketnoi/0.1 (+https://github.com/ketnoi; ket noi cong thong tin dien tu)";

/// The `User-Agent` as sent: header values must be visible ASCII for most servers (and for
/// `http`'s `to_str`), so characters outside it are percent-encoded as UTF-8
/// (`cổng` → `c%E1%BB%95ng`); an ASCII agent is sent unchanged.
pub fn user_agent_header(user_agent: &str) -> String {
    let mut out = String::with_capacity(user_agent.len());
    for c in user_agent.chars() {
        if c.is_ascii() && !c.is_ascii_control() && c != '%' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// How the fetcher behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Sent through [`user_agent_header`].
    pub user_agent: String,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    pub max_body_bytes: u64,
    pub max_decompressed_bytes: u64,
    pub max_redirects: usize,
    /// Follow redirects here (hop by hop, each checked). The crawler turns this off: each hop is
    /// a request its politeness gate must pace, so it queues the target as a URL of its own.
    pub follow_redirects: bool,
    /// Fixed addresses for hosts, like curl's `--resolve HOST:PORT:ADDR` (see [`parse_resolve`]).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Allow loopback, private, link-local and similar addresses (tests, intranets).
    pub allow_private: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            max_decompressed_bytes: 50 * 1024 * 1024,
            max_redirects: 5,
            follow_redirects: true,
            resolve: Vec::new(),
            allow_private: false,
        }
    }
}

/// Validators of a previous fetch, sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The response headers the crawler needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchedHeaders {
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub retry_after: Option<String>,
    pub x_robots_tag: Option<String>,
    /// `Location` of a redirect that was not followed.
    pub location: Option<String>,
}

/// A final (non-redirect) answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub final_url: String,
    pub status: u16,
    pub headers: FetchedHeaders,
    /// Decoded body (empty for 304).
    pub body: Vec<u8>,
    /// URLs that answered with a redirect, in order: the requested URL first; `final_url` is not
    /// in it.
    pub redirects: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("timed out")]
    Timeout,
    #[error("response larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect loop back to {0}")]
    RedirectLoop(String),
    #[error("refusing private address for {0}")]
    PrivateAddress(String),
    #[error("http error: {0}")]
    Http(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveParseError {
    #[error("expected HOST:PORT:ADDR, got {0:?}")]
    Shape(String),
    #[error("bad port in {0:?}")]
    Port(String),
    #[error("bad address in {0:?}")]
    Addr(String),
}

/// Parses curl's `HOST:PORT:ADDR` (ADDR may be a bracketed or bare IPv6 address).
pub fn parse_resolve(spec: &str) -> Result<(String, SocketAddr), ResolveParseError> {
    let mut parts = spec.splitn(3, ':');
    let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ResolveParseError::Shape(spec.to_string()));
    };
    if host.is_empty() || addr.is_empty() {
        return Err(ResolveParseError::Shape(spec.to_string()));
    }
    let port: u16 = port.parse().map_err(|_| ResolveParseError::Port(spec.to_string()))?;
    let addr = addr.strip_prefix('[').and_then(|a| a.strip_suffix(']')).unwrap_or(addr);
    let ip: IpAddr = addr.parse().map_err(|_| ResolveParseError::Addr(spec.to_string()))?;
    Ok((host.trim_end_matches('.').to_ascii_lowercase(), SocketAddr::new(ip, port)))
}

/// Loopback, private, link-local, shared, unspecified, multicast, broadcast and documentation
/// ranges: anything a public web crawler has no business connecting to.
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_ip(IpAddr::V4(v4));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to private addresses")]
struct PrivateResolution(String);

/// DNS resolution that drops private addresses (and fails when nothing public is left).
struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.filter(|a| !is_private_ip(a.ip())).collect();
            if addrs.is_empty() {
                return Err(Box::new(PrivateResolution(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A configured HTTP client.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Arc<FetchConfig>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let mut b = reqwest::Client::builder()
            .user_agent(user_agent_header(&config.user_agent))
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        for (host, addr) in &config.resolve {
            b = b.resolve(host, *addr);
        }
        if !config.allow_private {
            b = b.dns_resolver(Arc::new(PublicOnlyResolver));
        }
        let client = b.build().map_err(|e| FetchError::Http(e.to_string()))?;
        Ok(Self { client, config: Arc::new(config) })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Refuses a URL whose host is (or is mapped to) a private address, unless allowed.
    fn check_target(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Http(format!("unsupported scheme in {url}")));
        }
        if self.config.allow_private {
            return Ok(());
        }
        let private = match url.host() {
            Some(url::Host::Ipv4(ip)) => is_private_ip(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => is_private_ip(IpAddr::V6(ip)),
            Some(url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                d == "localhost"
                    || d.ends_with(".localhost")
                    || self.config.resolve.iter().any(|(h, a)| *h == d && is_private_ip(a.ip()))
            }
            None => return Err(FetchError::Http(format!("no host in {url}"))),
        };
        if private { Err(FetchError::PrivateAddress(url.to_string())) } else { Ok(()) }
    }

    /// GETs `url`, following redirects by hand; 304 and every other final status are answers.
    pub async fn fetch(&self, url: &str, conditional: &Conditional) -> Result<Fetched, FetchError> {
        let mut current = Url::parse(url).map_err(|e| FetchError::Http(format!("bad url {url:?}: {e}")))?;
        let mut redirects: Vec<String> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        loop {
            self.check_target(&current)?;
            seen.insert(current.to_string());
            let mut req = self.client.get(current.clone());
            if let Some(e) = &conditional.etag {
                req = req.header(header::IF_NONE_MATCH, e);
            }
            if let Some(lm) = &conditional.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
            let mut resp = req.send().await.map_err(|e| classify(&e, &current))?;
            let status = resp.status().as_u16();
            let location = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
            if self.config.follow_redirects
                && matches!(status, 301 | 302 | 303 | 307 | 308)
                && let Some(loc) = location
            {
                let next = current
                    .join(loc.trim())
                    .map_err(|e| FetchError::Http(format!("bad redirect {loc:?} from {current}: {e}")))?;
                redirects.push(current.to_string());
                if seen.contains(next.as_str()) {
                    return Err(FetchError::RedirectLoop(next.to_string()));
                }
                if redirects.len() > self.config.max_redirects {
                    return Err(FetchError::TooManyRedirects(self.config.max_redirects));
                }
                current = next;
                continue;
            }
            let headers = pick_headers(resp.headers());
            let limit = self.config.max_body_bytes.min(self.config.max_decompressed_bytes);
            if let Some(len) = resp.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok())
                && len.trim().parse::<u64>().is_ok_and(|n| n > limit)
            {
                return Err(FetchError::TooLarge { limit });
            }
            let mut body: Vec<u8> = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e, &current))? {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(FetchError::TooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            return Ok(Fetched { final_url: current.to_string(), status, headers, body, redirects });
        }
    }
}

fn pick_headers(h: &HeaderMap) -> FetchedHeaders {
    let get = |name: header::HeaderName| {
        let values: Vec<&str> = h.get_all(name).iter().filter_map(|v: &HeaderValue| v.to_str().ok()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    FetchedHeaders {
        content_type: get(header::CONTENT_TYPE),
        etag: get(header::ETAG),
        last_modified: get(header::LAST_MODIFIED),
        retry_after: get(header::RETRY_AFTER),
        x_robots_tag: get(header::HeaderName::from_static("x-robots-tag")),
        location: get(header::LOCATION),
    }
}

fn classify(e: &reqwest::Error, url: &Url) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<PrivateResolution>().is_some() {
            return FetchError::PrivateAddress(url.to_string());
        }
        source = s.source();
    }
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        FetchError::Connect(format!("{url}: {e}"))
    } else {
        FetchError::Http(format!("{url}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_resolve_forms() {
        assert_eq!(
            parse_resolve("Xa.Gov.VN:80:127.0.0.1").unwrap(),
            ("xa.gov.vn".to_string(), "127.0.0.1:80".parse().unwrap())
        );
        assert_eq!(parse_resolve("h:443:[::1]").unwrap(), ("h".to_string(), "[::1]:443".parse().unwrap()));
        assert_eq!(parse_resolve("h:443:::1").unwrap(), ("h".to_string(), "[::1]:443".parse().unwrap()));
        assert!(matches!(parse_resolve("h:80"), Err(ResolveParseError::Shape(_))));
        assert!(matches!(parse_resolve("h:x:1.2.3.4"), Err(ResolveParseError::Port(_))));
        assert!(matches!(parse_resolve("h:80:nope"), Err(ResolveParseError::Addr(_))));
    }

    #[test]
    fn user_agent_is_ascii_on_the_wire() {
        assert_eq!(user_agent_header("ketnoi/0.1 (+x)"), "ketnoi/0.1 (+x)");
        assert_eq!(user_agent_header("cổng 100%"), "c%E1%BB%95ng 100%25");
        assert!(user_agent_header(DEFAULT_USER_AGENT).bytes().all(|b| b.is_ascii_graphic() || b == b' '));
    }

    #[test]
    fn private_ranges() {
        for ip in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.1.1", "100.64.0.1", "0.0.0.0"] {
            assert!(is_private_ip(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["::1", "fc00::1", "fe80::1", "::ffff:10.0.0.1"] {
            assert!(is_private_ip(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["203.162.4.190", "8.8.8.8", "2001:4860:4860::8888"] {
            assert!(!is_private_ip(ip.parse().unwrap()), "{ip}");
        }
    }
}
