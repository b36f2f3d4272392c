//! The Blobs conformance suite, including real HTTP requests to presigned URLs.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use ferrofin_platform::ports::blobs::{Blobs, PresignedRequest, UploadPolicy};
use time::Duration;

/// Performs a presigned request the way a client app would.
#[async_trait]
pub trait PresignedClient: Send + Sync {
    /// Sends the request with its headers and body; returns the status and body.
    async fn execute(&self, request: &PresignedRequest, body: Option<Bytes>) -> (u16, Bytes);
}

/// A blob store under test and a client for its presigned URLs.
pub struct BlobsSubject {
    pub blobs: Arc<dyn Blobs>,
    pub client: Arc<dyn PresignedClient>,
}

/// Bytes larger than one streaming chunk, with a recognisable pattern.
fn sample(len: usize) -> Bytes {
    (0..len)
        .map(|i| (i % 251) as u8)
        .collect::<Vec<u8>>()
        .into()
}

pub async fn get_streams_back_the_bytes_and_type_put_stored(subject: &BlobsSubject) {
    let body = sample(200 * 1024);
    subject
        .blobs
        .put("users/u1/statement.csv", body.clone(), "text/csv")
        .await
        .expect("put");
    let blob = subject
        .blobs
        .get("users/u1/statement.csv")
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(blob.meta.content_type, "text/csv");
    assert_eq!(blob.meta.size, body.len() as u64);
    assert_eq!(blob.collect().await.expect("read"), body);
}

pub async fn head_and_get_of_a_missing_object_are_none(subject: &BlobsSubject) {
    assert!(
        subject
            .blobs
            .head("users/u1/missing.pdf")
            .await
            .expect("head")
            .is_none()
    );
    assert!(
        subject
            .blobs
            .get("users/u1/missing.pdf")
            .await
            .expect("get")
            .is_none()
    );
}

pub async fn delete_removes_and_deleting_a_missing_object_succeeds(subject: &BlobsSubject) {
    subject
        .blobs
        .put("tmp/x.txt", Bytes::from_static(b"x"), "text/plain")
        .await
        .expect("put");
    let meta = subject
        .blobs
        .head("tmp/x.txt")
        .await
        .expect("head")
        .expect("exists");
    assert_eq!(meta.size, 1);
    subject.blobs.delete("tmp/x.txt").await.expect("delete");
    assert!(
        subject
            .blobs
            .head("tmp/x.txt")
            .await
            .expect("head")
            .is_none()
    );
    subject
        .blobs
        .delete("tmp/x.txt")
        .await
        .expect("delete missing");
}

pub async fn a_presigned_put_uploads_what_the_store_then_serves(subject: &BlobsSubject) {
    let body = sample(4096);
    let policy = UploadPolicy {
        content_type: "application/pdf".to_owned(),
        content_length: body.len() as u64,
        expires_in: Duration::minutes(5),
    };
    let request = subject
        .blobs
        .presign_put("users/u2/receipt.pdf", &policy)
        .await
        .expect("presign");
    assert_eq!(request.method, "PUT");
    assert!(
        request
            .headers
            .iter()
            .any(|(name, value)| name == "content-type" && value == "application/pdf")
    );
    let (status, _) = subject.client.execute(&request, Some(body.clone())).await;
    assert_eq!(status, 200);
    let blob = subject
        .blobs
        .get("users/u2/receipt.pdf")
        .await
        .expect("get")
        .expect("uploaded");
    assert_eq!(blob.meta.content_type, "application/pdf");
    assert_eq!(blob.collect().await.expect("read"), body);
}

pub async fn a_presigned_get_downloads_the_object(subject: &BlobsSubject) {
    let body = sample(1000);
    subject
        .blobs
        .put("users/u3/export.json", body.clone(), "application/json")
        .await
        .expect("put");
    let request = subject
        .blobs
        .presign_get("users/u3/export.json", Duration::minutes(5))
        .await
        .expect("presign");
    assert_eq!(request.method, "GET");
    let (status, downloaded) = subject.client.execute(&request, None).await;
    assert_eq!(status, 200);
    assert_eq!(downloaded, body);
}

pub async fn presigning_refuses_bad_keys_and_expiries(subject: &BlobsSubject) {
    assert!(
        subject
            .blobs
            .presign_get("../etc/passwd", Duration::minutes(5))
            .await
            .is_err()
    );
    assert!(
        subject
            .blobs
            .presign_get("ok/key", Duration::days(30))
            .await
            .is_err()
    );
    let policy = UploadPolicy {
        content_type: "text/plain".to_owned(),
        content_length: 1,
        expires_in: Duration::ZERO,
    };
    assert!(subject.blobs.presign_put("ok/key", &policy).await.is_err());
}
