//! Embedded Blobs: objects as files under a local folder, with presigned URLs that the
//! devserver's blob routes verify (HMAC signature, expiry, exact content type and length), and
//! the bucket's lifecycle expiration applied on demand ([`EmbeddedBlobs::expire`]). An object's
//! file carries its creation time (by the clock) as its modification time.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::OffsetDateTime;
use tokio::io::AsyncReadExt;

use crate::ports::blobs::{
    Blob, BlobError, BlobMeta, Blobs, DownloadPolicy, PresignedRequest, UploadPolicy, check_expiry,
    check_key,
};
use crate::ports::clock::Clock;

use super::lifecycle::ExpiryRule;

/// Where the devserver serves presigned blob URLs.
pub const LOCAL_BLOBS_PATH: &str = "/_local/blobs";

const CHUNK_SIZE: usize = 64 * 1024;

/// Objects in a local folder: `objects/<key>` holds the bytes, `meta/<key>` the content type.
pub struct EmbeddedBlobs {
    root: PathBuf,
    base_url: String,
    secret: Vec<u8>,
    clock: Arc<dyn Clock>,
}

/// The query string of a presigned local URL.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignedParams {
    pub key: String,
    pub expires: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_length: Option<u64>,
    /// For downloads: the file name to save the object as (`Content-Disposition: attachment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<String>,
    pub signature: String,
}

/// Why a presigned request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SignatureProblem {
    Invalid,
    Expired,
}

impl EmbeddedBlobs {
    /// `base_url` is where the devserver listens (e.g. `http://127.0.0.1:3000`).
    pub fn new(
        root: impl Into<PathBuf>,
        base_url: impl Into<String>,
        secret: Vec<u8>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            root: root.into(),
            base_url: base_url.into(),
            secret,
            clock,
        }
    }

    fn object_path(&self, key: &str) -> Result<PathBuf, BlobError> {
        check_key(key)?;
        Ok(self.root.join("objects").join(key))
    }

    fn meta_path(&self, key: &str) -> Result<PathBuf, BlobError> {
        check_key(key)?;
        Ok(self.root.join("meta").join(key))
    }

    fn signature(&self, method: &str, params: &SignedParams) -> String {
        let mut mac = self.mac();
        mac.update(canonical(method, params).as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable!())
    }

    fn presign(&self, method: &str, mut params: SignedParams) -> PresignedRequest {
        params.signature = self.signature(method, &params);
        let query = serde_urlencoded::to_string(&params).unwrap_or_default();
        let mut headers = Vec::new();
        if let Some(content_type) = &params.content_type {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let Some(length) = params.content_length {
            headers.push(("content-length".to_owned(), length.to_string()));
        }
        PresignedRequest {
            method: method.to_owned(),
            url: format!(
                "{}{LOCAL_BLOBS_PATH}?{query}",
                self.base_url.trim_end_matches('/')
            ),
            headers,
            expires_at: OffsetDateTime::from_unix_timestamp(params.expires)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        }
    }

    /// Checks a presigned request's signature (in constant time) and expiry.
    pub fn verify(&self, method: &str, params: &SignedParams) -> Result<(), SignatureProblem> {
        let mut mac = self.mac();
        mac.update(canonical(method, params).as_bytes());
        let given = URL_SAFE_NO_PAD
            .decode(&params.signature)
            .map_err(|_| SignatureProblem::Invalid)?;
        mac.verify_slice(&given)
            .map_err(|_| SignatureProblem::Invalid)?;
        if params.expires <= self.clock.now().unix_timestamp() {
            return Err(SignatureProblem::Expired);
        }
        Ok(())
    }

    /// Removes every object that has expired by `rules` at the clock's now, as the bucket's
    /// lifecycle does in AWS; answers how many it removed.
    pub async fn expire(&self, rules: &[ExpiryRule]) -> Result<usize, BlobError> {
        let now = self.clock.now();
        let mut removed = 0;
        for rule in rules {
            for key in self.list(rule.prefix, usize::MAX).await? {
                let Some(created) = created_at(&self.object_path(&key)?).await? else {
                    continue;
                };
                if rule.expires_at(created) <= now {
                    self.delete(&key).await?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

fn canonical(method: &str, params: &SignedParams) -> String {
    format!(
        "{method}\n{}\n{}\n{}\n{}\n{}",
        params.key,
        params.expires,
        params.content_type.as_deref().unwrap_or(""),
        params
            .content_length
            .map(|n| n.to_string())
            .unwrap_or_default(),
        params.attachment.as_deref().unwrap_or("")
    )
}

fn io_error(err: std::io::Error) -> BlobError {
    BlobError::Unavailable(err.to_string())
}

async fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BlobError> {
    let temp = temp_beside(path).await?;
    tokio::fs::write(&temp, bytes).await.map_err(io_error)?;
    tokio::fs::rename(&temp, path).await.map_err(io_error)
}

/// A new temporary path next to `path` (its folder created), to write and then rename.
async fn temp_beside(path: &Path) -> Result<PathBuf, BlobError> {
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
    }
    Ok(path.with_extension(format!("tmp-{}", ulid::Ulid::new())))
}

/// Records `created` as the file's modification time: the object's creation time.
async fn stamp_created(path: &Path, created: OffsetDateTime) -> Result<(), BlobError> {
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .await
        .map_err(io_error)?;
    let file = file.into_std().await;
    tokio::task::spawn_blocking(move || file.set_modified(created.into()))
        .await
        .map_err(|err| BlobError::Unavailable(err.to_string()))?
        .map_err(io_error)
}

/// When the object at `path` was created (its file's modification time).
async fn created_at(path: &Path) -> Result<Option<OffsetDateTime>, BlobError> {
    match tokio::fs::metadata(path).await {
        Ok(metadata) => Ok(Some(metadata.modified().map_err(io_error)?.into())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(io_error(err)),
    }
}

async fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, BlobError> {
    match tokio::fs::read(path).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(io_error(err)),
    }
}

async fn remove_if_exists(path: &Path) -> Result<(), BlobError> {
    match tokio::fs::remove_file(path).await {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(io_error(err)),
        _ => Ok(()),
    }
}

#[async_trait]
impl Blobs for EmbeddedBlobs {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError> {
        let path = self.object_path(key)?;
        let temp = temp_beside(&path).await?;
        tokio::fs::write(&temp, &body).await.map_err(io_error)?;
        stamp_created(&temp, self.clock.now()).await?;
        tokio::fs::rename(&temp, &path).await.map_err(io_error)?;
        write_atomically(&self.meta_path(key)?, content_type.as_bytes()).await
    }

    async fn get(&self, key: &str) -> Result<Option<Blob>, BlobError> {
        let Some(meta) = self.head(key).await? else {
            return Ok(None);
        };
        let file = match tokio::fs::File::open(self.object_path(key)?).await {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(io_error(err)),
        };
        let body = futures::stream::try_unfold(file, |mut file| async move {
            let mut chunk = vec![0; CHUNK_SIZE];
            let read = file.read(&mut chunk).await.map_err(io_error)?;
            chunk.truncate(read);
            Ok((read > 0).then(|| (Bytes::from(chunk), file)))
        });
        Ok(Some(Blob {
            meta,
            body: Box::pin(body),
        }))
    }

    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError> {
        let Some(content_type) = read_if_exists(&self.meta_path(key)?).await? else {
            return Ok(None);
        };
        let size = match tokio::fs::metadata(self.object_path(key)?).await {
            Ok(metadata) => metadata.len(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(io_error(err)),
        };
        Ok(Some(BlobMeta {
            size,
            content_type: String::from_utf8_lossy(&content_type).into_owned(),
        }))
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        remove_if_exists(&self.object_path(key)?).await?;
        remove_if_exists(&self.meta_path(key)?).await
    }

    async fn list(&self, prefix: &str, limit: usize) -> Result<Vec<String>, BlobError> {
        let objects = self.root.join("objects");
        // Walk from the deepest folder the prefix names whole, keeping the keys it starts.
        let folder = prefix.rfind('/').map_or("", |at| &prefix[..at]);
        let mut pending = vec![objects.join(folder)];
        let mut keys = Vec::new();
        while let Some(dir) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => return Err(io_error(err)),
            };
            while let Some(entry) = entries.next_entry().await.map_err(io_error)? {
                let path = entry.path();
                if entry.file_type().await.map_err(io_error)?.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Some(key) = path
                    .strip_prefix(&objects)
                    .ok()
                    .and_then(|relative| relative.to_str())
                    .map(|relative| relative.replace(std::path::MAIN_SEPARATOR, "/"))
                else {
                    continue;
                };
                // Objects being written (`<key>.tmp-<id>`) are not objects yet.
                if key.starts_with(prefix) && check_key(&key).is_ok() && !key.contains(".tmp-") {
                    keys.push(key);
                    if keys.len() == limit {
                        return Ok(keys);
                    }
                }
            }
        }
        Ok(keys)
    }

    async fn copy(&self, from: &str, to: &str) -> Result<bool, BlobError> {
        let Some(meta) = self.head(from).await? else {
            return Ok(false);
        };
        let target = self.object_path(to)?;
        let temp = temp_beside(&target).await?;
        match tokio::fs::copy(self.object_path(from)?, &temp).await {
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(err) => return Err(io_error(err)),
        }
        stamp_created(&temp, self.clock.now()).await?;
        tokio::fs::rename(&temp, &target).await.map_err(io_error)?;
        write_atomically(&self.meta_path(to)?, meta.content_type.as_bytes()).await?;
        Ok(true)
    }

    async fn presign_put(
        &self,
        key: &str,
        policy: &UploadPolicy,
    ) -> Result<PresignedRequest, BlobError> {
        check_key(key)?;
        check_expiry(policy.expires_in)?;
        Ok(self.presign(
            "PUT",
            SignedParams {
                key: key.to_owned(),
                expires: (self.clock.now() + policy.expires_in).unix_timestamp(),
                content_type: Some(policy.content_type.clone()),
                content_length: Some(policy.content_length),
                attachment: None,
                signature: String::new(),
            },
        ))
    }

    async fn presign_get(
        &self,
        key: &str,
        policy: &DownloadPolicy,
    ) -> Result<PresignedRequest, BlobError> {
        check_key(key)?;
        check_expiry(policy.expires_in)?;
        Ok(self.presign(
            "GET",
            SignedParams {
                key: key.to_owned(),
                expires: (self.clock.now() + policy.expires_in).unix_timestamp(),
                content_type: None,
                content_length: None,
                attachment: policy.attachment.clone(),
                signature: String::new(),
            },
        ))
    }

    /// The objects folder exists (made if missing) and is a folder.
    async fn ping(&self) -> Result<(), BlobError> {
        let objects = self.root.join("objects");
        tokio::fs::create_dir_all(&objects)
            .await
            .map_err(io_error)?;
        Ok(())
    }
}
