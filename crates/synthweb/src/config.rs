//! Size and behaviour of a synthetic web.

use std::time::Duration;

/// What to generate. Same `Config`, same web, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Seed of every generator; changing it changes names of pages, texts and dates, not the shape.
    pub seed: u64,
    /// Number of sites. With `feature_sites`, the first [`crate::FEATURE_SITE_COUNT`] are the
    /// hand-assigned feature sites (fewer sites keep a prefix of them); the rest are generic
    /// ministries, provinces and communes from the register.
    pub sites: usize,
    /// Content pages per site (news, legal documents, services, media, other), beside the home
    /// page, listings, print/tracking variants and special pages.
    pub pages_per_site: usize,
    /// Put the feature sites (every failure mode, encoding and sitemap shape) first.
    pub feature_sites: bool,
    /// Delay before every response of the slow host.
    pub slow_delay: Duration,
    /// How many requests the flaky host answers with 503 (Retry-After) before it recovers.
    pub flaky_failures: u32,
    /// The rate-limited host answers 429 to a request arriving sooner than this after its previous
    /// accepted request. Tests that want a deterministic 429 set it large (e.g. 60 s).
    pub rate_limit_interval: Duration,
    /// Value of `Retry-After` (seconds) on 503 and 429 answers.
    pub retry_after_secs: u32,
    /// Size of the big page on the limits host.
    pub big_page_bytes: usize,
    /// Decompressed size of the gzip bomb on the limits host.
    pub gzip_bomb_bytes: u64,
    /// At most this many requests are kept in the request log (counts and concurrency are kept
    /// beyond it), so a benchmark with millions of requests does not grow without bound.
    pub request_log_capacity: usize,
}

impl Config {
    /// Every feature at least once, ten pages per site: for tests.
    pub fn small() -> Self {
        Self {
            seed: 2025,
            sites: crate::roster::FEATURE_SITE_COUNT,
            pages_per_site: 10,
            feature_sites: true,
            slow_delay: Duration::from_millis(300),
            flaky_failures: 3,
            rate_limit_interval: Duration::from_secs(1),
            retry_after_secs: 1,
            big_page_bytes: 20 * 1024 * 1024,
            gzip_bomb_bytes: 128 * 1024 * 1024,
            request_log_capacity: 1_000_000,
        }
    }

    /// About thirty sites of forty pages: for `ketnoi demo`.
    pub fn demo() -> Self {
        Self { sites: 30, pages_per_site: 40, ..Self::small() }
    }

    /// A benchmark-sized web; nothing per page is materialised until it is requested.
    pub fn large(sites: usize, pages_per_site: usize) -> Self {
        Self { sites, pages_per_site, request_log_capacity: 100_000, ..Self::small() }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::small()
    }
}
