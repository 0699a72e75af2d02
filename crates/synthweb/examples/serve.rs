//! Serves a synthetic government web from the command line, for benchmarks and trials:
//!
//! ```sh
//! cargo run --release -p ketnoi-synthweb --example serve -- SITES PAGES_PER_SITE REGISTER.csv [--features]
//! ```
//!
//! Prints `listening ADDR` and `resolve HOST:PORT:ADDR,...` (for `KETNOI_CRAWL_RESOLVE`), writes
//! the sites as a ketnoi register CSV (`ketnoi sites import`) and, beside it, `REGISTER.csv.seeds`
//! (home URL and robots.txt Crawl-delay in seconds per line, for a peer crawler that ignores
//! Crawl-delay), and serves until killed. Without
//! `--features` only ordinary portals are generated (no slow host, traps or faults), so a
//! benchmark measures crawling, not waiting.

use std::io::Write;
use std::sync::Arc;

use ketnoi_synthweb::{Config, SynthWeb};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!("usage: serve SITES PAGES_PER_SITE REGISTER.csv [--features]");
        std::process::exit(2)
    };
    let (Some(sites), Some(pages), Some(csv)) = (args.first(), args.get(1), args.get(2)) else { usage() };
    let (Ok(sites), Ok(pages)) = (sites.parse::<usize>(), pages.parse::<usize>()) else { usage() };
    let features = args.iter().any(|a| a == "--features");
    let web = Arc::new(SynthWeb::generate(&Config { feature_sites: features, ..Config::large(sites, pages) }));
    let running = ketnoi_synthweb::start(web.clone()).await?;
    let mut seeds = std::fs::File::create(format!("{csv}.seeds"))?;
    for s in web.sites() {
        writeln!(seeds, "{} {}", web.url(&s.host, "/"), s.crawl_delay.map_or(0.0, |d| d.as_secs_f64()))?;
    }
    let mut out = std::fs::File::create(csv)?;
    writeln!(out, "unit_code,name,urls,status")?;
    for s in web.sites() {
        let unit = if s.unit_is_real { s.unit_id.as_str() } else { "" };
        writeln!(out, "{unit},\"{}\",{},active", s.name.replace('"', "\"\""), web.url(&s.host, "/"))?;
    }
    let resolve: Vec<String> =
        web.sites().iter().map(|s| format!("{}:{}:{}", s.host, running.addr.port(), running.addr.ip())).collect();
    println!("listening {}", running.addr);
    println!("resolve {}", resolve.join(","));
    std::io::stdout().flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
