//! Running the binary as users do, shared by the CLI test files.
#![allow(dead_code)] // each test binary uses a different part of this helper

use std::path::Path;
use std::process::{Command, Output};

/// `ketnoi --data-dir DIR ARGS…`, with the environment's ketnoi settings removed.
pub fn ketnoi(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketnoi"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("KETNOI_LISTEN")
        .env_remove("KETNOI_DATABASE_URL")
        .env_remove("KETNOI_CONFIG")
        .output()
        .expect("run ketnoi")
}

/// Standard output of a run that must have succeeded (both outputs shown otherwise).
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
