//! Behaviour only the embedded adapters have to show here: the local blob server's signature
//! checks (S3's are AWS's own), and the in-process queue's retries and dead letters (in AWS,
//! SQS and the redrive policy in template.yaml do this).

use ferrofin_platform::ports::queue_admin::{QueueAdmin, Redrive};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use ferrofin_platform::adapters::embedded::{DeliveryPolicy, EmbeddedQueue};
use ferrofin_platform::ports::blobs::{Blobs, UploadPolicy};
use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Queue, QueueName};
use ferrofin_tests::conformance::blobs::PresignedClient;
use ferrofin_tests::embedded_subjects::{blobs_with_clock, test_clock};
use time::macros::datetime;

fn upload_policy(length: u64) -> UploadPolicy {
    UploadPolicy {
        content_type: "text/csv".to_owned(),
        content_length: length,
        expires_in: time::Duration::minutes(5),
    }
}

#[tokio::test]
async fn a_tampered_presigned_url_is_refused() {
    let (blobs, client) = blobs_with_clock(test_clock());
    let mut request = blobs
        .presign_put("users/u/a.csv", &upload_policy(3))
        .await
        .expect("presign");
    request.url = request
        .url
        .replace("users%2Fu%2Fa.csv", "users%2Fother%2Fa.csv");
    let response = client
        .execute(&request, Some(Bytes::from_static(b"a,b")))
        .await;
    assert_eq!(
        response.status,
        403,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert!(
        blobs
            .head("users/other/a.csv")
            .await
            .expect("head")
            .is_none()
    );
}

#[tokio::test]
async fn an_expired_presigned_url_is_refused() {
    let clock = test_clock();
    let (blobs, client) = blobs_with_clock(clock.clone());
    let request = blobs
        .presign_put("users/u/b.csv", &upload_policy(3))
        .await
        .expect("presign");
    clock.advance(time::Duration::minutes(6));
    let response = client
        .execute(&request, Some(Bytes::from_static(b"a,b")))
        .await;
    assert_eq!(response.status, 403);
}

#[tokio::test]
async fn an_upload_of_another_type_or_size_than_signed_is_refused() {
    let (blobs, client) = blobs_with_clock(test_clock());
    let request = blobs
        .presign_put("users/u/c.csv", &upload_policy(3))
        .await
        .expect("presign");
    let response = client
        .execute(&request, Some(Bytes::from_static(b"a,b,c,d")))
        .await;
    assert_eq!(response.status, 403, "a larger body than signed");
    let mut other_type = request.clone();
    for (name, value) in &mut other_type.headers {
        if name == "content-type" {
            *value = "text/html".to_owned();
        }
    }
    let response = client
        .execute(&other_type, Some(Bytes::from_static(b"a,b")))
        .await;
    assert_eq!(response.status, 403, "another content type than signed");
    assert!(blobs.head("users/u/c.csv").await.expect("head").is_none());
}

/// Fails the first `failures` deliveries, then succeeds; counts deliveries.
struct Flaky {
    failures: u32,
    deliveries: AtomicU32,
}

#[async_trait]
impl Consumer for Flaky {
    async fn consume(&self, _envelope: Envelope) -> Result<(), ConsumeError> {
        let delivery = self.deliveries.fetch_add(1, Ordering::SeqCst) + 1;
        if delivery <= self.failures {
            Err(ConsumeError::Transient(format!(
                "delivery {delivery} fails"
            )))
        } else {
            Ok(())
        }
    }
}

fn ping() -> Envelope {
    let clock = ManualClock::at(datetime!(2026-11-21 12:00 UTC));
    Envelope {
        message_type: "ping".to_owned(),
        version: 1,
        id: ferrofin_platform::ids::EventId::generate(&clock),
        occurred_at: datetime!(2026-11-21 12:00 UTC),
        payload: serde_json::json!({}),
    }
}

fn queue() -> EmbeddedQueue {
    EmbeddedQueue::new(DeliveryPolicy {
        max_receive_count: 3,
        retry_delay: Duration::ZERO,
    })
}

#[tokio::test]
async fn a_failing_delivery_is_retried_until_it_succeeds() {
    let queue = queue();
    let consumer = Arc::new(Flaky {
        failures: 2,
        deliveries: AtomicU32::new(0),
    });
    queue.register(QueueName::Jobs, consumer.clone());
    queue.send(QueueName::Jobs, &ping()).await.expect("send");
    queue.settle().await;
    assert_eq!(consumer.deliveries.load(Ordering::SeqCst), 3);
    assert!(queue.dead_letters(QueueName::Jobs).is_empty());
}

#[tokio::test]
async fn a_poison_message_ends_in_the_dead_letter_list_after_max_receives() {
    let queue = queue();
    let consumer = Arc::new(Flaky {
        failures: u32::MAX,
        deliveries: AtomicU32::new(0),
    });
    queue.register(QueueName::Email, consumer.clone());
    let poison = ping();
    queue.send(QueueName::Email, &poison).await.expect("send");
    queue.settle().await;
    assert_eq!(consumer.deliveries.load(Ordering::SeqCst), 3);
    assert_eq!(queue.dead_letters(QueueName::Email), vec![poison]);
}

#[tokio::test]
async fn messages_wait_for_a_consumer_and_are_delivered_when_it_registers() {
    let queue = queue();
    queue.send(QueueName::Jobs, &ping()).await.expect("send");
    assert_eq!(queue.waiting(QueueName::Jobs).len(), 1);
    let consumer = Arc::new(Flaky {
        failures: 0,
        deliveries: AtomicU32::new(0),
    });
    queue.register(QueueName::Jobs, consumer.clone());
    queue.settle().await;
    assert!(queue.waiting(QueueName::Jobs).is_empty());
    assert_eq!(consumer.deliveries.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_embedded_queue_admin_counts_lists_and_redrives_dead_letters() {
    let queue = queue();
    let consumer = Arc::new(Flaky {
        failures: 3,
        deliveries: AtomicU32::new(0),
    });
    queue.send(QueueName::Jobs, &ping()).await.expect("send");
    let waiting = QueueAdmin::stats(&queue, QueueName::Jobs)
        .await
        .expect("stats");
    assert_eq!(
        (waiting.depth, waiting.dead_letters),
        (1, 0),
        "no consumer yet"
    );
    queue.register(QueueName::Jobs, consumer.clone());
    queue.settle().await;
    let stats = QueueAdmin::stats(&queue, QueueName::Jobs)
        .await
        .expect("stats");
    assert_eq!(
        (stats.depth, stats.in_flight, stats.dead_letters),
        (0, 0, 1)
    );
    let dead = QueueAdmin::dead_letters(&queue, QueueName::Jobs, 10)
        .await
        .expect("dead letters");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].message_type, "ping");
    assert_eq!(dead[0].receive_count, 3);
    assert!(
        dead[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("fails")),
        "{dead:?}"
    );
    let dead_id = dead[0].id.clone();
    let unknown = Redrive::Only(vec![ping().id]);
    assert_eq!(
        queue
            .redrive(QueueName::Jobs, &unknown)
            .await
            .expect("redrive"),
        0
    );
    let moved = queue
        .redrive(QueueName::Jobs, &Redrive::Only(vec![dead_id]))
        .await
        .expect("redrive");
    assert_eq!(moved, 1);
    queue.settle().await;
    assert!(
        queue.dead_letters(QueueName::Jobs).is_empty(),
        "delivered this time"
    );
    assert_eq!(consumer.deliveries.load(Ordering::SeqCst), 4);
    assert_eq!(
        queue
            .redrive(QueueName::Jobs, &Redrive::All)
            .await
            .expect("redrive"),
        0
    );
}
