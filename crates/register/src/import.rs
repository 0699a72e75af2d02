//! `ketnoi sites import`: bytes in, one transaction out, every bad row named.

use std::collections::HashMap;

use chrono::NaiveDate;
use encoding_rs::Encoding;
use ketnoi_domain::text::fold;
use ketnoi_domain::{CrawlSettings, Hosting, SiteInput, SiteStatus, SiteUrl};
use ketnoi_store::{ImportCounts, SiteImportRow, Store, StoreError};

use crate::decode::{DecodeError, decode};
use crate::layout::{Column, Layout, LayoutError, RawRow, parse_table};
use crate::resolve::{NameMiss, NameResolver, resolve_unit};

/// Larger registers are split: the whole country's ~5,600 sites fit in well under 2 MiB.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Import the good rows and report the rest, instead of importing nothing.
    pub skip_invalid: bool,
    pub max_bytes: usize,
    /// Unit (code or id) under which unit names are looked up, e.g. `38`.
    pub scope: Option<String>,
    /// Day on which codes and names are read (the 2025 reform reused both).
    pub at: NaiveDate,
    /// Skip encoding detection.
    pub encoding: Option<&'static Encoding>,
    /// Check everything, write nothing.
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub layout: &'static str,
    pub encoding: &'static str,
    /// Data rows read (blank lines not counted).
    pub rows: usize,
    pub counts: ImportCounts,
    /// Rows left out under `skip_invalid`.
    pub rejected: Vec<RowError>,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("tệp lớn {size} byte, vượt giới hạn {limit} byte")]
    TooLarge { size: usize, limit: usize },
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// Default mode: at least one bad row, so nothing was imported.
    #[error("{} dòng không hợp lệ, không nhập dòng nào", .0.len())]
    Rows(Vec<RowError>),
    #[error("phạm vi «{0}» không phải đơn vị trong danh bạ")]
    UnknownScope(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn import_sites(store: &dyn Store, bytes: &[u8], opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    if bytes.len() > opts.max_bytes {
        return Err(ImportError::TooLarge { size: bytes.len(), limit: opts.max_bytes });
    }
    let decoded = decode(bytes, opts.encoding)?;
    let table = parse_table(&decoded.text)?;
    let scope = match &opts.scope {
        Some(s) => Some(resolve_unit(store, s, opts.at).await?.ok_or_else(|| ImportError::UnknownScope(s.clone()))?.id),
        None => None,
    };
    let mut errors = table.errors;
    let rows_read = table.rows.len() + errors.len();
    let mut checker =
        RowChecker { store, names: NameResolver::new(store, scope, opts.at), at: opts.at, seen: HashMap::new() };
    let mut accepted = Vec::new();
    for raw in &table.rows {
        match checker.check(raw).await? {
            Ok(row) => accepted.push(row),
            Err(reason) => errors.push(RowError { line: raw.line, reason }),
        }
    }
    errors.sort_by_key(|e| e.line);
    if !errors.is_empty() && !opts.skip_invalid {
        return Err(ImportError::Rows(errors));
    }
    let counts = if opts.dry_run || accepted.is_empty() {
        ImportCounts::default()
    } else {
        store.import_sites(&accepted).await?
    };
    Ok(ImportReport {
        layout: match table.layout {
            Layout::Ketnoi => "ketnoi",
            Layout::ThanhHoaAnnex => "thanh_hoa_annex",
        },
        encoding: decoded.encoding,
        rows: rows_read,
        counts,
        rejected: errors,
        dry_run: opts.dry_run,
    })
}

struct RowChecker<'a> {
    store: &'a dyn Store,
    names: NameResolver<'a>,
    at: NaiveDate,
    /// URL keys (or `unit:<id>` for URL-less rows) of accepted rows → line.
    seen: HashMap<String, usize>,
}

impl RowChecker<'_> {
    /// `Ok(Err(reason))` is a bad row; `Err` is a store failure that stops the import.
    async fn check(&mut self, raw: &RawRow) -> Result<Result<SiteImportRow, String>, StoreError> {
        let unit = match self.unit(raw).await? {
            Ok(u) => u,
            Err(reason) => return Ok(Err(reason)),
        };
        let mut problems = Vec::new();
        let status = match (raw.get(Column::Status), raw.get(Column::Note)) {
            (Some(s), _) => parse_status(s).unwrap_or_else(|| {
                problems.push(format!("trạng thái «{s}» không hợp lệ (active, no_portal, retired)"));
                SiteStatus::Active
            }),
            (None, Some(note)) if fold(note).contains("chua co cong") || fold(note).contains("chua co trang") => {
                SiteStatus::NoPortal
            }
            _ => SiteStatus::Active,
        };
        let hosting = raw.get(Column::Hosting).map_or(Some(Hosting::Unknown), parse_hosting).unwrap_or_else(|| {
            problems.push("nơi đặt (hosting) không hợp lệ: provincial_office, provincial_it_centre, elsewhere".into());
            Hosting::Unknown
        });
        let crawl = CrawlSettings {
            enabled: match raw.get(Column::CrawlEnabled).map(fold).as_deref() {
                None | Some("true" | "1" | "yes" | "co") => true,
                Some("false" | "0" | "no" | "khong") => false,
                Some(other) => {
                    problems.push(format!("crawl_enabled «{other}» phải là true hoặc false"));
                    true
                }
            },
            delay_seconds: number(raw, Column::CrawlDelaySeconds, &mut problems),
            max_urls: number(raw, Column::CrawlMaxUrls, &mut problems),
        };
        let parent_url_key = match raw.get(Column::ParentUrl).map(|p| SiteUrl::parse("parent_url", p)) {
            None => None,
            Some(Ok(p)) => Some(p.key),
            Some(Err(e)) => {
                problems.push(e.to_string());
                None
            }
        };
        let input = SiteInput {
            unit_id: Some(unit.id.clone()),
            name: raw.get(Column::Name).or(raw.get(Column::UnitName)).unwrap_or(&unit.name).to_string(),
            urls: split_list(raw.get(Column::Urls)),
            status,
            technology: raw.get(Column::Technology).map(str::to_string),
            hosting,
            parent_site_id: None,
            sitemaps: split_list(raw.get(Column::Sitemaps)),
            crawl,
            note: raw.get(Column::Note).map(str::to_string),
        };
        let validated = input.validate();
        if let Err(e) = &validated {
            problems.extend(e.fields().iter().map(|f| format!("{}: {}", f.field, f.reason)));
        }
        if let Some(key) = &parent_url_key
            && !self.seen.contains_key(key)
            && self.store.site_id_by_url_key(key).await?.is_none()
        {
            problems.push(format!("không tìm thấy cổng cha «{key}» (phải có sẵn hoặc ở dòng trước)"));
        }
        let Ok((site, urls)) = validated else { return Ok(Err(problems.join("; "))) };
        let keys: Vec<String> = if urls.is_empty() {
            vec![format!("unit:{}", unit.id)]
        } else {
            urls.iter().map(|u| u.key.clone()).collect()
        };
        for key in &keys {
            if let Some(line) = self.seen.get(key) {
                problems.push(format!("trùng với dòng {line} ({})", key.trim_start_matches("unit:")));
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems.join("; ")));
        }
        for key in keys {
            self.seen.insert(key, raw.line);
        }
        Ok(Ok(SiteImportRow { line: raw.line, site, urls, parent_url_key }))
    }

    async fn unit(&mut self, raw: &RawRow) -> Result<Result<ketnoi_domain::Unit, String>, StoreError> {
        if let Some(code) = raw.get(Column::UnitCode) {
            return Ok(resolve_unit(self.store, code, self.at)
                .await?
                .ok_or_else(|| format!("mã đơn vị «{code}» không có trong danh bạ")));
        }
        let Some(name) = raw.get(Column::UnitName) else {
            return Ok(Err("thiếu mã đơn vị (unit_code) và tên đơn vị".into()));
        };
        Ok(match self.names.find(name).await? {
            Ok(u) => Ok(u),
            Err(NameMiss::NotFound) => {
                Err(format!("không tìm thấy đơn vị «{name}»; hãy ghi mã đơn vị (unit_code) hoặc dùng --parent"))
            }
            Err(NameMiss::Ambiguous(units)) => {
                let list: Vec<String> = units.iter().take(5).map(|u| format!("{} {}", u.id, u.name)).collect();
                Err(format!(
                    "tên «{name}» khớp {} đơn vị ({}); hãy ghi mã đơn vị (unit_code) hoặc dùng --parent",
                    units.len(),
                    list.join(", ")
                ))
            }
        })
    }
}

fn split_list(cell: Option<&str>) -> Vec<String> {
    cell.map(|c| c.split([';', ',', ' ', '\n', '\t']).filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn number(raw: &RawRow, column: Column, problems: &mut Vec<String>) -> Option<u32> {
    let cell = raw.get(column)?;
    match cell.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(format!("«{cell}» không phải số nguyên không âm"));
            None
        }
    }
}

fn parse_status(s: &str) -> Option<SiteStatus> {
    SiteStatus::parse(s).or_else(|| match fold(s).as_str() {
        "hoat dong" | "dang hoat dong" => Some(SiteStatus::Active),
        "chua co" | "chua co cong/trang thong tin dien tu" => Some(SiteStatus::NoPortal),
        "ngung" | "ngung hoat dong" => Some(SiteStatus::Retired),
        _ => None,
    })
}

fn parse_hosting(s: &str) -> Option<Hosting> {
    Hosting::parse(s).or_else(|| match fold(s).as_str() {
        "vp ubnd tinh" | "van phong ubnd tinh" => Some(Hosting::ProvincialOffice),
        "trung tam cntt&tt" | "trung tam cntt" => Some(Hosting::ProvincialItCentre),
        "noi khac" => Some(Hosting::Elsewhere),
        _ => None,
    })
}
