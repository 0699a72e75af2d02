//! The box builder page ("tạo mẫu box", Annex II steps 2–4): one form that
//! works without script (preview and search are plain submissions), with a
//! live preview when script runs. Vietnamese by default, English on request.

use std::fmt::Write as _;

use ketnoi_domain::HubItem;

use crate::assets;
use crate::embed::{PublicUrls, embed_codes};
use crate::html::{esc, query_string};
use crate::media;
use crate::render::Paths;
use crate::spec::{BoxSpec, Content, Criteria, SpecError, Template};

/// A box that is saved: its id and, for whoever may edit it, the edit key.
pub struct Saved<'a> {
    pub id: i64,
    pub key: &'a str,
    pub version: i64,
}

pub struct BuilderView<'a> {
    pub en: bool,
    pub spec: &'a BoxSpec,
    pub errors: &'a [SpecError],
    pub saved: Option<Saved<'a>>,
    /// Items found for hand-picking.
    pub candidates: &'a [HubItem],
    pub pick_query: &'a str,
    pub urls: &'a PublicUrls,
    /// Shown at the top, e.g. "saved".
    pub notice: Option<(&'a str, &'a str)>,
}

/// The builder page's own CSP: scripts and styles from the static host only,
/// the preview from the box host.
pub fn builder_csp(urls: &PublicUrls) -> String {
    let statics = PublicUrls::origin(&urls.statics);
    let boxes = PublicUrls::origin(&urls.boxes);
    format!(
        "default-src 'self'; script-src {statics}; style-src {statics}; img-src {statics} data:; \
         frame-src {boxes}; form-action 'self' {boxes}; base-uri 'none'; frame-ancestors 'none'"
    )
}

pub fn builder_page(v: &BuilderView) -> String {
    let t = |vi: &'static str, en: &'static str| if v.en { en } else { vi };
    let spec = v.spec;
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"><script src=\"{js}\" defer></script></head>\
         <body><header class=\"b-top\"><h1>{title}</h1><p>{intro}</p><a href=\"/boxes/builder{other_lang_q}\" lang=\"{other_lang}\">{other_lang_label}</a></header><main>",
        lang = if v.en { "en" } else { "vi" },
        title = t("Tạo mẫu box thông tin chỉ đạo, điều hành", "Build a directive-information box"),
        intro = t(
            "Chọn dữ liệu và giao diện, xem trước, rồi sao chép mã nhúng vào cổng/trang thông tin điện tử của đơn vị.",
            "Choose the data and the look, preview it, then copy the embed code into your portal.",
        ),
        css = esc(&v.urls.asset_url(assets::BUILDER_CSS)),
        js = esc(&v.urls.asset_url(assets::BUILDER_JS)),
        other_lang_q = if v.en { "" } else { "?lang=en" },
        other_lang = if v.en { "vi" } else { "en" },
        other_lang_label = if v.en { "Tiếng Việt" } else { "English" },
    );
    if let Some((vi, en)) = v.notice {
        let _ = write!(h, "<p class=\"b-notice\" role=\"status\">{}</p>", esc(if v.en { en } else { vi }));
    }
    if !v.errors.is_empty() {
        let _ = write!(
            h,
            "<div class=\"b-errors\" role=\"alert\"><h2>{}</h2><ul>",
            t("Chưa lưu được box:", "The box was not saved:")
        );
        for e in v.errors {
            let _ = write!(h, "<li data-field=\"{}\">{}</li>", e.field, esc(if v.en { &e.en } else { &e.vi }));
        }
        h.push_str("</ul></div>");
    }
    let lang_q = if v.en { "?lang=en" } else { "" };
    let _ = write!(h, "<form id=\"kn-builder\" class=\"b-form\" method=\"post\" action=\"/boxes/builder{lang_q}\">");
    if v.en {
        h.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }
    if let Some(saved) = &v.saved {
        let _ = write!(
            h,
            "<input type=\"hidden\" name=\"id\" value=\"{}\"><input type=\"hidden\" name=\"key\" value=\"{}\">\
             <input type=\"hidden\" name=\"version\" value=\"{}\">",
            saved.id,
            esc(saved.key),
            saved.version
        );
    }
    step_data(&mut h, v, &t);
    step_look(&mut h, v, &t);
    let preview = Paths::preview(spec);
    let _ = write!(
        h,
        "<div class=\"b-actions\"><button type=\"submit\" formaction=\"{box_base}/box/preview\" formmethod=\"get\" formtarget=\"kn-preview\" id=\"kn-preview-button\">{preview_label}</button>\
         <button type=\"submit\" id=\"kn-save\" class=\"b-primary\">{save}</button></div></form>\
         <section class=\"b-preview\" aria-labelledby=\"b-preview-h\"><h2 id=\"b-preview-h\">{preview_h}</h2>\
         <iframe id=\"kn-preview\" name=\"kn-preview\" title=\"{preview_h}\" src=\"{src}\" data-preview=\"{box_base}/box/preview\" \
         width=\"{width}\" height=\"{height}\"></iframe></section>",
        box_base = esc(&v.urls.boxes),
        preview_label = t("Xem trước", "Preview"),
        save = if v.saved.is_some() {
            t("Lưu thay đổi", "Save changes")
        } else {
            t("Lưu box và lấy mã nhúng", "Save the box and get the embed code")
        },
        preview_h = t("Xem trước", "Preview"),
        src = esc(&format!(
            "{}{}&{}",
            v.urls.boxes,
            preview.page,
            query_string([("parent", PublicUrls::origin(&v.urls.site).as_str())])
        )),
        width = spec.width.map(|w| w.to_string()).unwrap_or_else(|| "100%".into()),
        height = spec.height,
    );
    step_embed(&mut h, v, &t);
    h.push_str("</main></body></html>");
    h
}

fn checked(on: bool) -> &'static str {
    if on { " checked" } else { "" }
}

fn invalid(v: &BuilderView, field: &str) -> &'static str {
    if v.errors.iter().any(|e| e.field == field) { " aria-invalid=\"true\"" } else { "" }
}

fn step_data(h: &mut String, v: &BuilderView, t: &dyn Fn(&'static str, &'static str) -> &'static str) {
    let s = v.spec;
    let _ = write!(
        h,
        "<fieldset class=\"b-step\"><legend>{step}</legend>\
         <fieldset><legend>{kind}</legend>\
         <label><input type=\"radio\" name=\"content\" value=\"media\"{media}> {media_l}</label>\
         <label class=\"b-sub\"><input type=\"checkbox\" name=\"news\"{news}{news_inv}> {news_l}</label>\
         <label class=\"b-sub\"><input type=\"checkbox\" name=\"video\"{video}> Video</label>\
         <label><input type=\"radio\" name=\"content\" value=\"documents\"{docs}> {docs_l}</label></fieldset>\
         <fieldset><legend>{criteria}</legend>\
         <label><input type=\"radio\" name=\"criteria\" value=\"latest\"{latest}> {latest_l}</label>\
         <label><input type=\"radio\" name=\"criteria\" value=\"paged\"{paged}> {paged_l}</label>\
         <label><input type=\"radio\" name=\"criteria\" value=\"picked\"{picked}> {picked_l}</label>\
         <label>{count_l} <input type=\"number\" name=\"count\" min=\"1\" max=\"20\" value=\"{count}\"{count_inv}></label></fieldset>\
         <fieldset><legend>{filters}</legend>\
         <label>{targets_l} <input type=\"text\" name=\"targets\" value=\"{targets}\" placeholder=\"38, 40\"{targets_inv}></label>\
         <label>{source_l} <input type=\"text\" name=\"source\" value=\"{source}\" maxlength=\"200\"></label></fieldset>",
        step = t("Bước 2: Tùy chỉnh dữ liệu", "Step 2: the data"),
        kind = t("Loại thông tin", "Kind of information"),
        media = checked(s.content == Content::Media),
        media_l = t("Tin tức và video kết hợp", "News and video combined"),
        news = checked(s.news),
        news_inv = invalid(v, "news"),
        news_l = t("Tin tức", "News"),
        video = checked(s.video),
        docs = checked(s.content == Content::Documents),
        docs_l = t("Văn bản", "Documents"),
        criteria = t("Tiêu chí lấy dữ liệu", "Which items"),
        latest = checked(s.criteria == Criteria::Latest),
        latest_l = t("Top tin mới nhất (tối đa 20)", "Top latest (at most 20)"),
        paged = checked(s.criteria == Criteria::Paged),
        paged_l = t("Toàn bộ, có phân trang", "All, paged"),
        picked = checked(s.criteria == Criteria::Picked),
        picked_l = t("Chọn thủ công", "Hand-picked"),
        count_l = t("Số tin mỗi trang", "Items per page"),
        count = s.count,
        count_inv = invalid(v, "count"),
        filters = t("Bộ lọc", "Filters"),
        targets_l = t("Đơn vị phân phối (mã đơn vị, để trống: tất cả)", "Distribution units (unit ids, empty: all)"),
        targets = esc(&s.targets.join(", ")),
        targets_inv = invalid(v, "targets"),
        source_l = t("Nguồn tin", "Source"),
        source = esc(&s.source),
    );
    let _ = write!(
        h,
        "<fieldset class=\"b-pick\"><legend>{legend}</legend>\
         <label>{search_l} <input type=\"search\" name=\"pick_q\" value=\"{q}\"></label> \
         <button type=\"submit\" formmethod=\"get\" formaction=\"/boxes/builder\" id=\"kn-pick-search\">{search_b}</button><ul class=\"b-candidates\">",
        legend = t("Chọn tin thủ công", "Pick items by hand"),
        search_l = t("Tìm theo tiêu đề", "Search titles"),
        q = esc(v.pick_query),
        search_b = t("Tìm tin", "Search"),
    );
    let mut shown = Vec::new();
    for item in v.candidates {
        shown.push(item.id);
        let _ = write!(
            h,
            "<li><label><input type=\"checkbox\" name=\"picked\" value=\"{id}\"{on}> {title} <span class=\"b-meta\">({kind}, {date}, #{id})</span></label></li>",
            id = item.id,
            on = checked(s.picked.contains(&item.id)),
            title = esc(&item.input.title),
            kind = item.input.item_type.label_vi(),
            date = media::date(item),
        );
    }
    h.push_str("</ul>");
    // Picked items not among the results stay picked.
    for id in s.picked.iter().filter(|id| !shown.contains(id)) {
        let _ = write!(h, "<input type=\"hidden\" name=\"picked\" value=\"{id}\">");
    }
    h.push_str("</fieldset></fieldset>");
}

fn step_look(h: &mut String, v: &BuilderView, t: &dyn Fn(&'static str, &'static str) -> &'static str) {
    let s = v.spec;
    let _ = write!(
        h,
        "<fieldset class=\"b-step\"><legend>{step}</legend>\
         <label>{title_l} <input type=\"text\" name=\"title\" value=\"{title}\" maxlength=\"120\" required{title_inv}></label>\
         <label><input type=\"checkbox\" name=\"emblem\"{emblem}> {emblem_l}</label>",
        step = t("Bước 3: Tùy chỉnh giao diện", "Step 3: the look"),
        title_l = t("Tiêu đề box", "Box title"),
        title = esc(&s.title),
        title_inv = invalid(v, "title"),
        emblem = checked(s.emblem),
        emblem_l = t("Hiện Quốc huy", "Show the national emblem"),
    );
    h.push_str("<div class=\"b-colors\">");
    for (name, value, vi, en) in [
        ("header_background", s.header_background, "Màu nền tiêu đề", "Header background"),
        ("header_text", s.header_text, "Màu chữ tiêu đề", "Header text"),
        ("background", s.background, "Màu nền box", "Box background"),
        ("text", s.text, "Màu chữ", "Text"),
    ] {
        let _ = write!(
            h,
            "<label>{} <input type=\"color\" name=\"{name}\" value=\"{value}\"{}></label>",
            t(vi, en),
            invalid(v, name)
        );
    }
    let _ = write!(
        h,
        "</div><p class=\"b-hint\">{hint}</p>\
         <label>{width_l} <input type=\"number\" name=\"width\" min=\"200\" max=\"1600\" value=\"{width}\" placeholder=\"100%\"{width_inv}></label>\
         <label>{height_l} <input type=\"number\" name=\"height\" min=\"120\" max=\"3000\" value=\"{height}\"{height_inv}></label>\
         <fieldset><legend>{template_l}</legend>",
        hint = t(
            "Độ tương phản giữa chữ và nền phải từ 4.5:1 trở lên (WCAG 2.1).",
            "Text and background need a contrast of at least 4.5:1 (WCAG 2.1).",
        ),
        width_l = t("Chiều rộng (px, để trống: 100%)", "Width (px, empty: 100%)"),
        width = s.width.map(|w| w.to_string()).unwrap_or_default(),
        width_inv = invalid(v, "width"),
        height_l = t("Chiều cao tối đa (px)", "Maximum height (px)"),
        height = s.height,
        height_inv = invalid(v, "height"),
        template_l = t("Mẫu giao diện", "Layout"),
    );
    for template in Template::ALL {
        let (vi, en) = template.label();
        let kind = if template.content() == Content::Documents {
            t("văn bản", "documents")
        } else {
            t("tin, video", "news, video")
        };
        let _ = write!(
            h,
            "<label><input type=\"radio\" name=\"template\" value=\"{}\"{}> {} <span class=\"b-meta\">({kind})</span></label>",
            template.as_str(),
            checked(s.template == template),
            if v.en { en } else { vi }
        );
    }
    h.push_str("</fieldset></fieldset>");
}

fn step_embed(h: &mut String, v: &BuilderView, t: &dyn Fn(&'static str, &'static str) -> &'static str) {
    let _ = write!(
        h,
        "<section class=\"b-step b-embed\" aria-labelledby=\"b-embed-h\"><h2 id=\"b-embed-h\">{}</h2>",
        t("Bước 4: Sao chép mã nhúng", "Step 4: copy the embed code")
    );
    match &v.saved {
        None => {
            let _ = write!(h, "<p>{}</p>", t("Lưu box để nhận mã nhúng.", "Save the box to get its embed code."));
        }
        Some(saved) => {
            let codes = embed_codes(v.urls, saved.id, v.spec);
            let _ = write!(h, "<p>{} <strong id=\"kn-box-id\">{}</strong></p>", t("Mã box:", "Box id:"), saved.id);
            for (id, code, vi, en) in [
                (
                    "kn-embed-loader",
                    &codes.loader,
                    "Mã nhúng (khuyên dùng: tự co giãn, tự cập nhật)",
                    "Embed code (recommended: resizes and updates itself)",
                ),
                (
                    "kn-embed-iframe",
                    &codes.iframe,
                    "Iframe (cho hệ thống không cho phép script)",
                    "Plain iframe (for systems that strip scripts)",
                ),
                ("kn-embed-link", &codes.link, "Liên kết (không cần JavaScript)", "Link (no JavaScript)"),
            ] {
                let _ = write!(
                    h,
                    "<label for=\"{id}\">{label}</label><textarea id=\"{id}\" readonly rows=\"4\">{code}</textarea>\
                     <button type=\"button\" data-copy=\"{id}\" data-copied=\"{copied}\">{copy}</button>",
                    label = t(vi, en),
                    code = esc(code),
                    copy = t("Sao chép", "Copy"),
                    copied = t("Đã sao chép", "Copied"),
                );
            }
            if !saved.key.is_empty() {
                let edit = format!(
                    "{}/boxes/builder?{}",
                    v.urls.site,
                    query_string([("id", saved.id.to_string().as_str()), ("key", saved.key)])
                );
                let _ = write!(
                    h,
                    "<p class=\"b-key\">{} <a id=\"kn-edit-link\" href=\"{}\">{}</a></p>",
                    t(
                        "Giữ kín liên kết sửa box này: ai có nó đều sửa được box trên mọi trang đang nhúng.",
                        "Keep this edit link private: whoever has it can change the box on every page that embeds it.",
                    ),
                    esc(&edit),
                    t("Liên kết sửa box", "Edit link"),
                );
            }
        }
    }
    let _ = write!(
        h,
        "<h3>{}</h3><p>{}</p><pre id=\"kn-csp\">{}</pre></section>",
        t("Nếu trang nhúng có Content-Security-Policy", "If the host page has a Content-Security-Policy"),
        t("Thêm các nguồn sau vào CSP của trang:", "Add these sources to the page's policy:"),
        esc(&v.urls.host_csp_text())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(spec: &'a BoxSpec, errors: &'a [SpecError], urls: &'a PublicUrls) -> BuilderView<'a> {
        BuilderView { en: false, spec, errors, saved: None, candidates: &[], pick_query: "", urls, notice: None }
    }

    #[test]
    fn the_builder_has_the_annex_steps_and_a_preview() {
        let urls = PublicUrls::single("http://hub.test");
        let spec = BoxSpec::default();
        let html = builder_page(&view(&spec, &[], &urls));
        for needle in [
            "Bước 2",
            "Bước 3",
            "Bước 4",
            "Tin tức và video kết hợp",
            "Chọn thủ công",
            "Hiện Quốc huy",
            "kn-preview",
            "frame-src http://hub.test;",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        assert!(html.contains("src=\"http://hub.test/box/preview?title="));
        assert!(!html.contains("style=\""), "no inline style: the page runs under a strict CSP");
    }

    #[test]
    fn errors_and_values_are_escaped_and_marked() {
        let urls = PublicUrls::single("http://hub.test");
        let spec = BoxSpec { title: "\"><script>alert(1)</script>".into(), ..BoxSpec::default() };
        let errors = [SpecError { field: "title", vi: "<b>x</b>".into(), en: "x".into() }];
        let html = builder_page(&view(&spec, &errors, &urls));
        assert!(!html.contains("<script>alert") && !html.contains("<b>x</b>"));
        assert!(html.contains("name=\"title\" value=\"&quot;&gt;&lt;script&gt;"));
        assert!(html.contains("aria-invalid=\"true\""));
    }

    #[test]
    fn a_saved_box_shows_three_embed_codes_and_its_edit_link() {
        let urls = PublicUrls::single("http://hub.test");
        let spec = BoxSpec::default();
        let v = BuilderView { saved: Some(Saved { id: 12, key: "k1", version: 1 }), ..view(&spec, &[], &urls) };
        let html = builder_page(&v);
        for id in ["kn-embed-loader", "kn-embed-iframe", "kn-embed-link", "kn-edit-link"] {
            assert!(html.contains(id), "{id}");
        }
        assert!(html.contains("http://hub.test/boxes/builder?id=12&amp;key=k1"));
    }
}
