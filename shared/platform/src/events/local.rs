//! Local delivery of domain events (devserver and tests): [`PublishingTable`] wraps the
//! embedded table and hands the outbox items of every committed write to [`LocalEvents`],
//! which delivers each event through the [`Dispatcher`] on a background task, retrying up to
//! the max receive count, then keeping it in a dead-letter list — the contract the stream
//! mapping gives the events worker in AWS. Events committed before a restart and not yet
//! delivered are found in the pending index by [`LocalEvents::resume`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use time::OffsetDateTime;
use tokio::sync::Notify;

use super::dispatch::Dispatcher;
use super::outbox;
use crate::adapters::embedded::DeliveryPolicy;
use crate::ports::queue::Envelope;
use crate::ports::table::{Condition, Item, Key, Page, Query, Table, TableError, Write};

/// Pending events read per page when resuming after a restart.
const RESUME_PAGE: u32 = 100;

/// In-process event delivery with retries and a dead-letter list.
#[derive(Clone)]
pub struct LocalEvents {
    inner: Arc<Inner>,
}

struct Inner {
    policy: DeliveryPolicy,
    /// Deliveries of each event (1; tests set 2 to prove subscribers are idempotent).
    copies: u32,
    dispatcher: Mutex<Option<Dispatcher>>,
    waiting: Mutex<Vec<Envelope>>,
    dead_letters: Mutex<Vec<Envelope>>,
    in_flight: AtomicUsize,
    settled: Notify,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LocalEvents {
    pub fn new(policy: DeliveryPolicy) -> Self {
        Self::with_copies(policy, 1)
    }

    /// Delivers every event `copies` times, concurrently: at-least-once made visible.
    pub fn with_copies(policy: DeliveryPolicy, copies: u32) -> Self {
        Self {
            inner: Arc::new(Inner {
                policy,
                copies: copies.max(1),
                dispatcher: Mutex::new(None),
                waiting: Mutex::new(Vec::new()),
                dead_letters: Mutex::new(Vec::new()),
                in_flight: AtomicUsize::new(0),
                settled: Notify::new(),
            }),
        }
    }

    /// Starts delivering through `dispatcher`, first what was committed before.
    pub fn start(&self, dispatcher: Dispatcher) {
        *lock(&self.inner.dispatcher) = Some(dispatcher);
        let waiting = std::mem::take(&mut *lock(&self.inner.waiting));
        for envelope in waiting {
            self.dispatch(envelope);
        }
    }

    /// Stops delivering: later events wait. Drops the dispatcher, which holds the table that
    /// holds this delivery, so the store can close.
    pub fn stop(&self) {
        lock(&self.inner.dispatcher).take();
    }

    /// Delivers the events a previous run committed but did not deliver.
    pub async fn resume(&self, table: &dyn Table) -> Result<usize, TableError> {
        let mut count = 0;
        let mut start_after = None;
        loop {
            let (events, next) = outbox::pending(table, RESUME_PAGE, start_after).await?;
            count += events.len();
            for envelope in events {
                self.dispatch(envelope);
            }
            match next {
                Some(next) => start_after = Some(next),
                None => return Ok(count),
            }
        }
    }

    /// [`Self::resume`] on a background task; [`Self::settle`] waits for it too.
    pub fn resume_in_background(&self, table: Arc<dyn Table>) {
        self.inner.in_flight.fetch_add(1, Ordering::SeqCst);
        let events = self.clone();
        tokio::spawn(async move {
            if let Err(err) = events.resume(table.as_ref()).await {
                tracing::error!(error = %err, "could not resume the delivery of pending events");
            }
            events.inner.finished_one();
        });
    }

    /// Events whose deliveries all failed.
    pub fn dead_letters(&self) -> Vec<Envelope> {
        lock(&self.inner.dead_letters).clone()
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

    /// Hands the pending outbox items among `written` to delivery.
    fn committed<'a>(&self, written: impl IntoIterator<Item = &'a Item>) {
        for item in written.into_iter().filter(|item| outbox::is_pending(item)) {
            match outbox::envelope_of(item) {
                Ok(envelope) => self.dispatch(envelope),
                Err(err) => tracing::error!(error = %err, "unreadable outbox item"),
            }
        }
    }

    fn dispatch(&self, envelope: Envelope) {
        let dispatcher = lock(&self.inner.dispatcher).clone();
        let Some(dispatcher) = dispatcher else {
            lock(&self.inner.waiting).push(envelope);
            return;
        };
        for _ in 0..self.inner.copies {
            self.inner.in_flight.fetch_add(1, Ordering::SeqCst);
            let inner = Arc::clone(&self.inner);
            let (dispatcher, envelope) = (dispatcher.clone(), envelope.clone());
            tokio::spawn(async move {
                inner.deliver(&dispatcher, envelope).await;
                inner.finished_one();
            });
        }
    }
}

impl Inner {
    fn finished_one(&self) {
        if self.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.settled.notify_waiters();
        }
    }

    async fn deliver(&self, dispatcher: &Dispatcher, envelope: Envelope) {
        for attempt in 1..=self.policy.max_receive_count {
            match dispatcher.deliver(&envelope).await {
                Ok(()) => return,
                Err(err) if err.is_transient() && attempt < self.policy.max_receive_count => {
                    tracing::warn!(event_type = envelope.message_type, event_id = envelope.id.as_str(), attempt, error = %err, "event delivery failed; retrying");
                    tokio::time::sleep(self.policy.retry_delay).await;
                }
                Err(err) => {
                    tracing::error!(event_type = envelope.message_type, event_id = envelope.id.as_str(), attempt, error = %err, "event moved to the dead-letter list");
                    break;
                }
            }
        }
        lock(&self.dead_letters).push(envelope);
    }
}

/// A table that announces its committed outbox items to [`LocalEvents`], as DynamoDB Streams
/// does for the table in AWS.
pub struct PublishingTable {
    table: Arc<dyn Table>,
    events: LocalEvents,
}

impl PublishingTable {
    pub fn new(table: Arc<dyn Table>, events: LocalEvents) -> Self {
        Self { table, events }
    }
}

#[async_trait]
impl Table for PublishingTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError> {
        self.table.get(key).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, TableError> {
        self.table.get_many(keys).await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError> {
        let announce = outbox::is_pending(&item).then(|| item.clone());
        self.table.put(item, condition).await?;
        self.events.committed(announce.iter());
        Ok(())
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError> {
        self.table.delete(key, condition).await
    }

    async fn query(&self, query: Query) -> Result<Page, TableError> {
        self.table.query(query).await
    }

    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        self.table
            .increment(key, attribute, delta, expires_at)
            .await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError> {
        let announce: Vec<Item> = writes
            .iter()
            .filter_map(|write| match write {
                Write::Put { item, .. } if outbox::is_pending(item) => Some(item.clone()),
                _ => None,
            })
            .collect();
        self.table.transact(writes).await?;
        self.events.committed(announce.iter());
        Ok(())
    }

    fn max_transaction_writes(&self) -> usize {
        self.table.max_transaction_writes()
    }

    async fn ping(&self) -> Result<(), TableError> {
        self.table.ping().await
    }
}
