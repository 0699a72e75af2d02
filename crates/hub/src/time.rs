//! Viet Nam time (UTC+7, no daylight saving): the seed's dates are local.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

pub fn to_vn(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&vn_offset()).naive_local()
}

/// A local Viet Nam time as an instant.
pub fn from_vn(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_local_timezone(vn_offset()).single().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| t.and_utc())
}
