//! Domain types of ketnoi and the rules that keep them valid.
//!
//! Nothing here does I/O or reads the clock: callers pass "today" in, so every
//! rule is a pure function that tests can pin down.

pub mod access;
pub mod contact;
pub mod crawl;
pub mod error;
pub mod hub;
pub mod site;
pub mod site_url;
pub mod text;
pub mod unit;

pub use access::{ApiKey, HubEvent, Webhook, WebhookDelivery};
pub use contact::{Contact, ContactInput, ContactRole};
pub use crawl::{CrawlReport, CrawlUrl, NewUrl, SiteCrawlState, SitemapState, UrlSource, UrlState, UrlUpdate};
pub use error::{DomainError, FieldError};
pub use hub::{HubItem, HubItemInput, HubItemType, HubState};
pub use site::{CrawlSettings, Hosting, Site, SiteInput, SiteStatus};
pub use site_url::SiteUrl;
pub use unit::{Coverage, Succession, Unit, UnitLevel};
