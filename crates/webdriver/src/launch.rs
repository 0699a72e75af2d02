//! Finding the system's Chromium and chromedriver, starting the driver and opening a session.
//!
//! Tests never download a browser: they use the Debian packages (`chromium chromium-driver`)
//! or paths from the environment, and skip (or fail, on CI) when those are absent.

use std::ffi::OsString;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::browser::Browser;
use crate::error::Error;
use crate::session::Session;
use crate::wire::Wire;

const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long chromedriver may take to answer `GET /status` with `ready: true`.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts at starting the driver; another process may grab the free port we picked
/// between our probe and chromedriver's bind.
const START_ATTEMPTS: usize = 3;

/// Whether a missing browser must fail tests instead of skipping them: true when `CI` or
/// `KETNOI_TEST_BROWSER` is set (to anything but empty, `0` or `false`).
pub fn browser_tests_required() -> bool {
    ["CI", "KETNOI_TEST_BROWSER"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")))
}

/// Starts chromedriver and a headless Chromium session.
///
/// Returns `Ok(None)` (after printing `SKIPPED: …` to stderr) when Chromium or chromedriver is
/// not installed and [`browser_tests_required`] is false, so local runs without a browser pass.
/// Paths come from `KETNOI_CHROMIUM` / `KETNOI_CHROMEDRIVER`, else `/usr/bin/chromium` and
/// `/usr/bin/chromedriver` (or `chromedriver` on `PATH`). If `KETNOI_CHROMEDRIVER_LOG` is set,
/// chromedriver writes a verbose log to that file.
pub async fn launch() -> Result<Option<Browser>, Error> {
    let (chromium, driver) = match (find_chromium(), find_chromedriver()) {
        (Ok(chromium), Ok(driver)) => (chromium, driver),
        (chromium, driver) => {
            let missing: Vec<String> = [chromium.err(), driver.err()].into_iter().flatten().collect();
            let missing = missing.join("; ");
            if browser_tests_required() {
                return Err(Error::BrowserMissing(format!("{missing} (apt-get install chromium chromium-driver)")));
            }
            eprintln!("SKIPPED: browser tests need chromium and chromedriver ({missing})");
            return Ok(None);
        }
    };
    let (wire, child) = start_driver(&driver).await?;
    let value = wire.call(Method::POST, "/session", Some(&capabilities(&chromium)), "new session").await?;
    let Some(id) = value.get("sessionId").and_then(Value::as_str) else {
        return Err(Error::Protocol {
            command: "new session".into(),
            status: 200,
            detail: format!("no sessionId: {value}"),
        });
    };
    let session = Session { wire, id: id.to_owned() };
    Ok(Some(Browser::new(session, child)))
}

/// What we ask chromedriver for: headless Chromium at `chromium`, Vietnamese UI language (the
/// product is Vietnamese), a fixed window size for stable screenshots, and the browser log.
///
/// `--disable-site-isolation-trials` keeps cross-origin iframes in the page's renderer process.
/// Chromedriver's browser log only listens to the top-level target, so with site isolation on,
/// console messages from cross-origin (out-of-process) iframes are silently missing
/// (SeleniumHQ/selenium#11242). Same-origin policy and CSP are still enforced; only the
/// process boundary between sites goes away.
fn capabilities(chromium: &Path) -> Value {
    json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1280,1024",
                "--lang=vi",
                "--disable-site-isolation-trials",
            ],
        },
        "goog:loggingPrefs": {"browser": "ALL"},
    }}})
}

fn find_chromium() -> Result<PathBuf, String> {
    match std::env::var_os("KETNOI_CHROMIUM") {
        Some(path) => existing(path.into(), "KETNOI_CHROMIUM"),
        None => existing(DEFAULT_CHROMIUM.into(), "chromium"),
    }
}

fn find_chromedriver() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("KETNOI_CHROMEDRIVER") {
        return existing(path.into(), "KETNOI_CHROMEDRIVER");
    }
    if Path::new(DEFAULT_CHROMEDRIVER).is_file() {
        return Ok(DEFAULT_CHROMEDRIVER.into());
    }
    let on_path = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("chromedriver"))
        .find(|candidate| candidate.is_file());
    on_path.ok_or_else(|| format!("chromedriver not found at {DEFAULT_CHROMEDRIVER} or on PATH"))
}

fn existing(path: PathBuf, what: &str) -> Result<PathBuf, String> {
    if path.is_file() { Ok(path) } else { Err(format!("{what} not found at {}", path.display())) }
}

/// Spawns chromedriver on a free loopback port and waits until it reports ready.
async fn start_driver(driver: &Path) -> Result<(Wire, Child), Error> {
    let mut attempt = 1;
    loop {
        let port = free_port()?;
        let mut command = Command::new(driver);
        command.arg(format!("--port={port}")).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        if let Some(log) = std::env::var_os("KETNOI_CHROMEDRIVER_LOG") {
            let mut arg = OsString::from("--log-path=");
            arg.push(log);
            command.arg(arg).arg("--verbose");
        }
        // If anything below fails, dropping the child stops the driver.
        command.kill_on_drop(true);
        let mut child = command
            .spawn()
            .map_err(|source| Error::Io { what: format!("starting chromedriver {}", driver.display()), source })?;
        let wire = Wire::new(port)?;
        match wait_ready(&wire, &mut child, driver, port).await {
            Ok(()) => return Ok((wire, child)),
            Err(DriverStart::Exited(_)) if attempt < START_ATTEMPTS => attempt += 1,
            Err(DriverStart::Exited(e) | DriverStart::Failed(e)) => return Err(e),
        }
    }
}

enum DriverStart {
    /// The driver process ended (e.g. the port was taken); worth retrying on another port.
    Exited(Error),
    Failed(Error),
}

/// Polls `GET /status` until `value.ready` is true, the driver exits, or [`READY_TIMEOUT`].
async fn wait_ready(wire: &Wire, child: &mut Child, driver: &Path, port: u16) -> Result<(), DriverStart> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let message =
                    format!("chromedriver {} (port {port}) exited with {status} before ready", driver.display());
                let source = std::io::Error::other(message);
                return Err(DriverStart::Exited(Error::Io { what: "starting chromedriver".into(), source }));
            }
            Ok(None) => {}
            Err(source) => {
                return Err(DriverStart::Failed(Error::Io { what: "checking chromedriver process".into(), source }));
            }
        }
        let last = match wire.call(Method::GET, "/status", None, "status").await {
            Ok(value) if value.get("ready") == Some(&Value::Bool(true)) => return Ok(()),
            Ok(value) => format!("status {value}"),
            Err(e) => e.to_string(),
        };
        if Instant::now() >= deadline {
            let what = format!("chromedriver {} on port {port} to be ready (last: {last})", driver.display());
            return Err(DriverStart::Failed(Error::Timeout { what, timeout: READY_TIMEOUT }));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A loopback port that was free a moment ago (the OS picks it; we release it for the driver).
fn free_port() -> Result<u16, Error> {
    let io = |source| Error::Io { what: "finding a free port for chromedriver".into(), source };
    let listener = TcpListener::bind("127.0.0.1:0").map_err(io)?;
    Ok(listener.local_addr().map_err(io)?.port())
}
