//! RSS 2.0, Atom 1.0 and JSON Feed 1.1 for any filter of published items.
//! Content is HTML from the hub: it is sanitised here, because a feed reader
//! renders it; the API serves it as stored.

use chrono::{DateTime, Utc};
use ketnoi_domain::HubItem;
use serde_json::json;

use crate::time::{from_vn, vn_offset};
use crate::wire::published_at;

pub struct FeedMeta {
    pub title: String,
    /// The feed's own URL.
    pub self_url: String,
    /// Where a person would go: the server's base URL.
    pub home_url: String,
    pub updated: DateTime<Utc>,
}

/// Removes scripts, event handlers, `javascript:` URLs and unknown tags.
pub fn sanitise_html(html: &str) -> String {
    ammonia::Builder::default().link_rel(Some("noopener noreferrer")).clean(html).to_string()
}

pub fn item_link(item: &HubItem, home_url: &str) -> String {
    if item.input.original_url.is_empty() {
        format!("{}/api/v1/hub/items/{}", home_url.trim_end_matches('/'), item.id)
    } else {
        item.input.original_url.clone()
    }
}

fn published_utc(item: &HubItem) -> DateTime<Utc> {
    from_vn(published_at(item))
}

/// Text for XML element content and attribute values.
pub use ketnoi_domain::text::escape_markup as xml_escape;

pub fn rss(meta: &FeedMeta, items: &[HubItem]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n");
    out.push_str(&format!("<title>{}</title>\n", xml_escape(&meta.title)));
    out.push_str(&format!("<link>{}</link>\n", xml_escape(&meta.home_url)));
    out.push_str(&format!("<description>{}</description>\n", xml_escape(&meta.title)));
    out.push_str("<language>vi</language>\n");
    out.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&meta.self_url)
    ));
    out.push_str(&format!(
        "<lastBuildDate>{}</lastBuildDate>\n",
        meta.updated.with_timezone(&vn_offset()).to_rfc2822()
    ));
    for item in items {
        let link = item_link(item, &meta.home_url);
        out.push_str("<item>\n");
        out.push_str(&format!("<title>{}</title>\n", xml_escape(&item.input.title)));
        out.push_str(&format!("<link>{}</link>\n", xml_escape(&link)));
        out.push_str(&format!("<guid isPermaLink=\"false\">ketnoi-hub-{}</guid>\n", item.id));
        out.push_str(&format!("<pubDate>{}</pubDate>\n", published_utc(item).with_timezone(&vn_offset()).to_rfc2822()));
        out.push_str(&format!("<category>{}</category>\n", xml_escape(item.input.item_type.label_vi())));
        out.push_str(&format!("<description>{}</description>\n", xml_escape(&item.input.sapo)));
        out.push_str(&format!(
            "<content:encoded>{}</content:encoded>\n",
            xml_escape(&sanitise_html(&item.input.content))
        ));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

pub fn atom(meta: &FeedMeta, items: &[HubItem]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    out.push_str(&format!("<title>{}</title>\n", xml_escape(&meta.title)));
    out.push_str(&format!("<id>{}</id>\n", xml_escape(&meta.self_url)));
    out.push_str(&format!("<link rel=\"self\" href=\"{}\"/>\n", xml_escape(&meta.self_url)));
    out.push_str(&format!("<link rel=\"alternate\" href=\"{}\"/>\n", xml_escape(&meta.home_url)));
    out.push_str(&format!("<updated>{}</updated>\n", meta.updated.to_rfc3339()));
    out.push_str("<author><name>ketnoi</name></author>\n");
    for item in items {
        let link = item_link(item, &meta.home_url);
        out.push_str("<entry>\n");
        out.push_str(&format!("<title>{}</title>\n", xml_escape(&item.input.title)));
        out.push_str(&format!("<id>urn:ketnoi:hub:{}</id>\n", item.id));
        out.push_str(&format!("<link href=\"{}\"/>\n", xml_escape(&link)));
        out.push_str(&format!("<published>{}</published>\n", published_utc(item).to_rfc3339()));
        out.push_str(&format!("<updated>{}</updated>\n", item.updated_at.to_rfc3339()));
        out.push_str(&format!("<summary>{}</summary>\n", xml_escape(&item.input.sapo)));
        out.push_str(&format!(
            "<content type=\"html\">{}</content>\n",
            xml_escape(&sanitise_html(&item.input.content))
        ));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn json_feed(meta: &FeedMeta, items: &[HubItem]) -> String {
    let items: Vec<_> = items
        .iter()
        .map(|item| {
            json!({
                "id": format!("ketnoi-hub-{}", item.id),
                "url": item_link(item, &meta.home_url),
                "title": item.input.title,
                "summary": item.input.sapo,
                "content_html": sanitise_html(&item.input.content),
                "image": (!item.input.avatar.is_empty()).then_some(&item.input.avatar),
                "date_published": published_utc(item).to_rfc3339(),
                "date_modified": item.updated_at.to_rfc3339(),
                "tags": [item.input.item_type.label_vi()],
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_url,
        "language": "vi",
        "items": items,
    });
    serde_json::to_string_pretty(&feed).expect("a JSON value serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ketnoi_domain::{HubItemInput, HubItemType, HubState};

    fn item() -> HubItem {
        HubItem {
            id: 7,
            input: HubItemInput {
                ref_id: None,
                item_type: HubItemType::News,
                title: "Thủ tướng chỉ đạo <khẩn> & \"ngay\"".into(),
                sapo: "Tóm tắt".into(),
                content:
                    "<p onclick=\"x()\">Nội dung</p><script>alert(1)</script><a href=\"javascript:alert(2)\">a</a>"
                        .into(),
                avatar: String::new(),
                attachments: "{}".into(),
                distribution_to: vec![],
                original_url: String::new(),
                published_by: String::new(),
                published_date: Some("2024-07-29T15:55:24".parse().unwrap()),
                site_id: None,
                source: String::new(),
            },
            state: HubState::Published,
            version: 1,
            seq: 1,
            created_at: Utc::now(),
            updated_at: "2024-07-29T09:00:00Z".parse().unwrap(),
        }
    }

    fn meta() -> FeedMeta {
        FeedMeta {
            title: "Thông tin chỉ đạo, điều hành".into(),
            self_url: "http://h/api/v1/hub/feed.rss?type=1".into(),
            home_url: "http://h".into(),
            updated: "2024-07-29T09:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn feeds_escape_text_and_sanitise_content() {
        for body in [rss(&meta(), &[item()]), atom(&meta(), &[item()]), json_feed(&meta(), &[item()])] {
            assert!(!body.contains("<script"), "{body}");
            assert!(!body.contains("javascript:"), "{body}");
            assert!(!body.contains("onclick"), "{body}");
        }
        for xml in [rss(&meta(), &[item()]), atom(&meta(), &[item()])] {
            assert!(!xml.contains("<khẩn>") && xml.contains("&lt;khẩn&gt; &amp;"), "titles are escaped: {xml}");
        }
        let r = rss(&meta(), &[item()]);
        assert!(r.contains("<pubDate>Mon, 29 Jul 2024 15:55:24 +0700</pubDate>"), "{r}");
        assert!(r.contains("<link>http://h/api/v1/hub/items/7</link>"));
        let feed: serde_json::Value = serde_json::from_str(&json_feed(&meta(), &[item()])).unwrap();
        assert_eq!(feed["items"][0]["date_published"], "2024-07-29T08:55:24+00:00");
    }

    #[test]
    fn control_characters_never_reach_xml() {
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\td"), "abc\td");
    }
}
