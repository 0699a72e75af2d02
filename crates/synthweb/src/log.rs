//! Every request the web receives, and per-host concurrency: what politeness tests assert on.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// Sequence number in arrival order.
    pub seq: u64,
    /// Host header without port, lower case (as given when it names no site).
    pub host: String,
    /// Path and query.
    pub path: String,
    pub method: String,
    /// When the request arrived (before any delay the host applies).
    pub at: Instant,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub accept_encoding: Option<String>,
    /// Status sent; 0 while in flight, and for connections closed without an answer (host down).
    pub status: u16,
    /// Time from arrival to the response being handed to the connection (includes slow-host delay).
    pub elapsed: Option<Duration>,
}

#[derive(Default)]
struct Inner {
    records: Vec<RequestRecord>,
    next_seq: u64,
    in_flight: BTreeMap<String, usize>,
    max_in_flight: BTreeMap<String, usize>,
    total: BTreeMap<String, u64>,
}

pub(crate) struct RequestLog {
    capacity: usize,
    inner: Mutex<Inner>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self { capacity, inner: Mutex::new(Inner::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panicking test thread must not hide the log from the others.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records arrival and counts the request in flight; returns its sequence number.
    pub(crate) fn start(&self, mut record: RequestRecord) -> u64 {
        let mut g = self.lock();
        let seq = g.next_seq;
        g.next_seq += 1;
        record.seq = seq;
        let host = record.host.clone();
        let now = {
            let e = g.in_flight.entry(host.clone()).or_insert(0);
            *e += 1;
            *e
        };
        let m = g.max_in_flight.entry(host.clone()).or_insert(0);
        *m = (*m).max(now);
        *g.total.entry(host).or_insert(0) += 1;
        if g.records.len() < self.capacity {
            g.records.push(record);
        }
        seq
    }

    /// Records the outcome and leaves flight.
    pub(crate) fn finish(&self, seq: u64, host: &str, status: u16, elapsed: Duration) {
        let mut g = self.lock();
        if let Some(e) = g.in_flight.get_mut(host) {
            *e = e.saturating_sub(1);
        }
        // Records are in sequence order, so the search is cheap.
        if let Ok(i) = g.records.binary_search_by_key(&seq, |r| r.seq) {
            g.records[i].status = status;
            g.records[i].elapsed = Some(elapsed);
        }
    }

    pub(crate) fn records(&self) -> Vec<RequestRecord> {
        self.lock().records.clone()
    }

    pub(crate) fn max_in_flight(&self, host: &str) -> usize {
        self.lock().max_in_flight.get(host).copied().unwrap_or(0)
    }

    pub(crate) fn total(&self, host: &str) -> u64 {
        self.lock().total.get(host).copied().unwrap_or(0)
    }

    pub(crate) fn clear(&self) {
        let mut g = self.lock();
        g.records.clear();
        g.max_in_flight = g.in_flight.clone();
        g.total.clear();
    }
}
