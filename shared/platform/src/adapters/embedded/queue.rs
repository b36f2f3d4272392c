//! The embedded Queue: delivers each envelope to the consumer registered for its queue on a
//! background task, retrying failures up to the max receive count, then moving the envelope to
//! the queue's dead-letter list — the same contract SQS + a redrive policy gives the Lambdas.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Notify;

use crate::ports::queue::{Consumer, Envelope, Queue, QueueError, QueueName};

/// How deliveries are retried.
#[derive(Clone, Copy, Debug)]
pub struct DeliveryPolicy {
    /// Deliveries before an envelope goes to the dead-letter list (the template's maxReceiveCount).
    pub max_receive_count: u32,
    /// Wait between deliveries (the visibility timeout, shortened for local use).
    pub retry_delay: Duration,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        Self {
            max_receive_count: 5,
            retry_delay: Duration::from_millis(200),
        }
    }
}

/// An in-process queue with consumers, retries and dead letters.
#[derive(Clone)]
pub struct EmbeddedQueue {
    inner: Arc<Inner>,
}

struct Inner {
    policy: DeliveryPolicy,
    consumers: Mutex<HashMap<QueueName, Arc<dyn Consumer>>>,
    waiting: Mutex<HashMap<QueueName, Vec<Envelope>>>,
    dead_letters: Mutex<HashMap<QueueName, Vec<Envelope>>>,
    in_flight: AtomicUsize,
    settled: Notify,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl EmbeddedQueue {
    pub fn new(policy: DeliveryPolicy) -> Self {
        Self {
            inner: Arc::new(Inner {
                policy,
                consumers: Mutex::new(HashMap::new()),
                waiting: Mutex::new(HashMap::new()),
                dead_letters: Mutex::new(HashMap::new()),
                in_flight: AtomicUsize::new(0),
                settled: Notify::new(),
            }),
        }
    }

    /// Registers the consumer of a queue and delivers what was waiting for it.
    pub fn register(&self, queue: QueueName, consumer: Arc<dyn Consumer>) {
        lock(&self.inner.consumers).insert(queue, consumer);
        let waiting = lock(&self.inner.waiting).remove(&queue).unwrap_or_default();
        for envelope in waiting {
            self.dispatch(queue, envelope);
        }
    }

    /// Envelopes sent to a queue that has no consumer yet.
    pub fn waiting(&self, queue: QueueName) -> Vec<Envelope> {
        lock(&self.inner.waiting)
            .get(&queue)
            .cloned()
            .unwrap_or_default()
    }

    /// Envelopes whose deliveries all failed.
    pub fn dead_letters(&self, queue: QueueName) -> Vec<Envelope> {
        lock(&self.inner.dead_letters)
            .get(&queue)
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until no delivery is in progress.
    pub async fn settle(&self) {
        loop {
            let notified = self.inner.settled.notified();
            if self.inner.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }

    fn dispatch(&self, queue: QueueName, envelope: Envelope) {
        let consumer = lock(&self.inner.consumers).get(&queue).cloned();
        let Some(consumer) = consumer else {
            lock(&self.inner.waiting)
                .entry(queue)
                .or_default()
                .push(envelope);
            return;
        };
        self.inner.in_flight.fetch_add(1, Ordering::SeqCst);
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            inner.deliver(queue, consumer, envelope).await;
            if inner.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
                inner.settled.notify_waiters();
            }
        });
    }
}

impl Inner {
    async fn deliver(&self, queue: QueueName, consumer: Arc<dyn Consumer>, envelope: Envelope) {
        for receive_count in 1..=self.policy.max_receive_count {
            match consumer.consume(envelope.clone()).await {
                Ok(()) => return,
                Err(err) => {
                    tracing::warn!(queue = queue.as_str(), message_id = %envelope.id, receive_count, error = %err, "delivery failed");
                    if receive_count < self.policy.max_receive_count {
                        tokio::time::sleep(self.policy.retry_delay).await;
                    }
                }
            }
        }
        tracing::error!(queue = queue.as_str(), message_id = %envelope.id, "message moved to the dead-letter list");
        lock(&self.dead_letters)
            .entry(queue)
            .or_default()
            .push(envelope);
    }
}

#[async_trait]
impl Queue for EmbeddedQueue {
    async fn send(&self, queue: QueueName, envelope: &Envelope) -> Result<(), QueueError> {
        self.dispatch(queue, envelope.clone());
        Ok(())
    }

    async fn send_batch(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError> {
        for envelope in envelopes {
            self.dispatch(queue, envelope.clone());
        }
        Ok(())
    }
}
