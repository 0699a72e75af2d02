//! Per-host and per-IP politeness: pure state, the clock is passed in.
//!
//! Rules kept by [`HostGate`]:
//! - the next request to a host starts no sooner than the previous one's start plus
//!   `max(floor_delay, robots Crawl-delay)`;
//! - at most one request in flight per host;
//! - at most `max_in_flight_per_ip` requests in flight per server IP (many commune sites share
//!   one provincial server);
//! - after a 429/503 the host backs off: `Retry-After` when given (seconds or HTTP-date, see
//!   [`parse_retry_after`]), else exponentially from `backoff_initial` doubling up to
//!   `backoff_cap`; a success resets the backoff;
//! - a host that throttled us is not hammered again right after: the wait it asked for becomes
//!   its learned delay between requests (up to `max_learned_delay`), kept for the gate's
//!   lifetime (one crawl run), like AutoThrottle in Scrapy.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};

/// Tunables of a [`HostGate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateConfig {
    /// Our own minimum delay between request starts on one host.
    pub floor_delay: Duration,
    /// Most requests in flight at once to one server IP.
    pub max_in_flight_per_ip: usize,
    /// First exponential backoff step after a 429/503 without `Retry-After`.
    pub backoff_initial: Duration,
    /// Cap of the exponential backoff, and of any `Retry-After` honoured.
    pub backoff_cap: Duration,
    /// Cap of the delay learnt from a host's 429/503 answers.
    pub max_learned_delay: Duration,
}

impl Default for GateConfig {
    fn default() -> Self {
        Self {
            floor_delay: Duration::from_secs(1),
            max_in_flight_per_ip: 4,
            backoff_initial: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(15 * 60),
            max_learned_delay: Duration::from_secs(30),
        }
    }
}

/// Leave to send one request to a host; hand it back with [`HostGate::release`].
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a permit must be released, or its host stays busy"]
pub struct Permit {
    host: String,
    ip: Option<IpAddr>,
    started: Instant,
}

impl Permit {
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn ip(&self) -> Option<IpAddr> {
        self.ip
    }

    pub fn started(&self) -> Instant {
        self.started
    }
}

/// Not now: try again after this long (a hint when the host or IP is busy with a request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub Duration);

/// How a request ended, as far as politeness is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Any answer that is not a 429/503: resets the backoff.
    Success,
    /// 429 or 503, with the parsed `Retry-After` when there was one.
    Throttled { retry_after: Option<Duration> },
    /// No answer (connection error, timeout): the backoff is left as it was.
    Failed,
}

impl Outcome {
    /// Classifies an HTTP status; `retry_after` is only used for 429 and 503.
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Self {
        match status {
            429 | 503 => Outcome::Throttled { retry_after },
            _ => Outcome::Success,
        }
    }
}

#[derive(Debug, Default, Clone)]
struct HostState {
    crawl_delay: Option<Duration>,
    learned_delay: Duration,
    last_start: Option<Instant>,
    in_flight: bool,
    backoff_until: Option<Instant>,
    failures: u32,
}

/// Per-host and per-IP politeness state. Host keys are compared as given (normalise them first).
#[derive(Debug, Clone)]
pub struct HostGate {
    config: GateConfig,
    hosts: BTreeMap<String, HostState>,
    ips: BTreeMap<IpAddr, usize>,
}

impl HostGate {
    pub fn new(config: GateConfig) -> Self {
        Self { config, hosts: BTreeMap::new(), ips: BTreeMap::new() }
    }

    pub fn config(&self) -> &GateConfig {
        &self.config
    }

    /// Records the robots.txt `Crawl-delay` of a host (`None` to clear it).
    pub fn set_crawl_delay(&mut self, host: &str, delay: Option<Duration>) {
        self.hosts.entry(host.to_string()).or_default().crawl_delay = delay;
    }

    /// Delay between request starts on `host`: `max(floor, Crawl-delay, learned delay)`.
    pub fn delay_for(&self, host: &str) -> Duration {
        let (crawl, learned) =
            self.hosts.get(host).map(|s| (s.crawl_delay.unwrap_or_default(), s.learned_delay)).unwrap_or_default();
        self.config.floor_delay.max(crawl).max(learned)
    }

    /// Earliest instant a new request to `host` may start (ignoring in-flight limits).
    pub fn next_allowed(&self, host: &str) -> Option<Instant> {
        let s = self.hosts.get(host)?;
        let by_delay = s.last_start.map(|t| t + self.delay_for(host));
        match (by_delay, s.backoff_until) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Current consecutive 429/503 count of `host`.
    pub fn failures(&self, host: &str) -> u32 {
        self.hosts.get(host).map(|s| s.failures).unwrap_or(0)
    }

    /// Requests in flight to `ip`.
    pub fn in_flight_ip(&self, ip: IpAddr) -> usize {
        self.ips.get(&ip).copied().unwrap_or(0)
    }

    /// Asks to start a request to `host` (served by `ip` when known) at `now`.
    pub fn try_acquire(&mut self, host: &str, ip: Option<IpAddr>, now: Instant) -> Result<Permit, Wait> {
        let delay = self.delay_for(host);
        if let Some(at) = self.next_allowed(host)
            && at > now
        {
            return Err(Wait(at - now));
        }
        let state = self.hosts.entry(host.to_string()).or_default();
        if state.in_flight {
            return Err(Wait(delay.max(Duration::from_millis(10))));
        }
        if let Some(ip) = ip
            && self.ips.get(&ip).copied().unwrap_or(0) >= self.config.max_in_flight_per_ip.max(1)
        {
            return Err(Wait(Duration::from_millis(100)));
        }
        state.in_flight = true;
        state.last_start = Some(now);
        if let Some(ip) = ip {
            *self.ips.entry(ip).or_insert(0) += 1;
        }
        Ok(Permit { host: host.to_string(), ip, started: now })
    }

    /// Hands a permit back with the outcome of its request, at `now`.
    pub fn release(&mut self, permit: Permit, now: Instant, outcome: Outcome) {
        if let Some(ip) = permit.ip
            && let Some(n) = self.ips.get_mut(&ip)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.ips.remove(&ip);
            }
        }
        let cap = self.config.backoff_cap;
        let initial = self.config.backoff_initial;
        let max_learned = self.config.max_learned_delay;
        let state = self.hosts.entry(permit.host).or_default();
        state.in_flight = false;
        match outcome {
            Outcome::Success => {
                state.failures = 0;
                state.backoff_until = None;
            }
            Outcome::Throttled { retry_after } => {
                state.failures = state.failures.saturating_add(1);
                let wait = match retry_after {
                    Some(d) => d,
                    None => {
                        let shift = (state.failures - 1).min(31);
                        initial.checked_mul(1u32 << shift).unwrap_or(cap)
                    }
                };
                state.backoff_until = Some(now + wait.min(cap));
                state.learned_delay = state.learned_delay.max(wait.min(max_learned));
            }
            Outcome::Failed => {}
        }
    }
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime),
/// relative to `now`. A date in the past gives zero; garbage gives `None`.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(v.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(v)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

fn parse_http_date(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc2822(v) {
        return Some(d.with_timezone(&Utc));
    }
    const FORMATS: [&str; 3] = ["%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"];
    FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(v, f).ok()).map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cfg() -> GateConfig {
        GateConfig {
            floor_delay: Duration::from_secs(2),
            max_in_flight_per_ip: 2,
            backoff_initial: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(8),
            max_learned_delay: Duration::from_secs(4),
        }
    }

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn floor_delay_between_starts() {
        let mut g = HostGate::new(cfg());
        let t0 = Instant::now();
        let p = g.try_acquire("a.gov.vn", None, t0).unwrap();
        g.release(p, t0 + Duration::from_millis(500), Outcome::Success);
        assert_eq!(g.try_acquire("a.gov.vn", None, t0 + S(1)), Err(Wait(S(1))));
        assert!(g.try_acquire("a.gov.vn", None, t0 + S(2)).is_ok());
        // Other hosts are independent.
        assert!(g.try_acquire("b.gov.vn", None, t0 + S(1)).is_ok());
    }

    #[test]
    fn crawl_delay_wins_when_larger() {
        let mut g = HostGate::new(cfg());
        g.set_crawl_delay("a", Some(S(5)));
        g.set_crawl_delay("b", Some(S(1)));
        assert_eq!(g.delay_for("a"), S(5));
        assert_eq!(g.delay_for("b"), S(2));
        let t0 = Instant::now();
        let p = g.try_acquire("a", None, t0).unwrap();
        g.release(p, t0, Outcome::Success);
        assert_eq!(g.try_acquire("a", None, t0 + S(3)), Err(Wait(S(2))));
        assert!(g.try_acquire("a", None, t0 + S(5)).is_ok());
    }

    #[test]
    fn one_in_flight_per_host() {
        let mut g = HostGate::new(GateConfig { floor_delay: Duration::ZERO, ..cfg() });
        let t0 = Instant::now();
        let p = g.try_acquire("a", None, t0).unwrap();
        assert!(g.try_acquire("a", None, t0 + S(100)).is_err());
        g.release(p, t0 + S(100), Outcome::Success);
        assert!(g.try_acquire("a", None, t0 + S(100)).is_ok());
    }

    #[test]
    fn per_ip_limit_across_hosts() {
        let mut g = HostGate::new(cfg());
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let other: IpAddr = "203.0.113.8".parse().unwrap();
        let t0 = Instant::now();
        let p1 = g.try_acquire("xa-1", Some(ip), t0).unwrap();
        let _p2 = g.try_acquire("xa-2", Some(ip), t0).unwrap();
        assert!(g.try_acquire("xa-3", Some(ip), t0).is_err());
        assert_eq!(g.in_flight_ip(ip), 2);
        assert!(g.try_acquire("xa-4", Some(other), t0).is_ok());
        g.release(p1, t0, Outcome::Success);
        assert_eq!(g.in_flight_ip(ip), 1);
        // A refused host was not marked as started.
        assert!(g.try_acquire("xa-3", Some(ip), t0).is_ok());
    }

    #[test]
    fn exponential_backoff_capped_and_reset() {
        let mut g = HostGate::new(GateConfig { floor_delay: Duration::ZERO, ..cfg() });
        let mut now = Instant::now();
        let throttled = Outcome::Throttled { retry_after: None };
        for expect in [1, 2, 4, 8, 8] {
            let p = g.try_acquire("a", None, now).unwrap();
            g.release(p, now, throttled);
            assert_eq!(g.next_allowed("a"), Some(now + S(expect)));
            now += S(expect);
        }
        assert_eq!(g.failures("a"), 5);
        let p = g.try_acquire("a", None, now).unwrap();
        g.release(p, now, Outcome::Success);
        assert_eq!(g.failures("a"), 0);
        // The backoff is over, but the host keeps the delay it taught us (capped at 4 s).
        assert_eq!(g.delay_for("a"), S(4));
        assert_eq!(g.try_acquire("a", None, now + S(1)), Err(Wait(S(3))));
        now += S(4);
        let p = g.try_acquire("a", None, now).unwrap();
        g.release(p, now, throttled);
        assert_eq!(g.next_allowed("a"), Some(now + S(4)), "backoff 1 s again, but the learned delay is longer");
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let mut g = HostGate::new(GateConfig { floor_delay: Duration::ZERO, ..cfg() });
        let now = Instant::now();
        let p = g.try_acquire("a", None, now).unwrap();
        g.release(p, now, Outcome::Throttled { retry_after: Some(S(3)) });
        assert_eq!(g.try_acquire("a", None, now + S(1)), Err(Wait(S(2))));
        assert!(g.try_acquire("a", None, now + S(3)).is_ok_and(|p| {
            g.release(p, now + S(3), Outcome::Throttled { retry_after: Some(S(3600)) });
            true
        }));
        assert_eq!(g.next_allowed("a"), Some(now + S(3) + S(8)));
    }

    #[test]
    fn failed_request_keeps_backoff() {
        let mut g = HostGate::new(GateConfig { floor_delay: Duration::ZERO, ..cfg() });
        let now = Instant::now();
        let p = g.try_acquire("a", None, now).unwrap();
        g.release(p, now, Outcome::Throttled { retry_after: None });
        let p = g.try_acquire("a", None, now + S(1)).unwrap();
        g.release(p, now + S(1), Outcome::Failed);
        assert_eq!(g.failures("a"), 1);
    }

    #[test]
    fn outcome_from_status() {
        assert_eq!(Outcome::from_status(200, Some(S(1))), Outcome::Success);
        assert_eq!(Outcome::from_status(304, None), Outcome::Success);
        assert_eq!(Outcome::from_status(503, Some(S(1))), Outcome::Throttled { retry_after: Some(S(1)) });
        assert_eq!(Outcome::from_status(429, None), Outcome::Throttled { retry_after: None });
    }

    #[test]
    fn retry_after_formats() {
        let now = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        assert_eq!(parse_retry_after("120", now), Some(S(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(S(0)));
        assert_eq!(parse_retry_after("Sat, 01 Mar 2025 12:00:30 GMT", now), Some(S(30)));
        assert_eq!(parse_retry_after("Saturday, 01-Mar-25 12:01:00 GMT", now), Some(S(60)));
        assert_eq!(parse_retry_after("Sat Mar  1 12:00:05 2025", now), Some(S(5)));
        assert_eq!(parse_retry_after("Fri, 28 Feb 2025 12:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
