//! `ketnoi hub import FILE.jsonl`: one JSON object per line with the seed's
//! PascalCase field names, idempotent on `Id`. Every bad line is reported
//! with its number; by default one bad line imports nothing.

use chrono::NaiveDateTime;
use ketnoi_domain::{HubItemInput, HubItemType, HubState};
use serde::Deserialize;
use serde_json::Value;

use crate::wire::state_from_code;

pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

/// A line as portals and the original system write it. Unknown fields are
/// ignored (exports carry extras such as `LastUpdated`).
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(rename = "Id")]
    id: i64,
    #[serde(rename = "RefId", default)]
    ref_id: Option<i64>,
    #[serde(rename = "Type")]
    item_type: i64,
    #[serde(rename = "Title")]
    title: String,
    #[serde(rename = "Sapo", default)]
    sapo: Option<String>,
    #[serde(rename = "Content", default)]
    content: Option<String>,
    #[serde(rename = "Avatar", default)]
    avatar: Option<String>,
    /// A JSON text in the seed (`"{}"`); an object is accepted and stored as text.
    #[serde(rename = "Attachments", default)]
    attachments: Option<Value>,
    /// Strings, numbers, or one string with separators.
    #[serde(rename = "DistributionTo", default)]
    distribution_to: Option<Value>,
    #[serde(rename = "OriginalUrl", default)]
    original_url: Option<String>,
    #[serde(rename = "PublishedBy", default)]
    published_by: Option<String>,
    #[serde(rename = "PublishedDate", default)]
    published_date: Option<String>,
    #[serde(rename = "SiteId", default)]
    site_id: Option<i64>,
    #[serde(rename = "Source", default)]
    source: Option<String>,
    /// 1 published (the default), 0 draft, 2 withdrawn.
    #[serde(rename = "Status", default)]
    status: Option<i64>,
}

/// A valid line: its number, the item's Id, the item and its state.
pub type ParsedLine = (usize, i64, HubItemInput, HubState);

/// Parses the whole file: the valid lines and an error for every other one.
pub fn parse_jsonl(text: &str) -> (Vec<ParsedLine>, Vec<LineError>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.len() > MAX_LINE_BYTES {
            errors.push(LineError { line: n, reason: format!("dòng dài quá {MAX_LINE_BYTES} byte") });
            continue;
        }
        match parse_line(line) {
            Ok((id, item, state)) => match seen.insert(id, n) {
                Some(first) => {
                    errors.push(LineError { line: n, reason: format!("Id {id} trùng với dòng {first}") })
                }
                None => items.push((n, id, item, state)),
            },
            Err(reason) => errors.push(LineError { line: n, reason }),
        }
    }
    (items, errors)
}

fn parse_line(line: &str) -> Result<(i64, HubItemInput, HubState), String> {
    let r: Record = serde_json::from_str(line).map_err(|e| format!("JSON không hợp lệ: {e}"))?;
    if r.id <= 0 {
        return Err(format!("Id {} phải là số nguyên dương", r.id));
    }
    let item_type =
        HubItemType::from_code(r.item_type).ok_or_else(|| format!("Type {} không tồn tại (1-5)", r.item_type))?;
    let state = state_from_code(r.status.unwrap_or(1))
        .ok_or_else(|| format!("Status {} không hợp lệ (0 nháp, 1 xuất bản, 2 thu hồi)", r.status.unwrap_or(1)))?;
    let attachments = match r.attachments {
        None | Some(Value::Null) => "{}".to_string(),
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
    };
    let distribution_to = match r.distribution_to {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(values)) => values
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(format!("DistributionTo chứa giá trị {other} không hợp lệ")),
            })
            .collect::<Result<_, _>>()?,
        Some(Value::String(s)) => s.split([',', ';', ' ']).filter(|t| !t.is_empty()).map(String::from).collect(),
        Some(other) => return Err(format!("DistributionTo phải là một mảng, không phải {other}")),
    };
    let published_date = r.published_date.filter(|d| !d.trim().is_empty()).map(|d| parse_date(&d)).transpose()?;
    let input = HubItemInput {
        ref_id: r.ref_id,
        item_type,
        title: r.title,
        sapo: r.sapo.unwrap_or_default(),
        content: r.content.unwrap_or_default(),
        avatar: r.avatar.unwrap_or_default(),
        attachments,
        distribution_to,
        original_url: r.original_url.unwrap_or_default(),
        published_by: r.published_by.unwrap_or_default(),
        published_date,
        site_id: r.site_id,
        source: r.source.unwrap_or_default(),
    };
    let input = input.validate().map_err(|e| e.to_string())?;
    if serde_json::from_str::<Value>(&input.attachments).is_err() {
        return Err("Attachments phải là một chuỗi JSON hợp lệ".into());
    }
    Ok((r.id, input, state))
}

/// `2024-07-29T15:55:24` (the seed), with fractional seconds or a zone
/// (converted to Viet Nam time), or `29/07/2024 15:55:24`.
pub fn parse_date(s: &str) -> Result<NaiveDateTime, String> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&crate::time::vn_offset()).naive_local());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Ok(t);
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, format) {
            return Ok(d.and_hms_opt(0, 0, 0).expect("midnight exists"));
        }
    }
    Err(format!(
        "PublishedDate «{}» không phải ngày giờ (vd. 2024-07-29T15:55:24)",
        s.chars().take(40).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_shaped_lines_import() {
        let text = r#"{"Attachments":"{}","Avatar":"http://avatar.png","Content":"Nội dung 1","DistributionTo":["1","2","3"],"Id":1,"OriginalUrl":"http://link_goc-123456.htm","PublishedBy":"username","PublishedDate":"2024-07-29T15:55:24","RefId":123456,"Sapo":"Mô tả 1","SiteId":102,"Source":"Nguồn","Status":1,"Title":"Tiêu đề 1","Type":1}

{"Id":2,"Type":3,"Title":"Văn bản","DistributionTo":[38, 75],"Attachments":{"files":[]},"PublishedDate":"29/07/2024 08:00:00","Extra":true}
"#;
        let (items, errors) = parse_jsonl(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].2.distribution_to, vec!["1", "2", "3"]);
        assert_eq!(items[1].2.distribution_to, vec!["38", "75"]);
        assert_eq!(items[1].2.attachments, r#"{"files":[]}"#);
        assert_eq!(items[1].3, HubState::Published);
    }

    #[test]
    fn every_bad_line_is_named() {
        let text = "{\"Id\":1,\"Type\":1,\"Title\":\"ok\"}\nnot json\n{\"Id\":1,\"Type\":1,\"Title\":\"dup\"}\n{\"Id\":3,\"Type\":9,\"Title\":\"x\"}\n{\"Id\":4,\"Type\":1,\"Title\":\"\"}\n{\"Id\":5,\"Type\":1,\"Title\":\"x\",\"PublishedDate\":\"hôm qua\"}\n";
        let (items, errors) = parse_jsonl(text);
        assert_eq!(items.len(), 1);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3, 4, 5, 6]);
        assert!(errors[1].reason.contains("trùng"));
    }
}
