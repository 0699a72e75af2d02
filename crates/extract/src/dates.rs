//! Vietnamese dates and times as portals print them.
//!
//! Day first, always ("03/04/2024" is 3 April). A date without a zone is Viet Nam time
//! (UTC+07:00); a date with a zone keeps its instant and is shown at +07:00, so that "which day
//! was this published" is the same question everywhere in ketnoi. Impossible dates (31/02/2024)
//! are `None`, never a neighbouring day.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;

/// Viet Nam's offset: UTC+07:00 all year.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// Years we accept: a portal date outside this range is a typo or a counter, not a date.
const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(\d{4})-(\d{1,2})-(\d{1,2})
          (?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?
          \s*(Z|[+-]\d{2}:?\d{2})?",
    )
    .expect("valid regex")
});

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    // "ngày 15 tháng 01 năm 2025", "15 tháng 1, 2025", "ngay 15 thang 01 nam 2025"
    Regex::new(r"(?i)(?:ng[àa]y\s*)?\b(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s*(?:,|\s)\s*(?:n[ăa]m\s+)?(\d{4})\b")
        .expect("valid regex")
});

static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?([/.\-])\s?(\d{4})\b").expect("valid regex"));

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?:\s*(?::|phút)\s*(\d{2}))?\b(?:\s*(am|pm|sa|ch|sáng|chiều|tối)\b)?",
    )
    .expect("valid regex")
});

static GMT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?").expect("valid regex"));

/// A date found in a longer text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the date (and its time, when one was next to it).
    pub start: usize,
    pub end: usize,
    pub datetime: DateTime<FixedOffset>,
    /// Whether a time of day was found with the date.
    pub has_time: bool,
}

/// Parses a date (and time, if present) out of a short string such as a byline:
/// "10:08, Thứ Tư, 03/04/2024", "Thứ hai, 15/01/2025 - 09:30", "ngày 15 tháng 01 năm 2025",
/// "2024-04-03T10:08:00+07:00", "Cập nhật: 08:15 | 20/11/2024". The first date wins.
pub fn parse_vietnamese_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 10_000 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&vietnam()));
    }
    find_dates(s).first().map(|f| f.datetime)
}

/// Like [`parse_vietnamese_datetime`], the calendar day only.
pub fn parse_vietnamese_date(s: &str) -> Option<NaiveDate> {
    parse_vietnamese_datetime(s).map(|d| d.date_naive())
}

/// Every date in a text, in order of appearance, each with the time written next to it (within
/// a few words before or after), at +07:00 unless a `GMT+x` in the text says otherwise.
pub fn find_dates(text: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let offset = GMT.captures(text).and_then(|c| {
        let sign = if &c[1] == "-" { -1 } else { 1 };
        let h: i32 = c[2].parse().ok()?;
        let m: i32 = c.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
        FixedOffset::east_opt(sign * (h * 3600 + m * 60))
    });
    let offset = offset.unwrap_or_else(vietnam);
    let overlaps = |found: &[Found], s: usize, e: usize| found.iter().any(|f| s < f.end && f.start < e);

    for c in ISO.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let Some(date) = ymd(&c[1], &c[2], &c[3]) else { continue };
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(m)) => hms(h.as_str(), m.as_str(), c.get(6).map(|s| s.as_str()), None),
            _ => None,
        };
        let zone = c.get(7).and_then(|z| parse_zone(z.as_str()));
        if c.get(4).is_some() && time.is_none() {
            continue; // 2024-04-03T25:99 is not a date we trust
        }
        let naive = date.and_time(time.unwrap_or(NaiveTime::MIN));
        let Some(dt) = zone.unwrap_or(offset).from_local_datetime(&naive).single() else { continue };
        found.push(Found {
            start: whole.start(),
            end: whole.end(),
            datetime: dt.with_timezone(&vietnam()),
            has_time: time.is_some(),
        });
    }
    let mut plain: Vec<(usize, usize, NaiveDate)> = Vec::new();
    for c in WORDS.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        if let Some(date) = ymd(&c[3], &c[2], &c[1]) {
            plain.push((whole.start(), whole.end(), date));
        }
    }
    for c in NUMERIC.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        // The same separator twice, and not the start of a longer number such as a document
        // symbol "12/05/2024/QĐ" or a phone number.
        if c[2] != c[4] || text[whole.end()..].starts_with(['/', '-']) || text[..whole.start()].ends_with(['/', '-']) {
            continue;
        }
        if let Some(date) = ymd(&c[5], &c[3], &c[1]) {
            plain.push((whole.start(), whole.end(), date));
        }
    }
    plain.sort_by_key(|p| p.0);
    for (start, end, date) in plain {
        if overlaps(&found, start, end) {
            continue;
        }
        let (time, span) = time_near(text, start, end).map_or((None, (start, end)), |(t, s, e)| (Some(t), (s, e)));
        let naive = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
        let Some(dt) = offset.from_local_datetime(&naive).single() else { continue };
        found.push(Found {
            start: span.0.min(start),
            end: span.1.max(end),
            datetime: dt.with_timezone(&vietnam()),
            has_time: time.is_some(),
        });
    }
    found.sort_by_key(|f| f.start);
    found
}

/// How far (in bytes) from a date a time may stand and still belong to it:
/// "10:08, Thứ Tư, 03/04/2024" has 16 bytes between them.
const TIME_WINDOW: usize = 32;

/// The time written closest to the date at `start..end`, within [`TIME_WINDOW`].
fn time_near(text: &str, start: usize, end: usize) -> Option<(NaiveTime, usize, usize)> {
    let lo = floor_char(text, start.saturating_sub(TIME_WINDOW));
    let hi = ceil_char(text, (end + TIME_WINDOW).min(text.len()));
    let mut best: Option<(usize, NaiveTime, usize, usize)> = None;
    for c in TIME.captures_iter(&text[lo..hi]) {
        let whole = c.get(0).expect("group 0");
        let (s, e) = (whole.start() + lo, whole.end() + lo);
        if s < end && start < e {
            continue; // inside the date itself
        }
        // A bare "15" followed by "h" needs minutes or the "h"/"giờ" marker; "10:08" always.
        let Some(t) = hms(&c[1], c.get(2).map_or("00", |m| m.as_str()), c.get(3).map(|m| m.as_str()), c.get(4)) else {
            continue;
        };
        if c.get(2).is_none() && !whole.as_str().to_lowercase().contains(['h', 'g']) {
            continue;
        }
        let distance = if e <= start { start - e } else { s.saturating_sub(end) };
        if best.is_none_or(|b| distance < b.0) {
            best = Some((distance, t, s, e));
        }
    }
    best.map(|(_, t, s, e)| (t, s, e))
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !YEARS.contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn hms(h: &str, m: &str, s: Option<&str>, meridiem: Option<regex::Match<'_>>) -> Option<NaiveTime> {
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let s: u32 = s.map_or(Some(0), |s| s.parse().ok())?;
    if let Some(mer) = meridiem {
        let pm = matches!(mer.as_str().to_lowercase().as_str(), "pm" | "ch" | "chiều" | "tối");
        if h > 12 {
            return None;
        }
        if pm && h < 12 {
            h += 12;
        } else if !pm && h == 12 {
            h = 0;
        }
    }
    NaiveTime::from_hms_opt(h, m, s)
}

fn parse_zone(z: &str) -> Option<FixedOffset> {
    if z == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
    let h: i32 = digits.get(0..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4)?.parse().ok()?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        parse_vietnamese_datetime(s).map(|d| d.to_rfc3339()).unwrap_or_else(|| "None".into())
    }

    #[test]
    fn bylines_of_vietnamese_portals() {
        assert_eq!(at("10:08, Thứ Tư, 03/04/2024"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("Thứ hai, 15/01/2025 - 09:30"), "2025-01-15T09:30:00+07:00");
        assert_eq!(at("03/04/2024 10:08"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("03/04/2024 10:08:59"), "2024-04-03T10:08:59+07:00");
        assert_eq!(at("Cập nhật: 08:15 | 20/11/2024"), "2024-11-20T08:15:00+07:00");
        assert_eq!(at("(GMT+7) 20/11/2024"), "2024-11-20T00:00:00+07:00");
        assert_eq!(at("Ngày đăng: 05/09/2023 | 14h30"), "2023-09-05T14:30:00+07:00");
        assert_eq!(at("08:45 CH 12/12/2023"), "2023-12-12T20:45:00+07:00");
        assert_eq!(at("Thứ Sáu, 1/3/2024, 7 giờ 05"), "2024-03-01T07:05:00+07:00");
    }

    #[test]
    fn words() {
        assert_eq!(at("ngày 15 tháng 01 năm 2025"), "2025-01-15T00:00:00+07:00");
        assert_eq!(at("Thanh Hóa, ngày 5 tháng 7 năm 2024"), "2024-07-05T00:00:00+07:00");
        assert_eq!(at("15 tháng 1, 2025"), "2025-01-15T00:00:00+07:00");
        assert_eq!(at("NGÀY 15 THÁNG 01 NĂM 2025"), "2025-01-15T00:00:00+07:00");
        assert_eq!(at("ngay 15 thang 01 nam 2025"), "2025-01-15T00:00:00+07:00");
    }

    #[test]
    fn numeric_separators() {
        assert_eq!(at("03-04-2024"), "2024-04-03T00:00:00+07:00");
        assert_eq!(at("03.04.2024"), "2024-04-03T00:00:00+07:00");
        assert_eq!(at("3/4/2024"), "2024-04-03T00:00:00+07:00");
        assert_eq!(at("03/04-2024"), "None");
    }

    #[test]
    fn iso_forms_and_zones() {
        assert_eq!(at("2024-04-03T10:08:00+07:00"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("2024-04-03"), "2024-04-03T00:00:00+07:00");
        assert_eq!(at("2024-04-03T03:08:00Z"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("2024-04-03T10:08:00"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("2024-04-03 10:08:00.123+0700"), "2024-04-03T10:08:00+07:00");
        assert_eq!(at("2024-04-03T10:08"), "2024-04-03T10:08:00+07:00");
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(at("31/02/2024"), "None");
        assert_eq!(at("29/02/2023"), "None");
        assert_eq!(at("29/02/2024"), "2024-02-29T00:00:00+07:00");
        assert_eq!(at("ngày 32 tháng 01 năm 2025"), "None");
        assert_eq!(at("2024-13-01"), "None");
        assert_eq!(at("12/05/1200"), "None");
        assert_eq!(at("25:70 03/04/2024"), "2024-04-03T00:00:00+07:00");
        assert_eq!(at(""), "None");
        assert_eq!(at("không có ngày"), "None");
    }

    #[test]
    fn document_symbols_are_not_dates() {
        assert_eq!(at("Số 12/05/2024/QĐ-UBND"), "None");
        assert_eq!(at("Số 42/2022/NĐ-CP"), "None");
    }

    #[test]
    fn finds_every_date_in_order() {
        let text = "Ban hành ngày 24 tháng 6 năm 2022, hiệu lực từ 01/08/2022.";
        let found: Vec<String> = find_dates(text).iter().map(|f| f.datetime.date_naive().to_string()).collect();
        assert_eq!(found, ["2022-06-24", "2022-08-01"]);
        assert_eq!(parse_vietnamese_date("03/04/2024"), NaiveDate::from_ymd_opt(2024, 4, 3));
    }
}
