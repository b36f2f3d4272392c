//! The Blobs port: object storage with streaming reads and presigned, expiring URLs.
//!
//! A presigned upload fixes the object's content type and exact length in the signature, so
//! a client cannot upload something larger or of another type than the service allowed.

use std::pin::Pin;

use async_trait::async_trait;
use bytes::Bytes;
use futures::Stream;
use time::{Duration, OffsetDateTime};

/// Longest validity of a presigned URL (S3's limit for SigV4 is 7 days; we stay well below).
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::hours(12);

/// A stream of an object's bytes.
pub type BlobStream = Pin<Box<dyn Stream<Item = Result<Bytes, BlobError>> + Send>>;

/// What `head` knows about an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobMeta {
    pub size: u64,
    pub content_type: String,
}

/// An object being read.
pub struct Blob {
    pub meta: BlobMeta,
    pub body: BlobStream,
}

impl Blob {
    /// Reads the whole body into memory (for small objects and tests).
    pub async fn collect(self) -> Result<Bytes, BlobError> {
        use futures::TryStreamExt;
        let chunks: Vec<Bytes> = self.body.try_collect().await?;
        Ok(chunks.concat().into())
    }

    /// The first `len` bytes (fewer if the object is shorter), reading no further.
    pub async fn prefix(mut self, len: usize) -> Result<Bytes, BlobError> {
        use futures::StreamExt;
        let mut prefix = Vec::with_capacity(len);
        while prefix.len() < len {
            let Some(chunk) = self.body.next().await else {
                break;
            };
            let chunk = chunk?;
            let wanted = (len - prefix.len()).min(chunk.len());
            prefix.extend_from_slice(&chunk[..wanted]);
        }
        Ok(prefix.into())
    }
}

/// What a presigned upload allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadPolicy {
    pub content_type: String,
    pub content_length: u64,
    pub expires_in: Duration,
}

/// What a presigned download allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadPolicy {
    pub expires_in: Duration,
    /// When set, the response carries `Content-Disposition: attachment` with this file name,
    /// so a browser saves the file instead of showing it.
    pub attachment: Option<String>,
}

/// A request the client makes directly against the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedRequest {
    pub method: String,
    pub url: String,
    /// Headers the client must send exactly as given.
    pub headers: Vec<(String, String)>,
    pub expires_at: OffsetDateTime,
}

/// Failures of the Blobs port.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BlobError {
    #[error("invalid blob request: {0}")]
    InvalidRequest(String),
    #[error("blob store unavailable: {0}")]
    Unavailable(String),
}

/// Checks an object key: relative, no `..` segments, printable, at most 1024 bytes (S3's limit).
pub fn check_key(key: &str) -> Result<(), BlobError> {
    let valid = !key.is_empty()
        && key.len() <= 1024
        && !key.starts_with('/')
        && key
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
        && key.chars().all(|c| !c.is_control() && c != '\\');
    if valid {
        Ok(())
    } else {
        Err(BlobError::InvalidRequest(format!(
            "invalid object key {key:?}"
        )))
    }
}

/// The `Content-Disposition` value that makes a browser save a download as `filename`: an ASCII
/// fallback (`filename=`, other characters, quotes and backslashes as `_`) and the exact name
/// in RFC 5987 encoding (`filename*=UTF-8''…`).
pub fn attachment_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(filename.len());
    for byte in filename.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// Checks a presign expiry is positive and within [`MAX_PRESIGN_EXPIRY`].
pub fn check_expiry(expires_in: Duration) -> Result<(), BlobError> {
    if expires_in.is_positive() && expires_in <= MAX_PRESIGN_EXPIRY {
        Ok(())
    } else {
        Err(BlobError::InvalidRequest(format!(
            "presign expiry must be within 1s..={MAX_PRESIGN_EXPIRY}"
        )))
    }
}

/// Object storage.
#[async_trait]
pub trait Blobs: Send + Sync {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError>;
    /// Opens an object for streaming; `None` when it does not exist.
    async fn get(&self, key: &str) -> Result<Option<Blob>, BlobError>;
    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError>;
    /// Deletes an object; deleting a missing object succeeds.
    async fn delete(&self, key: &str) -> Result<(), BlobError>;
    /// The keys of up to `limit` objects whose keys start with `prefix` (in no set order: delete
    /// what it answers and ask again to go through them all).
    async fn list(&self, prefix: &str, limit: usize) -> Result<Vec<String>, BlobError>;
    /// Copies an object with its content type inside the store (no bytes pass through the
    /// caller), replacing any object at `to`; `false` when `from` does not exist.
    async fn copy(&self, from: &str, to: &str) -> Result<bool, BlobError>;
    /// A URL the client can PUT exactly this object to until it expires.
    async fn presign_put(
        &self,
        key: &str,
        policy: &UploadPolicy,
    ) -> Result<PresignedRequest, BlobError>;
    /// A URL the client can GET the object from until it expires.
    async fn presign_get(
        &self,
        key: &str,
        policy: &DownloadPolicy,
    ) -> Result<PresignedRequest, BlobError>;
    /// Checks that the store answers and holds the bucket (the readiness probe).
    async fn ping(&self) -> Result<(), BlobError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_could_escape_or_confuse_are_refused() {
        for key in [
            "",
            "/abs",
            "a/../b",
            "a//b",
            "a/./b",
            "back\\slash",
            "nul\u{0}",
        ] {
            assert!(check_key(key).is_err(), "{key:?} should be refused");
        }
        for key in ["a", "users/01H/receipt.pdf", "tmp/x-1.csv"] {
            assert!(check_key(key).is_ok(), "{key:?} should be accepted");
        }
    }

    #[test]
    fn attachment_names_are_quoted_safely_and_kept_exactly() {
        assert_eq!(
            attachment_disposition("statement.csv"),
            "attachment; filename=\"statement.csv\"; filename*=UTF-8''statement.csv"
        );
        assert_eq!(
            attachment_disposition("r\u{e9}sum\u{e9} \"q\".pdf"),
            "attachment; filename=\"r_sum_ _q_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22q%22.pdf"
        );
    }

    #[test]
    fn presign_expiry_is_bounded() {
        assert!(check_expiry(Duration::ZERO).is_err());
        assert!(check_expiry(Duration::minutes(15)).is_ok());
        assert!(check_expiry(Duration::days(2)).is_err());
    }
}
