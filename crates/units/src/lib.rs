//! The register's built-in units, compiled into the binary.
//!
//! Local units (34 provinces and 3,321 communes today; 63 provinces, 696
//! districts and 10,035 communes before 1 July 2025, with the old→new commune
//! mapping) are derived from the PyPI package `vietnamadminunits` (MIT licence)
//! by `scripts/derive_units.py`. The central level (Government, ministries and
//! agencies after the March 2025 restructuring, earlier ones kept as
//! historical) is curated by hand in `data/central.tsv`.

use chrono::NaiveDate;
use ketnoi_domain::{Coverage, Succession, Unit, UnitLevel};

const LOCAL_UNITS: &str = include_str!("../data/units.tsv");
const LOCAL_SUCCESSIONS: &str = include_str!("../data/successions.tsv");
const CENTRAL_UNITS: &str = include_str!("../data/central.tsv");
const CENTRAL_SUCCESSIONS: &str = include_str!("../data/central_successions.tsv");

/// Where the built-in data came from, for `--help` texts and the API.
pub const ATTRIBUTION: &str = "Đơn vị hành chính: dữ liệu từ gói vietnamadminunits (giấy phép MIT).";

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct BuiltinUnits {
    pub units: Vec<Unit>,
    pub successions: Vec<Succession>,
}

/// Parses the embedded data. It is checked by the tests below, so an error
/// here means a corrupted build rather than bad user input.
pub fn builtin() -> Result<BuiltinUnits, DataError> {
    let mut units = parse_units("central.tsv", CENTRAL_UNITS)?;
    units.extend(parse_units("units.tsv", LOCAL_UNITS)?);
    let mut successions = parse_successions("central_successions.tsv", CENTRAL_SUCCESSIONS)?;
    successions.extend(parse_successions("successions.tsv", LOCAL_SUCCESSIONS)?);
    Ok(BuiltinUnits { units, successions })
}

/// Data lines with their 1-based line numbers, skipping comments and the header.
fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn parse_units(file: &'static str, text: &'static str) -> Result<Vec<Unit>, DataError> {
    let err = |line, reason: String| DataError { file, line, reason };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let date = |line, s: &str| -> Result<Option<NaiveDate>, DataError> {
        if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|e| err(line, format!("date {s:?}: {e}"))) }
    };
    rows(text)
        .map(|(line, f)| {
            if f.len() != 8 {
                return Err(err(line, format!("expected 8 columns, found {}", f.len())));
            }
            Ok(Unit {
                id: f[0].to_string(),
                code: opt(f[1]),
                name: f[2].to_string(),
                kind: f[3].to_string(),
                level: UnitLevel::parse(f[4]).ok_or_else(|| err(line, format!("level {:?}", f[4])))?,
                parent_id: opt(f[5]),
                valid_from: date(line, f[6])?,
                valid_to: date(line, f[7])?,
            })
        })
        .collect()
}

fn parse_successions(file: &'static str, text: &'static str) -> Result<Vec<Succession>, DataError> {
    rows(text)
        .map(|(line, f)| {
            let err = |reason: String| DataError { file, line, reason };
            if f.len() != 4 {
                return Err(err(format!("expected 4 columns, found {}", f.len())));
            }
            Ok(Succession {
                predecessor_id: f[0].to_string(),
                successor_id: f[1].to_string(),
                coverage: Coverage::parse(f[2]).ok_or_else(|| err(format!("coverage {:?}", f[2])))?,
                is_default: f[3] == "1",
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn children<'a>(data: &'a BuiltinUnits, parent: &str, at: NaiveDate) -> Vec<&'a Unit> {
        data.units.iter().filter(|u| u.parent_id.as_deref() == Some(parent) && u.is_valid_at(at)).collect()
    }

    #[test]
    fn counts_match_the_2025_reform() {
        let data = builtin().unwrap();
        let provinces = |at| data.units.iter().filter(|u| u.level == UnitLevel::Province && u.is_valid_at(at)).count();
        assert_eq!(provinces(day("2026-01-01")), 34);
        assert_eq!(provinces(day("2025-06-30")), 63);
        let communes = |at| data.units.iter().filter(|u| u.level == UnitLevel::Commune && u.is_valid_at(at)).count();
        assert_eq!(communes(day("2026-01-01")), 3321);
        assert_eq!(communes(day("2025-06-30")), 10035);
        assert_eq!(children(&data, "38", day("2026-01-01")).len(), 166);
        assert_eq!(children(&data, "38", day("2025-06-30")).len(), 26);
    }

    #[test]
    fn ids_are_unique_and_references_resolve() {
        let data = builtin().unwrap();
        let ids: HashSet<_> = data.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), data.units.len());
        for u in &data.units {
            if let Some(p) = &u.parent_id {
                assert!(ids.contains(p.as_str()), "{} has unknown parent {p}", u.id);
            }
        }
        for s in &data.successions {
            assert!(ids.contains(s.predecessor_id.as_str()), "{s:?}");
            assert!(ids.contains(s.successor_id.as_str()), "{s:?}");
        }
    }

    #[test]
    fn central_level_after_march_2025() {
        let data = builtin().unwrap();
        let today = day("2026-01-01");
        let kind = |k: &str, at| data.units.iter().filter(|u| u.kind == k && u.is_valid_at(at)).count();
        assert_eq!(kind("bo", today), 14);
        assert_eq!(kind("co_quan_ngang_bo", today), 3);
        assert_eq!(kind("bo", day("2025-02-28")), 18);
        assert_eq!(kind("co_quan_ngang_bo", day("2025-02-28")), 4);
        let mpi = data.successions.iter().find(|s| s.predecessor_id == "bo-ke-hoach-va-dau-tu").unwrap();
        assert_eq!(mpi.successor_id, "bo-tai-chinh");
    }

    #[test]
    fn every_old_commune_has_a_successor() {
        let data = builtin().unwrap();
        let with_successor: HashSet<_> = data.successions.iter().map(|s| s.predecessor_id.as_str()).collect();
        let orphans: Vec<_> = data
            .units
            .iter()
            .filter(|u| u.level == UnitLevel::Commune && u.valid_to.is_some())
            .filter(|u| !with_successor.contains(u.id.as_str()))
            .map(|u| u.id.as_str())
            .collect();
        assert!(
            orphans.is_empty(),
            "{} old communes without successor, e.g. {:?}",
            orphans.len(),
            &orphans[..orphans.len().min(5)]
        );
    }
}
