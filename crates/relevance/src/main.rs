//! `ketnoi-relevance`: prints MRR@10 and nDCG@10 per query group for every engine, all run on
//! the same corpus in the same process.
//!
//! ```text
//! cargo run --release -p ketnoi-relevance                 # the judged test set
//! cargo run --release -p ketnoi-relevance -- --set xquad  # XQuAD-vi from ../shared/eval/xquad
//! cargo run --release -p ketnoi-relevance -- --json
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ketnoi_relevance::{Engine, SqliteFts5, TantivyDefault, evaluate, test_set, xquad};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Set {
    /// The judged Vietnamese test set in crates/relevance/data/testset.json.
    Test,
    /// XQuAD (Vietnamese): questions as queries, toned and tone-stripped.
    Xquad,
}

#[derive(Parser, Debug)]
#[command(name = "ketnoi-relevance", about = "Relevance of ketnoi's search beside two baselines")]
struct Args {
    /// Which dataset to run.
    #[arg(long, value_enum, default_value = "test")]
    set: Set,
    /// Path of xquad.vi.json (default: ../shared/eval/xquad/xquad.vi.json beside the workspace).
    #[arg(long)]
    xquad_path: Option<PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also print every query with each engine's score and top results.
    #[arg(long)]
    detail: bool,
    /// How many results per engine `--detail` shows.
    #[arg(long, default_value_t = 3)]
    top: usize,
}

/// Default location of XQuAD-vi: `shared/` beside the workspace root.
fn default_xquad_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..").join("shared/eval/xquad/xquad.vi.json")
}

/// The engines compared, in column order.
fn engines() -> Vec<Box<dyn Engine>> {
    let mut engines: Vec<Box<dyn Engine>> = Vec::new();
    engines.push(Box::new(ketnoi_relevance::Ketnoi::new()));
    engines.push(Box::new(TantivyDefault::new()));
    match SqliteFts5::new() {
        Ok(e) => engines.push(Box::new(e)),
        Err(e) => eprintln!("sqlite-fts5 baseline unavailable: {e}"),
    }
    engines
}

fn main() -> ExitCode {
    let args = Args::parse();
    let ds = match args.set {
        Set::Test => test_set(),
        Set::Xquad => {
            let path = args.xquad_path.unwrap_or_else(default_xquad_path);
            match xquad(&path) {
                Ok(ds) => ds,
                Err(e) => {
                    eprintln!("cannot load XQuAD from {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let mut engines = engines();
    let report = evaluate(&mut engines, &ds);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{report}");
    }
    if args.detail {
        print!("{}", report.detail(&ds, args.top));
    }
    if report.engines.iter().any(|e| e.error.is_some()) {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
