//! Saved embeddable boxes: a box's configuration, kept so a portal can embed it by id and its
//! owner can edit it later with the box's edit key.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Page, Result};

/// A saved box configuration. The store keeps the spec as opaque JSON text
/// (its meaning belongs to the ketnoi-boxes crate) and the hash of the box's edit key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredBox {
    pub id: i64,
    /// JSON text, stored verbatim.
    pub spec: String,
    /// Hex SHA-256 of the edit key; never serialised, so no answer can leak it.
    #[serde(skip)]
    pub edit_key_hash: String,
    /// 1 on create, +1 on every update.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait BoxStore: Send + Sync {
    async fn box_create(&self, spec: &str, edit_key_hash: &str) -> Result<StoredBox>;
    /// None when there is no such box (never created or deleted).
    async fn box_get(&self, id: i64) -> Result<Option<StoredBox>>;
    /// Replaces the spec and bumps the version. `expected = Some(v)` and the current version is not v
    /// → [`StoreError::VersionConflict`](crate::StoreError::VersionConflict) `{ expected, current }`;
    /// no such box → [`StoreError::NotFound`](crate::StoreError::NotFound).
    /// Atomic: one conditional UPDATE, no partial write.
    async fn box_update(&self, id: i64, expected: Option<i64>, spec: &str) -> Result<StoredBox>;
    /// Deletes for good; [`StoreError::NotFound`](crate::StoreError::NotFound) when there is no such box.
    async fn box_delete(&self, id: i64) -> Result<()>;
    /// Newest first (by id desc), with the total count.
    async fn box_list(&self, limit: i64, offset: i64) -> Result<Page<StoredBox>>;
}
