//! A file record: what was declared, where the object lives, and whether it is ready.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use ferrofin_platform::ids::UserId;

use crate::ids::FileId;
use crate::keys;
use crate::purpose::Purpose;

/// Whether the object has been uploaded and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Declared; the upload has not been confirmed. Removed after a day if it never is.
    Pending,
    /// Uploaded, checked against the declaration, and available.
    Ready,
}

/// A user's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    pub id: FileId,
    pub user_id: UserId,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub purpose: Purpose,
    pub status: FileStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
}

impl FileRecord {
    /// Where a completed file's bytes are.
    pub fn object_key(&self) -> String {
        keys::object(&self.user_id, &self.id)
    }

    /// Where the client uploads the bytes before completing the file.
    pub fn upload_key(&self) -> String {
        keys::upload_object(&self.user_id, &self.id)
    }
}
