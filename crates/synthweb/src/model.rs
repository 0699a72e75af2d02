//! The public ground-truth types: what each site is and what a correct crawler should find.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Level of the unit that owns a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteKind {
    Ministry,
    Province,
    Commune,
}

/// The CMS a portal is built on; it decides URL shapes and HTML idiom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// `/index.php/tin-tuc/123-slug`, `.item-page`.
    Joomla,
    /// `/2024/05/slug-123/`, `.entry-content`.
    WordPress,
    /// `/tin-tuc/Pages/slug-123.aspx`, `.ms-rtestate-field`.
    SharePoint,
    /// `/web/guest/tin-tuc/cong-khai/-/asset_publisher/...`, `.journal-content-article`.
    Liferay,
    /// `/?act=detail&id=123`, table layout.
    CustomPhp,
}

impl Style {
    pub const ALL: [Style; 5] = [Style::Joomla, Style::WordPress, Style::SharePoint, Style::Liferay, Style::CustomPhp];
}

/// Behaviours of a site beyond its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trait {
    /// Every response is delayed by `Config::slow_delay`.
    Slow,
    /// The first `Config::flaky_failures` requests get 503 with `Retry-After`, then it recovers.
    Flaky503,
    /// Requests closer than `Config::rate_limit_interval` get 429 with `Retry-After`.
    RateLimited429,
    /// Meant to be switched off with `SynthWeb::set_host_down` (freshness-sweep circuit breaker).
    GoesAway,
    /// Pages in windows-1258 with decomposed tone marks; odd pages declare it only in `<meta>`.
    Windows1258,
    /// Legacy TCVN3 (ABC) pages declaring windows-1252 (odd pages) or nothing (even pages).
    Tcvn3,
    /// Unknown paths answer 200 "Không tìm thấy trang".
    Soft404,
    /// 301 old paths, a 302 chain of three, a redirect loop.
    Redirects,
    /// `/lich?thang=YYYY-MM` calendar and `/tim-kiem?sort=..&page=N` query explosion.
    Traps,
    /// A 20 MB page, a gzip bomb and a page of links to unregistered hosts and private addresses.
    Limits,
    /// robots.txt with user-agent groups and an Allow inside a Disallow (longest match).
    RobotsRules,
    /// No robots.txt at all (404: allow everything).
    NoRobots,
    /// News pages link to a print version whose `<link rel=canonical>` names the article.
    PrintVersions,
    /// The home page links to `?utm_source=...` variants of articles.
    TrackingDuplicates,
    /// News pages carry JSON-LD `NewsArticle`.
    JsonLd,
    /// One page carries `<meta name="robots" content="noindex">`.
    NoindexMeta,
    /// One page is answered with `X-Robots-Tag: noindex`.
    NoindexHeader,
}

/// How a site exposes its sitemaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SitemapShape {
    /// No sitemap and no `Sitemap:` line: link following only.
    None,
    /// `/sitemap.xml`, one urlset.
    Single,
    /// `/sitemap.xml` index of `/sitemap-N.xml` chunks.
    Chunked,
    /// `/sitemap_index.xml` (named only in robots.txt) of a urlset, a gzip urlset
    /// (`.xml.gz`, served as `application/x-gzip`) and a Google News sitemap.
    IndexWithGzipAndNews,
    /// `/sitemap.xml` index → per-year index → per-month urlset.
    Nested,
    /// `/sitemap.xml` urlset whose `<loc>`s mix page URLs and a sub-sitemap URL.
    FlatMixed,
    /// `/sitemap.xml` urlset without the sitemaps namespace, plus `/sitemap.txt`.
    NoNamespace,
}

/// One site of the synthetic web.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSpec {
    pub index: usize,
    /// Host name without port, e.g. `thanhhoa.gov.vn`, `ngason.thanhhoa.gov.vn`, `mof.gov.vn`.
    pub host: String,
    /// Portal name, e.g. "Cổng Thông tin điện tử tỉnh Thanh Hóa".
    pub name: String,
    /// Owner unit name, e.g. "Tỉnh Thanh Hóa", "Bộ Tài chính", "Xã Nga Sơn".
    pub unit_name: String,
    /// Owner unit id in ketnoi's register: province codes ("38"), ministry ids ("bo-tai-chinh"),
    /// commune codes ("16093"), all taken from ketnoi's register data (`unit_is_real`). Only a web
    /// larger than the register (14 ministries + 34 provinces + 3,321 communes) gets invented
    /// communes, with 5-digit codes from 40001 up that no real commune uses.
    pub unit_id: String,
    pub unit_is_real: bool,
    /// Two-digit code of the province the unit lies in (provinces: their own; ministries: "").
    pub province_code: String,
    pub kind: SiteKind,
    pub style: Style,
    /// `Crawl-delay` announced in robots.txt (fractional seconds are used: 0.2 to 1 s).
    pub crawl_delay: Option<Duration>,
    pub traits: Vec<Trait>,
    pub sitemap: SitemapShape,
    /// Abbreviation used in document numbers: "BTC", "UBND"...
    pub abbr: String,
}

impl SiteSpec {
    pub fn has(&self, t: Trait) -> bool {
        self.traits.contains(&t)
    }
}

/// Classification a crawler should give a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    News,
    LegalDocument,
    PublicService,
    Media,
    Other,
}

/// The text encoding a page is served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageEncoding {
    Utf8,
    /// Decomposed tone marks, as Windows produces it.
    Windows1258,
    /// TCVN 5712:1993 VN3 ("ABC") font encoding.
    Tcvn3,
}

/// Where the charset of a page is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharsetDeclaration {
    /// In the `Content-Type` header (and in `<meta>`).
    Header,
    /// Only in `<meta>`; the header says `text/html`.
    MetaOnly,
    /// Declared as windows-1252 in `<meta>` although the bytes are TCVN3.
    WrongMeta,
    /// Nowhere.
    None,
}

/// Metadata of a legal document (văn bản) page.
#[derive(Debug, Clone, PartialEq)]
pub struct LegalTruth {
    /// Số ký hiệu, e.g. `123/QĐ-UBND`, `42/2022/NĐ-CP`.
    pub number: String,
    /// Loại văn bản, e.g. "Quyết định".
    pub doc_type: String,
    /// Cơ quan ban hành.
    pub issuer: String,
    pub issued: NaiveDate,
    pub effective: NaiveDate,
    /// Người ký.
    pub signer: String,
    /// Trích yếu.
    pub abstract_text: String,
    /// Absolute URL of the PDF attachment.
    pub attachment_url: String,
    /// Text drawn in the PDF (ASCII-folded Vietnamese: standard PDF fonts have no Vietnamese glyphs).
    pub attachment_text: String,
}

/// One URL a correct crawler should end up with, and what it should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedPage {
    /// Absolute URL (`http://host:port/path` once the web is served, `http://host/path` before).
    pub url: String,
    /// Path and query, port-independent.
    pub path: String,
    pub kind: PageKind,
    /// Title as in `<title>`/`<h1>` (Unicode NFC; for TCVN3 pages the representable form).
    pub title: String,
    pub published: DateTime<FixedOffset>,
    /// Last-Modified / sitemap lastmod (changes with `edit_page`).
    pub modified: DateTime<FixedOffset>,
    pub in_sitemap: bool,
    /// robots.txt of the host disallows it for a crawler in the `*` group.
    pub disallowed_by_robots: bool,
    /// `<meta name=robots content=noindex>` or `X-Robots-Tag: noindex`.
    pub noindex: bool,
    /// For print and tracking-parameter variants: the clean URL whose content this repeats.
    pub canonical_of: Option<String>,
    /// Same body republished on several sites (Government directives): one id per directive.
    pub duplicate_group: Option<u64>,
    pub encoding: PageEncoding,
    pub charset: CharsetDeclaration,
    /// Main text paragraphs (without navigation or footer), NFC.
    pub paragraphs: Vec<String>,
    pub legal: Option<LegalTruth>,
}

/// Every behaviour `Config::small()` must contain; `SynthWeb::feature_urls` names URLs showing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    StyleJoomla,
    StyleWordPress,
    StyleSharePoint,
    StyleLiferay,
    StyleCustomPhp,
    News,
    LegalDocument,
    PdfAttachment,
    PublicService,
    Media,
    DuplicateDirective,
    DublinCore,
    OpenGraph,
    JsonLd,
    RobotsLongestMatch,
    RobotsUserAgentGroups,
    CrawlDelay,
    NoRobots,
    SitemapIndex,
    GzipSitemap,
    NestedSitemapIndex,
    FlatMixedSitemap,
    SitemapWithoutNamespace,
    NewsSitemap,
    PlainTextSitemap,
    RssFeed,
    NoSitemap,
    NoindexMeta,
    NoindexHeader,
    PrintCanonical,
    TrackingDuplicate,
    Windows1258,
    CharsetMetaOnly,
    Tcvn3,
    Soft404,
    Redirect301,
    RedirectChain302,
    RedirectLoop,
    CalendarTrap,
    QueryVariantTrap,
    SlowHost,
    Flaky503,
    RateLimited429,
    GoesAway,
    BigPage,
    GzipBomb,
    ExternalLinks,
}

impl Feature {
    pub const ALL: [Feature; 47] = [
        Feature::StyleJoomla,
        Feature::StyleWordPress,
        Feature::StyleSharePoint,
        Feature::StyleLiferay,
        Feature::StyleCustomPhp,
        Feature::News,
        Feature::LegalDocument,
        Feature::PdfAttachment,
        Feature::PublicService,
        Feature::Media,
        Feature::DuplicateDirective,
        Feature::DublinCore,
        Feature::OpenGraph,
        Feature::JsonLd,
        Feature::RobotsLongestMatch,
        Feature::RobotsUserAgentGroups,
        Feature::CrawlDelay,
        Feature::NoRobots,
        Feature::SitemapIndex,
        Feature::GzipSitemap,
        Feature::NestedSitemapIndex,
        Feature::FlatMixedSitemap,
        Feature::SitemapWithoutNamespace,
        Feature::NewsSitemap,
        Feature::PlainTextSitemap,
        Feature::RssFeed,
        Feature::NoSitemap,
        Feature::NoindexMeta,
        Feature::NoindexHeader,
        Feature::PrintCanonical,
        Feature::TrackingDuplicate,
        Feature::Windows1258,
        Feature::CharsetMetaOnly,
        Feature::Tcvn3,
        Feature::Soft404,
        Feature::Redirect301,
        Feature::RedirectChain302,
        Feature::RedirectLoop,
        Feature::CalendarTrap,
        Feature::QueryVariantTrap,
        Feature::SlowHost,
        Feature::Flaky503,
        Feature::RateLimited429,
        Feature::GoesAway,
        Feature::BigPage,
        Feature::GzipBomb,
        Feature::ExternalLinks,
    ];
}
