//! Request and response bodies of the /v1/files routes.

use ferrofin_files::{FileId, FileRecord, FileStatus, Purpose};
use ferrofin_platform::http::PresignedView;
use ferrofin_platform::http::text_schemas::file_name;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A file the caller is about to upload.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"filename": "march-2026.csv", "content_type": "text/csv", "size": 48213, "purpose": "import"}))]
pub struct DeclareFile {
    /// The name to show and to save a download as (1 to 255 characters, no `/` or `\`).
    #[schema(schema_with = file_name::<255>)]
    pub filename: String,
    /// The type the upload must be sent with. `import` and `statement`: CSV or OFX/QFX
    /// (`text/csv`, `text/plain`, `application/csv`, `application/x-ofx`, `application/ofx`,
    /// `application/vnd.intu.qfx`, `application/x-qfx`); `document`: `application/pdf`,
    /// `image/png`, `image/jpeg`, `text/plain`, `text/csv`.
    #[schema(schema_with = content_types)]
    pub content_type: String,
    /// Exact size in bytes: at most 100 MiB for `import`, 25 MiB for `statement`, 10 MiB for
    /// `document`.
    #[schema(minimum = 1, maximum = 104_857_600)]
    pub size: u64,
    pub purpose: Purpose,
}

/// `content_type`: one of the types some purpose accepts (which purpose takes which is the
/// server's rule between the two fields).
fn content_types() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Purpose::all_content_types()))
        .build()
        .into()
}

/// A file as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    #[schema(value_type = String)]
    pub id: FileId,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub purpose: Purpose,
    pub status: FileStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
}

impl From<FileRecord> for FileView {
    fn from(file: FileRecord) -> Self {
        Self {
            id: file.id,
            filename: file.filename,
            content_type: file.content_type,
            size: file.size,
            purpose: file.purpose,
            status: file.status,
            created_at: file.created_at,
            completed_at: file.completed_at,
        }
    }
}

/// A declared file and how to upload its bytes; then call `POST /v1/files/{id}/complete`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadView {
    pub file: FileView,
    pub upload: PresignedView,
}
