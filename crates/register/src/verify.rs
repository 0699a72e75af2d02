//! "Is this site official?" (SPEC §2.3): what a citizen typed (a full URL or a
//! bare domain, any case, with or without `www.`, port, path, trailing dot,
//! IDN in Unicode or punycode) checked against the base URLs of the register.
//!
//! [`Register`] is built once from `(SiteUrl::key, site id)` pairs and
//! [`Register::verify`] answers without any I/O. Only [`load`] (reads the
//! keys) and [`report`] (adds the site, the unit and the sentences people
//! read) talk to the store.
//!
//! Look-alike rules, in the order they are tried:
//! 1. a registered host's name before an `@` (`https://chinhphu.vn@evil.com`);
//! 2. a registered host followed by more labels (`thanhhoa.gov.vn.evil.com`);
//! 3. the whole host is a homograph of a registered one (same confusable
//!    skeleton: Cyrillic/Greek look-alikes, Vietnamese diacritics, `0`/`1`,
//!    `rn`);
//! 4. `gov.vn` not at the end, glued into a label, or spelled with
//!    look-alike characters (`gov.vn.example`, `gov-vn.com`, `g0v.vn`);
//! 5. an IDN host whose skeleton is one edit away from a registered one;
//! 6. a registered host or name with another ending or separators
//!    (`chinhphu-vn.com`, `chinhphu.com.vn`, `thanhhoa.vn`);
//! 7. a typo: the registrable name one edit (Damerau–Levenshtein) away from
//!    a registered domain's (`chinhpu.vn`).
//!
//! Hosts under `.gov.vn` are only called look-alikes when they are IDN
//! spellings of a registered host: VNNIC issues that zone to state bodies
//! only, and registered names like `moh`, `mof`, `moj` are one edit apart
//! from each other anyway.

use std::collections::HashMap;

use ketnoi_domain::{SiteStatus, SiteUrl};
use ketnoi_store::{SiteQuery, Store, StoreError};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use url::{Host, Url};

/// Longer input is refused: no real address is this long.
pub const MAX_INPUT_CHARS: usize = 2000;
/// Longest run of labels compared with registered hosts.
const MAX_LABEL_RUN: usize = 8;
/// Shortest registered name (`chinhphu` of `chinhphu.vn`) matched under another ending.
const MIN_NAME: usize = 4;
/// Shortest registered name checked for one-character typos.
const MIN_TYPO_NAME: usize = 5;
/// Shortest squashed host (`chinhphuvn`) matched with other separators.
const MIN_SQUASHED: usize = 6;
/// Second-level labels that form a public suffix with a two-letter country code (`gov.vn`, `com.vn`).
const SECOND_LEVEL: [&str; 16] =
    ["gov", "com", "net", "org", "edu", "ac", "co", "info", "biz", "name", "pro", "health", "int", "id", "io", "mil"];

/// A registered site matched by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteMatch {
    /// The registered `SiteUrl::key`, e.g. `thanhhoa.gov.vn/so-noi-vu`.
    pub key: String,
    pub site_id: i64,
}

/// Why a host is called a look-alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LookAlikeReason {
    /// A registered host's name before an `@`: the browser opens the host after it.
    Userinfo,
    /// A registered host used as a subdomain of another domain.
    RegisteredNameAsSubdomain,
    /// Look-alike characters (Cyrillic, Greek, Vietnamese diacritics, punycode, `0`/`1`).
    Homograph,
    /// `gov.vn` that is not the real ending: `gov.vn.example`, `gov-vn.com`, `govvn.com`.
    FakeGovVn,
    /// A registered host or name with another ending or separators.
    OtherEnding,
    /// One character added, dropped, changed or swapped.
    Typo,
}

impl LookAlikeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LookAlikeReason::Userinfo => "userinfo",
            LookAlikeReason::RegisteredNameAsSubdomain => "registered_name_as_subdomain",
            LookAlikeReason::Homograph => "homograph",
            LookAlikeReason::FakeGovVn => "fake_gov_vn",
            LookAlikeReason::OtherEnding => "other_ending",
            LookAlikeReason::Typo => "typo",
        }
    }
}

/// Why input is not something that can be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    Empty,
    TooLong,
    ControlCharacter,
    Whitespace,
    /// Another scheme: `javascript:`, `mailto:`, `ftp://`, `data:`…
    NotWeb,
    Malformed,
    /// A single label such as `localhost`.
    NotADomain,
    /// Official sites always have a domain name.
    IpAddress,
}

impl InvalidReason {
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidReason::Empty => "empty",
            InvalidReason::TooLong => "too_long",
            InvalidReason::ControlCharacter => "control_character",
            InvalidReason::Whitespace => "whitespace",
            InvalidReason::NotWeb => "not_web",
            InvalidReason::Malformed => "malformed",
            InvalidReason::NotADomain => "not_a_domain",
            InvalidReason::IpAddress => "ip_address",
        }
    }

    /// (Vietnamese, English) explanation.
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            InvalidReason::Empty => {
                ("Hãy nhập một địa chỉ trang web hoặc tên miền.", "Enter a web address or a domain name.")
            }
            InvalidReason::TooLong => ("Địa chỉ dài quá 2.000 ký tự.", "The address is longer than 2,000 characters."),
            InvalidReason::ControlCharacter => {
                ("Địa chỉ chứa ký tự điều khiển.", "The address contains control characters.")
            }
            InvalidReason::Whitespace => ("Địa chỉ không được chứa khoảng trắng.", "The address contains spaces."),
            InvalidReason::NotWeb => (
                "Chỉ kiểm tra được địa chỉ trang web (http hoặc https).",
                "Only web addresses (http or https) can be checked.",
            ),
            InvalidReason::Malformed => (
                "Đây không phải địa chỉ trang web hay tên miền hợp lệ.",
                "This is not a valid web address or domain name.",
            ),
            InvalidReason::NotADomain => {
                ("Cần một tên miền đầy đủ, ví dụ chinhphu.vn.", "A full domain name is needed, e.g. chinhphu.vn.")
            }
            InvalidReason::IpAddress => (
                "Địa chỉ IP không bao giờ là trang chính thức: trang chính thức luôn dùng tên miền.",
                "An IP address is never an official site: official sites always use a domain name.",
            ),
        }
    }
}

/// The answer of [`Register::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The host and path belong to this registered site (longest registered prefix).
    Registered(SiteMatch),
    /// A subdomain of a registered host, not registered itself.
    Subdomain {
        of: SiteMatch,
    },
    /// The host carries registered sites at other paths only (`thanhhoa.gov.vn/so-noi-vu`), not this one.
    OtherPath {
        on_host: SiteMatch,
    },
    /// Imitates a registered site (`resembles`), or `.gov.vn` in general (`None`).
    LookAlike {
        resembles: Option<SiteMatch>,
        reason: LookAlikeReason,
    },
    /// Not in the register; `gov_vn` when the host is under `.gov.vn`.
    NotRegistered {
        gov_vn: bool,
    },
    Invalid(InvalidReason),
}

impl Verdict {
    /// The stable name clients key on.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Registered(_) => "registered",
            Verdict::Subdomain { .. } => "subdomain_of_registered",
            Verdict::OtherPath { .. } => "unregistered_path",
            Verdict::LookAlike { .. } => "look_alike",
            Verdict::NotRegistered { .. } => "not_registered",
            Verdict::Invalid(_) => "invalid",
        }
    }

    /// The reason code of look-alike and invalid verdicts.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Verdict::LookAlike { reason, .. } => Some(reason.as_str()),
            Verdict::Invalid(reason) => Some(reason.as_str()),
            _ => None,
        }
    }
}

/// A verdict with the host it was reached for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// ASCII (punycode) host, lowercase, without `www.` and trailing dot; `None` for invalid input.
    pub host: Option<String>,
    /// The same host in Unicode (differs for IDN).
    pub host_unicode: Option<String>,
    /// The registrable domain the host belongs to (`evil.com` for `thanhhoa.gov.vn.evil.com`).
    pub domain: Option<String>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Lowercase path without trailing slash; empty for a whole host.
    path: String,
    key: String,
    site_id: i64,
}

impl Entry {
    fn site(&self) -> SiteMatch {
        SiteMatch { key: self.key.clone(), site_id: self.site_id }
    }
}

/// The register's base URLs, indexed for [`Register::verify`].
#[derive(Debug, Default)]
pub struct Register {
    /// Host → sites on it, longest path first.
    by_host: HashMap<String, Vec<Entry>>,
    /// Confusable skeleton of a registered host → the host.
    by_skeleton: HashMap<String, String>,
    /// Skeletons by length in chars, for near-homographs.
    skeletons_by_len: HashMap<usize, Vec<(Vec<char>, String)>>,
    /// Skeleton without `.`, `-`, `_` → host.
    by_squashed: HashMap<String, String>,
    /// Registrable name of a registered domain (`chinhphu` of `chinhphu.vn`) → host.
    by_name: HashMap<String, String>,
    /// The same names by length in chars, for typos.
    names_by_len: HashMap<usize, Vec<(Vec<char>, String)>>,
    keys: usize,
}

impl Register {
    /// Indexes `(SiteUrl::key, site id)` pairs. Keys on IP addresses are
    /// skipped (IP input is never official); a repeated key keeps its first site.
    pub fn new(keys: impl IntoIterator<Item = (String, i64)>) -> Register {
        let mut r = Register::default();
        for (key, site_id) in keys {
            let Some((host, path)) = split_key(&key) else { continue };
            let list = r.by_host.entry(host).or_default();
            if list.iter().any(|e| e.path == path) {
                continue;
            }
            list.push(Entry { path, key, site_id });
            r.keys += 1;
        }
        for list in r.by_host.values_mut() {
            list.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then_with(|| a.key.cmp(&b.key)));
        }
        // Sorted, so that the first of several hosts sharing a skeleton is always the same.
        let mut hosts: Vec<String> = r.by_host.keys().cloned().collect();
        hosts.sort();
        for host in hosts {
            let sk = skeleton(&to_unicode(&host));
            r.by_skeleton.entry(sk.clone()).or_insert_with(|| host.clone());
            let chars: Vec<char> = sk.chars().collect();
            r.skeletons_by_len.entry(chars.len()).or_default().push((chars, host.clone()));
            let squashed = squash(&sk);
            if squashed.chars().count() >= MIN_SQUASHED {
                r.by_squashed.entry(squashed).or_insert_with(|| host.clone());
            }
            let labels: Vec<&str> = sk.split('.').collect();
            if labels.len() == suffix_len(&labels) + 1 {
                let name = squash(labels[0]);
                let chars: Vec<char> = name.chars().collect();
                if chars.len() >= MIN_TYPO_NAME {
                    r.names_by_len.entry(chars.len()).or_default().push((chars.clone(), host.clone()));
                }
                if chars.len() >= MIN_NAME {
                    r.by_name.entry(name).or_insert_with(|| host.clone());
                }
            }
        }
        r
    }

    /// How many distinct keys are indexed.
    pub fn len(&self) -> usize {
        self.keys
    }

    pub fn is_empty(&self) -> bool {
        self.keys == 0
    }

    /// Checks what a citizen typed.
    pub fn verify(&self, input: &str) -> Verification {
        match parse_input(input) {
            Ok(p) => {
                let verdict = self.judge(&p);
                Verification { host: Some(p.host), host_unicode: Some(p.unicode), domain: p.domain, verdict }
            }
            Err(reason) => {
                Verification { host: None, host_unicode: None, domain: None, verdict: Verdict::Invalid(reason) }
            }
        }
    }

    fn judge(&self, p: &Parsed) -> Verdict {
        if let Some(entries) = self.by_host.get(&p.host) {
            return match entries.iter().find(|e| path_within(&p.path, &e.path)) {
                Some(e) => Verdict::Registered(e.site()),
                None => Verdict::OtherPath { on_host: self.representative(&p.host) },
            };
        }
        // The nearest ancestor registered as a whole host. One registered
        // only at a path (a shared host) says nothing about its subdomains.
        let mut rest = p.host.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(root) = self.by_host.get(parent).and_then(|list| list.iter().find(|e| e.path.is_empty())) {
                return Verdict::Subdomain { of: root.site() };
            }
            rest = parent;
        }
        if let Some(user) = &p.userinfo {
            let user = user.strip_prefix("www.").unwrap_or(user);
            let host =
                self.by_host.get_key_value(user).map(|(h, _)| h).or_else(|| self.by_skeleton.get(&skeleton(user)));
            if let Some(host) = host {
                return Verdict::LookAlike {
                    resembles: Some(self.representative(host)),
                    reason: LookAlikeReason::Userinfo,
                };
            }
        }
        if is_gov_vn(&p.host) {
            // Under .gov.vn only an IDN spelling of a registered host is suspicious.
            if !p.unicode.is_ascii()
                && let Some(host) = self.by_skeleton.get(&skeleton(&p.unicode))
            {
                return Verdict::LookAlike {
                    resembles: Some(self.representative(host)),
                    reason: LookAlikeReason::Homograph,
                };
            }
            return Verdict::NotRegistered { gov_vn: true };
        }
        match self.look_alike(p) {
            Some((reason, resembles)) => Verdict::LookAlike { resembles, reason },
            None => Verdict::NotRegistered { gov_vn: false },
        }
    }

    fn look_alike(&self, p: &Parsed) -> Option<(LookAlikeReason, Option<SiteMatch>)> {
        use LookAlikeReason::*;
        let sk = skeleton(&p.unicode);
        let labels: Vec<&str> = sk.split('.').collect();
        let raw: Vec<&str> = p.host.split('.').collect();
        let n = labels.len();
        let found = |reason, host: &String| Some((reason, Some(self.representative(host))));

        // A registered host with more labels after it.
        for i in 0..n {
            for j in (i + 2)..n.min(i + MAX_LABEL_RUN + 1) {
                if let Some(host) = self.by_skeleton.get(&labels[i..j].join(".")) {
                    return found(RegisteredNameAsSubdomain, host);
                }
            }
        }
        if let Some(host) = self.by_skeleton.get(&sk) {
            return found(Homograph, host);
        }
        if let Some(resembles) = self.fake_gov_vn(&labels) {
            return Some((FakeGovVn, resembles));
        }
        if !p.unicode.is_ascii() {
            let chars: Vec<char> = sk.chars().collect();
            if let Some(host) = self.near(&self.skeletons_by_len, &chars) {
                return found(Homograph, host);
            }
        }
        // A registered host with other separators or ending, anywhere in the host.
        for i in 0..n {
            for j in (i + 1)..=n.min(i + MAX_LABEL_RUN) {
                let Some(host) = self.by_squashed.get(&squash(&labels[i..j].join("."))) else { continue };
                // The registered host itself as a parent (registered only at a path) is not an imitation.
                if raw.len() == n && raw[i..j].join(".") == *host {
                    continue;
                }
                return found(OtherEnding, host);
            }
        }
        let suffix = suffix_len(&labels);
        if n > suffix {
            let name = squash(labels[n - suffix - 1]);
            if let Some(host) = self.by_name.get(&name) {
                return found(OtherEnding, host);
            }
            let chars: Vec<char> = name.chars().collect();
            if chars.len() + 1 >= MIN_TYPO_NAME
                && let Some(host) = self.near(&self.names_by_len, &chars)
            {
                return found(Typo, host);
            }
        }
        None
    }

    /// `gov.vn` where it is not the real ending (real `.gov.vn` hosts never get here).
    fn fake_gov_vn(&self, labels: &[&str]) -> Option<Option<SiteMatch>> {
        for (k, label) in labels.iter().enumerate() {
            let next = labels.get(k + 1).copied().unwrap_or("");
            let glued = squash(label);
            let name_tail = if *label == "gov" && (next == "vn" || next.starts_with("vn-")) {
                ""
            } else if let Some(at) = glued.find("govvn") {
                &glued[..at]
            } else {
                continue;
            };
            // What the imitated `.gov.vn` host would be: `thanhhoa` of `thanhhoa.gov-vn.com`.
            let mut name: Vec<&str> = labels[..k].iter().copied().filter(|l| *l != "www").collect();
            if !name_tail.is_empty() {
                name.push(name_tail);
            }
            if name.is_empty() {
                return Some(None);
            }
            let candidate = format!("{}.gov.vn", name.join("."));
            return Some(self.by_skeleton.get(&candidate).map(|host| self.representative(host)));
        }
        None
    }

    /// A registered string one edit away from `chars`.
    fn near<'a>(&self, by_len: &'a HashMap<usize, Vec<(Vec<char>, String)>>, chars: &[char]) -> Option<&'a String> {
        let len = chars.len();
        for l in [len, len + 1, len.saturating_sub(1)] {
            if let Some(hit) = by_len.get(&l).and_then(|list| list.iter().find(|(c, _)| one_edit(c, chars))) {
                return Some(&hit.1);
            }
        }
        None
    }

    /// The site that stands for a host: the whole-host one, else the shortest path.
    fn representative(&self, host: &str) -> SiteMatch {
        match self.by_host.get(host).and_then(|list| list.last()) {
            Some(e) => e.site(),
            None => SiteMatch { key: host.to_string(), site_id: 0 },
        }
    }
}

struct Parsed {
    host: String,
    unicode: String,
    path: String,
    userinfo: Option<String>,
    domain: Option<String>,
}

fn parse_input(input: &str) -> Result<Parsed, InvalidReason> {
    if input.len() > MAX_INPUT_CHARS * 4 || input.chars().count() > MAX_INPUT_CHARS {
        return Err(InvalidReason::TooLong);
    }
    let raw = input.trim();
    if raw.is_empty() {
        return Err(InvalidReason::Empty);
    }
    if raw.chars().any(char::is_control) {
        return Err(InvalidReason::ControlCharacter);
    }
    if raw.chars().any(char::is_whitespace) {
        return Err(InvalidReason::Whitespace);
    }
    let absolute = match scheme_of(raw) {
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            raw.to_string()
        }
        // `chinhphu.vn:8443/x` is a host and a port, not a scheme.
        Some((_, rest)) if is_port(rest) => format!("https://{raw}"),
        Some(_) => return Err(InvalidReason::NotWeb),
        None => format!("https://{}", raw.strip_prefix("//").unwrap_or(raw)),
    };
    let url = Url::parse(&absolute).map_err(|_| InvalidReason::Malformed)?;
    let host = match url.host() {
        Some(Host::Domain(d)) => d.to_ascii_lowercase(),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(InvalidReason::IpAddress),
        None => return Err(InvalidReason::Malformed),
    };
    let host = host.strip_suffix('.').unwrap_or(&host);
    if !host.contains('.') {
        return Err(InvalidReason::NotADomain);
    }
    let labels_ok = host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && !host.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()));
    if !labels_ok {
        return Err(InvalidReason::Malformed);
    }
    let host = host.strip_prefix("www.").filter(|h| h.contains('.')).unwrap_or(host).to_string();
    let labels: Vec<&str> = host.split('.').collect();
    let suffix = suffix_len(&labels);
    let domain = (labels.len() > suffix).then(|| labels[labels.len() - suffix - 1..].join("."));
    let userinfo = (!url.username().is_empty()).then(|| url.username().to_ascii_lowercase());
    Ok(Parsed {
        unicode: to_unicode(&host),
        path: url.path().trim_end_matches('/').to_lowercase(),
        host,
        userinfo,
        domain,
    })
}

/// `scheme:rest` when `raw` starts with something shaped like a URL scheme.
fn scheme_of(raw: &str) -> Option<(&str, &str)> {
    let colon = raw.find(':')?;
    let scheme = &raw[..colon];
    let mut chars = scheme.chars();
    // A dot makes it a host (`chinhphu.vn:8443`, `chinhphu.vn:pw@evil.com`): no web scheme has one.
    let shaped = chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-".contains(c));
    shaped.then(|| (scheme, &raw[colon + 1..]))
}

fn is_port(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(rest.as_bytes().get(digits), None | Some(b'/' | b'?' | b'#'))
}

/// `(host, lowercase path)` of a registered key; `None` for IP hosts.
fn split_key(key: &str) -> Option<(String, String)> {
    let (host_port, path) = match key.find('/') {
        Some(i) => key.split_at(i),
        None => (key, ""),
    };
    if host_port.starts_with('[') {
        return None;
    }
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h).to_ascii_lowercase();
    let host = host.strip_suffix('.').unwrap_or(&host);
    let host = host.strip_prefix("www.").filter(|h| h.contains('.')).unwrap_or(host);
    if host.is_empty() || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    Some((host.to_string(), path.trim_end_matches('/').to_lowercase()))
}

fn path_within(path: &str, registered: &str) -> bool {
    registered.is_empty() || path.strip_prefix(registered).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_gov_vn(host: &str) -> bool {
    host == "gov.vn" || host.ends_with(".gov.vn")
}

/// Labels of the public suffix: `gov.vn`, `com.vn`, `co.uk` are two, anything else one.
fn suffix_len(labels: &[&str]) -> usize {
    let n = labels.len();
    if n >= 2 && labels[n - 1].chars().count() == 2 && SECOND_LEVEL.contains(&labels[n - 2]) { 2 } else { 1 }
}

fn to_unicode(host: &str) -> String {
    let unicode = url::quirks::domain_to_unicode(host);
    if unicode.is_empty() { host.to_string() } else { unicode }
}

/// What a host looks like to a reader: lowercase, diacritics dropped,
/// look-alike letters of other scripts mapped to the Latin ones.
fn skeleton(host: &str) -> String {
    let mut out = String::with_capacity(host.len());
    for c in host.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(confusable(lower));
        }
    }
    out.replace("rn", "m")
}

fn confusable(c: char) -> char {
    match c {
        // Cyrillic
        'а' | 'ɑ' | 'α' => 'a',
        'ь' | 'Ь' => 'b',
        'с' | 'ϲ' | 'ⅽ' => 'c',
        'ԁ' | 'ɗ' | 'đ' | 'ð' => 'd',
        'е' | 'ё' | 'є' | 'ε' | 'ɛ' => 'e',
        'ɡ' | 'ց' => 'g',
        'һ' | 'հ' | 'ħ' => 'h',
        'і' | 'ї' | 'ı' | 'ι' | 'ɩ' | 'ⅰ' => 'i',
        'ј' | 'ȷ' | 'ϳ' => 'j',
        'к' | 'κ' => 'k',
        'ӏ' | 'ℓ' | 'ł' | '1' | '|' => 'l',
        'м' => 'm',
        'п' | 'η' | 'ո' | 'ŋ' => 'n',
        'о' | 'ο' | 'օ' | 'ø' | 'σ' | '0' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'г' | 'ɾ' => 'r',
        'ѕ' | 'ſ' => 's',
        'т' | 'τ' => 't',
        'υ' | 'ս' | 'ʋ' => 'u',
        'ν' | 'ѵ' => 'v',
        'ԝ' | 'ω' | 'ɯ' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'ү' | 'γ' => 'y',
        'ʐ' => 'z',
        c => c,
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '.' | '-' | '_')).collect()
}

/// Optimal-string-alignment distance exactly 1: one insertion, deletion,
/// substitution or swap of neighbours.
fn one_edit(a: &[char], b: &[char]) -> bool {
    if a == b {
        return false;
    }
    match a.len().abs_diff(b.len()) {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).take(3).collect();
            match diffs[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
            let same = long.iter().zip(short).take_while(|(x, y)| x == y).count();
            long[same + 1..] == short[same..]
        }
        _ => false,
    }
}

/// Reads every registered base URL (paged) and indexes it.
pub async fn load(store: &dyn Store) -> Result<Register, StoreError> {
    const PAGE: i64 = 1000;
    let mut keys = Vec::new();
    let mut offset = 0;
    loop {
        let page = store.list_sites(&SiteQuery { limit: PAGE, offset, ..Default::default() }).await?;
        let got = page.items.len() as i64;
        for site in page.items {
            for url in &site.input.urls {
                if let Ok(u) = SiteUrl::parse("urls", url) {
                    keys.push((u.key, site.id));
                }
            }
        }
        offset += got;
        if got < PAGE || offset >= page.total {
            break;
        }
    }
    Ok(Register::new(keys))
}

/// A registered site as the answer shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub id: i64,
    /// The registered key that matched.
    pub key: String,
    pub name: String,
    pub status: SiteStatus,
    pub urls: Vec<String>,
    #[serde(skip)]
    unit_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitInfo {
    pub id: String,
    pub name: String,
}

/// The whole answer: the verdict with the records and sentences people read.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The input as given, trimmed and cut to 300 characters.
    pub input: String,
    pub host: Option<String>,
    pub host_unicode: Option<String>,
    pub domain: Option<String>,
    /// `registered`, `subdomain_of_registered`, `unregistered_path`, `look_alike`, `not_registered` or `invalid`.
    pub verdict: &'static str,
    /// Registered and not retired.
    pub official: bool,
    /// Look-alike or invalid reason code.
    pub reason: Option<&'static str>,
    /// Under `.gov.vn`.
    pub gov_vn: bool,
    pub message: String,
    pub message_en: String,
    /// The site the address belongs to (`registered`).
    pub site: Option<SiteInfo>,
    /// That site's unit.
    pub unit: Option<UnitInfo>,
    /// The registered site on the parent host or on this host (`subdomain_of_registered`, `unregistered_path`).
    pub related: Option<SiteInfo>,
    /// The registered site a look-alike imitates.
    pub resembles: Option<SiteInfo>,
}

/// Verifies `input` and looks up the sites and unit the verdict names.
pub async fn report(store: &dyn Store, register: &Register, input: &str) -> Result<Report, StoreError> {
    let v = register.verify(input);
    let mut verdict = v.verdict.clone();
    let (mut site, mut unit, mut related, mut resembles) = (None, None, None, None);
    match &v.verdict {
        Verdict::Registered(m) => match site_info(store, m).await? {
            Some(info) => {
                if let Some(id) = &info.unit_id {
                    unit = store.get_unit(id).await?.map(|u| UnitInfo { id: u.id, name: u.name });
                }
                site = Some(info);
            }
            // Deleted since the register was read.
            None => verdict = Verdict::NotRegistered { gov_vn: v.host.as_deref().is_some_and(is_gov_vn) },
        },
        Verdict::Subdomain { of: m } | Verdict::OtherPath { on_host: m } => related = site_info(store, m).await?,
        Verdict::LookAlike { resembles: Some(m), .. } => resembles = site_info(store, m).await?,
        _ => {}
    }
    let official = site.as_ref().is_some_and(|s| s.status != SiteStatus::Retired);
    let (message, message_en) =
        messages(&v, &verdict, site.as_ref(), unit.as_ref(), related.as_ref(), resembles.as_ref());
    Ok(Report {
        input: shorten(input.trim(), 300),
        gov_vn: v.host.as_deref().is_some_and(is_gov_vn),
        host: v.host,
        host_unicode: v.host_unicode,
        domain: v.domain,
        verdict: verdict.kind(),
        official,
        reason: verdict.reason(),
        message,
        message_en,
        site,
        unit,
        related,
        resembles,
    })
}

async fn site_info(store: &dyn Store, m: &SiteMatch) -> Result<Option<SiteInfo>, StoreError> {
    Ok(store.get_site(m.site_id).await?.map(|s| SiteInfo {
        id: s.id,
        key: m.key.clone(),
        name: s.input.name,
        status: s.input.status,
        urls: s.input.urls,
        unit_id: s.input.unit_id,
    }))
}

/// (Vietnamese, English) sentences for a verdict.
fn messages(
    v: &Verification,
    verdict: &Verdict,
    site: Option<&SiteInfo>,
    unit: Option<&UnitInfo>,
    related: Option<&SiteInfo>,
    resembles: Option<&SiteInfo>,
) -> (String, String) {
    let host = v.host.as_deref().unwrap_or("");
    // An IDN host is named in punycode too: its Unicode form may be the very disguise.
    let (shown, shown_en) = match v.host_unicode.as_deref() {
        Some(u) if u != host => (format!("«{u}» ({host})"), format!("{u} ({host})")),
        _ => (format!("«{host}»"), host.to_string()),
    };
    let named = |s: Option<&SiteInfo>, key: &str| match s {
        Some(s) => format!("«{}» ({}, số {})", s.key, s.name, s.id),
        None => format!("«{key}»"),
    };
    let named_en = |s: Option<&SiteInfo>, key: &str| match s {
        Some(s) => format!("{} ({}, site {})", s.key, s.name, s.id),
        None => key.to_string(),
    };
    match verdict {
        Verdict::Registered(m) => {
            let of_vi = unit.map(|u| format!(" của {}", u.name)).unwrap_or_default();
            let of_en = unit.map(|u| format!(" of {}", u.name)).unwrap_or_default();
            let (vi, en) = (named(site, &m.key), named_en(site, &m.key));
            if site.is_some_and(|s| s.status == SiteStatus::Retired) {
                (
                    format!(
                        "{shown} thuộc trang {vi}{of_vi} trong danh bạ, nhưng trang này đã ngừng hoạt động: tên miền có thể không còn do cơ quan nhà nước quản lý. Hãy thận trọng."
                    ),
                    format!(
                        "{shown_en} belongs to {en}{of_en} in the register, but that site is retired: the domain may no longer be run by the government. Be careful."
                    ),
                )
            } else {
                (
                    format!(
                        "{shown} là trang chính thức: thuộc trang {vi}{of_vi}, có trong danh bạ cổng/trang thông tin điện tử."
                    ),
                    format!(
                        "{shown_en} is official: it belongs to {en}{of_en}, listed in the register of government sites."
                    ),
                )
            }
        }
        Verdict::Subdomain { of } => (
            format!(
                "{shown} là tên miền con của trang đã đăng ký {}, nhưng bản thân nó chưa có trong danh bạ.",
                named(related, &of.key)
            ),
            format!(
                "{shown_en} is a subdomain of the registered {}, but is not registered itself.",
                named_en(related, &of.key)
            ),
        ),
        Verdict::OtherPath { on_host } => (
            format!(
                "Máy chủ {shown} có trang đã đăng ký ({}), nhưng địa chỉ này nằm ngoài các trang đã đăng ký.",
                named(related, &on_host.key)
            ),
            format!(
                "The host {shown_en} carries registered sites ({}), but this address is outside them.",
                named_en(related, &on_host.key)
            ),
        ),
        Verdict::LookAlike { resembles: m, reason } => {
            let key = m.as_ref().map(|m| m.key.as_str()).unwrap_or("");
            let domain = v.domain.as_deref().unwrap_or(host);
            let (why_vi, why_en) = match reason {
                LookAlikeReason::Userinfo => (
                    format!("đặt tên «{key}» trước dấu @ để đánh lừa, nhưng thực ra dẫn tới máy chủ «{host}»"),
                    format!("puts the name {key} before an @ to mislead, but actually leads to the host {host}"),
                ),
                LookAlikeReason::RegisteredNameAsSubdomain => (
                    format!("mượn tên «{key}» làm tên miền con, còn tên miền thật là «{domain}»"),
                    format!("borrows the name {key} as a subdomain; the real domain is {domain}"),
                ),
                LookAlikeReason::Homograph => (
                    format!("dùng ký tự trông giống (chữ Kirin, Hy Lạp, dấu tiếng Việt, số 0/1…) để giả «{key}»"),
                    format!(
                        "uses look-alike characters (Cyrillic, Greek, Vietnamese accents, digits 0/1…) to imitate {key}"
                    ),
                ),
                LookAlikeReason::FakeGovVn => (
                    "giả đuôi .gov.vn của cơ quan nhà nước nhưng không phải tên miền .gov.vn".to_string(),
                    "imitates the .gov.vn ending of government sites but is not a .gov.vn domain".to_string(),
                ),
                LookAlikeReason::OtherEnding => (
                    format!("trùng tên với «{key}» nhưng khác đuôi tên miền hoặc dấu phân cách"),
                    format!("has the name of {key} with another ending or other separators"),
                ),
                LookAlikeReason::Typo => {
                    (format!("chỉ khác «{key}» một ký tự"), format!("is one character away from {key}"))
                }
            };
            let (real_vi, real_en) = match m {
                Some(m) => (
                    format!(" Trang chính thức là {}.", named(resembles, &m.key)),
                    format!(" The official site is {}.", named_en(resembles, &m.key)),
                ),
                None => (String::new(), String::new()),
            };
            (
                format!(
                    "CẢNH BÁO: {shown} không có trong danh bạ và có thể là trang giả mạo: tên miền này {why_vi}.{real_vi}"
                ),
                format!("WARNING: {shown_en} is not in the register and may be a fake: this domain {why_en}.{real_en}"),
            )
        }
        Verdict::NotRegistered { gov_vn: true } => (
            format!(
                "{shown} là tên miền .gov.vn nhưng không có trong danh bạ. Tên miền .gov.vn chỉ cấp cho cơ quan nhà nước, song trang này chưa được đăng ký với mạng lưới cổng/trang thông tin điện tử."
            ),
            format!(
                "{shown_en} is a .gov.vn domain not in the register. .gov.vn names are issued to state bodies only, but this site has not been registered with the portal network."
            ),
        ),
        Verdict::NotRegistered { gov_vn: false } => (
            format!(
                "{shown} không có trong danh bạ cổng/trang thông tin điện tử chính thức. Đừng cung cấp thông tin cá nhân hay thanh toán trên trang này nếu nó tự nhận là của cơ quan nhà nước."
            ),
            format!(
                "{shown_en} is not in the register of official government sites. Do not give personal or payment details there if it claims to be a government site."
            ),
        ),
        Verdict::Invalid(reason) => {
            let (vi, en) = reason.message();
            (vi.to_string(), en.to_string())
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        Register::new(
            [
                ("chinhphu.vn", 1),
                ("baochinhphu.vn", 2),
                ("thanhhoa.gov.vn", 3),
                ("thanhhoa.gov.vn/so-noi-vu", 4),
                ("moh.gov.vn", 5),
                ("dichvucong.gov.vn", 6),
                ("ngason.thanhhoa.gov.vn", 7),
                ("sites.example.com/ubnd-xa-a", 8),
                ("10.0.0.1", 9),
            ]
            .map(|(k, id)| (k.to_string(), id)),
        )
    }

    fn verdict(input: &str) -> Verdict {
        register().verify(input).verdict
    }

    fn registered(key: &str, site_id: i64) -> Verdict {
        Verdict::Registered(SiteMatch { key: key.into(), site_id })
    }

    fn look_alike(input: &str) -> (LookAlikeReason, Option<String>) {
        match verdict(input) {
            Verdict::LookAlike { resembles, reason } => (reason, resembles.map(|m| m.key)),
            other => panic!("{input:?}: expected a look-alike, got {other:?}"),
        }
    }

    /// `host` with its first `from` replaced by `to`, in punycode.
    fn idn(host: &str, from: char, to: char) -> String {
        let unicode = host.replacen(from, &to.to_string(), 1);
        let url = Url::parse(&format!("https://{unicode}/")).unwrap();
        let ascii = url.host_str().unwrap().to_string();
        assert!(ascii.contains("xn--"), "{ascii}");
        ascii
    }

    #[test]
    fn every_spelling_of_a_registered_host_is_registered() {
        for input in [
            "chinhphu.vn",
            "CHINHPHU.VN",
            "https://chinhphu.vn",
            "http://www.chinhphu.vn/",
            "https://WWW.ChinhPhu.vn/tin-tuc/bai-viet?id=3#top",
            "chinhphu.vn.",
            "https://chinhphu.vn.:443/",
            "chinhphu.vn:8443/path",
            "//chinhphu.vn/x",
            "  chinhphu.vn  ",
            "https:chinhphu.vn",
        ] {
            assert_eq!(verdict(input), registered("chinhphu.vn", 1), "{input}");
        }
        assert_eq!(verdict("moh.gov.vn/vi/tin-tuc"), registered("moh.gov.vn", 5));
        assert_eq!(verdict("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"), registered("dichvucong.gov.vn", 6));
    }

    #[test]
    fn the_longest_registered_path_wins() {
        assert_eq!(verdict("thanhhoa.gov.vn"), registered("thanhhoa.gov.vn", 3));
        assert_eq!(verdict("https://thanhhoa.gov.vn/so-noi-vu"), registered("thanhhoa.gov.vn/so-noi-vu", 4));
        assert_eq!(verdict("https://thanhhoa.gov.vn/So-Noi-Vu/tin-tuc/"), registered("thanhhoa.gov.vn/so-noi-vu", 4));
        assert_eq!(verdict("thanhhoa.gov.vn/so-noi-vu-gia"), registered("thanhhoa.gov.vn", 3));
        // A host registered at a path only: the rest of it is someone else's.
        assert_eq!(verdict("sites.example.com/ubnd-xa-a/lien-he"), registered("sites.example.com/ubnd-xa-a", 8));
        assert_eq!(
            verdict("sites.example.com/other"),
            Verdict::OtherPath { on_host: SiteMatch { key: "sites.example.com/ubnd-xa-a".into(), site_id: 8 } }
        );
        assert_eq!(verdict("evil.sites.example.com"), Verdict::NotRegistered { gov_vn: false });
    }

    #[test]
    fn subdomains_are_not_the_registered_site() {
        let of = |key: &str, site_id| Verdict::Subdomain { of: SiteMatch { key: key.into(), site_id } };
        assert_eq!(verdict("ngason.thanhhoa.gov.vn"), registered("ngason.thanhhoa.gov.vn", 7));
        assert_eq!(verdict("thitran.ngason.thanhhoa.gov.vn"), of("ngason.thanhhoa.gov.vn", 7));
        assert_eq!(verdict("nghison.thanhhoa.gov.vn"), of("thanhhoa.gov.vn", 3));
        assert_eq!(verdict("login.chinhphu.vn"), of("chinhphu.vn", 1));
    }

    #[test]
    fn other_endings_and_separators_are_look_alikes() {
        for input in [
            "chinhphu-vn.com",
            "chinhphuvn.com",
            "chinhphu.com.vn",
            "chinhphu.com",
            "chinh-phu.vn",
            "https://www.chinhphu-vn.net/dang-nhap",
            "login.chinhphu-vn.info",
        ] {
            assert_eq!(look_alike(input), (LookAlikeReason::OtherEnding, Some("chinhphu.vn".into())), "{input}");
        }
        assert_eq!(look_alike("thanhhoa.vn"), (LookAlikeReason::OtherEnding, Some("thanhhoa.gov.vn".into())));
        assert_eq!(look_alike("dichvucong.com.vn"), (LookAlikeReason::OtherEnding, Some("dichvucong.gov.vn".into())));
    }

    #[test]
    fn registered_hosts_as_subdomains_are_look_alikes() {
        for (input, key) in [
            ("chinhphu.vn.com", "chinhphu.vn"),
            ("chinhphu.vn.xyz.net", "chinhphu.vn"),
            ("thanhhoa.gov.vn.evil.com", "thanhhoa.gov.vn"),
            ("https://www.thanhhoa.gov.vn.evil.com/so-noi-vu", "thanhhoa.gov.vn"),
            ("dichvucong.gov.vn.thanh-toan.top", "dichvucong.gov.vn"),
            ("ngason.thanhhoa.gov.vn.example", "ngason.thanhhoa.gov.vn"),
        ] {
            assert_eq!(look_alike(input), (LookAlikeReason::RegisteredNameAsSubdomain, Some(key.into())), "{input}");
        }
        let v = register().verify("thanhhoa.gov.vn.evil.com");
        assert_eq!(v.domain.as_deref(), Some("evil.com"));
    }

    #[test]
    fn fake_gov_vn_endings_are_look_alikes() {
        for input in ["gov.vn.example", "gov-vn.com", "govvn.com", "gov.vn.com", "abc.gov.vn.com", "abc.govvn.net"] {
            assert_eq!(look_alike(input), (LookAlikeReason::FakeGovVn, None), "{input}");
        }
        assert_eq!(look_alike("abc.g0v.vn"), (LookAlikeReason::FakeGovVn, None));
        assert_eq!(look_alike(&idn("abc.gov.vn", 'o', 'о')), (LookAlikeReason::FakeGovVn, None));
        for input in ["thanhhoa.gov-vn.com", "thanhhoa-gov-vn.com", "www.thanhhoa.govvn.net"] {
            assert_eq!(look_alike(input), (LookAlikeReason::FakeGovVn, Some("thanhhoa.gov.vn".into())), "{input}");
        }
    }

    #[test]
    fn homographs_are_look_alikes() {
        // Cyrillic о, а, с, і, р; Greek ο; Vietnamese diacritics; digits.
        let cases = [
            (idn("chinhphu.vn", 'h', 'һ'), "chinhphu.vn"),
            (idn("moh.gov.vn", 'o', 'о'), "moh.gov.vn"),
            (idn("thanhhoa.gov.vn", 'a', 'а'), "thanhhoa.gov.vn"),
            (idn("dichvucong.gov.vn", 'c', 'с'), "dichvucong.gov.vn"),
            (idn("chinhphu.vn", 'i', 'і'), "chinhphu.vn"),
            (idn("chinhphu.vn", 'p', 'р'), "chinhphu.vn"),
            (idn("baochinhphu.vn", 'o', 'ο'), "baochinhphu.vn"),
        ];
        for (input, key) in &cases {
            assert_eq!(look_alike(input), (LookAlikeReason::Homograph, Some(key.to_string())), "{input}");
            assert_eq!(look_alike(&format!("https://{input}/dang-nhap")).1.as_deref(), Some(*key));
        }
        // In Unicode, as typed or pasted.
        assert_eq!(look_alike("https://chіnhphu.vn").0, LookAlikeReason::Homograph);
        assert_eq!(look_alike("chínhphủ.vn"), (LookAlikeReason::Homograph, Some("chinhphu.vn".into())));
        assert_eq!(look_alike("CHÍNHPHỦ.VN"), (LookAlikeReason::Homograph, Some("chinhphu.vn".into())));
        assert_eq!(look_alike("ba0chinhphu.vn"), (LookAlikeReason::Homograph, Some("baochinhphu.vn".into())));
        assert_eq!(look_alike("thanhhoa.g0v.vn"), (LookAlikeReason::Homograph, Some("thanhhoa.gov.vn".into())));
        // Nearly equal: a look-alike letter plus one more change.
        assert_eq!(look_alike("chіnhphuu.vn"), (LookAlikeReason::Homograph, Some("chinhphu.vn".into())));
        let v = register().verify(&idn("moh.gov.vn", 'o', 'о'));
        assert_eq!(v.host_unicode.as_deref(), Some("mоh.gov.vn"));
        assert!(v.host.unwrap().starts_with("xn--"));
    }

    #[test]
    fn typos_are_look_alikes() {
        for input in ["chinhpu.vn", "chinphu.vn", "chinhphuu.vn", "chinhhpu.vn", "chinhph.com.vn"] {
            assert_eq!(look_alike(input), (LookAlikeReason::Typo, Some("chinhphu.vn".into())), "{input}");
        }
        assert_eq!(look_alike("baochinhphuu.vn"), (LookAlikeReason::Typo, Some("baochinhphu.vn".into())));
        assert_eq!(look_alike("thanhoa.vn"), (LookAlikeReason::Typo, Some("thanhhoa.gov.vn".into())));
        assert_eq!(look_alike("dichvucongg.com"), (LookAlikeReason::Typo, Some("dichvucong.gov.vn".into())));
    }

    #[test]
    fn userinfo_tricks_are_look_alikes() {
        assert_eq!(
            look_alike("https://chinhphu.vn@evil.example/login"),
            (LookAlikeReason::Userinfo, Some("chinhphu.vn".into()))
        );
        assert_eq!(
            look_alike("www.dichvucong.gov.vn:pw@x.example/"),
            (LookAlikeReason::Userinfo, Some("dichvucong.gov.vn".into()))
        );
        // The host after the @ is what counts.
        assert_eq!(verdict("https://anyone@chinhphu.vn/"), registered("chinhphu.vn", 1));
    }

    #[test]
    fn unregistered_hosts_are_not_registered() {
        assert_eq!(verdict("vnexpress.net"), Verdict::NotRegistered { gov_vn: false });
        assert_eq!(verdict("hanoi.vnexpress.net/thoi-su"), Verdict::NotRegistered { gov_vn: false });
        assert_eq!(verdict("example.com"), Verdict::NotRegistered { gov_vn: false });
        // Under .gov.vn: never a look-alike, whatever it resembles.
        for input in
            ["mof.gov.vn", "moj.gov.vn", "thanhoa.gov.vn", "chinhphu.gov.vn", "gov.vn", "https://www.hanoi.gov.vn/"]
        {
            assert_eq!(verdict(input), Verdict::NotRegistered { gov_vn: true }, "{input}");
        }
        assert_eq!(
            verdict("moh.vn"),
            Verdict::NotRegistered { gov_vn: false },
            "names under 4 letters are not compared"
        );
    }

    #[test]
    fn hostile_input_is_invalid() {
        let invalid = |input: &str| match verdict(input) {
            Verdict::Invalid(r) => r,
            other => panic!("{input:?}: expected invalid, got {other:?}"),
        };
        assert_eq!(invalid(""), InvalidReason::Empty);
        assert_eq!(invalid("   "), InvalidReason::Empty);
        assert_eq!(invalid(&"a".repeat(5000)), InvalidReason::TooLong);
        assert_eq!(invalid(&format!("https://chinhphu.vn/{}", "x".repeat(MAX_INPUT_CHARS))), InvalidReason::TooLong);
        assert_eq!(invalid("chinhphu.vn\0"), InvalidReason::ControlCharacter);
        assert_eq!(invalid("chinh\u{7}phu.vn"), InvalidReason::ControlCharacter);
        assert_eq!(invalid("chinh phu.vn"), InvalidReason::Whitespace);
        assert_eq!(invalid("chinhphu.vn\u{3000}x"), InvalidReason::Whitespace);
        for other in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "mailto:a@chinhphu.vn",
            "ftp://chinhphu.vn",
            "data:text/html,<b>",
        ] {
            assert_eq!(invalid(other), InvalidReason::NotWeb, "{other}");
        }
        for bad in ["<script>alert(1)</script>", "https://", "http://a..vn", "chinhphu.vn\"><b>", "1.2.3.999"] {
            assert_eq!(invalid(bad), InvalidReason::Malformed, "{bad}");
        }
        assert_eq!(invalid("localhost"), InvalidReason::NotADomain);
        assert_eq!(invalid("https://localhost:8080/"), InvalidReason::NotADomain);
        for ip in ["127.0.0.1", "http://10.0.0.1/", "https://[::1]/", "http://0x7f.1/", "103.21.148.10:8080"] {
            assert_eq!(invalid(ip), InvalidReason::IpAddress, "{ip}");
        }
    }

    #[test]
    fn keys_are_indexed_once_and_ips_skipped() {
        let r = Register::new([("a.gov.vn".to_string(), 1), ("a.gov.vn".to_string(), 2), ("[::1]:80".to_string(), 3)]);
        assert_eq!(r.len(), 1);
        assert_eq!(r.verify("a.gov.vn").verdict, registered("a.gov.vn", 1));
        assert!(Register::new(Vec::new()).is_empty());
        assert_eq!(Register::new(Vec::new()).verify("chinhphu.vn").verdict, Verdict::NotRegistered { gov_vn: false });
    }

    #[test]
    fn edit_distance_one() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_edit(&c("chinhphu"), &c("chinhpu")));
        assert!(one_edit(&c("chinhphu"), &c("chinphu")));
        assert!(one_edit(&c("chinhphu"), &c("chinhphuu")));
        assert!(one_edit(&c("chinhphu"), &c("chinhhpu")));
        assert!(one_edit(&c("chinhphu"), &c("chinhphx")));
        assert!(!one_edit(&c("chinhphu"), &c("chinhphu")));
        assert!(!one_edit(&c("chinhphu"), &c("chnhpu")));
        assert!(!one_edit(&c("abcd"), &c("badc")));
    }

    #[test]
    fn six_thousand_keys_are_quick() {
        let keys: Vec<(String, i64)> = (0..6000).map(|i| (format!("xa{i}.huyen{}.tinh.gov.vn", i % 90), i)).collect();
        let r = Register::new(keys.into_iter().chain([("chinhphu.vn".to_string(), 99_999)]));
        let start = std::time::Instant::now();
        for _ in 0..200 {
            assert!(matches!(r.verify("chinhpu.vn").verdict, Verdict::LookAlike { .. }));
            assert!(matches!(r.verify("xa17.huyen17.tinh.gov.vn").verdict, Verdict::Registered(_)));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }
}
