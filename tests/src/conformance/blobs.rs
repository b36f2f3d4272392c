//! The Blobs conformance suite, including real HTTP requests to presigned URLs.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use ferrofin_platform::ports::blobs::{Blobs, DownloadPolicy, PresignedRequest, UploadPolicy};
use time::Duration;

/// What the store answered to a presigned request.
pub struct PresignedResponse {
    pub status: u16,
    pub content_disposition: Option<String>,
    pub body: Bytes,
}

/// Performs a presigned request the way a client app would.
#[async_trait]
pub trait PresignedClient: Send + Sync {
    /// Sends the request with its headers and body.
    async fn execute(&self, request: &PresignedRequest, body: Option<Bytes>) -> PresignedResponse;
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

pub async fn list_answers_the_keys_under_a_prefix_up_to_a_limit(subject: &BlobsSubject) {
    // A prefix of its own: emulated buckets may be shared between tests.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    let root = format!("list-{nanos}/");
    let keys = [
        format!("{root}users/u1/a.txt"),
        format!("{root}users/u1/files/b"),
        format!("{root}users/u10/c.txt"),
        format!("{root}users/u2/d.txt"),
    ];
    for key in &keys {
        subject
            .blobs
            .put(key, Bytes::from_static(b"x"), "text/plain")
            .await
            .expect("put");
    }
    let mut of_u1 = subject
        .blobs
        .list(&format!("{root}users/u1/"), 10)
        .await
        .expect("list");
    of_u1.sort();
    assert_eq!(of_u1, keys[..2], "u10's object is not under u1/");
    let starting_u1 = subject
        .blobs
        .list(&format!("{root}users/u1"), 10)
        .await
        .expect("list");
    assert_eq!(starting_u1.len(), 3, "a prefix need not end at a folder");
    let limited = subject
        .blobs
        .list(&format!("{root}users/"), 2)
        .await
        .expect("list");
    assert_eq!(limited.len(), 2);
    assert!(
        subject
            .blobs
            .list(&format!("{root}nobody/"), 10)
            .await
            .expect("list")
            .is_empty()
    );
    for key in &keys {
        subject.blobs.delete(key).await.expect("delete");
    }
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
    let status = subject
        .client
        .execute(&request, Some(body.clone()))
        .await
        .status;
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
        .presign_get("users/u3/export.json", &download(None))
        .await
        .expect("presign");
    assert_eq!(request.method, "GET");
    let response = subject.client.execute(&request, None).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, body);
    assert_eq!(response.content_disposition, None);
}

pub async fn a_presigned_attachment_download_names_the_file(subject: &BlobsSubject) {
    let body = sample(10);
    subject
        .blobs
        .put("users/u4/statement", body.clone(), "text/csv")
        .await
        .expect("put");
    let request = subject
        .blobs
        .presign_get("users/u4/statement", &download(Some("März 2026.csv")))
        .await
        .expect("presign");
    let response = subject.client.execute(&request, None).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, body);
    assert_eq!(
        response.content_disposition.as_deref(),
        Some("attachment; filename=\"M_rz 2026.csv\"; filename*=UTF-8''M%C3%A4rz%202026.csv")
    );
}

fn download(attachment: Option<&str>) -> DownloadPolicy {
    DownloadPolicy {
        expires_in: Duration::minutes(5),
        attachment: attachment.map(str::to_owned),
    }
}

pub async fn a_copy_has_the_bytes_and_type_of_its_source(subject: &BlobsSubject) {
    let body = sample(70_000);
    subject
        .blobs
        .put("uploads/u5/f1", body.clone(), "application/x-ofx")
        .await
        .expect("put");
    assert!(
        subject
            .blobs
            .copy("uploads/u5/f1", "users/u5/files/f1")
            .await
            .expect("copy")
    );
    let copy = subject
        .blobs
        .get("users/u5/files/f1")
        .await
        .expect("get")
        .expect("the copy");
    assert_eq!(copy.meta.content_type, "application/x-ofx");
    assert_eq!(copy.collect().await.expect("read"), body);
    assert!(
        subject
            .blobs
            .head("uploads/u5/f1")
            .await
            .expect("head")
            .is_some(),
        "the source stays"
    );
    assert!(
        !subject
            .blobs
            .copy("uploads/u5/missing", "users/u5/files/f2")
            .await
            .expect("copy of a missing object")
    );
    assert!(
        subject
            .blobs
            .head("users/u5/files/f2")
            .await
            .expect("head")
            .is_none()
    );
}

pub async fn presigning_refuses_bad_keys_and_expiries(subject: &BlobsSubject) {
    assert!(
        subject
            .blobs
            .presign_get("../etc/passwd", &download(None))
            .await
            .is_err()
    );
    assert!(
        subject
            .blobs
            .presign_get(
                "ok/key",
                &DownloadPolicy {
                    expires_in: Duration::days(30),
                    attachment: None,
                }
            )
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

pub async fn a_reachable_store_answers_its_ping(subject: &BlobsSubject) {
    subject.blobs.ping().await.expect("ping");
    subject
        .blobs
        .put("after/ping.txt", Bytes::from_static(b"ok"), "text/plain")
        .await
        .expect("put after ping");
    assert!(
        subject
            .blobs
            .head("after/ping.txt")
            .await
            .expect("head")
            .is_some()
    );
}
