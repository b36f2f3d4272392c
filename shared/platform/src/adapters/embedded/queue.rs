//! The embedded Queue: delivers each envelope to the consumer registered for its queue on a
//! background task, retrying failures up to the max receive count, then moving the envelope to
//! the queue's dead-letter list — the same contract SQS + a redrive policy gives the Lambdas.
//! Envelopes live in the embedded store until delivered or dead-lettered (`queue_store`), so a
//! queue opened on a durable store delivers, once its consumer registers, what a previous
//! process sent and did not deliver (at least once: an interrupted delivery is repeated). It is
//! also the QueueAdmin of the devserver: counts per queue, the dead letters with their last
//! error, and their redrive.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Notify;

use super::queue_store::{self, DeadParcel, Held, Parcel};
use super::store::Store;
use crate::ports::queue::{Consumer, Envelope, Queue, QueueError, QueueName};
use crate::ports::queue_admin::{DeadLetter, MAX_DEAD_LETTERS, QueueAdmin, QueueStats, Redrive};

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
    dead_letters: Mutex<HashMap<QueueName, Vec<DeadParcel>>>,
    in_flight: AtomicUsize,
    /// Deliveries in progress per queue.
    in_flight_by_queue: Mutex<HashMap<QueueName, u64>>,
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
        let mut dead_letters: HashMap<QueueName, Vec<DeadParcel>> = HashMap::new();
        for dead in held.dead {
            dead_letters
                .entry(dead.parcel.queue)
                .or_default()
                .push(dead);
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
                in_flight_by_queue: Mutex::new(HashMap::new()),
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
            .map(|dead| dead.iter().map(|d| d.parcel.envelope.clone()).collect())
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

    /// The envelopes as new parcels of `queue`, each with its sequence number.
    fn parcels(&self, queue: QueueName, envelopes: &[Envelope]) -> Vec<Parcel> {
        envelopes
            .iter()
            .map(|envelope| Parcel {
                queue,
                seq: self.inner.next_seq.fetch_add(1, Ordering::SeqCst),
                envelope: envelope.clone(),
            })
            .collect()
    }

    /// Stores the envelopes as pending (all or none), then hands each to its consumer.
    fn send_all(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError> {
        let parcels = self.parcels(queue, envelopes);
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
        let queue = parcel.queue;
        *lock(&self.inner.in_flight_by_queue)
            .entry(queue)
            .or_default() += 1;
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            inner.deliver(consumer, parcel).await;
            if let Some(count) = lock(&inner.in_flight_by_queue).get_mut(&queue) {
                *count = count.saturating_sub(1);
            }
            if inner.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
                inner.settled.notify_waiters();
            }
        });
    }
}

impl Inner {
    async fn deliver(&self, consumer: Arc<dyn Consumer>, parcel: Parcel) {
        let (queue, envelope) = (parcel.queue, &parcel.envelope);
        let mut last_error = None;
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
                    last_error = Some(err.to_string());
                    if receive_count < self.policy.max_receive_count {
                        tokio::time::sleep(self.policy.retry_delay).await;
                    }
                }
            }
        }
        tracing::error!(queue = queue.as_str(), message_id = %envelope.id, "message moved to the dead-letter list");
        crate::metrics::count("DeadLetters", &[("Queue", queue.as_str())]);
        let dead = DeadParcel {
            parcel,
            error: last_error,
            receive_count: self.policy.max_receive_count,
        };
        if let Err(err) = queue_store::move_to_dead(&self.store, &dead) {
            tracing::error!(queue = queue.as_str(), message_id = %dead.parcel.envelope.id, error = %err, "dead letter not stored");
        }
        lock(&self.dead_letters)
            .entry(queue)
            .or_default()
            .push(dead);
    }
}

#[async_trait]
impl QueueAdmin for EmbeddedQueue {
    async fn stats(&self, queue: QueueName) -> Result<QueueStats, QueueError> {
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        Ok(QueueStats {
            queue,
            depth: count(self.waiting(queue).len()),
            in_flight: lock(&self.inner.in_flight_by_queue)
                .get(&queue)
                .copied()
                .unwrap_or_default(),
            dead_letters: count(self.dead_letters(queue).len()),
        })
    }

    async fn dead_letters(
        &self,
        queue: QueueName,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError> {
        let dead = lock(&self.inner.dead_letters);
        Ok(dead
            .get(&queue)
            .into_iter()
            .flatten()
            .take(limit.min(MAX_DEAD_LETTERS))
            .map(|dead| DeadLetter {
                message_type: dead.parcel.envelope.message_type.clone(),
                id: dead.parcel.envelope.id.clone(),
                error: dead.error.clone(),
                receive_count: dead.receive_count,
            })
            .collect())
    }

    async fn redrive(&self, queue: QueueName, which: &Redrive) -> Result<usize, QueueError> {
        let revived: Vec<Parcel> = {
            let mut dead = lock(&self.inner.dead_letters);
            let list = dead.entry(queue).or_default();
            let (mut chosen, mut kept) = (Vec::new(), Vec::new());
            for letter in list.drain(..) {
                if chosen.len() < MAX_DEAD_LETTERS && which.includes(&letter.parcel.envelope.id) {
                    chosen.push(letter);
                } else {
                    kept.push(letter);
                }
            }
            let envelopes: Vec<Envelope> =
                chosen.iter().map(|d| d.parcel.envelope.clone()).collect();
            let fresh = self.parcels(queue, &envelopes);
            let old: Vec<Parcel> = chosen.iter().map(|d| d.parcel.clone()).collect();
            if let Err(err) = queue_store::revive(&self.inner.store, &old, &fresh) {
                kept.extend(chosen);
                *list = kept;
                return Err(err);
            }
            *list = kept;
            fresh
        };
        let moved = revived.len();
        for parcel in revived {
            self.dispatch(parcel);
        }
        Ok(moved)
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

    /// In process: reachable while the store is.
    async fn ping(&self) -> Result<(), QueueError> {
        self.inner
            .store
            .read()
            .map(|_| ())
            .map_err(|err| match err {
                crate::ports::table::TableError::Unavailable(reason) => {
                    QueueError::Unavailable(reason)
                }
                other => QueueError::Unavailable(other.to_string()),
            })
    }
}
