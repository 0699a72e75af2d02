//! Directive information shared by the hub (Annex II of Official Letter
//! 409/VPCP-TTDT): news, video, documents, audio and photo items, targeted at
//! units of the register.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};

/// Annex II's `type`: 1 news, 2 video, 3 document; audio and photo extend it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "i64", try_from = "i64")]
pub enum HubItemType {
    News = 1,
    Video = 2,
    Document = 3,
    Audio = 4,
    Photo = 5,
}

impl HubItemType {
    pub const ALL: [HubItemType; 5] =
        [HubItemType::News, HubItemType::Video, HubItemType::Document, HubItemType::Audio, HubItemType::Photo];

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Option<Self> {
        HubItemType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            HubItemType::News => "Tin bài",
            HubItemType::Video => "Video",
            HubItemType::Document => "Văn bản",
            HubItemType::Audio => "Audio",
            HubItemType::Photo => "Ảnh",
        }
    }
}

impl From<HubItemType> for i64 {
    fn from(t: HubItemType) -> i64 {
        t.code()
    }
}

impl TryFrom<i64> for HubItemType {
    type Error = String;
    fn try_from(code: i64) -> Result<Self, String> {
        HubItemType::from_code(code).ok_or_else(|| format!("loại {code} không tồn tại (1-5)"))
    }
}

/// Lifecycle of an item. Only published items are served; a withdrawn item
/// is served to syncing portals as a marker so they can take it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubState {
    Draft,
    Published,
    Withdrawn,
}

impl HubState {
    pub fn as_str(self) -> &'static str {
        match self {
            HubState::Draft => "draft",
            HubState::Published => "published",
            HubState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(HubState::Draft),
            "published" => Some(HubState::Published),
            "withdrawn" => Some(HubState::Withdrawn),
            _ => None,
        }
    }
}

/// Ids in `DistributionTo`: unit ids of the register, or "-1" for everyone.
pub const DISTRIBUTE_TO_ALL: &str = "-1";
pub const MAX_TARGETS: usize = 5_000;

/// What an operator or an import gives for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubItemInput {
    #[serde(default)]
    pub ref_id: Option<i64>,
    #[serde(rename = "type")]
    pub item_type: HubItemType,
    pub title: String,
    #[serde(default)]
    pub sapo: String,
    /// HTML, stored as given; sanitised wherever ketnoi renders it.
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub avatar: String,
    /// A JSON text, as in the seed (`"{}"`).
    #[serde(default = "empty_json_object")]
    pub attachments: String,
    /// Unit ids this item is for; empty means everyone.
    #[serde(default)]
    pub distribution_to: Vec<String>,
    #[serde(default)]
    pub original_url: String,
    #[serde(default)]
    pub published_by: String,
    /// Local time in Viet Nam, as the seed writes it (`2024-07-29T15:55:24`).
    #[serde(default)]
    pub published_date: Option<NaiveDateTime>,
    #[serde(default)]
    pub site_id: Option<i64>,
    #[serde(default)]
    pub source: String,
}

fn empty_json_object() -> String {
    "{}".to_string()
}

impl HubItemInput {
    /// An item with only a type and a title; every other field empty.
    pub fn new(item_type: HubItemType, title: impl Into<String>) -> HubItemInput {
        HubItemInput {
            ref_id: None,
            item_type,
            title: title.into(),
            sapo: String::new(),
            content: String::new(),
            avatar: String::new(),
            attachments: empty_json_object(),
            distribution_to: Vec::new(),
            original_url: String::new(),
            published_by: String::new(),
            published_date: None,
            site_id: None,
            source: String::new(),
        }
    }

    pub fn validate(mut self) -> Result<HubItemInput, DomainError> {
        let mut c = Checker::default();
        c.text("Title", &self.title, true, 1_000);
        c.text("Sapo", &self.sapo, false, 10_000);
        if self.content.len() > 5 * 1024 * 1024 {
            c.fail("Content", "nội dung lớn quá 5 MiB");
        }
        if self.content.contains('\0') {
            c.fail("Content", "chứa ký tự NUL");
        }
        c.text("PublishedBy", &self.published_by, false, 200);
        c.text("Source", &self.source, false, 500);
        for (field, value) in [("Avatar", &self.avatar), ("OriginalUrl", &self.original_url)] {
            if !value.is_empty() && crate::site_url::parse_http_url(field, value).is_err() {
                c.fail(field, format!("«{}» không phải địa chỉ http(s) đầy đủ", truncate(value)));
            }
        }
        if self.attachments.trim().is_empty() {
            self.attachments = empty_json_object();
        } else if self.attachments.len() > 1024 * 1024 {
            c.fail("Attachments", "lớn quá 1 MiB");
        } else if serde_json_is_invalid(&self.attachments) {
            c.fail("Attachments", "phải là một chuỗi JSON hợp lệ");
        }
        if self.distribution_to.len() > MAX_TARGETS {
            c.fail("DistributionTo", format!("nhiều hơn {MAX_TARGETS} đơn vị"));
        }
        for t in &self.distribution_to {
            if !is_target_id(t) {
                c.fail("DistributionTo", format!("mã đơn vị «{}» không hợp lệ", truncate(t)));
            }
        }
        c.finish()?;
        self.title = crate::text::nfc(self.title.trim());
        self.sapo = crate::text::nfc(self.sapo.trim());
        self.content = crate::text::nfc(&self.content);
        let mut targets: Vec<String> = self.distribution_to.iter().map(|t| t.trim().to_string()).collect();
        targets.sort();
        targets.dedup();
        if targets.iter().any(|t| t == DISTRIBUTE_TO_ALL) {
            targets.clear();
        }
        self.distribution_to = targets;
        Ok(self)
    }
}

/// A distribution id: a unit id of the register (`38`, `bo-tai-chinh`, `380@2025-06-30`) or `-1`.
pub fn is_target_id(s: &str) -> bool {
    let s = s.trim();
    s == DISTRIBUTE_TO_ALL
        || (!s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c)))
}

fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

/// The domain crate has no JSON parser; a cheap structural check keeps
/// obviously broken attachment texts out (the hub crate re-checks with serde).
fn serde_json_is_invalid(s: &str) -> bool {
    let t = s.trim();
    !((t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']')) || t.starts_with('"'))
}

/// A stored item. `version` counts writes to this item; `seq` orders every
/// write to any item, in commit order, for incremental sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubItem {
    pub id: i64,
    #[serde(flatten)]
    pub input: HubItemInput,
    pub state: HubState,
    pub version: i64,
    pub seq: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl HubItem {
    /// Whether a portal asking for `targets` (empty = everyone) may show it.
    pub fn is_for(&self, targets: &[String]) -> bool {
        targets.is_empty()
            || self.input.distribution_to.is_empty()
            || self.input.distribution_to.iter().any(|t| targets.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> HubItemInput {
        HubItemInput {
            ref_id: Some(123456),
            item_type: HubItemType::News,
            title: " Tiêu đề 1 ".into(),
            sapo: "Mô tả 1".into(),
            content: "<p>Nội dung 1</p>".into(),
            avatar: "http://avatar.example/a.png".into(),
            attachments: "{}".into(),
            distribution_to: vec!["3".into(), "1".into(), "2".into(), "1".into()],
            original_url: "http://link-goc.example/123456.htm".into(),
            published_by: "username".into(),
            published_date: Some("2024-07-29T15:55:24".parse().unwrap()),
            site_id: Some(102),
            source: "Nguồn".into(),
        }
    }

    #[test]
    fn validation_trims_sorts_and_dedups_targets() {
        let v = item().validate().unwrap();
        assert_eq!(v.title, "Tiêu đề 1");
        assert_eq!(v.distribution_to, vec!["1", "2", "3"]);
        let all = HubItemInput { distribution_to: vec!["38".into(), "-1".into()], ..item() };
        assert!(all.validate().unwrap().distribution_to.is_empty(), "-1 means everyone");
    }

    #[test]
    fn hostile_fields_are_refused() {
        let bad = HubItemInput {
            title: "".into(),
            avatar: "javascript:alert(1)".into(),
            attachments: "not json".into(),
            distribution_to: vec!["38; DROP TABLE".into()],
            ..item()
        };
        let fields: Vec<_> = bad.validate().unwrap_err().fields().iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["Title", "Avatar", "Attachments", "DistributionTo"]);
    }

    #[test]
    fn types_round_trip_through_their_codes() {
        for t in HubItemType::ALL {
            assert_eq!(HubItemType::from_code(t.code()), Some(t));
        }
        assert_eq!(HubItemType::from_code(0), None);
        assert_eq!(serde_json::to_string(&HubItemType::Document).unwrap(), "3");
    }

    #[test]
    fn targeting() {
        let stored = |targets: Vec<&str>| HubItem {
            id: 1,
            input: HubItemInput { distribution_to: targets.into_iter().map(String::from).collect(), ..item() },
            state: HubState::Published,
            version: 1,
            seq: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        assert!(stored(vec![]).is_for(&["38".into()]));
        assert!(stored(vec!["38"]).is_for(&["38".into(), "75".into()]));
        assert!(!stored(vec!["38"]).is_for(&["75".into()]));
        assert!(stored(vec!["38"]).is_for(&[]));
    }
}
