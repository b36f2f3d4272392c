//! The Queue conformance suite: what is sent arrives, once, as the same envelope.

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::ports::queue::{Envelope, Message, Queue, QueueName};
use serde::{Deserialize, Serialize};
use time::macros::datetime;

/// Reads what reached a queue.
#[async_trait]
pub trait QueueProbe: Send + Sync {
    /// Waits (boundedly) until `count` envelopes have arrived on `queue`, and returns them.
    async fn received(&self, queue: QueueName, count: usize) -> Vec<Envelope>;
}

/// A queue under test and a way to see what arrived.
pub struct QueueSubject {
    pub queue: Arc<dyn Queue>,
    pub probe: Arc<dyn QueueProbe>,
    /// The folder a durable adapter keeps its file in, removed with the subject.
    pub data_dir: Option<tempfile::TempDir>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ImportRequested {
    import_id: String,
    rows: u32,
}

impl Message for ImportRequested {
    const TYPE: &'static str = "import.requested";
    const VERSION: u32 = 1;
}

fn envelope(rows: u32) -> Envelope {
    let clock = ManualClock::at(datetime!(2026-11-21 12:00 UTC));
    Envelope::wrap(
        &ImportRequested {
            import_id: format!("imp-{rows}"),
            rows,
        },
        &clock,
    )
    .expect("wrap")
}

pub async fn a_sent_envelope_arrives_unchanged(subject: &QueueSubject) {
    let sent = envelope(7);
    subject
        .queue
        .send(QueueName::Jobs, &sent)
        .await
        .expect("send");
    let received = subject.probe.received(QueueName::Jobs, 1).await;
    assert_eq!(received, vec![sent.clone()]);
    assert_eq!(received[0].open::<ImportRequested>().expect("open").rows, 7);
}

/// The readiness check: a reachable queue answers, and nothing is sent.
pub async fn a_reachable_queue_answers_its_ping(subject: &QueueSubject) {
    subject.queue.ping().await.expect("ping");
    subject
        .queue
        .send(QueueName::Jobs, &envelope(1))
        .await
        .expect("send");
    let received = subject.probe.received(QueueName::Jobs, 1).await;
    assert_eq!(
        received.len(),
        1,
        "the ping sent nothing: only the envelope arrives"
    );
}

pub async fn a_batch_larger_than_ten_arrives_whole(subject: &QueueSubject) {
    let sent: Vec<Envelope> = (0..25).map(envelope).collect();
    subject
        .queue
        .send_batch(QueueName::Email, &sent)
        .await
        .expect("send batch");
    let mut received = subject.probe.received(QueueName::Email, 25).await;
    received.sort_by_key(|e| e.open::<ImportRequested>().expect("open").rows);
    assert_eq!(received, sent);
}
