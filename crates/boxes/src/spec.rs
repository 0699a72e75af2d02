//! What a box shows and how it looks (Annex II steps 2 and 3), and the rules
//! a box must pass before it is saved or previewed. A box that passes can be
//! rendered without further checks: colours are colours, sizes are bounded
//! and text is plain text (escaped when rendered).

use ketnoi_domain::HubItemType;
use ketnoi_domain::hub::is_target_id;
use serde::{Deserialize, Serialize};

use crate::color::{Color, MIN_CONTRAST};

/// Step 2.1: the kind of information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// News and video combined (both, or only one of them).
    Media,
    Documents,
}

/// Step 2.2: which items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criteria {
    /// The newest `count` items (at most 20).
    Latest,
    /// Every item, `count` per page, paged inside the box.
    Paged,
    /// Only the items listed in `picked`.
    Picked,
}

/// Step 3.3: the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    NewsList,
    NewsGrid,
    VideoPlaylist,
    DocumentTable,
}

impl Template {
    pub const ALL: [Template; 4] =
        [Template::NewsList, Template::NewsGrid, Template::VideoPlaylist, Template::DocumentTable];

    pub fn as_str(self) -> &'static str {
        match self {
            Template::NewsList => "news_list",
            Template::NewsGrid => "news_grid",
            Template::VideoPlaylist => "video_playlist",
            Template::DocumentTable => "document_table",
        }
    }

    pub fn parse(s: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// (Vietnamese, English) names shown in the builder.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Template::NewsList => ("Danh sách tin", "News list"),
            Template::NewsGrid => ("Lưới tin có ảnh", "News grid with images"),
            Template::VideoPlaylist => ("Danh sách phát video", "Video playlist"),
            Template::DocumentTable => ("Bảng văn bản", "Document table"),
        }
    }

    /// The kind of information this layout is made for.
    pub fn content(self) -> Content {
        match self {
            Template::DocumentTable => Content::Documents,
            _ => Content::Media,
        }
    }
}

/// A box. Serialised as JSON in the store and in the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoxSpec {
    pub title: String,
    pub content: Content,
    /// With [`Content::Media`]: show news items.
    pub news: bool,
    /// With [`Content::Media`]: show video items.
    pub video: bool,
    pub criteria: Criteria,
    /// With [`Criteria::Picked`]: the hub item ids.
    pub picked: Vec<i64>,
    /// Distribution units (the register's unit ids); empty: every item.
    pub targets: Vec<String>,
    /// Only items of this source (e.g. "Cổng TTĐT Chính phủ"); empty: any.
    pub source: String,
    /// Show the national emblem (Quốc huy) beside the title.
    pub emblem: bool,
    pub header_background: Color,
    pub header_text: Color,
    pub background: Color,
    pub text: Color,
    /// Width in pixels; `None`: the full width of the place it is put in.
    pub width: Option<u32>,
    /// The height reserved on the host page and the most the box grows to, in pixels.
    pub height: u32,
    pub template: Template,
    /// Items shown (latest) or per page (paged), 1–20.
    pub count: u32,
}

impl Default for BoxSpec {
    fn default() -> BoxSpec {
        BoxSpec {
            title: "Thông tin chỉ đạo, điều hành".into(),
            content: Content::Media,
            news: true,
            video: true,
            criteria: Criteria::Latest,
            picked: Vec::new(),
            targets: Vec::new(),
            source: String::new(),
            emblem: true,
            // The portal's red header with white text (7.1:1), dark text on white (12.6:1).
            header_background: Color([0xb2, 0x1f, 0x1f]),
            header_text: Color([0xff, 0xff, 0xff]),
            background: Color([0xff, 0xff, 0xff]),
            text: Color([0x22, 0x22, 0x22]),
            width: None,
            height: 480,
            template: Template::NewsList,
            count: 10,
        }
    }
}

/// One rule a box broke, said for the builder in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecError {
    pub field: &'static str,
    pub vi: String,
    pub en: String,
}

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_PICKED: usize = 50;
pub const MAX_TARGETS: usize = 100;
pub const MAX_COUNT: u32 = 20;
pub const WIDTH_RANGE: (u32, u32) = (200, 1600);
pub const HEIGHT_RANGE: (u32, u32) = (120, 3000);

impl BoxSpec {
    /// Checks every rule at once (so the builder shows all problems) and
    /// returns the box tidied up: title trimmed and NFC, lists deduplicated.
    pub fn validate(mut self) -> Result<BoxSpec, Vec<SpecError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &'static str, vi: String, en: String| errors.push(SpecError { field, vi, en });

        self.title = ketnoi_domain::text::nfc(self.title.trim());
        let title_chars = self.title.chars().count();
        if title_chars == 0 {
            fail("title", "Tiêu đề không được để trống.".into(), "The title must not be empty.".into());
        } else if title_chars > MAX_TITLE_CHARS {
            fail(
                "title",
                format!("Tiêu đề dài quá {MAX_TITLE_CHARS} ký tự."),
                format!("The title is longer than {MAX_TITLE_CHARS} characters."),
            );
        }
        if self.title.chars().any(char::is_control) {
            fail("title", "Tiêu đề chứa ký tự điều khiển.".into(), "The title contains control characters.".into());
        }
        self.source = ketnoi_domain::text::nfc(self.source.trim());
        if self.source.chars().count() > 200 || self.source.chars().any(char::is_control) {
            fail("source", "Nguồn tin không hợp lệ.".into(), "The source filter is not valid.".into());
        }

        if self.template.content() != self.content {
            fail(
                "template",
                "Mẫu giao diện này không dùng được cho loại thông tin đã chọn.".into(),
                "This layout is not made for the chosen kind of information.".into(),
            );
        }
        if self.content == Content::Media && !self.news && !self.video {
            fail("news", "Chọn tin tức, video hoặc cả hai.".into(), "Choose news, video or both.".into());
        }
        if self.template == Template::VideoPlaylist && !self.video {
            fail(
                "video",
                "Mẫu danh sách phát video cần chọn loại video.".into(),
                "The video playlist layout needs video items.".into(),
            );
        }

        self.picked.sort_unstable();
        self.picked.dedup();
        match self.criteria {
            Criteria::Picked if self.picked.is_empty() => fail(
                "picked",
                "Chọn ít nhất một tin cho box chọn thủ công.".into(),
                "Pick at least one item for a hand-picked box.".into(),
            ),
            Criteria::Picked if self.picked.len() > MAX_PICKED => fail(
                "picked",
                format!("Chỉ chọn được tối đa {MAX_PICKED} tin."),
                format!("At most {MAX_PICKED} items can be picked."),
            ),
            Criteria::Picked => {}
            _ => self.picked.clear(),
        }
        if self.picked.iter().any(|id| *id <= 0) {
            fail("picked", "Mã tin phải là số dương.".into(), "Item ids are positive numbers.".into());
        }

        self.targets = self.targets.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        self.targets.sort();
        self.targets.dedup();
        if self.targets.iter().any(|t| t == "-1") {
            self.targets.clear();
        }
        if self.targets.len() > MAX_TARGETS || self.targets.iter().any(|t| !is_target_id(t)) {
            fail(
                "targets",
                "Đơn vị phân phối phải là mã đơn vị trong danh bạ (tối đa 100).".into(),
                "Distribution units must be unit ids of the register (at most 100).".into(),
            );
        }

        if !(1..=MAX_COUNT).contains(&self.count) {
            fail(
                "count",
                format!("Số tin mỗi trang phải từ 1 đến {MAX_COUNT}."),
                format!("Items per page must be from 1 to {MAX_COUNT}."),
            );
        }
        if let Some(w) = self.width
            && !(WIDTH_RANGE.0..=WIDTH_RANGE.1).contains(&w)
        {
            fail(
                "width",
                format!("Chiều rộng phải từ {} đến {} px (hoặc để trống: 100%).", WIDTH_RANGE.0, WIDTH_RANGE.1),
                format!("Width must be {}–{} px (or empty: 100%).", WIDTH_RANGE.0, WIDTH_RANGE.1),
            );
        }
        if !(HEIGHT_RANGE.0..=HEIGHT_RANGE.1).contains(&self.height) {
            fail(
                "height",
                format!("Chiều cao phải từ {} đến {} px.", HEIGHT_RANGE.0, HEIGHT_RANGE.1),
                format!("Height must be {}–{} px.", HEIGHT_RANGE.0, HEIGHT_RANGE.1),
            );
        }

        for (field, fg, bg, vi, en) in [
            (
                "header_text",
                self.header_text,
                self.header_background,
                "chữ tiêu đề trên nền tiêu đề",
                "header text on the header background",
            ),
            ("text", self.text, self.background, "chữ trên nền box", "text on the box background"),
        ] {
            let ratio = fg.contrast(bg);
            if ratio < MIN_CONTRAST {
                fail(
                    field,
                    format!(
                        "Độ tương phản {vi} ({fg} / {bg}) là {ratio:.2}:1, thấp hơn mức tối thiểu 4.5:1 (WCAG 2.1, tiêu chí 1.4.3): \
                         người nhìn kém sẽ khó đọc. Hãy chọn màu chữ đậm hơn hoặc màu nền nhạt hơn."
                    ),
                    format!(
                        "The contrast of {en} ({fg} / {bg}) is {ratio:.2}:1, below the 4.5:1 minimum (WCAG 2.1, 1.4.3): \
                         people with low vision could not read it. Choose a darker text or a lighter background."
                    ),
                );
            }
        }
        if errors.is_empty() { Ok(self) } else { Err(errors) }
    }

    /// The hub item types this box shows.
    pub fn item_types(&self) -> Vec<HubItemType> {
        match (self.content, self.template) {
            (Content::Documents, _) => vec![HubItemType::Document],
            (Content::Media, Template::VideoPlaylist) => vec![HubItemType::Video],
            (Content::Media, _) => {
                let mut types = Vec::new();
                if self.news {
                    types.push(HubItemType::News);
                }
                if self.video {
                    types.push(HubItemType::Video);
                }
                types
            }
        }
    }

    /// Reads a box from form fields (the builder's form, the preview's query
    /// string). Unknown fields are ignored; a malformed value is an error of
    /// its field. Checkboxes: present = on.
    pub fn from_form(pairs: &[(String, String)]) -> Result<BoxSpec, Vec<SpecError>> {
        let (spec, errors) = BoxSpec::read_form(pairs);
        if !errors.is_empty() {
            return Err(errors);
        }
        spec.validate()
    }

    /// The form's values as far as they parse, with every problem: what the
    /// builder shows again after a refused save, so nothing typed is lost.
    pub fn from_form_lenient(pairs: &[(String, String)]) -> (BoxSpec, Vec<SpecError>) {
        let (spec, mut errors) = BoxSpec::read_form(pairs);
        if let Err(more) = spec.clone().validate() {
            errors.extend(more);
        }
        (spec, errors)
    }

    fn read_form(pairs: &[(String, String)]) -> (BoxSpec, Vec<SpecError>) {
        let get = |name: &str| form_value(pairs, name);
        let has = |name: &str| get(name).is_some_and(|v| v != "0" && v != "false" && v != "off");
        let mut errors = Vec::new();
        let mut spec = BoxSpec { emblem: has("emblem"), news: has("news"), video: has("video"), ..BoxSpec::default() };
        if let Some(t) = get("title") {
            spec.title = t.to_string();
        }
        if let Some(s) = get("source") {
            spec.source = s.to_string();
        }
        match get("content") {
            None | Some("media") => spec.content = Content::Media,
            Some("documents") => spec.content = Content::Documents,
            Some(_) => errors.push(bad("content", "Loại thông tin", "Kind of information")),
        }
        match get("criteria") {
            None | Some("latest") => spec.criteria = Criteria::Latest,
            Some("paged") => spec.criteria = Criteria::Paged,
            Some("picked") => spec.criteria = Criteria::Picked,
            Some(_) => errors.push(bad("criteria", "Tiêu chí lấy dữ liệu", "Criteria")),
        }
        match get("template").map(Template::parse) {
            None => {}
            Some(Some(t)) => spec.template = t,
            Some(None) => errors.push(bad("template", "Mẫu giao diện", "Layout")),
        }
        let list = |v: Option<&str>| -> Vec<String> {
            v.unwrap_or("")
                .split([',', ';', ' ', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        spec.targets = list(get("targets"));
        let picked: Vec<String> =
            pairs.iter().filter(|(k, _)| k == "picked").flat_map(|(_, v)| list(Some(v))).collect();
        match picked.iter().map(|s| s.parse::<i64>()).collect::<Result<Vec<_>, _>>() {
            Ok(ids) => spec.picked = ids,
            Err(_) => errors.push(bad("picked", "Tin chọn thủ công", "Picked items")),
        }
        for (field, slot, vi, en) in [
            ("header_background", &mut spec.header_background, "Màu nền tiêu đề", "Header background"),
            ("header_text", &mut spec.header_text, "Màu chữ tiêu đề", "Header text colour"),
            ("background", &mut spec.background, "Màu nền", "Background"),
            ("text", &mut spec.text, "Màu chữ", "Text colour"),
        ] {
            if let Some(v) = get(field) {
                match Color::parse(v) {
                    Some(c) => *slot = c,
                    None => errors.push(SpecError {
                        field,
                        vi: format!("{vi}: chỉ nhận mã màu dạng #RRGGBB."),
                        en: format!("{en}: only #RRGGBB colours are accepted."),
                    }),
                }
            }
        }
        let number =
            |field: &'static str, v: &str| v.trim().parse::<u32>().map_err(|_| bad(field, "Giá trị số", "Number"));
        match get("width").map(str::trim) {
            None | Some("") | Some("100%") => spec.width = None,
            Some(w) => match number("width", w.trim_end_matches("px")) {
                Ok(w) => spec.width = Some(w),
                Err(e) => errors.push(e),
            },
        }
        for (field, slot) in [("height", &mut spec.height), ("count", &mut spec.count)] {
            if let Some(v) = get(field) {
                match number(field, v.trim_end_matches("px")) {
                    Ok(n) => *slot = n,
                    Err(e) => errors.push(e),
                }
            }
        }
        (spec, errors)
    }

    /// The box as form fields: what [`BoxSpec::from_form`] reads back.
    pub fn to_form(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("title", self.title.clone()),
            ("content", if self.content == Content::Media { "media" } else { "documents" }.to_string()),
            (
                "criteria",
                match self.criteria {
                    Criteria::Latest => "latest",
                    Criteria::Paged => "paged",
                    Criteria::Picked => "picked",
                }
                .to_string(),
            ),
            ("template", self.template.as_str().to_string()),
            ("header_background", self.header_background.to_string()),
            ("header_text", self.header_text.to_string()),
            ("background", self.background.to_string()),
            ("text", self.text.to_string()),
            ("width", self.width.map(|w| w.to_string()).unwrap_or_default()),
            ("height", self.height.to_string()),
            ("count", self.count.to_string()),
        ];
        for (name, on) in [("news", self.news), ("video", self.video), ("emblem", self.emblem)] {
            if on {
                out.push((name, "on".into()));
            }
        }
        if !self.targets.is_empty() {
            out.push(("targets", self.targets.join(",")));
        }
        if !self.source.is_empty() {
            out.push(("source", self.source.clone()));
        }
        if !self.picked.is_empty() {
            out.push(("picked", self.picked.iter().map(i64::to_string).collect::<Vec<_>>().join(",")));
        }
        out
    }
}

/// The value of form field `name`; the last one wins, as a repeated field overrides.
pub fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn bad(field: &'static str, vi: &str, en: &str) -> SpecError {
    SpecError { field, vi: format!("{vi}: giá trị không hợp lệ."), en: format!("{en}: invalid value.") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_default_box_is_valid_and_survives_the_form() {
        let spec = BoxSpec::default().validate().unwrap();
        let pairs: Vec<(String, String)> = spec.to_form().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(BoxSpec::from_form(&pairs).unwrap(), spec);
    }

    #[test]
    fn low_contrast_is_refused_with_the_ratio_and_a_way_out() {
        let spec = BoxSpec { text: Color::parse("#999999").unwrap(), ..BoxSpec::default() };
        let errors = spec.validate().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "text");
        assert!(errors[0].vi.contains("2.85:1") && errors[0].vi.contains("4.5:1"), "{}", errors[0].vi);
        assert!(errors[0].en.contains("darker text"));
    }

    #[test]
    fn hostile_colours_and_sizes_are_rejected_field_by_field() {
        let errors = BoxSpec::from_form(&form(&[
            ("header_background", "red;} body { background: url(javascript:alert(1)) }"),
            ("text", "url(javascript:alert(1))"),
            ("height", "9999999999999"),
            ("template", "<script>"),
        ]))
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["template", "header_background", "text", "height"]);
    }

    #[test]
    fn hostile_titles_are_kept_as_text_or_refused() {
        let spec = BoxSpec { title: "<script>alert(1)</script>".into(), ..BoxSpec::default() };
        assert_eq!(spec.validate().unwrap().title, "<script>alert(1)</script>", "escaped when rendered");
        let errors = BoxSpec { title: "a\u{0}b".into(), ..BoxSpec::default() }.validate().unwrap_err();
        assert_eq!(errors[0].field, "title");
        assert!(BoxSpec { title: "x".repeat(121), ..BoxSpec::default() }.validate().is_err());
        assert!(BoxSpec { title: "   ".into(), ..BoxSpec::default() }.validate().is_err());
    }

    #[test]
    fn layouts_must_fit_the_data() {
        let docs_in_a_grid =
            BoxSpec { content: Content::Documents, template: Template::NewsGrid, ..BoxSpec::default() };
        assert_eq!(docs_in_a_grid.validate().unwrap_err()[0].field, "template");
        let nothing = BoxSpec { news: false, video: false, ..BoxSpec::default() };
        assert_eq!(nothing.validate().unwrap_err()[0].field, "news");
        let playlist = BoxSpec { template: Template::VideoPlaylist, ..BoxSpec::default() };
        assert_eq!(playlist.item_types(), [HubItemType::Video]);
        let picked = BoxSpec { criteria: Criteria::Picked, ..BoxSpec::default() };
        assert_eq!(picked.validate().unwrap_err()[0].field, "picked");
    }

    #[test]
    fn lists_are_tidied_and_all_means_everyone() {
        let spec = BoxSpec::from_form(&form(&[
            ("criteria", "picked"),
            ("picked", "3, 1"),
            ("picked", "3"),
            ("targets", "38; 40,-1"),
            ("news", "on"),
        ]))
        .unwrap();
        assert_eq!(spec.picked, [1, 3]);
        assert!(spec.targets.is_empty());
        assert!(!spec.video && !spec.emblem);
    }

    #[test]
    fn a_refused_form_keeps_every_value_that_parsed() {
        let (spec, errors) = BoxSpec::from_form_lenient(&form(&[
            ("content", "documents"),
            ("template", "document_table"),
            ("title", "Văn bản"),
            ("text", "#aaaaaa"),
            ("height", "abc"),
        ]));
        assert_eq!(
            (spec.content, spec.template, spec.title.as_str()),
            (Content::Documents, Template::DocumentTable, "Văn bản")
        );
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["height", "text"]);
    }

    #[test]
    fn json_with_unknown_fields_or_bad_colours_does_not_parse() {
        assert!(serde_json::from_str::<BoxSpec>(r#"{"title":"x","onload":"alert(1)"}"#).is_err());
        assert!(serde_json::from_str::<BoxSpec>(r##"{"text":"expression(alert(1))"}"##).is_err());
        let spec: BoxSpec = serde_json::from_str(r##"{"title":"Tin","text":"#000"}"##).unwrap();
        assert_eq!(spec.text.to_string(), "#000000");
    }
}
