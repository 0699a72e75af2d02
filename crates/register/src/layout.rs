//! CSV layouts of the sites register.
//!
//! ketnoi's own layout (what `ketnoi sites export` writes):
//!
//! | column | meaning |
//! |---|---|
//! | `unit_code` | unit id or official code (`38`, `380@2025-06-30`, `bo-tai-chinh`) |
//! | `unit_name` | unit name; used to find the unit when `unit_code` is empty |
//! | `name` | site name (defaults to the unit name as written) |
//! | `urls` | base URLs, separated by `;` or spaces |
//! | `status` | `active`, `no_portal`, `retired` (or hoạt động / chưa có / ngừng) |
//! | `technology`, `hosting`, `parent_url`, `sitemaps`, `crawl_enabled`, `crawl_delay_seconds`, `crawl_max_urls`, `note` | as in the API |
//!
//! The Thanh Hóa annex layout (STT, Tên cơ quan đơn vị, Địa chỉ cổng/trang
//! thông tin điện tử, Ghi chú) is read through the same column names: each
//! header is matched after folding case and tone marks. Comma, semicolon and
//! tab delimiters are detected from the header line.

use std::collections::HashMap;

use ketnoi_domain::text::fold;

use crate::import::RowError;

pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ordinal,
    UnitCode,
    UnitName,
    Name,
    Urls,
    Status,
    Technology,
    Hosting,
    ParentUrl,
    Sitemaps,
    CrawlEnabled,
    CrawlDelaySeconds,
    CrawlMaxUrls,
    Note,
}

/// The header ketnoi writes, in order.
pub const KETNOI_COLUMNS: &[(Column, &str)] = &[
    (Column::UnitCode, "unit_code"),
    (Column::UnitName, "unit_name"),
    (Column::Name, "name"),
    (Column::Urls, "urls"),
    (Column::Status, "status"),
    (Column::Technology, "technology"),
    (Column::Hosting, "hosting"),
    (Column::ParentUrl, "parent_url"),
    (Column::Sitemaps, "sitemaps"),
    (Column::CrawlEnabled, "crawl_enabled"),
    (Column::CrawlDelaySeconds, "crawl_delay_seconds"),
    (Column::CrawlMaxUrls, "crawl_max_urls"),
    (Column::Note, "note"),
];

/// Folded Vietnamese header names (and a few English ones) → column.
const SYNONYMS: &[(&str, Column)] = &[
    ("stt", Column::Ordinal),
    ("so thu tu", Column::Ordinal),
    ("ma don vi", Column::UnitCode),
    ("ten co quan, don vi", Column::UnitName),
    ("ten co quan don vi", Column::UnitName),
    ("ten co quan", Column::UnitName),
    ("ten don vi", Column::UnitName),
    ("don vi", Column::UnitName),
    ("ten cong/trang", Column::Name),
    ("ten trang", Column::Name),
    ("dia chi cong/trang thong tin dien tu", Column::Urls),
    ("dia chi", Column::Urls),
    ("url", Column::Urls),
    ("trang thai", Column::Status),
    ("cong nghe", Column::Technology),
    ("noi dat", Column::Hosting),
    ("cong/trang dat tai", Column::Hosting),
    ("cong cha", Column::ParentUrl),
    ("sitemap", Column::Sitemaps),
    ("ghi chu", Column::Note),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Ketnoi,
    ThanhHoaAnnex,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based line where the record starts.
    pub line: usize,
    pub cells: HashMap<Column, String>,
}

impl RawRow {
    pub fn get(&self, c: Column) -> Option<&str> {
        self.cells.get(&c).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

#[derive(Debug)]
pub struct Table {
    pub layout: Layout,
    pub rows: Vec<RawRow>,
    /// Records that could not be read as rows at all (wrong cell count...).
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("tệp trống")]
    Empty,
    #[error("dòng tiêu đề có cột không nhận ra: {0}; các cột hợp lệ: {valid}", valid = valid_names())]
    UnknownColumns(String),
    #[error("cột «{0}» xuất hiện hai lần trong dòng tiêu đề")]
    DuplicateColumn(String),
    #[error("thiếu cột {0}")]
    MissingColumn(&'static str),
    #[error("tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ")]
    TooManyRows,
}

fn valid_names() -> String {
    KETNOI_COLUMNS.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}

fn column_for(header: &str) -> Option<Column> {
    let h = header.trim().trim_start_matches('\u{feff}');
    if let Some((c, _)) = KETNOI_COLUMNS.iter().find(|(_, n)| *n == h) {
        return Some(*c);
    }
    let folded = fold(h);
    let folded = folded.trim_end_matches(':');
    SYNONYMS.iter().find(|(s, _)| *s == folded).map(|(_, c)| *c)
}

fn detect_delimiter(first_line: &str) -> u8 {
    let count = |c| first_line.matches(c).count();
    if count('\t') > 0 {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Spreadsheet formula injection: ketnoi's export prefixes `'` to cells that
/// start with a formula character; the import takes it off again.
pub fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

pub fn escape_cell(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

pub fn parse_table(text: &str) -> Result<Table, LayoutError> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).ok_or(LayoutError::Empty)?;
    let delimiter = detect_delimiter(first_line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut header = None;
    let mut errors = Vec::new();
    for rec in records.by_ref() {
        match rec {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => continue,
            Ok(r) => {
                header = Some(r);
                break;
            }
            Err(e) => return Err(LayoutError::UnknownColumns(e.to_string())),
        }
    }
    let header = header.ok_or(LayoutError::Empty)?;
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        match column_for(name) {
            Some(c) if columns.contains(&Some(c)) => return Err(LayoutError::DuplicateColumn(name.trim().to_string())),
            Some(c) => columns.push(Some(c)),
            None if name.trim().is_empty() => columns.push(None),
            None => unknown.push(format!("«{}»", name.trim())),
        }
    }
    if !unknown.is_empty() {
        return Err(LayoutError::UnknownColumns(unknown.join(", ")));
    }
    let has = |c| columns.contains(&Some(c));
    if !has(Column::UnitCode) && !has(Column::UnitName) {
        return Err(LayoutError::MissingColumn("unit_code hoặc unit_name (Tên cơ quan, đơn vị)"));
    }
    if !has(Column::Urls) {
        return Err(LayoutError::MissingColumn("urls (Địa chỉ cổng/trang thông tin điện tử)"));
    }
    let layout = if has(Column::Ordinal) { Layout::ThanhHoaAnnex } else { Layout::Ketnoi };

    let mut rows = Vec::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError { line, reason: format!("không đọc được dòng CSV: {e}") });
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(LayoutError::TooManyRows);
        }
        let extra = rec.iter().skip(columns.len()).any(|c| !c.trim().is_empty());
        if extra {
            errors.push(RowError {
                line,
                reason: format!("có {} ô, nhiều hơn {} cột của dòng tiêu đề", rec.len(), columns.len()),
            });
            continue;
        }
        let cells: HashMap<Column, String> = columns
            .iter()
            .zip(rec.iter())
            .filter_map(|(c, v)| c.map(|c| (c, unescape_cell(v.trim()).to_string())))
            .collect();
        let row = RawRow { line, cells };
        // An annex row with only its number filled in is a blank form line.
        let only_ordinal = row.cells.iter().all(|(c, v)| *c == Column::Ordinal || v.trim().is_empty());
        if !only_ordinal {
            rows.push(row);
        }
    }
    Ok(Table { layout, rows, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const ANNEX: &str = "STT\tTên cơ quan, đơn vị\tĐịa chỉ cổng/trang thông tin điện tử\tGhi chú\n\
        1\tUBND huyện Nga Sơn\tngason.thanhhoa.gov.vn\t\n\
        2\tThị trấn Nga Sơn\tthitran.ngason.thanhhoa.gov.vn\tChưa có cổng/trang thông tin điện tử\n\
        3\tXã Nga Điền\tngadien.ngason.thanhhoa.gov.vn\t\n\
        \t\n";

    #[test]
    fn the_annex_layout_is_recognised() {
        let t = parse_table(ANNEX).unwrap();
        assert_eq!(t.layout, Layout::ThanhHoaAnnex);
        assert_eq!(t.rows.len(), 3);
        assert!(t.errors.is_empty());
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[0].get(Column::UnitName), Some("UBND huyện Nga Sơn"));
        assert_eq!(t.rows[1].get(Column::Note), Some("Chưa có cổng/trang thông tin điện tử"));
        assert_eq!(t.rows[2].get(Column::Note), None);
    }

    #[test]
    fn semicolon_and_comma_layouts_and_quoted_cells() {
        let t = parse_table("unit_code;urls;note\n38;thanhhoa.gov.vn;\"a; b\"\n").unwrap();
        assert_eq!(t.layout, Layout::Ketnoi);
        assert_eq!(t.rows[0].get(Column::Note), Some("a; b"));
        let t = parse_table("unit_code,urls,note\n38,\"a.gov.vn; b.gov.vn\",\"x, y\"\n").unwrap();
        assert_eq!(t.rows[0].get(Column::Urls), Some("a.gov.vn; b.gov.vn"));
    }

    #[test]
    fn bad_headers_are_explained() {
        assert_eq!(parse_table("").unwrap_err(), LayoutError::Empty);
        assert_eq!(parse_table("\n \n").unwrap_err(), LayoutError::Empty);
        assert!(
            matches!(parse_table("unit_code,urlz\n").unwrap_err(), LayoutError::UnknownColumns(c) if c.contains("urlz"))
        );
        assert!(matches!(parse_table("unit_code,urls,URL\n").unwrap_err(), LayoutError::DuplicateColumn(_)));
        assert!(matches!(parse_table("urls\n").unwrap_err(), LayoutError::MissingColumn(_)));
    }

    #[test]
    fn rows_with_too_many_cells_are_errors_with_line_numbers() {
        let t = parse_table("unit_code,urls\n38,a.gov.vn\n38,b.gov.vn,extra\n").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.errors.len(), 1);
        assert_eq!(t.errors[0].line, 3);
    }

    #[test]
    fn formula_escapes_round_trip() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-x", "@a", "plain", "'quoted"] {
            assert_eq!(unescape_cell(&escape_cell(cell)), cell);
        }
        assert_eq!(escape_cell("=1+1"), "'=1+1");
    }

    #[test]
    fn too_many_rows_is_refused() {
        let mut text = String::from("unit_code,urls\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("38,s{i}.gov.vn\n"));
        }
        assert_eq!(parse_table(&text).unwrap_err(), LayoutError::TooManyRows);
    }
}
