//! Base URLs of registered sites. Registers are typed by hand ("ngason.thanhhoa.gov.vn",
//! "http://www.Site.gov.vn/"), so they are normalised once here, and two
//! spellings of one site share one `key`.

use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::error::DomainError;

const MAX_URL_CHARS: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteUrl {
    /// The URL as ketnoi will fetch it: scheme, lowercase host, path.
    pub url: String,
    /// Identity for duplicate detection: host without `www.` plus the path
    /// without a trailing slash; http and https count as the same site.
    pub key: String,
    pub host: String,
}

impl SiteUrl {
    /// Parses a base URL. A bare host name gets `https://`, the scheme that
    /// government sites must serve.
    pub fn parse(field: &'static str, input: &str) -> Result<SiteUrl, DomainError> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err(DomainError::field(field, "địa chỉ trống"));
        }
        if raw.chars().count() > MAX_URL_CHARS {
            return Err(DomainError::field(field, format!("địa chỉ dài quá {MAX_URL_CHARS} ký tự")));
        }
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(DomainError::field(field, format!("địa chỉ «{}» chứa khoảng trắng", shorten(raw))));
        }
        let with_scheme = if raw.contains("://") { raw.to_string() } else { format!("https://{raw}") };
        let url = Url::parse(&with_scheme)
            .map_err(|e| DomainError::field(field, format!("địa chỉ «{}» không hợp lệ ({e})", shorten(raw))))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(DomainError::field(field, format!("địa chỉ «{}» phải dùng http hoặc https", shorten(raw))));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(DomainError::field(field, "địa chỉ không được chứa tên đăng nhập hay mật khẩu"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(DomainError::field(field, "địa chỉ gốc không được có phần ?truy vấn hay #neo"));
        }
        let host = match url.host() {
            Some(Host::Domain(d)) => {
                if !d.contains('.') || d.starts_with('.') || d.ends_with('.') || d.contains("..") {
                    return Err(DomainError::field(field, format!("tên miền «{d}» không hợp lệ")));
                }
                d.to_string()
            }
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => format!("[{ip}]"),
            None => return Err(DomainError::field(field, "địa chỉ thiếu tên miền")),
        };
        let host_port = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let path = url.path().trim_end_matches('/');
        let key = format!("{}{}", host_port.strip_prefix("www.").unwrap_or(&host_port), path);
        Ok(SiteUrl { url: url.to_string(), key, host })
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 { s.to_string() } else { format!("{}…", s.chars().take(80).collect::<String>()) }
}

/// Checks a URL that is fetched as given (a sitemap): absolute http(s).
pub fn parse_http_url(field: &'static str, input: &str) -> Result<String, DomainError> {
    let raw = input.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(DomainError::field(field, format!("địa chỉ dài quá {MAX_URL_CHARS} ký tự")));
    }
    match Url::parse(raw) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => Ok(u.to_string()),
        _ => Err(DomainError::field(field, format!("«{}» không phải địa chỉ http(s) đầy đủ", shorten(raw)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_host_gets_https_and_one_key_for_all_spellings() {
        let a = SiteUrl::parse("url", "ngason.thanhhoa.gov.vn").unwrap();
        assert_eq!(a.url, "https://ngason.thanhhoa.gov.vn/");
        assert_eq!(a.host, "ngason.thanhhoa.gov.vn");
        for other in ["http://www.NgaSon.thanhhoa.gov.vn/", "https://ngason.thanhhoa.gov.vn"] {
            assert_eq!(SiteUrl::parse("url", other).unwrap().key, a.key, "{other}");
        }
        let sub = SiteUrl::parse("url", "https://thanhhoa.gov.vn/ngason/").unwrap();
        assert_eq!(sub.key, "thanhhoa.gov.vn/ngason");
    }

    #[test]
    fn hostile_and_malformed_urls_are_refused() {
        for bad in [
            "",
            "javascript:alert(1)",
            "ftp://site.gov.vn",
            "http://user:pw@site.gov.vn",
            "https://site.gov.vn/?a=1",
            "https://localhost",
            "not a url",
            "https://exa mple.gov.vn",
            "https://..gov.vn",
        ] {
            assert!(SiteUrl::parse("url", bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("https://a.gov.vn/{}", "x".repeat(3000));
        assert!(SiteUrl::parse("url", &long).is_err());
    }

    #[test]
    fn sitemap_urls_must_be_absolute_http() {
        assert!(parse_http_url("sitemaps", "https://a.gov.vn/sitemap.xml").is_ok());
        assert!(parse_http_url("sitemaps", "/sitemap.xml").is_err());
        assert!(parse_http_url("sitemaps", "file:///etc/passwd").is_err());
    }
}
