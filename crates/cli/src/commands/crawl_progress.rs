//! Crawl progress on standard error: a bar on a terminal (sites, pages, errors, rate), plain log
//! lines otherwise (one every few seconds and one per finished site), so logs stay readable.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ketnoi_crawl::Progress;
use tokio::sync::mpsc;

use crate::cli::ProgressMode;

/// How often a log line is written when there is no terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub sites_done: usize,
    pub pages: u64,
    pub errors: u64,
}

pub struct ProgressView {
    bar: Option<ProgressBar>,
    log: bool,
    sites: usize,
    totals: Totals,
    started: Instant,
    last_line: Instant,
}

impl ProgressView {
    pub fn new(mode: ProgressMode, sites: usize) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let (bar, log) = match mode {
            ProgressMode::Bar => (true, false),
            ProgressMode::Log => (false, true),
            ProgressMode::None => (false, false),
            ProgressMode::Auto => (terminal, !terminal),
        };
        let bar = bar.then(|| {
            let b = ProgressBar::with_draw_target(Some(sites as u64), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} sites  {msg}")
                    .expect("valid template"),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        let now = Instant::now();
        ProgressView { bar, log, sites, totals: Totals::default(), started: now, last_line: now }
    }

    fn rate(&self) -> f64 {
        self.totals.pages as f64 / self.started.elapsed().as_secs_f64().max(0.001)
    }

    fn status(&self) -> String {
        format!("{} pages, {} errors, {:.1} pages/s", self.totals.pages, self.totals.errors, self.rate())
    }

    pub fn on(&mut self, event: Progress) {
        match event {
            Progress::SiteStarted { .. } => {}
            Progress::Page { .. } => self.totals.pages += 1,
            Progress::Error { .. } => self.totals.errors += 1,
            Progress::SiteFinished { report } => {
                self.totals.sites_done += 1;
                if let Some(b) = &self.bar {
                    b.inc(1);
                }
                if self.log {
                    eprintln!(
                        "crawl: site {} done: {} requests, {} new, {} errors{} ({}/{} sites)",
                        report.site_id,
                        report.requests,
                        report.pages_new,
                        report.error_total(),
                        if report.interrupted { ", interrupted" } else { "" },
                        self.totals.sites_done,
                        self.sites
                    );
                }
            }
        }
        if let Some(b) = &self.bar {
            b.set_message(self.status());
        } else if self.log && self.last_line.elapsed() >= LOG_EVERY {
            self.last_line = Instant::now();
            eprintln!("crawl: {}/{} sites, {}", self.totals.sites_done, self.sites, self.status());
        }
    }

    pub fn finish(self) -> Totals {
        if let Some(b) = &self.bar {
            b.finish_with_message(self.status());
        } else if self.log {
            eprintln!("crawl: finished: {}/{} sites, {}", self.totals.sites_done, self.sites, self.status());
        }
        self.totals
    }
}

/// Draws events until the crawl drops its sender.
pub async fn draw(mut view: ProgressView, mut rx: mpsc::UnboundedReceiver<Progress>) -> Totals {
    while let Some(event) = rx.recv().await {
        view.on(event);
    }
    view.finish()
}
