//! The OpenAPI 3.1 document of the whole API (`/api/openapi.json`) and a
//! plain server-rendered HTML page made from it (`/api/docs`): no CDN, no
//! script, nothing to download.

use std::fmt::Write as _;
use std::sync::OnceLock;

use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use serde_json::Value;

use crate::AppState;

/// The hand-written document.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

/// `GET /api/openapi.json`.
pub async fn spec() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], OPENAPI_JSON)
}

/// `GET /api/docs`.
pub async fn docs() -> impl IntoResponse {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page = PAGE.get_or_init(|| {
        let doc: Value = serde_json::from_str(OPENAPI_JSON).unwrap_or(Value::Null);
        render(&doc)
    });
    ([(header::CACHE_CONTROL, "public, max-age=300")], Html(page.as_str()))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(spec)).route("/api/docs", get(docs))
}

/// Escapes text for HTML element content and attribute values (XML rules are HTML-safe).
fn esc(s: &str) -> String {
    ketnoi_hub::feeds::xml_escape(s)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Follows a local `$ref` (`#/components/...`) once.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => doc.pointer(pointer).unwrap_or(v),
        None => v,
    }
}

/// A short type label for a schema.
fn type_label(doc: &Value, schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    let schema = resolve(doc, schema);
    let base = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" | "),
        _ => String::new(),
    };
    match schema.get("enum").and_then(Value::as_array) {
        Some(values) => {
            let values: Vec<String> = values.iter().map(|v| v.to_string().trim_matches('"').to_string()).collect();
            format!("{base} ({})", values.join(", "))
        }
        None => base,
    }
}

fn anchor(method: &str, path: &str) -> String {
    let mut id = String::from(method);
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}\
h1,h2,h3{line-height:1.2}code{background:#f2f2f2;padding:0 .2em;border-radius:3px}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f5f5f5}section.op{border-top:2px solid #ddd;margin-top:2rem}\
.method{display:inline-block;min-width:4.5em;font-weight:bold;text-transform:uppercase}\
.desc{white-space:pre-line}a{color:#0645ad}a:focus,a:hover{outline:2px solid #0645ad}";

fn render(doc: &Value) -> String {
    let info = &doc["info"];
    let title = match text(info, "title") {
        "" => "API",
        t => t,
    };
    let mut ops: Vec<(&str, &str, &Value)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    ops.push((path.as_str(), method, op));
                }
            }
        }
    }
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — tài liệu API</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>{} <small>{}</small></h1>\n<p class=\"desc\">{}</p>\n\
         <p>Tài liệu OpenAPI {} (máy đọc được): <a href=\"/api/openapi.json\">/api/openapi.json</a></p></header>\n",
        esc(title),
        esc(title),
        esc(text(info, "version")),
        esc(text(info, "description")),
        esc(text(doc, "openapi")),
    );
    h.push_str("<nav aria-labelledby=\"toc\"><h2 id=\"toc\">Mục lục</h2>\n<ul>\n");
    for (path, method, op) in &ops {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\"><span class=\"method\">{}</span> <code>{}</code></a> — {}</li>",
            esc(&anchor(method, path)),
            esc(method),
            esc(path),
            esc(text(op, "summary")),
        );
    }
    h.push_str("</ul></nav>\n<main>\n");
    for (path, method, op) in &ops {
        render_op(&mut h, doc, path, method, op);
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn render_op(h: &mut String, doc: &Value, path: &str, method: &str, op: &Value) {
    let id = anchor(method, path);
    let _ = write!(
        h,
        "<section class=\"op\" id=\"{}\" aria-labelledby=\"{}-h\">\n<h2 id=\"{}-h\"><span class=\"method\">{}</span> <code>{}</code></h2>\n<p><strong>{}</strong></p>\n<p class=\"desc\">{}</p>\n",
        esc(&id),
        esc(&id),
        esc(&id),
        esc(method),
        esc(path),
        esc(text(op, "summary")),
        esc(text(op, "description")),
    );
    if let Some(security) = op.get("security").and_then(Value::as_array) {
        let names: Vec<String> = security
            .iter()
            .map(|s| match s.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()) {
                Some(keys) if !keys.is_empty() => keys.join(" + "),
                _ => "không cần (anonymous)".to_string(),
            })
            .collect();
        let _ = writeln!(h, "<p>Xác thực (security): {}</p>", esc(&names.join(" | ")));
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array).filter(|p| !p.is_empty()) {
        h.push_str("<h3>Tham số (parameters)</h3>\n<table>\n<thead><tr><th scope=\"col\">Tên</th><th scope=\"col\">Vị trí</th><th scope=\"col\">Bắt buộc</th><th scope=\"col\">Kiểu</th><th scope=\"col\">Mô tả</th></tr></thead>\n<tbody>\n");
        for p in params {
            let p = resolve(doc, p);
            let required = if p.get("required").and_then(Value::as_bool).unwrap_or(false) { "có" } else { "không" };
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(text(p, "name")),
                esc(text(p, "in")),
                required,
                esc(&type_label(doc, &p["schema"])),
                esc(text(p, "description")),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if let Some(body) = op.get("requestBody").map(|b| resolve(doc, b)) {
        h.push_str("<h3>Nội dung yêu cầu (request body)</h3>\n");
        if let Some(d) = body.get("description").and_then(Value::as_str) {
            let _ = writeln!(h, "<p>{}</p>", esc(d));
        }
        h.push_str("<ul>\n");
        if let Some(content) = body.get("content").and_then(Value::as_object) {
            for (ctype, media) in content {
                let schema = resolve(doc, &media["schema"]);
                let _ = write!(h, "<li><code>{}</code>: {}", esc(ctype), esc(&type_label(doc, &media["schema"])));
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    h.push_str("<ul>");
                    for (name, prop) in props {
                        let _ = write!(
                            h,
                            "<li><code>{}</code> ({}) {}</li>",
                            esc(name),
                            esc(&type_label(doc, prop)),
                            esc(text(resolve(doc, prop), "description")),
                        );
                    }
                    h.push_str("</ul>");
                }
                h.push_str("</li>\n");
            }
        }
        h.push_str("</ul>\n");
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        h.push_str("<h3>Trả lời (responses)</h3>\n<table>\n<thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Mô tả</th><th scope=\"col\">Nội dung</th></tr></thead>\n<tbody>\n");
        for (status, response) in responses {
            let response = resolve(doc, response);
            let content: Vec<String> = response
                .get("content")
                .and_then(Value::as_object)
                .map(|c| c.iter().map(|(ct, m)| format!("{ct}: {}", type_label(doc, &m["schema"]))).collect())
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"desc\">{}</td><td>{}</td></tr>",
                esc(status),
                esc(text(response, "description")),
                esc(&content.join("; ")),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<script>\"&'"), "&lt;script&gt;&quot;&amp;&apos;");
    }

    #[test]
    fn document_parses_and_renders() {
        let doc: Value = serde_json::from_str(OPENAPI_JSON).expect("valid JSON");
        let page = render(&doc);
        assert!(page.contains("/api/v1/hubcontent/detail"));
        assert!(!page.contains("<script"));
    }
}
