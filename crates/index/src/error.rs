use thiserror::Error;

#[derive(Debug, Error)]
pub enum IndexError {
    #[error("chỉ mục tìm kiếm: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("không mở được thư mục chỉ mục {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("một tiến trình khác đang ghi chỉ mục {0} (mỗi chỉ mục chỉ có một bộ ghi)")]
    Busy(String),
    #[error("chỉ mục được mở chỉ để đọc")]
    ReadOnly,
    #[error("tài liệu không hợp lệ: {0}")]
    InvalidDocument(String),
}
