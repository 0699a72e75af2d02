//! Every error the API can answer, and the one table that gives each its
//! stable code, HTTP status and messages. Clients (and the docs) key on
//! `code`; the messages are for people and may be reworded.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ketnoi_domain::DomainError;
use ketnoi_store::StoreError;
use serde::Serialize;

/// The stable codes. One row each in [`ErrorCode::row`], the single table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BadRequest,
    InvalidJson,
    UnsupportedMediaType,
    PayloadTooLarge,
    ValidationFailed,
    InvalidQuery,
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    UnitNotFound,
    SiteNotFound,
    ContactNotFound,
    DuplicateUrl,
    VersionConflict,
    BadIfMatch,
    ReferenceInvalid,
    StoreUnavailable,
    Internal,
    HubKeyMissing,
    HubKeyInvalid,
    HubIpNotAllowed,
    HubScopeDenied,
    RateLimited,
    HubInvalidParam,
    HubItemNotFound,
    FormRequired,
    KeyNotFound,
    WebhookNotFound,
    SearchUnavailable,
    DocumentNotFound,
    BestBetExists,
    BestBetNotFound,
    BoxNotFound,
    BoxKeyInvalid,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 34] = [
        ErrorCode::BadRequest,
        ErrorCode::InvalidJson,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge,
        ErrorCode::ValidationFailed,
        ErrorCode::InvalidQuery,
        ErrorCode::Unauthorized,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UnitNotFound,
        ErrorCode::SiteNotFound,
        ErrorCode::ContactNotFound,
        ErrorCode::DuplicateUrl,
        ErrorCode::VersionConflict,
        ErrorCode::BadIfMatch,
        ErrorCode::ReferenceInvalid,
        ErrorCode::StoreUnavailable,
        ErrorCode::Internal,
        ErrorCode::HubKeyMissing,
        ErrorCode::HubKeyInvalid,
        ErrorCode::HubIpNotAllowed,
        ErrorCode::HubScopeDenied,
        ErrorCode::RateLimited,
        ErrorCode::HubInvalidParam,
        ErrorCode::HubItemNotFound,
        ErrorCode::FormRequired,
        ErrorCode::KeyNotFound,
        ErrorCode::WebhookNotFound,
        ErrorCode::SearchUnavailable,
        ErrorCode::DocumentNotFound,
        ErrorCode::BestBetExists,
        ErrorCode::BestBetNotFound,
        ErrorCode::BoxNotFound,
        ErrorCode::BoxKeyInvalid,
    ];

    /// THE error table: code, status, Vietnamese message, English message.
    /// The match is exhaustive, so a new code cannot ship without its row.
    pub fn row(self) -> (&'static str, StatusCode, &'static str, &'static str) {
        use ErrorCode::*;
        match self {
            BadRequest => {
                ("bad_request", StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ.", "The request is malformed.")
            }
            InvalidJson => (
                "invalid_json",
                StatusCode::BAD_REQUEST,
                "Nội dung JSON không hợp lệ hoặc không đúng cấu trúc.",
                "The request body is not valid JSON of the expected shape.",
            ),
            UnsupportedMediaType => (
                "unsupported_media_type",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Nội dung phải là JSON (Content-Type: application/json).",
                "The request body must be JSON (Content-Type: application/json).",
            ),
            PayloadTooLarge => (
                "payload_too_large",
                StatusCode::PAYLOAD_TOO_LARGE,
                "Nội dung yêu cầu vượt quá 1 MiB.",
                "The request body exceeds 1 MiB.",
            ),
            ValidationFailed => (
                "validation_failed",
                StatusCode::UNPROCESSABLE_ENTITY,
                "Dữ liệu không hợp lệ; xem chi tiết từng trường.",
                "Validation failed; see the field details.",
            ),
            InvalidQuery => (
                "invalid_query",
                StatusCode::BAD_REQUEST,
                "Tham số truy vấn hoặc mã số trong đường dẫn không hợp lệ.",
                "A query parameter or path identifier is invalid.",
            ),
            Unauthorized => (
                "unauthorized",
                StatusCode::UNAUTHORIZED,
                "Cần mã quản trị hợp lệ (Authorization: Bearer …).",
                "Valid admin credentials are required (Authorization: Bearer …).",
            ),
            NotFound => {
                ("not_found", StatusCode::NOT_FOUND, "Không có đường dẫn hoặc tài nguyên này.", "No such resource.")
            }
            MethodNotAllowed => (
                "method_not_allowed",
                StatusCode::METHOD_NOT_ALLOWED,
                "Phương thức HTTP này không dùng được cho đường dẫn này.",
                "This HTTP method is not allowed on this path.",
            ),
            UnitNotFound => ("unit_not_found", StatusCode::NOT_FOUND, "Không tìm thấy đơn vị.", "Unit not found."),
            SiteNotFound => {
                ("site_not_found", StatusCode::NOT_FOUND, "Không tìm thấy trang/cổng thông tin.", "Site not found.")
            }
            ContactNotFound => {
                ("contact_not_found", StatusCode::NOT_FOUND, "Không tìm thấy đầu mối liên hệ.", "Contact not found.")
            }
            DuplicateUrl => (
                "duplicate_url",
                StatusCode::CONFLICT,
                "Địa chỉ đã được đăng ký cho một trang/cổng khác.",
                "A URL is already registered to another site.",
            ),
            VersionConflict => (
                "version_conflict",
                StatusCode::CONFLICT,
                "Dữ liệu đã bị thay đổi từ lần đọc trước; hãy tải lại rồi thử lại.",
                "The record changed since it was read; reload it and retry.",
            ),
            BadIfMatch => (
                "bad_if_match",
                StatusCode::BAD_REQUEST,
                "Tiêu đề If-Match không hợp lệ; dùng dạng \"<phiên bản>\".",
                "The If-Match header is invalid; use \"<version>\".",
            ),
            ReferenceInvalid => (
                "reference_invalid",
                StatusCode::UNPROCESSABLE_ENTITY,
                "Tham chiếu tới đơn vị hoặc trang/cổng không tồn tại.",
                "A referenced unit or site does not exist.",
            ),
            StoreUnavailable => (
                "store_unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
                "Kho dữ liệu tạm thời không truy cập được.",
                "The data store is unavailable.",
            ),
            Internal => {
                ("internal", StatusCode::INTERNAL_SERVER_ERROR, "Lỗi nội bộ máy chủ.", "Internal server error.")
            }
            HubKeyMissing => (
                "hub_key_missing",
                StatusCode::UNAUTHORIZED,
                "Thiếu secret_key; liên hệ đầu mối Cổng TTĐT Chính phủ để được cấp.",
                "secret_key is missing; ask the Government Portal's focal point for one.",
            ),
            HubKeyInvalid => (
                "hub_key_invalid",
                StatusCode::UNAUTHORIZED,
                "secret_key không đúng, đã hết hạn hoặc đã bị thu hồi.",
                "secret_key is wrong, expired or revoked.",
            ),
            HubIpNotAllowed => (
                "hub_ip_not_allowed",
                StatusCode::FORBIDDEN,
                "Địa chỉ IP chưa được cấp quyền truy cập với khoá này.",
                "This IP address is not allowed to use this key.",
            ),
            HubScopeDenied => (
                "hub_scope_denied",
                StatusCode::FORBIDDEN,
                "Khoá không được phép đọc thông tin của các địa phương, cơ quan này.",
                "This key may not read the requested distribution ids.",
            ),
            RateLimited => (
                "rate_limited",
                StatusCode::TOO_MANY_REQUESTS,
                "Gửi quá nhiều yêu cầu; hãy thử lại sau.",
                "Too many requests; retry later.",
            ),
            HubInvalidParam => {
                ("hub_invalid_param", StatusCode::BAD_REQUEST, "Tham số không hợp lệ.", "A parameter is invalid.")
            }
            HubItemNotFound => {
                ("hub_item_not_found", StatusCode::NOT_FOUND, "Không tìm thấy bài viết.", "Item not found.")
            }
            FormRequired => (
                "form_required",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Nội dung phải là application/x-www-form-urlencoded hoặc multipart/form-data.",
                "The body must be application/x-www-form-urlencoded or multipart/form-data.",
            ),
            KeyNotFound => ("key_not_found", StatusCode::NOT_FOUND, "Không tìm thấy khoá.", "API key not found."),
            WebhookNotFound => {
                ("webhook_not_found", StatusCode::NOT_FOUND, "Không tìm thấy webhook.", "Webhook not found.")
            }
            SearchUnavailable => (
                "search_unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
                "Chức năng tìm kiếm tạm thời không dùng được.",
                "Search is not available on this server right now.",
            ),
            DocumentNotFound => (
                "document_not_found",
                StatusCode::NOT_FOUND,
                "Không tìm thấy tài liệu này trong trang đã chọn.",
                "No such document on this site.",
            ),
            BestBetExists => (
                "best_bet_exists",
                StatusCode::CONFLICT,
                "Địa chỉ này đã được đề xuất cho từ khóa này.",
                "This URL is already a best bet for this query.",
            ),
            BestBetNotFound => {
                ("best_bet_not_found", StatusCode::NOT_FOUND, "Không tìm thấy kết quả đề xuất.", "Best bet not found.")
            }
            BoxNotFound => (
                "box_not_found",
                StatusCode::NOT_FOUND,
                "Không tìm thấy box thông tin (chưa tạo hoặc đã bị xoá).",
                "No such box (never created, or deleted).",
            ),
            BoxKeyInvalid => (
                "box_key_invalid",
                StatusCode::FORBIDDEN,
                "Mã sửa box không đúng (X-Box-Key) và không có mã quản trị.",
                "The box edit key (X-Box-Key) is wrong and no admin token was given.",
            ),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.row().0
    }

    pub fn status(self) -> StatusCode {
        self.row().1
    }
}

/// Every code with its status and messages, for docs and tests.
pub fn error_table() -> Vec<(&'static str, u16, &'static str, &'static str)> {
    ErrorCode::ALL
        .iter()
        .map(|c| {
            let (code, status, vi, en) = c.row();
            (code, status.as_u16(), vi, en)
        })
        .collect()
}

/// Which record a store call was about, so `StoreError::NotFound` becomes the
/// precise 404 code.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject {
    Site(i64),
    Contact(i64),
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("validation failed: {0}")]
    Validation(#[from] DomainError),
    #[error("invalid query parameter {field}: {reason}")]
    InvalidQuery { field: &'static str, reason: String },
    /// `configured: false` when the server runs without an admin token.
    #[error("unauthorized")]
    Unauthorized { configured: bool },
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("unit not found: {0}")]
    UnitNotFound(String),
    #[error("site not found: {0}")]
    SiteNotFound(i64),
    #[error("contact not found: {0}")]
    ContactNotFound(i64),
    #[error("duplicate URL {url} (site {site_id})")]
    DuplicateUrl { url: String, site_id: i64 },
    #[error("version conflict: expected {expected}, current {current}")]
    VersionConflict { expected: i64, current: i64 },
    #[error("bad If-Match: {0}")]
    BadIfMatch(String),
    #[error("invalid reference: {0}")]
    ReferenceInvalid(String),
    /// The detail is logged, never sent.
    #[error("store unavailable: {0}")]
    StoreUnavailable(String),
    /// The detail is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
    #[error("secret key missing")]
    HubKeyMissing,
    #[error("secret key invalid")]
    HubKeyInvalid,
    #[error("IP {0} not allowed")]
    HubIpNotAllowed(std::net::IpAddr),
    #[error("scope denied: {0}")]
    HubScopeDenied(String),
    #[error("rate limited for {0:?}")]
    RateLimited(std::time::Duration),
    #[error("hub parameter: {0}")]
    HubParam(#[from] ketnoi_hub::params::ParamError),
    #[error("hub item {0} not found")]
    HubItemNotFound(i64),
    #[error("form body required")]
    FormRequired,
    #[error("key {0} not found")]
    KeyNotFound(String),
    #[error("webhook {0} not found")]
    WebhookNotFound(i64),
    #[error("search unavailable")]
    SearchUnavailable,
    #[error("document {0} not found")]
    DocumentNotFound(String),
    #[error("best bet exists: {0}")]
    BestBetExists(String),
    #[error("best bet {0} not found")]
    BestBetNotFound(i64),
    #[error("box not found")]
    BoxNotFound,
    #[error("box edit key invalid")]
    BoxKeyInvalid,
}

/// One entry of `error.details`.
#[derive(Debug, Serialize)]
struct Detail {
    field: String,
    reason: String,
}

#[derive(Serialize)]
struct Envelope {
    error: Body,
}

#[derive(Serialize)]
struct Body {
    code: &'static str,
    message: String,
    message_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<Detail>,
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        use ApiError::*;
        match self {
            BadRequest(_) => ErrorCode::BadRequest,
            InvalidJson(_) => ErrorCode::InvalidJson,
            UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Validation(_) => ErrorCode::ValidationFailed,
            InvalidQuery { .. } => ErrorCode::InvalidQuery,
            Unauthorized { .. } => ErrorCode::Unauthorized,
            NotFound => ErrorCode::NotFound,
            MethodNotAllowed => ErrorCode::MethodNotAllowed,
            UnitNotFound(_) => ErrorCode::UnitNotFound,
            SiteNotFound(_) => ErrorCode::SiteNotFound,
            ContactNotFound(_) => ErrorCode::ContactNotFound,
            DuplicateUrl { .. } => ErrorCode::DuplicateUrl,
            VersionConflict { .. } => ErrorCode::VersionConflict,
            BadIfMatch(_) => ErrorCode::BadIfMatch,
            ReferenceInvalid(_) => ErrorCode::ReferenceInvalid,
            StoreUnavailable(_) => ErrorCode::StoreUnavailable,
            Internal(_) => ErrorCode::Internal,
            HubKeyMissing => ErrorCode::HubKeyMissing,
            HubKeyInvalid => ErrorCode::HubKeyInvalid,
            HubIpNotAllowed(_) => ErrorCode::HubIpNotAllowed,
            HubScopeDenied(_) => ErrorCode::HubScopeDenied,
            RateLimited(_) => ErrorCode::RateLimited,
            HubParam(_) => ErrorCode::HubInvalidParam,
            HubItemNotFound(_) => ErrorCode::HubItemNotFound,
            FormRequired => ErrorCode::FormRequired,
            KeyNotFound(_) => ErrorCode::KeyNotFound,
            WebhookNotFound(_) => ErrorCode::WebhookNotFound,
            SearchUnavailable => ErrorCode::SearchUnavailable,
            DocumentNotFound(_) => ErrorCode::DocumentNotFound,
            BestBetExists(_) => ErrorCode::BestBetExists,
            BestBetNotFound(_) => ErrorCode::BestBetNotFound,
            BoxNotFound => ErrorCode::BoxNotFound,
            BoxKeyInvalid => ErrorCode::BoxKeyInvalid,
        }
    }

    pub fn invalid_query(field: &'static str, reason: impl Into<String>) -> Self {
        ApiError::InvalidQuery { field, reason: reason.into() }
    }

    /// Maps a store error; `subject` names what a `NotFound` was about.
    pub(crate) fn from_store(e: StoreError, subject: Subject) -> Self {
        match e {
            StoreError::NotFound(what) => match subject {
                Subject::Site(id) => ApiError::SiteNotFound(id),
                Subject::Contact(id) => ApiError::ContactNotFound(id),
                Subject::Other => {
                    tracing::debug!(%what, "store reported a missing record");
                    ApiError::NotFound
                }
            },
            StoreError::VersionConflict { expected, current } => ApiError::VersionConflict { expected, current },
            StoreError::DuplicateUrl { url, site_id } => ApiError::DuplicateUrl { url, site_id },
            StoreError::Reference(m) => ApiError::ReferenceInvalid(m),
            // Only best bets have a natural key the store guards today.
            StoreError::Exists(m) => ApiError::BestBetExists(m),
            StoreError::Invalid(d) => ApiError::Validation(d),
            // Database, migration and corruption details may name tables,
            // files or SQL: they go to the log only.
            e @ (StoreError::Database(_) | StoreError::Migration(_) | StoreError::Corrupt(_)) => {
                ApiError::Internal(e.to_string())
            }
        }
    }

    /// A specific addition to the table's messages (Vietnamese, English).
    fn context(&self) -> Option<(String, String)> {
        use ApiError::*;
        Some(match self {
            Unauthorized { configured: false } => (
                "máy chủ chưa cấu hình mã quản trị nên mọi thao tác quản trị đều bị từ chối".into(),
                "no admin token is configured on this server, so every admin endpoint is refused".into(),
            ),
            UnitNotFound(id) => (format!("mã «{}»", shorten(id)), format!("id or code {:?}", shorten(id))),
            SiteNotFound(id) => (format!("số {id}"), format!("id {id}")),
            ContactNotFound(id) => (format!("số {id}"), format!("id {id}")),
            DuplicateUrl { url, site_id } => (
                format!("{} thuộc trang/cổng số {site_id}", shorten(url)),
                format!("{} belongs to site {site_id}", shorten(url)),
            ),
            VersionConflict { expected, current } => (
                format!("phiên bản hiện tại {current}, yêu cầu {expected}"),
                format!("current version {current}, expected {expected}"),
            ),
            ReferenceInvalid(m) => (shorten(m), shorten(m)),
            HubIpNotAllowed(ip) => (format!("IP {ip}"), format!("IP {ip}")),
            HubScopeDenied(ids) => (shorten(ids), shorten(ids)),
            RateLimited(wait) => {
                let s = wait.as_secs().max(1);
                (format!("thử lại sau {s} giây"), format!("retry in {s} s"))
            }
            HubParam(e) => (e.to_string(), e.to_string()),
            HubItemNotFound(id) => (format!("id={id}"), format!("id={id}")),
            KeyNotFound(id) => (shorten(id), shorten(id)),
            WebhookNotFound(id) => (format!("số {id}"), format!("id {id}")),
            BestBetExists(m) => (shorten(m), shorten(m)),
            BestBetNotFound(id) => (format!("số {id}"), format!("id {id}")),
            _ => return None,
        })
    }

    fn details(&self) -> Vec<Detail> {
        let one = |field: &str, reason: &str| vec![Detail { field: field.to_string(), reason: shorten(reason) }];
        match self {
            ApiError::Validation(d) => {
                d.fields().iter().map(|f| Detail { field: f.field.to_string(), reason: f.reason.clone() }).collect()
            }
            ApiError::InvalidQuery { field, reason } => one(field, reason),
            ApiError::InvalidJson(reason) => one("body", reason),
            ApiError::BadRequest(reason) => one("request", reason),
            ApiError::BadIfMatch(reason) => one("If-Match", reason),
            ApiError::DuplicateUrl { url, .. } => one("urls", url),
            ApiError::HubParam(e) => one(e.field(), &e.to_string()),
            _ => Vec::new(),
        }
    }
}

/// Keeps echoed input short: a 1 MiB value must not come back in an error.
fn shorten(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() <= MAX { s.to_string() } else { format!("{}…", s.chars().take(MAX).collect::<String>()) }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::from_store(e, Subject::Other)
    }
}

impl ApiError {
    /// Logs the error and gives its table row with the messages completed
    /// by this error's context: (code, status, Vietnamese, English).
    pub(crate) fn resolve(&self) -> (&'static str, StatusCode, String, String) {
        let (name, status, vi, en) = self.code().row();
        match self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiError::StoreUnavailable(detail) => tracing::warn!(%detail, "store unavailable"),
            _ => tracing::debug!(code = name, error = %self, "request refused"),
        }
        let (message, message_en) = match self.context() {
            Some((cvi, cen)) => {
                (format!("{} ({cvi})", vi.trim_end_matches('.')), format!("{} ({cen})", en.trim_end_matches('.')))
            }
            None => (vi.to_string(), en.to_string()),
        };
        (name, status, message, message_en)
    }

    /// Headers some errors carry whatever their body looks like.
    pub(crate) fn add_headers(&self, response: &mut Response) {
        let status = response.status();
        let headers = response.headers_mut();
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::RateLimited(wait) = self {
            // Whole seconds, rounded up: a client that waits this long gets through.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
                headers.insert(header::RETRY_AFTER, v);
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, status, message, message_en) = self.resolve();
        let body = Envelope { error: Body { code, message, message_en, details: self.details() } };
        let mut response = (status, Json(body)).into_response();
        self.add_headers(&mut response);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_statuses_are_errors() {
        let table = error_table();
        let mut codes: Vec<_> = table.iter().map(|r| r.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), table.len());
        for (code, status, vi, en) in table {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{code}");
            assert!((400..600).contains(&status), "{code}");
            assert!(!vi.is_empty() && !en.is_empty(), "{code}");
        }
    }

    #[test]
    fn store_errors_map_to_codes() {
        let cases = [
            (StoreError::NotFound("x".into()), Subject::Site(1), "site_not_found"),
            (StoreError::NotFound("x".into()), Subject::Contact(1), "contact_not_found"),
            (StoreError::VersionConflict { expected: 1, current: 2 }, Subject::Other, "version_conflict"),
            (StoreError::DuplicateUrl { url: "u".into(), site_id: 3 }, Subject::Other, "duplicate_url"),
            (StoreError::Reference("r".into()), Subject::Other, "reference_invalid"),
            (StoreError::Exists("q → u".into()), Subject::Other, "best_bet_exists"),
            (StoreError::Invalid(DomainError::field("name", "x")), Subject::Other, "validation_failed"),
            (StoreError::Corrupt("bad row".into()), Subject::Other, "internal"),
        ];
        for (e, subject, code) in cases {
            assert_eq!(ApiError::from_store(e, subject).code().as_str(), code);
        }
    }
}
