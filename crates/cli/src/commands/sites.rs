use std::io::{Read, Write};

use anyhow::Context;
use chrono::NaiveDate;
use ketnoi_domain::{Hosting, Site, SiteInput, SiteStatus, SiteUrl};
use ketnoi_register::{ImportError, ImportOptions};
use ketnoi_store::{SiteQuery, Store};

use super::{bad_input, print_json, store_input_error};
use crate::cli::{SiteFields, SitesCommand};

pub async fn run(store: &dyn Store, command: SitesCommand, today: NaiveDate) -> anyhow::Result<()> {
    match command {
        SitesCommand::Import { file, skip_invalid, parent, at, encoding, max_bytes, dry_run, json } => {
            let encoding = match encoding.as_deref() {
                None => None,
                Some(name) => Some(
                    ketnoi_register::decode::encoding_by_name(name)
                        .ok_or_else(|| bad_input(format!("bảng mã «{name}» không được hỗ trợ")))?,
                ),
            };
            let bytes = read_limited(&file, max_bytes)?;
            let options =
                ImportOptions { skip_invalid, max_bytes, scope: parent, at: at.unwrap_or(today), encoding, dry_run };
            match ketnoi_register::import_sites(store, &bytes, &options).await {
                Ok(report) => {
                    if json {
                        print_json(&report)?;
                    } else {
                        for r in &report.rejected {
                            eprintln!("{}:{}: {}", file.display(), r.line, r.reason);
                        }
                        let c = report.counts;
                        outln!(
                            "{} dòng ({}, {}): {} tạo mới, {} cập nhật, {} không đổi, {} bị bỏ qua{}",
                            report.rows,
                            report.layout,
                            report.encoding,
                            c.created,
                            c.updated,
                            c.unchanged,
                            report.rejected.len(),
                            if report.dry_run { " — chạy thử, chưa ghi gì" } else { "" }
                        );
                    }
                }
                Err(ImportError::Rows(rows)) => {
                    for r in &rows {
                        eprintln!("{}:{}: {}", file.display(), r.line, r.reason);
                    }
                    return Err(bad_input(format!(
                        "{} dòng không hợp lệ; không nhập dòng nào (dùng --skip-invalid để nhập các dòng hợp lệ)",
                        rows.len()
                    )));
                }
                Err(ImportError::Store(e)) => return Err(e.into()),
                Err(e) => return Err(bad_input(format!("{}: {e}", file.display()))),
            }
        }
        SitesCommand::Export { output, excel } => {
            let mut csv = ketnoi_register::export_sites(store).await?;
            if excel {
                csv.insert(0, '\u{feff}');
            }
            match output {
                Some(path) => std::fs::write(&path, csv).with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::stdout().write_all(csv.as_bytes())?,
            }
        }
        SitesCommand::List { unit, json } => {
            let unit_id = match unit {
                Some(code) => Some(
                    ketnoi_register::resolve_unit(store, &code, today)
                        .await?
                        .ok_or_else(|| bad_input(format!("không có đơn vị mã «{code}»")))?
                        .id,
                ),
                None => None,
            };
            let mut all = Vec::new();
            loop {
                let q =
                    SiteQuery { unit_id: unit_id.clone(), limit: 1000, offset: all.len() as i64, ..Default::default() };
                let page = store.list_sites(&q).await?;
                let done = page.items.len() < 1000;
                all.extend(page.items);
                if done {
                    break;
                }
            }
            if json {
                print_json(&all)?;
            } else {
                for s in &all {
                    print_site(s)?;
                }
            }
        }
        SitesCommand::Add { fields, json } => {
            let blank = SiteInput {
                unit_id: None,
                name: String::new(),
                urls: vec![],
                status: SiteStatus::Active,
                technology: None,
                hosting: Hosting::Unknown,
                parent_site_id: None,
                sitemaps: vec![],
                crawl: Default::default(),
                note: None,
            };
            let input = apply(store, blank, fields, today).await?;
            let (input, urls) = input.validate().map_err(|e| bad_input(e.to_string()))?;
            let site = store.create_site(&input, &urls).await.map_err(store_input_error)?;
            if json { print_json(&site)? } else { print_site(&site)? }
        }
        SitesCommand::Update { id, fields, json } => {
            let current = store.get_site(id).await?.ok_or_else(|| bad_input(format!("không có trang/cổng số {id}")))?;
            let input = apply(store, current.input, fields, today).await?;
            let (input, urls) = input.validate().map_err(|e| bad_input(e.to_string()))?;
            let site = store.update_site(id, Some(current.version), &input, &urls).await.map_err(store_input_error)?;
            if json { print_json(&site)? } else { print_site(&site)? }
        }
        SitesCommand::Show { id, json } => {
            let site = store.get_site(id).await?.ok_or_else(|| bad_input(format!("không có trang/cổng số {id}")))?;
            if json { print_json(&site)? } else { print_site(&site)? }
        }
        SitesCommand::Delete { id } => {
            store.delete_site(id, None).await.map_err(store_input_error)?;
            outln!("đã xoá trang/cổng số {id}");
        }
    }
    Ok(())
}

/// Overlays the fields given on the command line onto `site`.
async fn apply(store: &dyn Store, mut site: SiteInput, f: SiteFields, today: NaiveDate) -> anyhow::Result<SiteInput> {
    if let Some(code) = f.unit {
        let unit = ketnoi_register::resolve_unit(store, &code, today)
            .await?
            .ok_or_else(|| bad_input(format!("không có đơn vị mã «{code}»")))?;
        if site.name.is_empty() && f.name.is_none() {
            site.name = unit.name.clone();
        }
        site.unit_id = Some(unit.id);
    }
    if let Some(name) = f.name {
        site.name = name;
    }
    if !f.urls.is_empty() {
        site.urls = f.urls;
    }
    if let Some(s) = f.status {
        site.status = SiteStatus::parse(&s).ok_or_else(|| bad_input(format!("trạng thái «{s}» không hợp lệ")))?;
    }
    if let Some(h) = f.hosting {
        site.hosting = Hosting::parse(&h).ok_or_else(|| bad_input(format!("nơi đặt «{h}» không hợp lệ")))?;
    }
    if let Some(parent) = f.parent_url {
        let key = SiteUrl::parse("parent_url", &parent).map_err(|e| bad_input(e.to_string()))?.key;
        site.parent_site_id = Some(
            store.site_id_by_url_key(&key).await?.ok_or_else(|| bad_input(format!("không có cổng cha «{parent}»")))?,
        );
    }
    if !f.sitemaps.is_empty() {
        site.sitemaps = f.sitemaps;
    }
    site.technology = f.technology.or(site.technology);
    site.note = f.note.or(site.note);
    Ok(site)
}

/// Reads at most `limit` bytes, refusing larger files before loading them.
fn read_limited(path: &std::path::Path, limit: usize) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| bad_input(format!("không mở được {}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(bad_input(format!("{}: tệp lớn hơn giới hạn {limit} byte (--max-bytes)", path.display())));
    }
    Ok(bytes)
}

fn print_site(s: &Site) -> std::io::Result<()> {
    outln!(
        "{:>6}  {:<10} {:<16} {}  {}",
        s.id,
        s.input.status.as_str(),
        s.input.unit_id.as_deref().unwrap_or("-"),
        s.input.name,
        s.input.urls.join(" ")
    );
    Ok(())
}
