use ketnoi_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("không tìm thấy {0}")]
    NotFound(String),
    /// A versioned write named a version that is no longer current.
    #[error("dữ liệu đã bị thay đổi (phiên bản hiện tại {current}, yêu cầu {expected})")]
    VersionConflict { expected: i64, current: i64 },
    #[error("địa chỉ {url} đã được đăng ký cho trang/cổng số {site_id}")]
    DuplicateUrl { url: String, site_id: i64 },
    /// A record with the same natural key exists already (a best bet for the same query and URL).
    #[error("đã tồn tại: {0}")]
    Exists(String),
    /// A reference to a unit or site that does not exist.
    #[error("{0}")]
    Reference(String),
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Database(#[source] sqlx::Error),
    #[error("không áp dụng được migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Stored data that does not parse: a bug or a hand-edited database.
    #[error("dữ liệu lưu trữ bị hỏng: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_foreign_key_violation()
        {
            return StoreError::Reference("tham chiếu tới đơn vị hoặc trang không tồn tại".into());
        }
        StoreError::Database(e)
    }
}
