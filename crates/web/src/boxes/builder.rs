//! `/boxes/builder`: the builder page. `GET` shows it (fresh, with the
//! values of a submitted form, or a saved box opened with its edit link);
//! `POST` saves the box and shows its embed codes.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use ketnoi_boxes::builder::{BuilderView, Saved, builder_csp, builder_page};
use ketnoi_boxes::spec::form_value;
use ketnoi_boxes::{BoxSpec, Criteria, SpecError};
use ketnoi_domain::HubItem;
use ketnoi_store::HubQuery;

use super::api::{save_existing, save_new};
use super::{key_opens, public_urls, stored_spec};
use crate::AppState;
use crate::error::ApiError;

type Pairs = Vec<(String, String)>;

fn get<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    form_value(pairs, name).map(str::trim)
}

/// What the page shows besides the form values.
#[derive(Default)]
struct Outcome {
    errors: Vec<SpecError>,
    saved: Option<(i64, String, i64)>,
    notice: Option<(&'static str, &'static str)>,
    status: Option<StatusCode>,
}

async fn render(state: &AppState, headers: &HeaderMap, pairs: &Pairs, spec: &BoxSpec, outcome: Outcome) -> Response {
    let urls = public_urls(state, headers);
    let pick_query = get(pairs, "pick_q").unwrap_or("");
    let candidates = candidates(state, spec, pick_query).await;
    let saved = outcome.saved.as_ref().map(|(id, key, version)| Saved { id: *id, key, version: *version });
    let html = builder_page(&BuilderView {
        en: get(pairs, "lang") == Some("en"),
        spec,
        errors: &outcome.errors,
        saved,
        candidates: &candidates,
        pick_query,
        urls: &urls,
        notice: outcome.notice,
    });
    let mut response = (outcome.status.unwrap_or(StatusCode::OK), Html(html)).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&builder_csp(&urls)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The edit link carries the box's key: never send it on.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Items to hand-pick: newest first, filtered by title when searched.
async fn candidates(state: &AppState, spec: &BoxSpec, query: &str) -> Vec<HubItem> {
    if spec.criteria != Criteria::Picked && query.is_empty() {
        return Vec::new();
    }
    let q = HubQuery {
        types: spec.item_types(),
        title_contains: (!query.is_empty()).then(|| query.chars().take(200).collect()),
        limit: 20,
        ..Default::default()
    };
    match state.store.hub_list(&q).await {
        Ok(page) => page.items,
        Err(e) => {
            tracing::warn!(error = %e, "builder: hub items unavailable for picking");
            Vec::new()
        }
    }
}

/// The saved box named by `id` and `key`, if the key opens it.
async fn opened(state: &AppState, pairs: &Pairs) -> Result<Option<(i64, String, i64, BoxSpec)>, ApiError> {
    let (Some(id), Some(key)) = (get(pairs, "id"), get(pairs, "key")) else { return Ok(None) };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    match state.store.box_get(id).await? {
        Some(stored) if key_opens(&stored, key) => {
            let spec = stored_spec(&stored)?;
            Ok(Some((id, key.to_string(), stored.version, spec)))
        }
        _ => Ok(None),
    }
}

const WRONG_LINK: (&str, &str) = (
    "Liên kết sửa box không đúng hoặc box đã bị xoá; bạn đang tạo một box mới.",
    "The edit link is wrong or the box was deleted; you are building a new box.",
);

/// `GET /boxes/builder`.
pub async fn page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let pairs: Pairs = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let opened = match opened(&state, &pairs).await {
        Ok(o) => o,
        Err(e) => return e.into_response(),
    };
    let mut outcome = Outcome::default();
    if get(&pairs, "id").is_some() && opened.is_none() {
        outcome.notice = Some(WRONG_LINK);
    }
    // A submitted form (search, no-script preview) keeps its values.
    let submitted = get(&pairs, "title").is_some();
    let spec = match (&opened, submitted) {
        (_, true) => {
            let (spec, errors) = BoxSpec::from_form_lenient(&pairs);
            outcome.errors = errors;
            spec
        }
        (Some((_, _, _, spec)), false) => spec.clone(),
        (None, false) => BoxSpec::default(),
    };
    outcome.saved = opened.map(|(id, key, version, _)| (id, key, version));
    render(&state, &headers, &pairs, &spec, outcome).await
}

/// `POST /boxes/builder` (form): saves a new box, or the opened one.
pub async fn save(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs: Pairs = url::form_urlencoded::parse(&body).into_owned().collect();
    let spec = match BoxSpec::from_form(&pairs) {
        Ok(spec) => spec,
        Err(_) => {
            let (spec, errors) = BoxSpec::from_form_lenient(&pairs);
            let saved = opened(&state, &pairs).await.ok().flatten().map(|(id, key, version, _)| (id, key, version));
            let outcome =
                Outcome { errors, saved, status: Some(StatusCode::UNPROCESSABLE_ENTITY), ..Default::default() };
            return render(&state, &headers, &pairs, &spec, outcome).await;
        }
    };
    let result = match opened(&state, &pairs).await {
        Err(e) => Err(e),
        Ok(Some((id, key, _, _))) => {
            let expected = get(&pairs, "version").and_then(|v| v.parse().ok());
            save_existing(&state, id, expected, &spec).await.map(|stored| (stored, key, false))
        }
        Ok(None) if get(&pairs, "id").is_some() => {
            let outcome =
                Outcome { notice: Some(WRONG_LINK), status: Some(StatusCode::FORBIDDEN), ..Default::default() };
            return render(&state, &headers, &pairs, &spec, outcome).await;
        }
        Ok(None) => save_new(&state, &spec).await.map(|(stored, key)| (stored, key, true)),
    };
    match result {
        Ok((stored, key, new)) => {
            let notice = if new {
                ("Đã lưu box. Sao chép mã nhúng ở bước 4.", "Box saved. Copy the embed code in step 4.")
            } else {
                (
                    "Đã lưu thay đổi: mọi trang đang nhúng box sẽ hiển thị theo.",
                    "Saved: every page embedding the box shows the change.",
                )
            };
            let outcome = Outcome {
                saved: Some((stored.id, key, stored.version)),
                notice: Some(notice),
                status: Some(if new { StatusCode::CREATED } else { StatusCode::OK }),
                ..Default::default()
            };
            render(&state, &headers, &pairs, &spec, outcome).await
        }
        Err(ApiError::VersionConflict { .. }) => {
            let outcome = Outcome {
                notice: Some((
                    "Box vừa được người khác sửa; hãy mở lại liên kết sửa rồi thử lại.",
                    "Someone else changed the box meanwhile; open the edit link again and retry.",
                )),
                status: Some(StatusCode::CONFLICT),
                ..Default::default()
            };
            render(&state, &headers, &pairs, &spec, outcome).await
        }
        Err(e) => e.into_response(),
    }
}
