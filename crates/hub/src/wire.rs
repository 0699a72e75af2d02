//! The Annex II wire format, exactly: the envelope
//! `{"Data", "LastUpdated", "Message", "Status"}`, items with the seed's
//! PascalCase field names and types, list data `{"Total", "Item"}`.
//! Fields are declared in the seed's (alphabetical) order so the JSON reads
//! the same as the examples in the letter.

use chrono::{DateTime, NaiveDateTime, Utc};
use ketnoi_domain::{HubItem, HubState};
use serde::{Deserialize, Serialize};

use crate::time::to_vn;

/// `LastUpdated` as in the seed's examples: `05/08/2024 17:55:56`, Viet Nam time.
pub const LAST_UPDATED_FORMAT: &str = "%d/%m/%Y %H:%M:%S";
/// `PublishedDate` as in the seed: `2024-07-29T15:55:24`, Viet Nam time, no zone.
pub const PUBLISHED_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// One item. Strings are never null (empty instead) and numbers never null
/// (0 instead), so strictly typed clients (C#, Java) deserialise every item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireItem {
    #[serde(rename = "Attachments")]
    pub attachments: String,
    #[serde(rename = "Avatar")]
    pub avatar: String,
    #[serde(rename = "Content")]
    pub content: String,
    #[serde(rename = "DistributionTo")]
    pub distribution_to: Vec<String>,
    #[serde(rename = "Id")]
    pub id: i64,
    #[serde(rename = "OriginalUrl")]
    pub original_url: String,
    #[serde(rename = "PublishedBy")]
    pub published_by: String,
    #[serde(rename = "PublishedDate")]
    pub published_date: String,
    #[serde(rename = "RefId")]
    pub ref_id: i64,
    #[serde(rename = "Sapo")]
    pub sapo: String,
    #[serde(rename = "SiteId")]
    pub site_id: i64,
    #[serde(rename = "Source")]
    pub source: String,
    /// 1 = published (the only status the Annex II endpoints serve).
    #[serde(rename = "Status")]
    pub status: i64,
    #[serde(rename = "Title")]
    pub title: String,
    #[serde(rename = "Type")]
    pub item_type: i64,
}

/// `Status` codes: published 1, draft 0, withdrawn 2 (what `hub import` reads too).
pub fn status_code(state: HubState) -> i64 {
    match state {
        HubState::Draft => 0,
        HubState::Published => 1,
        HubState::Withdrawn => 2,
    }
}

pub fn state_from_code(code: i64) -> Option<HubState> {
    match code {
        0 => Some(HubState::Draft),
        1 => Some(HubState::Published),
        2 => Some(HubState::Withdrawn),
        _ => None,
    }
}

/// When an item has no publication date, its last write stands in.
pub fn published_at(item: &HubItem) -> NaiveDateTime {
    item.input.published_date.unwrap_or_else(|| to_vn(item.updated_at))
}

impl From<&HubItem> for WireItem {
    fn from(item: &HubItem) -> WireItem {
        let i = &item.input;
        WireItem {
            attachments: i.attachments.clone(),
            avatar: i.avatar.clone(),
            content: i.content.clone(),
            distribution_to: i.distribution_to.clone(),
            id: item.id,
            original_url: i.original_url.clone(),
            published_by: i.published_by.clone(),
            published_date: published_at(item).format(PUBLISHED_FORMAT).to_string(),
            ref_id: i.ref_id.unwrap_or(0),
            sapo: i.sapo.clone(),
            site_id: i.site_id.unwrap_or(0),
            source: i.source.clone(),
            status: status_code(item.state),
            title: i.title.clone(),
            item_type: i.item_type.code(),
        }
    }
}

/// List data of the distribution endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireList {
    #[serde(rename = "Total")]
    pub total: i64,
    #[serde(rename = "Item")]
    pub item: Vec<WireItem>,
}

/// The envelope of every Annex II answer, success or failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    #[serde(rename = "Data")]
    pub data: Option<T>,
    #[serde(rename = "LastUpdated")]
    pub last_updated: String,
    #[serde(rename = "Message")]
    pub message: String,
    #[serde(rename = "Status")]
    pub status: bool,
}

pub fn last_updated(t: DateTime<Utc>) -> String {
    to_vn(t).format(LAST_UPDATED_FORMAT).to_string()
}

impl<T> Envelope<T> {
    /// A success; `LastUpdated` is when the data served last changed.
    pub fn ok(data: T, changed: DateTime<Utc>) -> Self {
        Envelope { data: Some(data), last_updated: last_updated(changed), message: "Ok".into(), status: true }
    }

    pub fn failure(message: impl Into<String>, now: DateTime<Utc>) -> Self {
        Envelope { data: None, last_updated: last_updated(now), message: message.into(), status: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ketnoi_domain::{HubItemInput, HubItemType};

    #[test]
    fn an_item_serialises_like_the_seed_example() {
        let item = HubItem {
            id: 1,
            input: HubItemInput {
                ref_id: Some(123456),
                item_type: HubItemType::News,
                title: "Tiêu đề 1".into(),
                sapo: "Mô tả 1".into(),
                content: "Nội dung 1".into(),
                avatar: "http://avatar.png".into(),
                attachments: "{}".into(),
                distribution_to: vec!["1".into(), "2".into(), "3".into()],
                original_url: "http://link_goc-123456.htm".into(),
                published_by: "username".into(),
                published_date: Some("2024-07-29T15:55:24".parse().unwrap()),
                site_id: Some(102),
                source: "Nguồn".into(),
            },
            state: HubState::Published,
            version: 1,
            seq: 1,
            created_at: Utc::now(),
            updated_at: "2024-08-05T10:55:56Z".parse().unwrap(),
        };
        let envelope = Envelope::ok(WireItem::from(&item), item.updated_at);
        let json = serde_json::to_string(&envelope).unwrap();
        assert_eq!(
            json,
            r#"{"Data":{"Attachments":"{}","Avatar":"http://avatar.png","Content":"Nội dung 1","DistributionTo":["1","2","3"],"Id":1,"OriginalUrl":"http://link_goc-123456.htm","PublishedBy":"username","PublishedDate":"2024-07-29T15:55:24","RefId":123456,"Sapo":"Mô tả 1","SiteId":102,"Source":"Nguồn","Status":1,"Title":"Tiêu đề 1","Type":1},"LastUpdated":"05/08/2024 17:55:56","Message":"Ok","Status":true}"#
        );
    }

    #[test]
    fn failures_have_null_data_and_false_status() {
        let e: Envelope<WireItem> = Envelope::failure("Thiếu secret_key", "2024-08-05T10:55:56Z".parse().unwrap());
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"Data":null,"LastUpdated":"05/08/2024 17:55:56","Message":"Thiếu secret_key","Status":false}"#
        );
    }
}
