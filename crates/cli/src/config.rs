//! Effective configuration: flags, then `KETNOI_*` variables (both through
//! clap), then the config file, then defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::cli::{CrawlTuning, GlobalArgs, LogFormat, ServeArgs};

pub const DEFAULT_DATA_DIR: &str = "ketnoi-data";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_METRICS_LISTEN: &str = "127.0.0.1:9464";
/// Shorter tokens are guessable; the token grants every operator right.
pub const MIN_ADMIN_TOKEN_CHARS: usize = 16;
const CONFIG_FILE_NAME: &str = "ketnoi.toml";

/// The config file. Unknown keys are errors, so a typo never silently falls back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<SocketAddr>,
    metrics_listen: Option<SocketAddr>,
    admin_token: Option<String>,
    log_format: Option<LogFormat>,
    trusted_proxies: Option<Vec<String>>,
    crawl: Option<CrawlFileConfig>,
    boxes: Option<BoxesFileConfig>,
}

/// `[boxes]` in the config file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxesFileConfig {
    public_url: Option<String>,
    box_url: Option<String>,
    static_url: Option<String>,
    image_url: Option<String>,
    frame_ancestors: Option<String>,
    refresh_seconds: Option<u32>,
}

/// `[crawl]` in the config file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrawlFileConfig {
    resolve: Option<Vec<String>>,
    allow_private: Option<bool>,
    concurrency: Option<usize>,
    min_delay_ms: Option<u64>,
    per_ip: Option<usize>,
    contact_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub listen: SocketAddr,
    pub metrics_listen: SocketAddr,
    pub admin_token: Option<String>,
    pub log_format: LogFormat,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub crawl: CrawlTuning,
    pub boxes: ketnoi_web::boxes::BoxSettings,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
}

impl Config {
    pub fn load(global: &GlobalArgs, serve: &ServeArgs, crawl: &CrawlTuning) -> anyhow::Result<Config> {
        let (file, path) = match &global.config {
            Some(p) => (read_file(p)?, Some(p.clone())),
            None => {
                let dir = global.data_dir.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
                let p = dir.join(CONFIG_FILE_NAME);
                if p.is_file() { (read_file(&p)?, Some(p)) } else { (FileConfig::default(), None) }
            }
        };
        let admin_token = serve.admin_token.clone().or(file.admin_token).filter(|t| !t.is_empty());
        if let Some(t) = &admin_token
            && t.chars().count() < MIN_ADMIN_TOKEN_CHARS
        {
            bail!("the admin token must be at least {MIN_ADMIN_TOKEN_CHARS} characters long");
        }
        Ok(Config {
            data_dir: global.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            database_url: global.database_url.clone().or(file.database_url).filter(|u| !u.is_empty()),
            listen: serve.listen.or(file.listen).unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("valid default")),
            metrics_listen: serve
                .metrics_listen
                .or(file.metrics_listen)
                .unwrap_or_else(|| DEFAULT_METRICS_LISTEN.parse().expect("valid default")),
            admin_token,
            log_format: global.log_format.or(file.log_format).unwrap_or(LogFormat::Text),
            trusted_proxies: parse_proxies(serve.trusted_proxies.clone().or(file.trusted_proxies).unwrap_or_default())?,
            crawl: merge_crawl(crawl, file.crawl.unwrap_or_default()),
            boxes: box_settings(serve, file.boxes.unwrap_or_default())?,
            file: path,
        })
    }

    /// What `ketnoi config` prints: no secret leaves in clear.
    pub fn redacted(&self) -> RedactedConfig {
        RedactedConfig {
            data_dir: self.data_dir.display().to_string(),
            database: match &self.database_url {
                Some(url) => redact_url(url),
                None => format!("sqlite:{}", self.data_dir.join("ketnoi.db").display()),
            },
            listen: self.listen.to_string(),
            metrics_listen: self.metrics_listen.to_string(),
            admin_token: if self.admin_token.is_some() { "(set)" } else { "(not set)" },
            log_format: self.log_format,
            trusted_proxies: self.trusted_proxies.iter().map(ToString::to_string).collect(),
            crawl: self.crawl.clone(),
            config_file: self.file.as_ref().map(|p| p.display().to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RedactedConfig {
    pub data_dir: String,
    pub database: String,
    pub listen: String,
    pub metrics_listen: String,
    pub admin_token: &'static str,
    pub log_format: LogFormat,
    pub trusted_proxies: Vec<String>,
    pub config_file: Option<String>,
    pub crawl: CrawlTuning,
}

/// Flags (and their variables) win over the file, option by option.
fn merge_crawl(flags: &CrawlTuning, file: CrawlFileConfig) -> CrawlTuning {
    CrawlTuning {
        resolve: if flags.resolve.is_empty() { file.resolve.unwrap_or_default() } else { flags.resolve.clone() },
        allow_private: flags.allow_private || file.allow_private.unwrap_or(false),
        concurrency: flags.concurrency.or(file.concurrency),
        min_delay_ms: flags.min_delay_ms.or(file.min_delay_ms),
        per_ip: flags.per_ip.or(file.per_ip),
        contact_url: flags.contact_url.clone().or(file.contact_url),
    }
}

/// Flags win over the file; without a public URL, boxes use the address a request came to.
fn box_settings(flags: &ServeArgs, file: BoxesFileConfig) -> anyhow::Result<ketnoi_web::boxes::BoxSettings> {
    use ketnoi_web::boxes::{BoxSettings, FrameAncestors};
    let public = flags.public_url.clone().or(file.public_url);
    let urls = match public {
        None => None,
        Some(site) => {
            let or_site = |v: Option<String>| v.unwrap_or_else(|| site.clone());
            let urls = ketnoi_boxes::PublicUrls {
                boxes: or_site(flags.box_url.clone().or(file.box_url)),
                statics: or_site(flags.static_url.clone().or(file.static_url)),
                images: or_site(flags.image_url.clone().or(file.image_url)),
                site: site.clone(),
            };
            Some(urls.validated().map_err(|e| anyhow::anyhow!("public URLs: {e}"))?)
        }
    };
    let frame_ancestors = match flags.box_frame_ancestors.clone().or(file.frame_ancestors).as_deref() {
        None | Some("registered") => FrameAncestors::Registered,
        Some("all") => FrameAncestors::All,
        Some(other) => bail!("box frame ancestors must be `registered` or `all`, not `{other}`"),
    };
    let refresh_seconds =
        flags.box_refresh_seconds.or(file.refresh_seconds).unwrap_or(BoxSettings::default().refresh_seconds);
    if !(5..=86_400).contains(&refresh_seconds) {
        bail!("the box refresh interval must be 5 to 86400 seconds");
    }
    Ok(BoxSettings { urls, frame_ancestors, refresh_seconds })
}

/// CIDR blocks; a single address stands for itself.
fn parse_proxies(list: Vec<String>) -> anyhow::Result<Vec<ipnet::IpNet>> {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .with_context(|| format!("trusted proxy {s:?} is not an IP address or CIDR block"))
        })
        .collect()
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawl_flags_beat_the_crawl_section_option_by_option() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(&file, "[crawl]\nresolve = [\"a.gov.vn:80:127.0.0.1\"]\nconcurrency = 4\nper_ip = 2\n").unwrap();
        let global = GlobalArgs { config: Some(file), ..Default::default() };
        let flags = CrawlTuning { concurrency: Some(8), ..Default::default() };
        let c = Config::load(&global, &ServeArgs::default(), &flags).unwrap();
        assert_eq!(c.crawl.resolve, vec!["a.gov.vn:80:127.0.0.1".to_string()]);
        assert_eq!((c.crawl.concurrency, c.crawl.per_ip), (Some(8), Some(2)));
        let typo = dir.path().join("t.toml");
        std::fs::write(&typo, "[crawl]\nconcurency = 4\n").unwrap();
        let global = GlobalArgs { config: Some(typo), ..Default::default() };
        assert!(Config::load(&global, &ServeArgs::default(), &flags).is_err(), "unknown keys are errors");
    }

    #[test]
    fn flags_beat_the_file_which_beats_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:7000\"\nmetrics_listen = \"127.0.0.1:7001\"\nadmin_token = \"from-file-0123456789\"\n")
            .unwrap();
        let global = GlobalArgs { config: Some(file), ..Default::default() };
        let serve = ServeArgs { listen: Some("127.0.0.1:9000".parse().unwrap()), ..Default::default() };
        let c = Config::load(&global, &serve, &CrawlTuning::default()).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.metrics_listen.port(), 7001);
        assert_eq!(c.admin_token.as_deref(), Some("from-file-0123456789"));
        assert_eq!(c.data_dir, PathBuf::from(DEFAULT_DATA_DIR));
    }

    #[test]
    fn unknown_keys_short_tokens_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(&file, "lisen = \"127.0.0.1:7000\"\n").unwrap();
        let global = GlobalArgs { config: Some(file.clone()), ..Default::default() };
        assert!(Config::load(&global, &ServeArgs::default(), &CrawlTuning::default()).is_err());
        std::fs::write(&file, "admin_token = \"short\"\n").unwrap();
        assert!(Config::load(&global, &ServeArgs::default(), &CrawlTuning::default()).is_err());
        let missing = GlobalArgs { config: Some(dir.path().join("none.toml")), ..Default::default() };
        assert!(Config::load(&missing, &ServeArgs::default(), &CrawlTuning::default()).is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
