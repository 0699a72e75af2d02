use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a unit stands in the hierarchy. Districts exist only before
/// 2025-07-01, when Viet Nam moved to two tiers of local government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Central,
    Province,
    District,
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Central => "central",
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "central" => UnitLevel::Central,
            "province" => UnitLevel::Province,
            "district" => UnitLevel::District,
            "commune" => UnitLevel::Commune,
            _ => return None,
        })
    }
}

/// A unit of government. `id` is unique forever; `code` is the official
/// code, which the 2025 reform reused for new units, so a code names a unit
/// only together with a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    /// Legal type: "tinh", "huyen", "xa", "phuong", "dac_khu", "bo", ...
    pub kind: String,
    pub level: UnitLevel,
    pub parent_id: Option<String>,
    /// First day the unit existed, inclusive; `None` = since before our data.
    pub valid_from: Option<NaiveDate>,
    /// Last day the unit existed, inclusive; `None` = still exists.
    pub valid_to: Option<NaiveDate>,
}

impl Unit {
    pub fn is_valid_at(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }

    /// Human label of the kind, in Vietnamese.
    pub fn kind_label(&self) -> &str {
        match self.kind.as_str() {
            "chinh_phu" => "Chính phủ",
            "bo" => "Bộ",
            "co_quan_ngang_bo" => "Cơ quan ngang Bộ",
            "co_quan_thuoc_cp" => "Cơ quan thuộc Chính phủ",
            "tinh" => "Tỉnh",
            "thanh_pho_truc_thuoc_tw" => "Thành phố trực thuộc Trung ương",
            "huyen" => "Huyện",
            "quan" => "Quận",
            "thi_xa" => "Thị xã",
            "thanh_pho_thuoc_tinh" => "Thành phố thuộc tỉnh",
            "xa" => "Xã",
            "phuong" => "Phường",
            "thi_tran" => "Thị trấn",
            "dac_khu" => "Đặc khu",
            other => other,
        }
    }
}

/// How much of a predecessor went into a successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The whole predecessor went into this successor.
    Full,
    /// The predecessor was split; this successor took part of it.
    Partial,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Full => "full",
            Coverage::Partial => "partial",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "full" => Some(Coverage::Full),
            "partial" => Some(Coverage::Partial),
            _ => None,
        }
    }
}

/// An old unit → new unit edge of a reorganisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Succession {
    pub predecessor_id: String,
    pub successor_id: String,
    pub coverage: Coverage,
    /// For a split unit: the successor that takes its records by default.
    pub is_default: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn validity_bounds_are_inclusive() {
        let u = Unit {
            id: "380@2025-06-30".into(),
            code: Some("380".into()),
            name: "Thành phố Thanh Hóa".into(),
            kind: "thanh_pho_thuoc_tinh".into(),
            level: UnitLevel::District,
            parent_id: Some("38".into()),
            valid_from: None,
            valid_to: Some(day("2025-06-30")),
        };
        assert!(u.is_valid_at(day("2025-06-30")));
        assert!(!u.is_valid_at(day("2025-07-01")));
        let new = Unit { valid_from: Some(day("2025-07-01")), valid_to: None, ..u };
        assert!(!new.is_valid_at(day("2025-06-30")));
        assert!(new.is_valid_at(day("2025-07-01")));
    }
}
