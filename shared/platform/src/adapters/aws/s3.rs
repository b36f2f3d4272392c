//! The Blobs port on S3. Presigned uploads sign `Content-Type` and `Content-Length`, so S3
//! refuses an upload of another type or size than the one allowed.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::presigning::{PresignedRequest as SdkPresigned, PresigningConfig};
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;
use time::Duration;

use super::describe;
use super::lazy_client::LazyClient;
use crate::ports::blobs::{
    Blob, BlobError, BlobMeta, Blobs, DownloadPolicy, PresignedRequest, UploadPolicy,
    attachment_disposition, check_expiry, check_key,
};
use crate::ports::clock::Clock;

/// An S3 bucket.
pub struct S3Blobs {
    client: LazyClient<Client>,
    bucket: String,
    clock: Arc<dyn Clock>,
}

impl S3Blobs {
    pub fn new(
        client: impl Into<LazyClient<Client>>,
        bucket: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            client: client.into(),
            bucket: bucket.into(),
            clock,
        }
    }

    fn presigning(&self, expires_in: Duration) -> Result<PresigningConfig, BlobError> {
        check_expiry(expires_in)?;
        PresigningConfig::builder()
            .start_time(self.clock.now().into())
            .expires_in(expires_in.unsigned_abs())
            .build()
            .map_err(|err| BlobError::InvalidRequest(err.to_string()))
    }

    fn presigned(&self, request: &SdkPresigned, expires_in: Duration) -> PresignedRequest {
        PresignedRequest {
            method: request.method().to_owned(),
            url: request.uri().to_owned(),
            headers: request
                .headers()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            expires_at: self.clock.now() + expires_in,
        }
    }
}

/// `CopySource`: `<bucket>/<key>`, URL-encoded except for the `/` between segments.
fn copy_source(bucket: &str, key: &str) -> String {
    let mut source = format!("{bucket}/");
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            source.push(char::from(byte));
        } else {
            source.push_str(&format!("%{byte:02X}"));
        }
    }
    source
}

fn blob_error<E, R>(err: SdkError<E, R>) -> BlobError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match err.code() {
        Some("InvalidArgument" | "KeyTooLongError" | "InvalidRequest") => {
            BlobError::InvalidRequest(err.message().unwrap_or_default().to_owned())
        }
        _ => BlobError::Unavailable(describe(&err)),
    }
}

#[async_trait]
impl Blobs for S3Blobs {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError> {
        check_key(key)?;
        self.client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(blob_error)
    }

    async fn get(&self, key: &str) -> Result<Option<Blob>, BlobError> {
        check_key(key)?;
        let output = match self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(output) => output,
            Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                return Ok(None);
            }
            Err(err) => return Err(blob_error(err)),
        };
        let meta = BlobMeta {
            size: output
                .content_length
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or_default(),
            content_type: output.content_type.unwrap_or_default(),
        };
        let body = futures::stream::try_unfold(output.body, |mut body| async move {
            let chunk = body
                .try_next()
                .await
                .map_err(|err| BlobError::Unavailable(describe(&err)))?;
            Ok(chunk.map(|bytes| (bytes, body)))
        });
        Ok(Some(Blob {
            meta,
            body: Box::pin(body),
        }))
    }

    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError> {
        check_key(key)?;
        match self
            .client
            .get()
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(output) => Ok(Some(BlobMeta {
                size: output
                    .content_length
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or_default(),
                content_type: output.content_type.unwrap_or_default(),
            })),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(err) => Err(blob_error(err)),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        check_key(key)?;
        self.client
            .get()
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(blob_error)
    }

    async fn list(&self, prefix: &str, limit: usize) -> Result<Vec<String>, BlobError> {
        let page = self
            .client
            .get()
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .max_keys(i32::try_from(limit.min(1_000)).unwrap_or(1_000))
            .send()
            .await
            .map_err(blob_error)?;
        Ok(page
            .contents()
            .iter()
            .filter_map(|object| object.key().map(str::to_owned))
            .collect())
    }

    async fn copy(&self, from: &str, to: &str) -> Result<bool, BlobError> {
        check_key(from)?;
        check_key(to)?;
        match self
            .client
            .get()
            .copy_object()
            .bucket(&self.bucket)
            .key(to)
            .copy_source(copy_source(&self.bucket, from))
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(err) if err.code() == Some("NoSuchKey") => Ok(false),
            Err(err) => Err(blob_error(err)),
        }
    }

    async fn presign_put(
        &self,
        key: &str,
        policy: &UploadPolicy,
    ) -> Result<PresignedRequest, BlobError> {
        check_key(key)?;
        let length = i64::try_from(policy.content_length)
            .map_err(|_| BlobError::InvalidRequest("content length too large".to_owned()))?;
        let request = self
            .client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(&policy.content_type)
            .content_length(length)
            .presigned(self.presigning(policy.expires_in)?)
            .await
            .map_err(blob_error)?;
        Ok(self.presigned(&request, policy.expires_in))
    }

    async fn presign_get(
        &self,
        key: &str,
        policy: &DownloadPolicy,
    ) -> Result<PresignedRequest, BlobError> {
        check_key(key)?;
        let request = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .set_response_content_disposition(
                policy.attachment.as_deref().map(attachment_disposition),
            )
            .presigned(self.presigning(policy.expires_in)?)
            .await
            .map_err(blob_error)?;
        Ok(self.presigned(&request, policy.expires_in))
    }

    /// `HeadBucket`: the bucket exists and this role may list it.
    async fn ping(&self) -> Result<(), BlobError> {
        self.client
            .get()
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map(|_| ())
            .map_err(|err| BlobError::Unavailable(describe(&err)))
    }
}
