//! `ketnoi`: one binary for the whole hub. See `ketnoi --help`.

mod cli;
mod commands;
mod config;
mod demo_web;
mod serve;
mod store;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command, CrawlTuning, LogFormat, ServeArgs};
use crate::commands::BadInput;
use crate::config::Config;

/// Exit code for bad input data (sysexits' EX_DATAERR).
const EXIT_BAD_INPUT: u8 = 65;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`ketnoi units list | head`) is the reader's choice, not a failure.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<BadInput>().is_some() { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::FAILURE }
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let no_serve = ServeArgs::default();
    let serve_args = match &cli.command {
        Command::Serve(a) | Command::Demo(a) => a,
        Command::Config { serve, .. } => serve,
        _ => &no_serve,
    };
    let no_crawl = CrawlTuning::default();
    let crawl_tuning = match &cli.command {
        Command::Crawl(a) => &a.tuning,
        _ => &no_crawl,
    };
    let config = Config::load(&cli.global, serve_args, crawl_tuning)?;
    let long_running = matches!(cli.command, Command::Serve(_) | Command::Demo(_) | Command::Crawl(_));
    init_logging(config.log_format, if long_running { "info" } else { "warn" });
    let today = store::vn_today();

    match cli.command {
        Command::Config { json, .. } => {
            let shown = config.redacted();
            if json {
                commands::print_json(&shown)?;
            } else {
                use std::io::Write as _;
                write!(std::io::stdout().lock(), "{}", toml::to_string(&shown)?)?;
            }
            Ok(())
        }
        Command::Serve(_) => serve::serve(&config, store::open(&config).await?).await,
        Command::Demo(_) => {
            // A demo without --data-dir runs in a fresh directory removed on exit.
            let scratch;
            let mut config = config;
            if cli.global.data_dir.is_none() && config.database_url.is_none() {
                scratch = tempfile::Builder::new().prefix("ketnoi-demo-").tempdir()?;
                config.data_dir = scratch.path().to_path_buf();
                println!("demo data directory: {}", config.data_dir.display());
            }
            let store = store::open(&config).await?;
            serve::demo(config, store).await
        }
        Command::Migrate => {
            let store = store::open(&config).await?;
            println!("migrations applied ({})", store.backend());
            Ok(())
        }
        Command::Units(c) => commands::units::run(store::open(&config).await?.as_ref(), c, today).await,
        Command::Sites(c) => commands::sites::run(store::open(&config).await?.as_ref(), c, today).await,
        Command::Contacts(c) => commands::contacts::run(store::open(&config).await?.as_ref(), c, today).await,
        Command::Hub(c) => commands::hub::run(store::open(&config).await?.as_ref(), c).await,
        Command::Keys(c) => commands::keys::run(store::open(&config).await?.as_ref(), c).await,
        Command::Webhooks(c) => commands::webhooks::run(store::open(&config).await?.as_ref(), c).await,
        Command::Crawl(c) => commands::crawl::run(store::open(&config).await?, &config, c, today).await,
        Command::Verify { url, json } => commands::verify::run(store::open(&config).await?.as_ref(), &url, json).await,
        Command::Search { query, kinds, site, limit, by_date, json } => {
            let args = commands::search::SearchArgs { query, kinds, site, limit, by_date, json };
            commands::search::search(&config, args).await
        }
        Command::Index(c) => commands::search::index(store::open(&config).await?.as_ref(), &config, c).await,
        Command::Documents(c) => commands::documents::run(store::open(&config).await?.as_ref(), &config, c).await,
    }
}

/// Logs go to standard error; `KETNOI_LOG` (or `RUST_LOG`) sets the filter.
fn init_logging(format: LogFormat, default_level: &str) {
    let filter = std::env::var("KETNOI_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
