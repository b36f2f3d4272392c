//! The file service: declare an upload (a pending record and a presigned request that fixes
//! type and size), complete it (the uploaded object checked against the declaration and its
//! first bytes against the type, then moved out of the uploads prefix that the bucket's
//! lifecycle rule empties), list, read, download (a presigned, expiring attachment URL) and
//! delete (objects, then record). Every operation starts from the caller's own record, so no
//! file id, object key or URL of another user is ever reached.

use std::sync::Arc;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::blobs::{
    BlobMeta, Blobs, DownloadPolicy, PresignedRequest, UploadPolicy,
};
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Position, Table, TableError, from_record, to_record,
};
use ferrofin_platform::records::page_under;
use time::Duration;

use crate::error::FileError;
use crate::file::{FileRecord, FileStatus};
use crate::ids::FileId;
use crate::keys;
use crate::sniff::{SNIFF_LEN, matches};
use crate::upload::Upload;

/// How long a presigned upload stays valid.
pub const UPLOAD_VALIDITY: Duration = Duration::minutes(15);
/// How long a presigned download stays valid.
pub const DOWNLOAD_VALIDITY: Duration = Duration::hours(1);
/// How long a declared file waits for its upload before its record expires (the bucket's
/// lifecycle rule removes uploads never completed after the same time).
pub const PENDING_LIFETIME: Duration = Duration::days(1);

/// A declared file and the request that uploads its bytes.
#[derive(Debug)]
pub struct DeclaredUpload {
    pub file: FileRecord,
    pub upload: PresignedRequest,
}

#[derive(Clone)]
pub struct Files {
    table: Arc<dyn Table>,
    blobs: Arc<dyn Blobs>,
    clock: Arc<dyn Clock>,
}

impl Files {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            blobs: state.blobs.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Records a pending file and answers the presigned upload for exactly its type and size.
    pub async fn declare(
        &self,
        user_id: &UserId,
        upload: Upload,
    ) -> Result<DeclaredUpload, FileError> {
        let now = self.clock.now();
        let file = FileRecord {
            id: FileId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            filename: upload.filename,
            content_type: upload.content_type,
            size: upload.size,
            purpose: upload.purpose,
            status: FileStatus::Pending,
            created_at: now,
            completed_at: None,
        };
        let policy = UploadPolicy {
            content_type: file.content_type.clone(),
            content_length: file.size,
            expires_in: UPLOAD_VALIDITY,
        };
        let upload = self.blobs.presign_put(&file.upload_key(), &policy).await?;
        let item = to_record(
            &file,
            &keys::file(user_id, &file.id),
            Some(now + PENDING_LIFETIME),
        )?;
        self.table.put(item, Condition::NotExists).await?;
        Ok(DeclaredUpload { file, upload })
    }

    /// Confirms the upload: the object exists with the declared size and type and its first
    /// bytes fit the type; then it is moved to the file's key. A mismatching upload is removed
    /// (the file stays pending, so the client can declare again). Completing a ready file
    /// answers it unchanged; a completion cut short (object moved, record not yet changed)
    /// finishes when retried.
    pub async fn complete(
        &self,
        user_id: &UserId,
        file_id: &FileId,
    ) -> Result<FileRecord, FileError> {
        let file = self.get(user_id, file_id).await?;
        if file.status == FileStatus::Ready {
            return Ok(file);
        }
        if let Some(uploaded) = self.blobs.head(&file.upload_key()).await? {
            self.check_upload(&file, &uploaded).await?;
            self.blobs
                .copy(&file.upload_key(), &file.object_key())
                .await?;
            self.blobs.delete(&file.upload_key()).await?;
        } else if self.blobs.head(&file.object_key()).await?.is_none() {
            return Err(FileError::NotUploaded);
        }
        self.mark_ready(file).await
    }

    /// Checks the upload against the declaration; removes it if it does not match.
    async fn check_upload(&self, file: &FileRecord, meta: &BlobMeta) -> Result<(), FileError> {
        let key = file.upload_key();
        let problem = if meta.size != file.size {
            Some(format!(
                "{} bytes were uploaded, {} were declared",
                meta.size, file.size
            ))
        } else if meta.content_type != file.content_type {
            Some(format!(
                "the object's type is {}, {} was declared",
                meta.content_type, file.content_type
            ))
        } else {
            let prefix = self
                .blobs
                .get(&key)
                .await?
                .ok_or(FileError::NotUploaded)?
                .prefix(SNIFF_LEN)
                .await?;
            (!matches(&file.content_type, &prefix))
                .then(|| format!("the content is not {}", file.content_type))
        };
        match problem {
            None => Ok(()),
            Some(problem) => {
                self.blobs.delete(&key).await?;
                Err(FileError::Mismatch(problem))
            }
        }
    }

    async fn mark_ready(&self, mut file: FileRecord) -> Result<FileRecord, FileError> {
        let (user_id, file_id) = (file.user_id.clone(), file.id.clone());
        file.status = FileStatus::Ready;
        file.completed_at = Some(self.clock.now());
        let item = to_record(&file, &keys::file(&user_id, &file_id), None)?;
        let still_pending = Condition::Equals {
            name: "status".to_owned(),
            value: AttributeValue::S("pending".to_owned()),
        };
        match self.table.put(item, still_pending).await {
            Ok(()) => Ok(file),
            // A concurrent complete won (answer its result) or a delete did (not found).
            Err(TableError::ConditionFailed { .. }) => self.get(&user_id, &file_id).await,
            Err(err) => Err(err.into()),
        }
    }

    /// One of the caller's files.
    pub async fn get(&self, user_id: &UserId, file_id: &FileId) -> Result<FileRecord, FileError> {
        let item = self
            .table
            .get(&keys::file(user_id, file_id))
            .await?
            .ok_or(FileError::NotFound)?;
        Ok(from_record(item)?)
    }

    /// A ready file of the caller (what another area reads before it opens the object).
    pub async fn ready(&self, user_id: &UserId, file_id: &FileId) -> Result<FileRecord, FileError> {
        let file = self.get(user_id, file_id).await?;
        match file.status {
            FileStatus::Ready => Ok(file),
            FileStatus::Pending => Err(FileError::NotReady),
        }
    }

    /// One page of the caller's files, newest first.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<FileRecord>, Option<Position>), FileError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::FILE_PREFIX,
            true,
            limit,
            start_after,
        )
        .await?)
    }

    /// A presigned request that downloads a ready file as an attachment with its name.
    pub async fn download(
        &self,
        user_id: &UserId,
        file_id: &FileId,
    ) -> Result<PresignedRequest, FileError> {
        let file = self.ready(user_id, file_id).await?;
        let policy = DownloadPolicy {
            expires_in: DOWNLOAD_VALIDITY,
            attachment: Some(file.filename.clone()),
        };
        Ok(self.blobs.presign_get(&file.object_key(), &policy).await?)
    }

    /// Deletes the objects, then the record (so a failure in between leaves a record to retry
    /// the delete with, never an object without one).
    pub async fn delete(&self, user_id: &UserId, file_id: &FileId) -> Result<(), FileError> {
        let file = self.get(user_id, file_id).await?;
        self.blobs.delete(&file.upload_key()).await?;
        self.blobs.delete(&file.object_key()).await?;
        self.table
            .delete(&keys::file(user_id, file_id), Condition::Always)
            .await?;
        Ok(())
    }
}
