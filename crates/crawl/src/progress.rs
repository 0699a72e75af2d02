//! What a running crawl tells its caller (the CLI draws a progress bar or logs lines from it).

use ketnoi_domain::CrawlReport;

#[derive(Debug, Clone)]
pub enum Progress {
    SiteStarted {
        site_id: i64,
        name: String,
    },
    /// A page answered (200, 304, 404...).
    Page {
        site_id: i64,
        url: String,
        status: u16,
    },
    /// A page could not be fetched or read.
    Error {
        site_id: i64,
        url: String,
        kind: String,
    },
    SiteFinished {
        report: Box<CrawlReport>,
    },
}
