//! The embedded Queue: delivers each envelope to the consumer registered for its queue on a
//! background task, retrying failures up to the max receive count, then moving the envelope to
//! the queue's dead-letter list — the same contract SQS + a redrive policy gives the Lambdas.
//! Envelopes live in the embedded store until delivered or dead-lettered (`queue_store`), so a
//! queue opened on a durable store delivers, once its consumer registers, what a previous
//! process sent and did not deliver (at least once: an interrupted delivery is repeated).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Notify;

use super::queue_store::{self, Held, Parcel};
use super::store::Store;
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
    store: Store,
    next_seq: AtomicU64,
    consumers: Mutex<HashMap<QueueName, Arc<dyn Consumer>>>,
    /// Parcels of queues without a consumer (locked before `consumers` when both are).
    waiting: Mutex<HashMap<QueueName, Vec<Parcel>>>,
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
    /// A queue on its own in-memory store (tests).
    pub fn new(policy: DeliveryPolicy) -> Self {
        Self::with_held(policy, Store::in_memory(), Held::default())
    }

    /// A queue on `store`, holding the envelopes a previous queue on it left pending (they wait
    /// for their consumer) and its dead letters.
    pub fn open(policy: DeliveryPolicy, store: Store) -> Result<Self, QueueError> {
        let held = queue_store::load(&store)?;
        Ok(Self::with_held(policy, store, held))
    }

    fn with_held(policy: DeliveryPolicy, store: Store, held: Held) -> Self {
        let mut waiting: HashMap<QueueName, Vec<Parcel>> = HashMap::new();
        for parcel in held.pending {
            waiting.entry(parcel.queue).or_default().push(parcel);
        }
        let mut dead_letters: HashMap<QueueName, Vec<Envelope>> = HashMap::new();
        for parcel in held.dead {
            dead_letters
                .entry(parcel.queue)
                .or_default()
                .push(parcel.envelope);
        }
        Self {
            inner: Arc::new(Inner {
                policy,
                store,
                next_seq: AtomicU64::new(held.next_seq),
                consumers: Mutex::new(HashMap::new()),
                waiting: Mutex::new(waiting),
                dead_letters: Mutex::new(dead_letters),
                in_flight: AtomicUsize::new(0),
                settled: Notify::new(),
            }),
        }
    }

    /// Registers the consumer of a queue and delivers what was waiting for it.
    pub fn register(&self, queue: QueueName, consumer: Arc<dyn Consumer>) {
        let parcels = {
            let mut waiting = lock(&self.inner.waiting);
            lock(&self.inner.consumers).insert(queue, Arc::clone(&consumer));
            waiting.remove(&queue).unwrap_or_default()
        };
        for parcel in parcels {
            self.spawn_delivery(Arc::clone(&consumer), parcel);
        }
    }

    /// Removes every consumer: deliveries in progress finish, later sends wait (stored). A
    /// consumer usually holds the app state, which holds this queue, so this is how a process
    /// that is done with the queue lets it (and its store, and the file lock) go.
    pub fn unregister_all(&self) {
        let _waiting = lock(&self.inner.waiting);
        lock(&self.inner.consumers).clear();
    }

    /// Envelopes sent to a queue that has no consumer yet.
    pub fn waiting(&self, queue: QueueName) -> Vec<Envelope> {
        lock(&self.inner.waiting)
            .get(&queue)
            .map(|parcels| parcels.iter().map(|p| p.envelope.clone()).collect())
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

    /// Stores the envelopes as pending (all or none), then hands each to its consumer.
    fn send_all(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError> {
        let parcels: Vec<Parcel> = envelopes
            .iter()
            .map(|envelope| Parcel {
                queue,
                seq: self.inner.next_seq.fetch_add(1, Ordering::SeqCst),
                envelope: envelope.clone(),
            })
            .collect();
        queue_store::add_pending(&self.inner.store, &parcels)?;
        for parcel in parcels {
            self.dispatch(parcel);
        }
        Ok(())
    }

    fn dispatch(&self, parcel: Parcel) {
        let consumer = {
            let mut waiting = lock(&self.inner.waiting);
            let consumer = lock(&self.inner.consumers).get(&parcel.queue).cloned();
            match consumer {
                Some(consumer) => consumer,
                None => {
                    waiting.entry(parcel.queue).or_default().push(parcel);
                    return;
                }
            }
        };
        self.spawn_delivery(consumer, parcel);
    }

    fn spawn_delivery(&self, consumer: Arc<dyn Consumer>, parcel: Parcel) {
        self.inner.in_flight.fetch_add(1, Ordering::SeqCst);
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            inner.deliver(consumer, parcel).await;
            if inner.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
                inner.settled.notify_waiters();
            }
        });
    }
}

impl Inner {
    async fn deliver(&self, consumer: Arc<dyn Consumer>, parcel: Parcel) {
        let (queue, envelope) = (parcel.queue, &parcel.envelope);
        for receive_count in 1..=self.policy.max_receive_count {
            match consumer.consume(envelope.clone()).await {
                Ok(()) => {
                    if let Err(err) = queue_store::remove_pending(&self.store, &parcel) {
                        tracing::error!(queue = queue.as_str(), message_id = %envelope.id, error = %err, "delivered message stays stored and will be delivered again");
                    }
                    return;
                }
                Err(err) => {
                    tracing::warn!(queue = queue.as_str(), message_id = %envelope.id, receive_count, error = %err, "delivery failed");
                    if receive_count < self.policy.max_receive_count {
                        tokio::time::sleep(self.policy.retry_delay).await;
                    }
                }
            }
        }
        tracing::error!(queue = queue.as_str(), message_id = %envelope.id, "message moved to the dead-letter list");
        if let Err(err) = queue_store::move_to_dead(&self.store, &parcel) {
            tracing::error!(queue = queue.as_str(), message_id = %envelope.id, error = %err, "dead letter not stored");
        }
        lock(&self.dead_letters)
            .entry(queue)
            .or_default()
            .push(parcel.envelope);
    }
}

#[async_trait]
impl Queue for EmbeddedQueue {
    async fn send(&self, queue: QueueName, envelope: &Envelope) -> Result<(), QueueError> {
        self.send_all(queue, std::slice::from_ref(envelope))
    }

    async fn send_batch(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError> {
        self.send_all(queue, envelopes)
    }
}
