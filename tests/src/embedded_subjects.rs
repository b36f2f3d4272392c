//! Conformance subjects built on the embedded adapters, in both storage modes: in memory, and
//! durable (a redb file in a temporary folder).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, header};
use bytes::Bytes;
use ferrofin_platform::adapters::embedded::{
    DeliveryPolicy, EmbeddedBlobs, EmbeddedQueue, EmbeddedTable, OutboxMailer, Storage, Store,
    blob_routes,
};
use ferrofin_platform::ports::blobs::PresignedRequest;
use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, QueueName};
use http_body_util::BodyExt;
use tempfile::TempDir;
use time::macros::datetime;
use tower::ServiceExt;

use crate::conformance::blobs::{BlobsSubject, PresignedClient, PresignedResponse};
use crate::conformance::mailer::{MailProbe, MailerSubject, SentMail};
use crate::conformance::queue::{QueueProbe, QueueSubject};
use crate::conformance::table::TableSubject;

/// Base URL the embedded blob store signs for.
pub const BLOB_BASE_URL: &str = "http://127.0.0.1:3000";

/// How long probes wait for something to arrive.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

pub fn test_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC)))
}

pub async fn table() -> TableSubject {
    let clock = test_clock();
    TableSubject {
        table: Arc::new(EmbeddedTable::new(clock.clone())),
        clock,
        data_dir: None,
    }
}

/// A temporary folder and the durable storage in it.
pub fn durable_storage() -> (TempDir, Storage) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let storage = Storage::durable_in(folder.path());
    (folder, storage)
}

pub async fn durable_table() -> TableSubject {
    let clock = test_clock();
    let (folder, storage) = durable_storage();
    TableSubject {
        table: Arc::new(EmbeddedTable::open(&storage, clock.clone()).expect("durable table")),
        clock,
        data_dir: Some(folder),
    }
}

/// Sends presigned requests to the local blob routes in-process.
pub struct LocalBlobClient {
    router: axum::Router,
    _folder: TempDir,
}

#[async_trait]
impl PresignedClient for LocalBlobClient {
    async fn execute(&self, request: &PresignedRequest, body: Option<Bytes>) -> PresignedResponse {
        let path = request
            .url
            .strip_prefix(BLOB_BASE_URL)
            .expect("a local presigned URL");
        let mut builder = Request::builder().method(request.method.as_str()).uri(path);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let request = builder
            .body(body.map(Body::from).unwrap_or_default())
            .expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        PresignedResponse {
            status: response.status().as_u16(),
            content_disposition: response
                .headers()
                .get(header::CONTENT_DISPOSITION)
                .map(|value| value.to_str().expect("ASCII header").to_owned()),
            body: response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes(),
        }
    }
}

/// Embedded blobs with the manual clock, and the in-process client of their signed URLs.
pub fn blobs_with_clock(clock: Arc<ManualClock>) -> (Arc<EmbeddedBlobs>, Arc<LocalBlobClient>) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let blobs = Arc::new(EmbeddedBlobs::new(
        folder.path(),
        BLOB_BASE_URL,
        b"blob-secret".to_vec(),
        clock,
    ));
    let client = Arc::new(LocalBlobClient {
        router: ferrofin_platform::http::with_standard_layers(
            blob_routes(blobs.clone()),
            &Default::default(),
        ),
        _folder: folder,
    });
    (blobs, client)
}

pub async fn blobs() -> BlobsSubject {
    let (blobs, client) = blobs_with_clock(test_clock());
    BlobsSubject { blobs, client }
}

/// A consumer that records what it receives.
#[derive(Clone, Default)]
pub struct Recorder {
    received: Arc<Mutex<HashMap<QueueName, Vec<Envelope>>>>,
}

struct RecordingConsumer {
    queue: QueueName,
    recorder: Recorder,
}

#[async_trait]
impl Consumer for RecordingConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        let mut received = self.recorder.received.lock().expect("lock");
        received.entry(self.queue).or_default().push(envelope);
        Ok(())
    }
}

#[async_trait]
impl QueueProbe for Recorder {
    async fn received(&self, queue: QueueName, count: usize) -> Vec<Envelope> {
        let deadline = tokio::time::Instant::now() + PROBE_TIMEOUT;
        loop {
            let received = self
                .received
                .lock()
                .expect("lock")
                .get(&queue)
                .cloned()
                .unwrap_or_default();
            if received.len() >= count || tokio::time::Instant::now() >= deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

const CONFORMANCE_DELIVERY: DeliveryPolicy = DeliveryPolicy {
    max_receive_count: 3,
    retry_delay: Duration::ZERO,
};

pub async fn queue() -> QueueSubject {
    recorded(EmbeddedQueue::new(CONFORMANCE_DELIVERY), None)
}

pub async fn durable_queue() -> QueueSubject {
    let (folder, storage) = durable_storage();
    let store = Store::open(&storage).expect("durable store");
    let queue = EmbeddedQueue::open(CONFORMANCE_DELIVERY, store).expect("durable queue");
    recorded(queue, Some(folder))
}

/// The subject of `queue` with a recording consumer on every queue.
fn recorded(queue: EmbeddedQueue, data_dir: Option<TempDir>) -> QueueSubject {
    let recorder = Recorder::default();
    for name in QueueName::ALL {
        queue.register(
            name,
            Arc::new(RecordingConsumer {
                queue: name,
                recorder: recorder.clone(),
            }),
        );
    }
    QueueSubject {
        queue: Arc::new(queue),
        probe: Arc::new(recorder),
        data_dir,
    }
}

/// Reads the outbox folder.
pub struct OutboxProbe {
    mailer: Arc<OutboxMailer>,
    _folder: TempDir,
}

#[async_trait]
impl MailProbe for OutboxProbe {
    async fn sent(&self) -> Vec<SentMail> {
        self.mailer
            .read_outbox()
            .expect("outbox")
            .into_iter()
            .map(|mail| SentMail {
                to: mail.to,
                subject: mail.subject,
                body: mail.html_body.unwrap_or(mail.text_body),
            })
            .collect()
    }
}

pub async fn mailer() -> MailerSubject {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mailer = Arc::new(OutboxMailer::new(
        folder.path().join("outbox"),
        "no-reply@ferrofin.test",
        test_clock(),
    ));
    MailerSubject {
        mailer: mailer.clone(),
        probe: Arc::new(OutboxProbe {
            mailer,
            _folder: folder,
        }),
    }
}
