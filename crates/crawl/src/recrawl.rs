//! When to fetch a page again: adaptive intervals (a page that keeps changing is visited more
//! often, one that never changes less), and error backoff. Pure; the sitemap `lastmod` side of
//! recrawl lives in the store (a newer lastmod makes a URL due at once).

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecrawlPolicy {
    /// Interval after the first fetch.
    pub initial: Duration,
    pub min: Duration,
    pub max: Duration,
    /// First retry delay after an error; doubles with each consecutive failure up to `max`.
    pub error_base: Duration,
    /// Consecutive failures after which a never-fetched URL is marked failed (retried at `max`).
    pub max_failures: i32,
}

impl Default for RecrawlPolicy {
    fn default() -> Self {
        Self {
            initial: Duration::from_secs(24 * 3600),
            min: Duration::from_secs(3600),
            max: Duration::from_secs(30 * 24 * 3600),
            error_base: Duration::from_secs(60),
            max_failures: 5,
        }
    }
}

/// What a fetch found compared to the stored page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// First successful fetch.
    New,
    Changed,
    /// 304, or the same content again.
    Unchanged,
}

impl RecrawlPolicy {
    /// The interval (seconds) after a successful fetch: halve on change, double when unchanged,
    /// clamped to `[min, max]`.
    pub fn next_interval(&self, current_secs: i64, change: Change) -> i64 {
        let (min, max) = (self.min.as_secs() as i64, self.max.as_secs() as i64);
        let current = if current_secs > 0 { current_secs } else { self.initial.as_secs() as i64 };
        let next = match change {
            Change::New => self.initial.as_secs() as i64,
            Change::Changed => current / 2,
            Change::Unchanged => current.saturating_mul(2),
        };
        next.clamp(min, max.max(min))
    }

    /// Delay before retrying after the `failures`-th consecutive failure (1-based).
    pub fn error_delay(&self, failures: i32) -> Duration {
        let shift = (failures.max(1) - 1).min(20) as u32;
        self.error_base.checked_mul(1 << shift).unwrap_or(self.max).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_adapt_within_bounds() {
        let p = RecrawlPolicy::default();
        let day = 86_400;
        assert_eq!(p.next_interval(0, Change::New), day);
        assert_eq!(p.next_interval(day, Change::Unchanged), 2 * day);
        assert_eq!(p.next_interval(day, Change::Changed), day / 2);
        assert_eq!(p.next_interval(3600, Change::Changed), 3600, "never below min");
        assert_eq!(p.next_interval(29 * day, Change::Unchanged), 30 * day, "never above max");
    }

    #[test]
    fn errors_back_off_exponentially() {
        let p = RecrawlPolicy::default();
        assert_eq!(p.error_delay(1), Duration::from_secs(60));
        assert_eq!(p.error_delay(3), Duration::from_secs(240));
        assert_eq!(p.error_delay(1000), p.max);
    }
}
