//! Vietnamese date formats, as portals print them.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike};

use super::phrases::WEEKDAYS;

/// Viet Nam's offset (UTC+7, no daylight saving).
pub(crate) fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Midnight-based day count → date-time in Viet Nam at `minute_of_day`.
pub(crate) fn at(date: NaiveDate, minute_of_day: u32) -> DateTime<FixedOffset> {
    let naive = date.and_hms_opt(minute_of_day / 60, minute_of_day % 60, 0).expect("minute of day < 1440");
    vn().from_local_datetime(&naive).single().expect("fixed offsets are unambiguous")
}

/// "10:08, Thứ Tư, 03/04/2024"
pub(crate) fn date_line(t: &DateTime<FixedOffset>) -> String {
    let wd = WEEKDAYS[t.weekday().num_days_from_monday() as usize];
    format!("{:02}:{:02}, {}, {:02}/{:02}/{}", t.hour(), t.minute(), wd, t.day(), t.month(), t.year())
}

/// "ngày 15 tháng 01 năm 2025"
pub(crate) fn long_date(d: NaiveDate) -> String {
    format!("ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year())
}

/// "15/01/2025"
pub(crate) fn short_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "03/04/2024 10:08" (custom PHP portals put time after the date)
pub(crate) fn short_date_time(t: &DateTime<FixedOffset>) -> String {
    format!("{} {:02}:{:02}", short_date(t.date_naive()), t.hour(), t.minute())
}

/// IMF-fixdate for `Last-Modified`.
pub(crate) fn http_date(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc).format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// W3C datetime for sitemaps and DC.date.
pub(crate) fn w3c(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// RFC 822 date for RSS.
pub(crate) fn rss_date(t: &DateTime<FixedOffset>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// Parses an HTTP date (If-Modified-Since); `None` when it is not one.
pub(crate) fn parse_http_date(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc2822(s.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = at(NaiveDate::from_ymd_opt(2024, 4, 3).unwrap(), 10 * 60 + 8);
        assert_eq!(date_line(&t), "10:08, Thứ Tư, 03/04/2024");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2025, 1, 15).unwrap()), "ngày 15 tháng 01 năm 2025");
        assert_eq!(http_date(&t), "Wed, 03 Apr 2024 03:08:00 GMT");
        assert_eq!(w3c(&t), "2024-04-03T10:08:00+07:00");
        assert_eq!(parse_http_date("Wed, 03 Apr 2024 03:08:00 GMT"), Some(t));
    }
}
