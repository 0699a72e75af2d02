//! What the templates take from a hub item beyond its text: a safe link, an
//! image, a playable video file, a document number. Items come from other
//! systems, so every URL is checked before it reaches an attribute.

use ketnoi_domain::HubItem;
use url::Url;

/// An absolute http(s) URL, or `None` (`javascript:`, `data:`, relative and
/// malformed addresses never reach a box).
pub fn safe_url(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Where an item's title links to: its original page.
pub fn item_link(item: &HubItem) -> Option<String> {
    safe_url(&item.input.original_url)
}

pub fn image(item: &HubItem) -> Option<String> {
    safe_url(&item.input.avatar)
}

const VIDEO_EXTENSIONS: [&str; 4] = [".mp4", ".webm", ".ogv", ".m3u8"];

fn is_video_file(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    VIDEO_EXTENSIONS.iter().any(|ext| path.ends_with(ext))
}

/// The video file a player can load: the first video URL among the item's
/// attachments (any string in its JSON), else a `src` in its content.
pub fn video_file(item: &HubItem) -> Option<String> {
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut candidates = Vec::new();
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(&item.input.attachments) {
        strings(&json, &mut candidates);
    }
    // `src="…"` in the content: enough for the players CMSs write.
    for part in item.input.content.split("src=").skip(1) {
        let quote = part.chars().next();
        if let Some(q @ ('"' | '\'')) = quote {
            candidates.extend(part[1..].split(q).next().map(String::from));
        }
    }
    candidates.into_iter().filter_map(|c| safe_url(&c)).find(|u| is_video_file(u))
}

/// A legal document's number ("12/2024/NĐ-CP"), found in its title or abstract.
pub fn document_number(item: &HubItem) -> Option<String> {
    ketnoi_extract::legal::find_document_number(&item.input.title)
        .or_else(|| ketnoi_extract::legal::find_document_number(&item.input.sapo))
}

/// The date shown for an item (`dd/mm/yyyy`): when it was published, else when it was written.
pub fn date(item: &HubItem) -> String {
    item.input
        .published_date
        .map(|d| d.date())
        .unwrap_or_else(|| item.updated_at.date_naive())
        .format("%d/%m/%Y")
        .to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_safe() {
        assert_eq!(safe_url(" https://baochinhphu.vn/a.htm ").as_deref(), Some("https://baochinhphu.vn/a.htm"));
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/relative", "", "vbscript:x"] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn video_files_come_from_attachments_or_content() {
        let mut item = test_item();
        item.input.attachments =
            r#"{"files":[{"url":"https://cdn.gov.vn/a.pdf"},{"url":"https://cdn.gov.vn/v/clip.MP4?x=1"}]}"#.into();
        assert_eq!(video_file(&item).as_deref(), Some("https://cdn.gov.vn/v/clip.MP4?x=1"));
        item.input.attachments = "{}".into();
        item.input.content = r#"<video><source src='https://cdn.gov.vn/b.webm'></video>"#.into();
        assert_eq!(video_file(&item).as_deref(), Some("https://cdn.gov.vn/b.webm"));
        item.input.content = r#"<video src="javascript:alert(1).mp4">"#.into();
        assert_eq!(video_file(&item), None);
    }

    pub(crate) fn test_item() -> HubItem {
        let at = chrono::DateTime::from_timestamp(1_735_689_600, 0).expect("a valid instant");
        HubItem {
            id: 1,
            input: ketnoi_domain::HubItemInput::new(ketnoi_domain::HubItemType::Video, "T"),
            state: ketnoi_domain::HubState::Published,
            version: 1,
            seq: 1,
            created_at: at,
            updated_at: at,
        }
    }
}
