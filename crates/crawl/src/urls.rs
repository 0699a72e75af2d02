//! URLs for the frontier: normalisation (one spelling per page), site scoping, refusal of
//! addresses a crawler must never reach, and crawler-trap checks. All pure: a caller that needs
//! "today" for the calendar check passes it in a [`CalendarWindow`].
//!
//! Host names are not resolved here: a name that resolves to a private address must be refused
//! again at fetch time with [`is_private_address`].

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{Datelike, NaiveDate};
use url::{Host, Url};

/// Query parameters dropped as tracking noise (compared case-insensitively), besides every
/// parameter starting with `utm_`.
pub const TRACKING_PARAMS: [&str; 12] =
    ["fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "zarsrc", "zarsrc_id", "_ga", "_gl", "mc_cid", "mc_eid"];

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("not a URL: {0}")]
    Invalid(String),
    #[error("scheme {0} is not http or https")]
    Scheme(String),
    #[error("URL carries a user name or password")]
    UserInfo,
    #[error("URL has no host")]
    NoHost,
    #[error("address {0} is private, loopback or otherwise not public")]
    PrivateAddress(IpAddr),
    #[error("host {0} is local")]
    LocalHost(String),
}

/// What normalisation lets through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Allow IP literals in private, loopback and link-local ranges and `localhost` (tests and
    /// the synthetic web only).
    pub allow_private: bool,
}

/// Parses and normalises an absolute URL. See [`normalize_url`].
pub fn normalize(input: &str, policy: UrlPolicy) -> Result<Url, UrlError> {
    let url = Url::parse(input.trim()).map_err(|e| UrlError::Invalid(format!("{input}: {e}")))?;
    normalize_url(url, policy)
}

/// Resolves a link found on `base` and normalises it. See [`normalize_url`].
pub fn resolve(base: &Url, href: &str, policy: UrlPolicy) -> Result<Url, UrlError> {
    let url = base.join(href.trim()).map_err(|e| UrlError::Invalid(format!("{href}: {e}")))?;
    normalize_url(url, policy)
}

/// Normalises a URL for the frontier: http(s) only, no user info, no private address (unless
/// allowed); scheme and host lowercase (the `url` crate does this, and drops the default port
/// and dot segments); fragment dropped; `//` in the path collapsed; tracking parameters removed;
/// the remaining query parameters sorted (their encoding is kept as it was); an empty query
/// dropped.
pub fn normalize_url(mut url: Url, policy: UrlPolicy) -> Result<Url, UrlError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::Scheme(url.scheme().to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlError::UserInfo);
    }
    match url.host() {
        None => return Err(UrlError::NoHost),
        Some(Host::Ipv4(ip)) if !policy.allow_private && is_private_address(IpAddr::V4(ip)) => {
            return Err(UrlError::PrivateAddress(IpAddr::V4(ip)));
        }
        Some(Host::Ipv6(ip)) if !policy.allow_private && is_private_address(IpAddr::V6(ip)) => {
            return Err(UrlError::PrivateAddress(IpAddr::V6(ip)));
        }
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            if !policy.allow_private && (name == "localhost" || name.ends_with(".localhost")) {
                return Err(UrlError::LocalHost(name.to_owned()));
            }
        }
        Some(_) => {}
    }
    url.set_fragment(None);

    if url.path().contains("//") {
        let mut path = String::with_capacity(url.path().len());
        for ch in url.path().chars() {
            if !(ch == '/' && path.ends_with('/')) {
                path.push(ch);
            }
        }
        url.set_path(&path);
    }

    if let Some(query) = url.query() {
        let mut params: Vec<&str> = query.split('&').filter(|param| !param.is_empty() && !is_tracking(param)).collect();
        params.sort_by(|a, b| param_key(a).cmp(param_key(b)).then(a.cmp(b)));
        params.dedup();
        let query = params.join("&");
        url.set_query(if query.is_empty() { None } else { Some(&query) });
    }
    Ok(url)
}

fn param_key(param: &str) -> &str {
    param.split_once('=').map_or(param, |(key, _)| key)
}

fn is_tracking(param: &str) -> bool {
    let key = param_key(param).to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

/// Whether `ip` is not a public unicast address: private, loopback, link-local, unspecified,
/// shared (CGNAT), benchmarking, documentation, multicast, broadcast or reserved; IPv6 unique
/// local and link-local, and IPv4 addresses mapped into IPv6 by their IPv4 range.
pub fn is_private_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_private_v4(ip),
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_private_v4(v4);
            }
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (first & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
                || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
                || is_embedded_private(ip)
        }
    }
}

/// IPv4-compatible (`::a.b.c.d`) and NAT64 (`64:ff9b::/96`) addresses, by their IPv4 part.
fn is_embedded_private(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let compatible = s[..6].iter().all(|seg| *seg == 0);
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|seg| *seg == 0);
    (compatible || nat64) && is_private_v4(v4)
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || a >= 240 // reserved
}

/// Whether `url` belongs to one of the registered sites: its host equals a registered host,
/// case-insensitively, ignoring a trailing dot and a leading `www.` on either side. Ports are
/// ignored; subdomains are other sites (they have their own register entries).
pub fn same_site<S: AsRef<str>>(url: &Url, registered_hosts: &[S]) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = site_key(host);
    registered_hosts.iter().any(|registered| site_key(registered.as_ref()) == host)
}

fn site_key(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    match host.strip_prefix("www.") {
        Some(rest) => rest.to_owned(),
        None => host,
    }
}

/// The months a calendar-like query value may point at; pages outside are crawler traps
/// (endless "next month" links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl CalendarWindow {
    /// `years_back` years before `today` to `months_ahead` months after it (month granularity).
    pub fn around(today: NaiveDate, years_back: u32, months_ahead: u32) -> Self {
        let from =
            NaiveDate::from_ymd_opt(today.year() - years_back as i32, today.month(), 1).unwrap_or(NaiveDate::MIN);
        let to = today
            .checked_add_months(chrono::Months::new(months_ahead))
            .and_then(last_of_month)
            .unwrap_or(NaiveDate::MAX);
        CalendarWindow { from, to }
    }

    fn contains_month(&self, year: i32, month: u32) -> bool {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            return true; // not a real month: not ours to judge
        };
        let last = last_of_month(first).unwrap_or(first);
        last >= self.from && first <= self.to
    }
}

fn last_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
    first.checked_add_months(chrono::Months::new(1))?.pred_opt()
}

/// Limits that keep the crawler out of traps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrapLimits {
    /// Most path segments.
    pub max_path_depth: usize,
    /// Most times one path segment may occur in a path (`/a/b/a/b/a/b` has `a` three times).
    pub max_segment_repeats: usize,
    /// Months that calendar-like query values may point at; `None` checks nothing.
    pub calendar: Option<CalendarWindow>,
}

impl Default for TrapLimits {
    fn default() -> Self {
        TrapLimits { max_path_depth: 12, max_segment_repeats: 2, calendar: None }
    }
}

/// A crawler trap a URL fell into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Trap {
    #[error("path has {depth} segments, more than {max}")]
    PathTooDeep { depth: usize, max: usize },
    #[error("path segment {segment:?} occurs {count} times")]
    RepeatedSegment { segment: String, count: usize },
    #[error("calendar value {param} is outside the crawl window")]
    CalendarOutOfWindow { param: String },
    #[error("more than {limit} query variants of {path}")]
    TooManyVariants { path: String, limit: usize },
}

/// Checks the stateless trap limits on a (normalised) URL.
pub fn check_trap(url: &Url, limits: &TrapLimits) -> Result<(), Trap> {
    let segments: Vec<&str> =
        url.path_segments().map(|segments| segments.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    if segments.len() > limits.max_path_depth {
        return Err(Trap::PathTooDeep { depth: segments.len(), max: limits.max_path_depth });
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for segment in &segments {
        let count = counts.entry(segment).or_default();
        *count += 1;
        if *count > limits.max_segment_repeats {
            return Err(Trap::RepeatedSegment { segment: (*segment).to_owned(), count: *count });
        }
    }
    if let Some(window) = &limits.calendar {
        check_calendar(url, window)?;
    }
    Ok(())
}

const MONTH_KEYS: [&str; 3] = ["thang", "month", "m"];
const YEAR_KEYS: [&str; 3] = ["nam", "year", "y"];

fn check_calendar(url: &Url, window: &CalendarWindow) -> Result<(), Trap> {
    let mut month = None;
    let mut year = None;
    for (key, value) in url.query_pairs() {
        let key = key.to_ascii_lowercase();
        let value = value.trim();
        if let Some((y, m)) = calendar_value(value) {
            if !window.contains_month(y, m) {
                return Err(Trap::CalendarOutOfWindow { param: format!("{key}={value}") });
            }
        } else if MONTH_KEYS.contains(&key.as_str()) {
            month = value.parse::<u32>().ok().filter(|m| (1..=12).contains(m));
        } else if YEAR_KEYS.contains(&key.as_str()) {
            year = value.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y));
        }
    }
    if let Some(y) = year {
        let outside = match month {
            Some(m) => !window.contains_month(y, m),
            None => (1..=12).all(|m| !window.contains_month(y, m)),
        };
        if outside {
            return Err(Trap::CalendarOutOfWindow { param: format!("year {y}") });
        }
    }
    Ok(())
}

/// A year and month read from a calendar-like value: `2024-05`, `2024-05-01`, `2024/05`,
/// `2024/05/01`, `05/2024`, `05-2024`, `01/05/2024`, `01-05-2024`, `202405`, `20240501`.
fn calendar_value(value: &str) -> Option<(i32, u32)> {
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let all_digits = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, month) = match parts.as_slice() {
        [compact] if compact.len() == 6 || compact.len() == 8 => (num(&compact[..4])?, num(&compact[4..6])?),
        [y, m] if y.len() == 4 && m.len() <= 2 => (num(y)?, num(m)?),
        [m, y] if y.len() == 4 && m.len() <= 2 => (num(y)?, num(m)?),
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (num(y)?, num(m)?),
        [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (num(y)?, num(m)?),
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
        return None;
    }
    Some((year as i32, month))
}

/// Counts distinct query strings per path (scheme, host, port and path) and refuses new ones
/// past a limit: faceted search and sort orders otherwise multiply one page endlessly. Query
/// strings are kept as 64-bit hashes.
///
/// A numeric identifier parameter (`id=123`, `newsid=45`, `ItemID=6`) names a page, not a
/// variant: PHP and ASP portals serve every article from one path (`/?act=detail&id=123`), so
/// such parameters count as part of the path.
#[derive(Debug, Clone)]
pub struct QueryVariants {
    limit: usize,
    seen: HashMap<String, HashSet<u64>>,
}

impl QueryVariants {
    /// At most `limit` query variants per path.
    pub fn new(limit: usize) -> Self {
        QueryVariants { limit, seen: HashMap::new() }
    }

    /// Records `url` and tells whether it may enter the frontier: a URL without a query, a
    /// variant already seen, or a new variant within the limit.
    pub fn admit(&mut self, url: &Url) -> Result<(), Trap> {
        let Some(query) = url.query() else {
            return Ok(());
        };
        let key = path_key(url);
        let mut hasher = DefaultHasher::new();
        query.hash(&mut hasher);
        let hash = hasher.finish();
        let variants = self.seen.entry(key).or_default();
        if variants.contains(&hash) {
            return Ok(());
        }
        if variants.len() >= self.limit {
            return Err(Trap::TooManyVariants { path: path_key(url), limit: self.limit });
        }
        variants.insert(hash);
        Ok(())
    }

    /// How many variants of `url`'s path have been admitted.
    pub fn count(&self, url: &Url) -> usize {
        self.seen.get(&path_key(url)).map_or(0, HashSet::len)
    }
}

fn path_key(url: &Url) -> String {
    let mut key = url.clone();
    let ids: Vec<String> = url
        .query_pairs()
        .filter(|(k, v)| {
            let k = k.to_ascii_lowercase();
            (k == "id" || k.ends_with("id")) && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    key.set_query((!ids.is_empty()).then(|| ids.join("&")).as_deref());
    key.set_fragment(None);
    key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(input: &str) -> String {
        normalize(input, UrlPolicy::default()).unwrap().to_string()
    }

    fn url(input: &str) -> Url {
        Url::parse(input).unwrap()
    }

    #[test]
    fn normalises_case_port_fragment_and_slashes() {
        assert_eq!(norm("HTTPS://HaNoi.Gov.VN:443//tin-tuc//a/#top"), "https://hanoi.gov.vn/tin-tuc/a/");
        assert_eq!(norm("http://a.gov.vn:80/x"), "http://a.gov.vn/x");
        assert_eq!(norm("http://a.gov.vn:8080/x"), "http://a.gov.vn:8080/x");
        assert_eq!(norm("https://a.gov.vn/a/./b/../c"), "https://a.gov.vn/a/c");
        assert_eq!(norm("https://a.gov.vn"), "https://a.gov.vn/");
        assert_eq!(norm("  https://a.gov.vn/Tin-Tuc  "), "https://a.gov.vn/Tin-Tuc", "path case kept");
        let idn = norm("https://Hà-Nội.gov.vn/");
        assert!(idn.starts_with("https://xn--") && idn.is_ascii(), "{idn}");
    }

    #[test]
    fn removes_tracking_and_sorts_query() {
        assert_eq!(
            norm("https://a.gov.vn/p?utm_source=fb&id=3&UTM_Medium=x&fbclid=1&gclid=2&zarsrc=30&_ga=1.2&b=2&a=1"),
            "https://a.gov.vn/p?a=1&b=2&id=3"
        );
        assert_eq!(norm("https://a.gov.vn/p?utm_source=zalo&zarsrc=1"), "https://a.gov.vn/p");
        assert_eq!(norm("https://a.gov.vn/p?"), "https://a.gov.vn/p");
        assert_eq!(norm("https://a.gov.vn/p?b=2&&a=1&a=1"), "https://a.gov.vn/p?a=1&b=2");
        assert_eq!(
            norm("https://a.gov.vn/p?q=h%C3%A0+n%E1%BB%99i&print"),
            "https://a.gov.vn/p?print&q=h%C3%A0+n%E1%BB%99i"
        );
        assert_eq!(norm("https://a.gov.vn/p?k=2&k=1"), "https://a.gov.vn/p?k=1&k=2");
    }

    #[test]
    fn refuses_what_must_not_be_crawled() {
        let policy = UrlPolicy::default();
        assert!(matches!(normalize("ftp://a.gov.vn/x", policy), Err(UrlError::Scheme(_))));
        assert!(matches!(normalize("javascript:alert(1)", policy), Err(UrlError::Scheme(_))));
        assert!(matches!(normalize("mailto:a@a.gov.vn", policy), Err(UrlError::Scheme(_))));
        assert_eq!(normalize("https://user:pw@a.gov.vn/", policy), Err(UrlError::UserInfo));
        assert_eq!(normalize("https://user@a.gov.vn/", policy), Err(UrlError::UserInfo));
        assert!(matches!(normalize("not a url", policy), Err(UrlError::Invalid(_))));
        for private in [
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1:8080/",
            "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
            "http://[::1]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://2130706433/",
        ] {
            assert!(matches!(normalize(private, policy), Err(UrlError::PrivateAddress(_))), "{private}");
        }
        assert!(matches!(normalize("http://localhost:3000/", policy), Err(UrlError::LocalHost(_))));
        assert!(normalize("http://203.162.0.1/", policy).is_ok());
        assert!(normalize("http://[2402:800::1]/", policy).is_ok());

        let open = UrlPolicy { allow_private: true };
        assert_eq!(normalize("http://127.0.0.1:8080/x#y", open).unwrap().as_str(), "http://127.0.0.1:8080/x");
        assert!(normalize("http://localhost/", open).is_ok());
    }

    #[test]
    fn private_addresses() {
        let private = [
            "10.0.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "192.168.0.1",
            "172.31.255.255",
            "::1",
            "fe80::1",
            "fc00::1",
            "::ffff:192.168.0.1",
            "64:ff9b::a00:1",
            "255.255.255.255",
            "224.0.0.1",
        ];
        for ip in private {
            assert!(is_private_address(ip.parse().unwrap()), "{ip}");
        }
        let public = ["8.8.8.8", "203.162.4.190", "172.32.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"];
        for ip in public {
            assert!(!is_private_address(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn resolves_relative_links() {
        let base = url("https://a.gov.vn/tin-tuc/bai-1.html?x=1");
        let policy = UrlPolicy::default();
        assert_eq!(resolve(&base, "bai-2.html#c", policy).unwrap().as_str(), "https://a.gov.vn/tin-tuc/bai-2.html");
        assert_eq!(resolve(&base, "/?utm_source=a", policy).unwrap().as_str(), "https://a.gov.vn/");
        assert!(resolve(&base, "mailto:x@a.gov.vn", policy).is_err());
    }

    #[test]
    fn same_site_matches_registered_hosts() {
        let hosts = ["hanoi.gov.vn", "WWW.Bo-Y-Te.gov.vn."];
        assert!(same_site(&url("https://hanoi.gov.vn/x"), &hosts));
        assert!(same_site(&url("http://www.hanoi.gov.vn:8080/x"), &hosts));
        assert!(same_site(&url("https://bo-y-te.gov.vn/"), &hosts));
        assert!(!same_site(&url("https://sotnmt.hanoi.gov.vn/"), &hosts));
        assert!(!same_site(&url("https://hanoi.gov.vn.evil.com/"), &hosts));
        assert!(!same_site(&url("https://chinhphu.vn/"), &hosts));
        assert!(!same_site(&url("https://hanoi.gov.vn/"), &[] as &[&str]));
    }

    #[test]
    fn path_depth_and_repeats() {
        let limits = TrapLimits::default();
        assert!(check_trap(&url("https://a.gov.vn/tin-tuc/2024/05/05/bai.html"), &limits).is_ok());
        assert!(check_trap(&url("https://a.gov.vn/a/b/a/b"), &limits).is_ok());
        assert_eq!(
            check_trap(&url("https://a.gov.vn/a/b/a/b/a/b"), &limits),
            Err(Trap::RepeatedSegment { segment: "a".into(), count: 3 })
        );
        let deep = format!("https://a.gov.vn/{}", (0..13).map(|i| i.to_string()).collect::<Vec<_>>().join("/"));
        assert_eq!(check_trap(&url(&deep), &limits), Err(Trap::PathTooDeep { depth: 13, max: 12 }));
    }

    #[test]
    fn calendar_values_outside_the_window() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let window = CalendarWindow::around(today, 2, 1);
        assert_eq!(window.from, NaiveDate::from_ymd_opt(2024, 11, 1).unwrap());
        assert_eq!(window.to, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        let limits = TrapLimits { calendar: Some(window), ..TrapLimits::default() };
        let check = |u: &str| check_trap(&url(u), &limits);

        assert!(check("https://a.gov.vn/lich?thang=2026-05").is_ok());
        assert!(check("https://a.gov.vn/lich?thang=2024-11").is_ok());
        assert!(check("https://a.gov.vn/lich?ngay=15/12/2026").is_ok());
        assert!(check("https://a.gov.vn/lich?thang=2024-10").is_err());
        assert!(check("https://a.gov.vn/lich?thang=2027-01").is_err());
        assert!(check("https://a.gov.vn/lich?thang=2031-05").is_err());
        assert!(check("https://a.gov.vn/lich?d=1999/01/01").is_err());
        assert!(check("https://a.gov.vn/lich?date=20300101").is_err());
        assert!(check("https://a.gov.vn/lich?thang=5&nam=2030").is_err());
        assert!(check("https://a.gov.vn/lich?thang=5&nam=2026").is_ok());
        assert!(check("https://a.gov.vn/lich?nam=2010").is_err());
        assert!(check("https://a.gov.vn/lich?nam=2025").is_ok());
        // Not calendar values.
        assert!(check("https://a.gov.vn/p?id=123456789&page=2030").is_ok());
        assert!(check("https://a.gov.vn/p?so=12/2030/ND-CP").is_ok());
        assert!(check("https://a.gov.vn/p?ma=2030-99").is_ok());
        // No window, no check.
        assert!(check_trap(&url("https://a.gov.vn/lich?thang=1900-01"), &TrapLimits::default()).is_ok());
    }

    #[test]
    fn query_variants_are_capped_per_path() {
        let mut variants = QueryVariants::new(3);
        for i in 0..3 {
            assert!(variants.admit(&url(&format!("https://a.gov.vn/tim?q={i}"))).is_ok());
        }
        assert!(variants.admit(&url("https://a.gov.vn/tim?q=1")).is_ok(), "seen before");
        assert!(variants.admit(&url("https://a.gov.vn/tim")).is_ok(), "no query");
        assert!(matches!(
            variants.admit(&url("https://a.gov.vn/tim?q=9")),
            Err(Trap::TooManyVariants { limit: 3, .. })
        ));
        assert!(variants.admit(&url("https://a.gov.vn/khac?q=9")).is_ok(), "other path");
        assert!(variants.admit(&url("https://b.gov.vn/tim?q=9")).is_ok(), "other host");
        assert_eq!(variants.count(&url("https://a.gov.vn/tim")), 3);
    }

    #[test]
    fn numeric_ids_name_pages_not_variants() {
        let mut variants = QueryVariants::new(2);
        for i in 0..50 {
            assert!(variants.admit(&url(&format!("https://xa.gov.vn/?act=detail&id={i}"))).is_ok());
            assert!(variants.admit(&url(&format!("https://xa.gov.vn/index.php?newsID={i}&print=1"))).is_ok());
        }
        assert!(variants.admit(&url("https://xa.gov.vn/?act=detail&id=7&sort=a")).is_ok());
        assert!(variants.admit(&url("https://xa.gov.vn/?act=detail&id=7&sort=b")).is_err(), "still capped per page");
        for i in 0..2 {
            assert!(variants.admit(&url(&format!("https://xa.gov.vn/tim?page={i}&id=abc"))).is_ok());
        }
        assert!(variants.admit(&url("https://xa.gov.vn/tim?page=9&id=abc")).is_err(), "not numeric: a variant");
    }
}
