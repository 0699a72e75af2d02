//! Per-key rate limits (GCRA: a token bucket kept as one timestamp per key).
//! Each API node limits on its own: behind N nodes a key gets up to N times
//! its rate, which is what a limit against runaway scripts needs.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct RateLimiter {
    /// Theoretical arrival time of the next request, per key id.
    next: Mutex<HashMap<String, Instant>>,
}

impl RateLimiter {
    /// Counts one request of `key` allowed `per_minute` requests with a burst
    /// of a tenth of that; `Err(wait)` says how long until it would pass.
    pub fn check(&self, key: &str, per_minute: u32, now: Instant) -> Result<(), Duration> {
        let interval = Duration::from_secs(60) / per_minute.max(1);
        let burst = (per_minute / 10).max(1);
        // `burst` requests pass at once: the first plus `burst - 1` ahead of schedule.
        let tolerance = interval * (burst - 1);
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let tat = next.get(key).copied().unwrap_or(now).max(now);
        let earliest = tat.checked_sub(tolerance).unwrap_or(now);
        if earliest > now {
            return Err(earliest - now);
        }
        next.insert(key.to_string(), tat + interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_requests_wait_their_turn() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        for _ in 0..6 {
            assert!(limiter.check("k", 60, t0).is_ok(), "a burst of 60/10 passes");
        }
        let wait = limiter.check("k", 60, t0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(limiter.check("k", 60, t0 + wait).is_ok());
        assert!(limiter.check("other", 60, t0).is_ok(), "keys are limited separately");
    }
}
