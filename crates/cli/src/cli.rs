//! Command-line interface. Every option that configures the service can also
//! come from a `KETNOI_*` environment variable or the config file; a flag wins
//! over the environment, which wins over the file.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "ketnoi", version, about = "Integration hub of Viet Nam's government portal network", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Config file (TOML); default: DATA_DIR/ketnoi.toml when it exists.
    #[arg(long, global = true, env = "KETNOI_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory for the SQLite database and indexes.
    #[arg(long, global = true, env = "KETNOI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Store URL: `postgres://…` for PostgreSQL; default: SQLite in DATA_DIR/ketnoi.db.
    #[arg(long, global = true, env = "KETNOI_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log format on standard error.
    #[arg(long, global = true, env = "KETNOI_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ServeArgs {
    /// Address of the HTTP API and pages.
    #[arg(long, env = "KETNOI_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Address of the Prometheus metrics endpoint (kept off the public listener).
    #[arg(long, env = "KETNOI_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,
    /// Bearer token that grants operator rights until users and roles exist.
    #[arg(long, env = "KETNOI_ADMIN_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Reverse proxies whose X-Forwarded-For / Forwarded headers are believed (CIDR, comma-separated).
    #[arg(long, env = "KETNOI_TRUSTED_PROXIES", value_name = "CIDR,...", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
    /// Public base URL of this deployment (builder, API); boxes, static files and images default to it.
    #[arg(long, env = "KETNOI_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Public base URL of box pages (the iframes), if not the public URL.
    #[arg(long, env = "KETNOI_BOX_URL", value_name = "URL")]
    pub box_url: Option<String>,
    /// Public base URL of scripts, styles and fonts, if not the public URL.
    #[arg(long, env = "KETNOI_STATIC_URL", value_name = "URL")]
    pub static_url: Option<String>,
    /// Public base URL of item images (a CDN), if not the public URL.
    #[arg(long, env = "KETNOI_IMAGE_URL", value_name = "URL")]
    pub image_url: Option<String>,
    /// Who may frame boxes: `registered` portals of the register, or `all` pages.
    #[arg(long, env = "KETNOI_BOX_FRAME_ANCESTORS", value_name = "registered|all")]
    pub box_frame_ancestors: Option<String>,
    /// How often a box fetches its items again, in seconds.
    #[arg(long, env = "KETNOI_BOX_REFRESH_SECONDS", value_name = "SECONDS")]
    pub box_refresh_seconds: Option<u32>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the HTTP server (API, health, metrics).
    Serve(ServeArgs),
    /// Load the built-in units and a sample register, then serve them.
    Demo(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Show the effective configuration (secrets redacted).
    Config {
        #[command(flatten)]
        serve: ServeArgs,
        #[arg(long)]
        json: bool,
    },
    /// Administrative units (current and before the 2025 reform).
    #[command(subcommand)]
    Units(UnitsCommand),
    /// Registered sites (cổng/trang thông tin điện tử).
    #[command(subcommand)]
    Sites(SitesCommand),
    /// Focal contacts of units (personal data).
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Directive information shared with member portals (news, video, documents...).
    #[command(subcommand)]
    Hub(HubCommand),
    /// Secret keys of the Annex II API.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Webhooks told of every publish, update and withdrawal.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// Crawl registered sites (robots.txt, sitemaps, links), or show a site's crawl report.
    Crawl(CrawlArgs),
    /// Is this site official? Check a URL or domain against the register; look-alikes are called out.
    Verify {
        /// The address or domain as typed, e.g. https://www.chinhphu.vn/tin-tuc or thanhhoa.gov.vn.
        url: String,
        #[arg(long)]
        json: bool,
    },
    /// Search every official source (the index `serve` keeps in DATA_DIR/index).
    Search {
        query: String,
        /// Only these types (news, legal_document, public_service, media, dataset, other).
        #[arg(long = "type", value_delimiter = ',')]
        kinds: Vec<String>,
        #[arg(long)]
        site: Option<i64>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Newest first instead of most relevant first.
        #[arg(long)]
        by_date: bool,
        #[arg(long)]
        json: bool,
    },
    /// The search index: follow the store, or rebuild from it.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Documents pushed by sites (like `POST /api/v1/documents`), from files.
    #[command(subcommand)]
    Documents(DocumentsCommand),
}

#[derive(Subcommand, Debug)]
pub enum DocumentsCommand {
    /// Import documents from JSON Lines (one object a line with the API's fields: url, site, title,
    /// content, type, published, number, issuer, signer, description), then make them searchable.
    /// Any bad line imports nothing, unless --skip-invalid.
    Import {
        file: PathBuf,
        /// Import the valid lines and report the others.
        #[arg(long)]
        skip_invalid: bool,
        /// Largest file accepted, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024)]
        max_bytes: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Index what the store holds that the index has not seen (stop `serve` first: one writer).
    Sync,
    /// Delete the index and build it again from the store.
    Rebuild,
}

/// Crawler options that may also come from the `[crawl]` section of the config file.
#[derive(Args, Debug, Clone, Default, serde::Serialize)]
pub struct CrawlTuning {
    /// Map a host to an address like curl: HOST:PORT:ADDR (repeatable; `[crawl] resolve` in the file).
    #[arg(long = "resolve", value_name = "HOST:PORT:ADDR", env = "KETNOI_CRAWL_RESOLVE", value_delimiter = ',')]
    pub resolve: Vec<String>,
    /// Allow loopback and private addresses (tests, intranets, the synthetic web).
    #[arg(long, env = "KETNOI_CRAWL_ALLOW_PRIVATE")]
    pub allow_private: bool,
    /// Requests in flight across all hosts.
    #[arg(long, env = "KETNOI_CRAWL_CONCURRENCY", value_name = "N")]
    pub concurrency: Option<usize>,
    /// Our own minimum delay between requests to one host (robots.txt Crawl-delay may ask for more).
    #[arg(long, env = "KETNOI_CRAWL_MIN_DELAY_MS", value_name = "MS")]
    pub min_delay_ms: Option<u64>,
    /// Most requests in flight to one server address (commune sites often share one).
    #[arg(long, env = "KETNOI_CRAWL_PER_IP", value_name = "N")]
    pub per_ip: Option<usize>,
    /// Where site owners learn about the crawler, sent in the User-Agent.
    #[arg(long, env = "KETNOI_CRAWL_CONTACT_URL", value_name = "URL")]
    pub contact_url: Option<String>,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CrawlArgs {
    #[command(subcommand)]
    pub action: Option<CrawlAction>,
    /// Crawl this site (repeatable).
    #[arg(long = "site", value_name = "ID")]
    pub sites: Vec<i64>,
    /// Crawl every active site of the register.
    #[arg(long, conflicts_with = "sites")]
    pub all: bool,
    /// Crawl until nothing is due, then exit (otherwise keep recrawling until stopped).
    #[arg(long)]
    pub once: bool,
    /// Freshness sweep: re-check every stored page now and delete those answering 404/410
    /// (a circuit breaker holds back mass deletions).
    #[arg(long)]
    pub sweep: bool,
    /// Progress display on standard error (auto: a bar on a terminal, log lines otherwise).
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    /// Print the per-site summary as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub tuning: CrawlTuning,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    Auto,
    Bar,
    Log,
    None,
}

#[derive(Subcommand, Debug)]
pub enum CrawlAction {
    /// The report of a site's last crawl: pages, errors by kind, robots exclusions, sitemaps, timings.
    Report {
        site: i64,
        #[arg(long)]
        json: bool,
    },
    /// URLs of a site's frontier, optionally in one state (queued, fetched, gone...).
    Pages {
        site: i64,
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubCommand {
    /// Import items from JSON Lines with the seed's field names (Id, Title, Type...), idempotent on Id.
    Import {
        file: PathBuf,
        /// Import the valid lines (in one transaction) and report the others.
        #[arg(long)]
        skip_invalid: bool,
        #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024)]
        max_bytes: usize,
        #[arg(long)]
        json: bool,
    },
    /// List items, newest first.
    List {
        /// Include drafts and withdrawn items.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show one item as the Annex II API serves it.
    Show { id: i64 },
    /// Publish an item.
    Publish { id: i64 },
    /// Withdraw an item (portals syncing get a withdrawal marker).
    Withdraw { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Create a key and print its secret (shown only this once).
    Create {
        #[arg(long)]
        name: String,
        /// Addresses allowed to use the key (CIDR or single IPs), comma-separated.
        #[arg(long, value_name = "CIDR,...", value_delimiter = ',', required = true)]
        allow_ip: Vec<String>,
        /// Distribution ids the key may read (default: all).
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        scope: Option<Vec<String>>,
        /// Requests per minute.
        #[arg(long)]
        rate: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// List keys (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Give a key a new secret; the old one keeps working for --grace-hours.
    Rotate {
        id: String,
        #[arg(long, default_value_t = 168)]
        grace_hours: u32,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key at once.
    Revoke { id: String },
}

#[derive(Subcommand, Debug)]
pub enum WebhooksCommand {
    /// Subscribe a URL; prints the signing secret once.
    Add {
        url: String,
        #[arg(long)]
        json: bool,
    },
    /// List subscribers.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a subscriber and its pending deliveries.
    Remove { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum UnitsCommand {
    /// Load the built-in units into the store (idempotent).
    Import {
        #[arg(long)]
        json: bool,
    },
    /// List units as they were on a date: children of --parent, all of a --level, or the top level.
    List {
        /// Unit code or id, e.g. 38 (Thanh Hóa).
        #[arg(long, value_name = "CODE")]
        parent: Option<String>,
        /// Date (YYYY-MM-DD); default today in Viet Nam.
        #[arg(long, value_name = "DATE")]
        at: Option<NaiveDate>,
        #[arg(long, value_enum)]
        level: Option<LevelArg>,
        #[arg(long)]
        json: bool,
    },
    /// One unit with its predecessors and successors.
    Show {
        code: String,
        #[arg(long, value_name = "DATE")]
        at: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum LevelArg {
    Central,
    Province,
    District,
    Commune,
}

#[derive(Subcommand, Debug)]
pub enum SitesCommand {
    /// Import sites from CSV (ketnoi layout or the Thanh Hóa annex layout).
    Import {
        file: PathBuf,
        /// Import the valid rows (in one transaction) and report the others.
        #[arg(long)]
        skip_invalid: bool,
        /// Look unit names up under this unit only, e.g. 38.
        #[arg(long, value_name = "CODE")]
        parent: Option<String>,
        /// Day on which unit codes and names are read; default today.
        #[arg(long, value_name = "DATE")]
        at: Option<NaiveDate>,
        /// Encoding of the file (utf-8, windows-1258, utf-16); default: detect.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// Largest file accepted, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
        max_bytes: usize,
        /// Check everything, write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write every site as CSV (ketnoi layout) to standard output or --output.
    Export {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Start with a UTF-8 byte order mark so Excel shows Vietnamese correctly.
        #[arg(long)]
        excel: bool,
    },
    /// List sites.
    List {
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Register one site.
    Add {
        #[command(flatten)]
        fields: SiteFields,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of one site (the others keep their values).
    Update {
        id: i64,
        #[command(flatten)]
        fields: SiteFields,
        #[arg(long)]
        json: bool,
    },
    /// Show one site.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Delete one site.
    Delete { id: i64 },
}

/// Fields of a site on the command line; on `update` only those given change.
#[derive(Args, Debug, Default)]
pub struct SiteFields {
    /// Unit code or id, e.g. 38.
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// Base URL; repeat for several. Replaces all URLs on update.
    #[arg(long = "url", value_name = "URL")]
    pub urls: Vec<String>,
    /// active, no_portal or retired.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub technology: Option<String>,
    /// provincial_office, provincial_it_centre, elsewhere or unknown.
    #[arg(long)]
    pub hosting: Option<String>,
    /// Base URL of the parent portal.
    #[arg(long, value_name = "URL")]
    pub parent_url: Option<String>,
    /// Sitemap URL; repeat for several. Replaces all sitemaps on update.
    #[arg(long = "sitemap", value_name = "URL")]
    pub sitemaps: Vec<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ContactsCommand {
    /// Add a focal contact to a unit.
    Add {
        #[arg(long, value_name = "CODE")]
        unit: String,
        #[arg(long, value_enum, default_value = "unit")]
        role: RoleArg,
        #[arg(long)]
        name: String,
        #[arg(long)]
        position: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of a focal contact (the others keep their values).
    Update {
        id: i64,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        position: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List focal contacts.
    List {
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a focal contact.
    Delete { id: i64 },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum RoleArg {
    Unit,
    Vendor,
}
