//! robots.txt as RFC 9309 reads it, over the `texting_robots` parser (longest match wins,
//! `Allow` wins a tie), plus what a fetch outcome means when there is no file to parse.
//!
//! The agent given to [`Robots::parse`] is the crawler's product token (for example `ketnoi`),
//! matched case-insensitively against `User-agent` lines; with no group of its own the `*`
//! group applies.

use std::time::Duration;

/// Most bytes of a robots.txt body that are parsed (RFC 9309 asks for at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// What to do with a robots.txt fetch, from its HTTP status (RFC 9309 section 2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RobotsOutcome {
    /// 2xx: parse the body.
    Parse,
    /// 3xx: follow the redirect (RFC 9309: at least five hops); past the hop limit the file
    /// counts as unavailable, that is [`RobotsOutcome::AllowAll`].
    FollowRedirect,
    /// 4xx (unavailable): the crawler may access any resource.
    AllowAll,
    /// 5xx, 429, network failure (unreachable): assume complete disallow and retry later.
    DisallowAll,
}

impl RobotsOutcome {
    /// The outcome of a fetch that got an HTTP status.
    ///
    /// 429 Too Many Requests is treated as unreachable rather than unavailable: the server is
    /// asking us to slow down, and reading that as "allow all" would be impolite.
    pub fn from_status(status: u16) -> Self {
        match status {
            200..=299 => RobotsOutcome::Parse,
            300..=399 => RobotsOutcome::FollowRedirect,
            429 => RobotsOutcome::DisallowAll,
            400..=499 => RobotsOutcome::AllowAll,
            _ => RobotsOutcome::DisallowAll,
        }
    }

    /// The outcome of a fetch that got no response (DNS, connection, timeout, TLS).
    pub fn unreachable() -> Self {
        RobotsOutcome::DisallowAll
    }

    /// Whether the site should be asked again soon rather than cached for the usual time.
    pub fn retry_later(self) -> bool {
        self == RobotsOutcome::DisallowAll
    }
}

#[derive(Debug)]
enum Rules {
    Parsed(Box<texting_robots::Robot>),
    AllowAll,
    DisallowAll,
}

/// The robots.txt rules of one site for one agent.
#[derive(Debug)]
pub struct Robots {
    rules: Rules,
}

impl Robots {
    /// Parses a robots.txt body for `agent`. The body is cut to [`MAX_ROBOTS_BYTES`] (at the last
    /// line break before the limit, so no rule is half read). A body the parser cannot read at
    /// all counts as no rules (allow all), as an empty file would.
    pub fn parse(agent: &str, body: &[u8]) -> Self {
        match texting_robots::Robot::new(agent, truncate_body(body)) {
            Ok(robot) => Robots { rules: Rules::Parsed(Box::new(robot)) },
            Err(_) => Robots::allow_all(),
        }
    }

    /// The rules for a fetch outcome: the parsed body for [`RobotsOutcome::Parse`], allow all
    /// for [`RobotsOutcome::AllowAll`] and [`RobotsOutcome::FollowRedirect`] (a redirect that
    /// could not be followed), disallow all for [`RobotsOutcome::DisallowAll`].
    pub fn from_outcome(agent: &str, outcome: RobotsOutcome, body: &[u8]) -> Self {
        match outcome {
            RobotsOutcome::Parse => Robots::parse(agent, body),
            RobotsOutcome::FollowRedirect | RobotsOutcome::AllowAll => Robots::allow_all(),
            RobotsOutcome::DisallowAll => Robots::disallow_all(),
        }
    }

    /// No rules: everything is allowed.
    pub fn allow_all() -> Self {
        Robots { rules: Rules::AllowAll }
    }

    /// Nothing is allowed (robots.txt unreachable).
    pub fn disallow_all() -> Self {
        Robots { rules: Rules::DisallowAll }
    }

    /// Whether `url` (absolute, or a path with an optional query) may be fetched. `/robots.txt`
    /// itself is always allowed.
    pub fn allowed(&self, url: &str) -> bool {
        match &self.rules {
            Rules::Parsed(robot) => robot.allowed(url),
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
        }
    }

    /// The `Crawl-delay` of the agent's group, fractional seconds allowed. Negative, infinite or
    /// unreadable values are `None`; capping a huge delay is the scheduler's business.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match &self.rules {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|delay| delay.is_finite() && *delay >= 0.0)
                .and_then(|delay| Duration::try_from_secs_f32(delay).ok()),
            _ => None,
        }
    }

    /// The `Sitemap` URLs of the file (they belong to no group).
    pub fn sitemaps(&self) -> Vec<String> {
        match &self.rules {
            Rules::Parsed(robot) => {
                robot.sitemaps.iter().map(|url| url.trim().to_owned()).filter(|url| !url.is_empty()).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// `body` cut to at most [`MAX_ROBOTS_BYTES`], at the last line break inside the limit.
pub fn truncate_body(body: &[u8]) -> &[u8] {
    if body.len() <= MAX_ROBOTS_BYTES {
        return body;
    }
    let head = &body[..MAX_ROBOTS_BYTES];
    match head.iter().rposition(|b| *b == b'\n' || *b == b'\r') {
        Some(end) => &head[..end + 1],
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTAL: &str = "\u{feff}# Cổng thông tin điện tử
User-agent: *
Disallow: /tin-tuc/
Allow: /tin-tuc/cong-khai/
Disallow: /*.pdf$
Crawl-delay: 0.5

User-agent: BadBot
Disallow: /

User-agent: ketnoi
User-agent: other
Disallow: /quan-tri/
Crawl-delay: 2

Sitemap: https://hanoi.gov.vn/sitemap.xml
Sitemap:   https://hanoi.gov.vn/sitemap-news.xml
";

    #[test]
    fn longest_match_wins() {
        let robots = Robots::parse("somebot", PORTAL.as_bytes());
        assert!(!robots.allowed("https://hanoi.gov.vn/tin-tuc/noi-bo/1"));
        assert!(robots.allowed("https://hanoi.gov.vn/tin-tuc/cong-khai/1"));
        assert!(robots.allowed("/tin-tuc/cong-khai/"));
        assert!(!robots.allowed("/tin-tuc/"));
        assert!(robots.allowed("https://hanoi.gov.vn/gioi-thieu"));
        assert!(!robots.allowed("https://hanoi.gov.vn/van-ban/qd-1.pdf"));
        assert!(robots.allowed("https://hanoi.gov.vn/van-ban/qd-1.pdf?x=1"));
        assert!(robots.allowed("https://hanoi.gov.vn/robots.txt"));
        assert_eq!(robots.crawl_delay(), Some(Duration::from_millis(500)));
    }

    #[test]
    fn user_agent_groups() {
        let ours = Robots::parse("ketnoi", PORTAL.as_bytes());
        assert!(ours.allowed("/tin-tuc/noi-bo/1"), "our group replaces *");
        assert!(!ours.allowed("/quan-tri/login"));
        assert_eq!(ours.crawl_delay(), Some(Duration::from_secs(2)));

        let upper = Robots::parse("KetNoi", PORTAL.as_bytes());
        assert!(!upper.allowed("/quan-tri/login"));

        let grouped = Robots::parse("other", PORTAL.as_bytes());
        assert!(!grouped.allowed("/quan-tri/"));

        let bad = Robots::parse("badbot", PORTAL.as_bytes());
        assert!(!bad.allowed("/"));
        assert!(!bad.allowed("/gioi-thieu"));
        assert_eq!(bad.crawl_delay(), None);
    }

    #[test]
    fn sitemaps_belong_to_every_agent() {
        for agent in ["ketnoi", "badbot", "anyone"] {
            let robots = Robots::parse(agent, PORTAL.as_bytes());
            assert_eq!(
                robots.sitemaps(),
                ["https://hanoi.gov.vn/sitemap.xml", "https://hanoi.gov.vn/sitemap-news.xml"]
            );
        }
    }

    #[test]
    fn empty_and_odd_files_allow_all() {
        let empty = Robots::parse("ketnoi", b"");
        assert!(empty.allowed("/anything"));
        assert_eq!(empty.crawl_delay(), None);
        assert!(empty.sitemaps().is_empty());

        let html = Robots::parse("ketnoi", b"<html><body>Trang chu</body></html>");
        assert!(html.allowed("/anything"));

        let bad_delay = Robots::parse("ketnoi", b"User-agent: *\nCrawl-delay: soon\n");
        assert_eq!(bad_delay.crawl_delay(), None);
    }

    #[test]
    fn outcomes_follow_rfc_9309() {
        assert_eq!(RobotsOutcome::from_status(200), RobotsOutcome::Parse);
        assert_eq!(RobotsOutcome::from_status(204), RobotsOutcome::Parse);
        assert_eq!(RobotsOutcome::from_status(301), RobotsOutcome::FollowRedirect);
        assert_eq!(RobotsOutcome::from_status(401), RobotsOutcome::AllowAll);
        assert_eq!(RobotsOutcome::from_status(403), RobotsOutcome::AllowAll);
        assert_eq!(RobotsOutcome::from_status(404), RobotsOutcome::AllowAll);
        assert_eq!(RobotsOutcome::from_status(410), RobotsOutcome::AllowAll);
        assert_eq!(RobotsOutcome::from_status(429), RobotsOutcome::DisallowAll);
        assert_eq!(RobotsOutcome::from_status(500), RobotsOutcome::DisallowAll);
        assert_eq!(RobotsOutcome::from_status(503), RobotsOutcome::DisallowAll);
        assert_eq!(RobotsOutcome::from_status(100), RobotsOutcome::DisallowAll);
        assert_eq!(RobotsOutcome::unreachable(), RobotsOutcome::DisallowAll);
        assert!(RobotsOutcome::from_status(503).retry_later());
        assert!(!RobotsOutcome::from_status(404).retry_later());

        let gone = Robots::from_outcome("ketnoi", RobotsOutcome::from_status(404), b"");
        assert!(gone.allowed("/tin-tuc/"));
        let down = Robots::from_outcome("ketnoi", RobotsOutcome::from_status(503), PORTAL.as_bytes());
        assert!(!down.allowed("/"));
        let ok = Robots::from_outcome("ketnoi", RobotsOutcome::Parse, PORTAL.as_bytes());
        assert!(!ok.allowed("/quan-tri/"));
    }

    #[test]
    fn body_is_cut_at_the_limit() {
        let small = b"User-agent: *\nDisallow: /a\n";
        assert_eq!(truncate_body(small), small);

        // A rule that starts inside the limit and ends after it is dropped whole.
        let mut body = b"User-agent: *\nDisallow: /an\n".to_vec();
        body.extend(std::iter::repeat_n(b'#', MAX_ROBOTS_BYTES - body.len() - 5));
        body.extend_from_slice(b"\nAllow: /an/cong-khai\nDisallow: /later\n");
        let cut = truncate_body(&body);
        assert!(cut.len() <= MAX_ROBOTS_BYTES);
        assert!(cut.ends_with(b"\n"));

        let robots = Robots::parse("ketnoi", &body);
        assert!(!robots.allowed("/an/cong-khai"), "the half-read Allow is not applied");
        assert!(robots.allowed("/later"), "rules past the limit are not read");
    }
}
