//! Where the embedded queue keeps its envelopes in the embedded store: each sent envelope stays
//! in `queue_pending` under `(queue, sequence)` until it is delivered (then removed) or
//! dead-lettered (then moved to `queue_dead`, in the same redb transaction), so what was not
//! delivered before a restart is delivered after it, and dead letters stay for an operator
//! (with the last error and the deliveries they took) until redriven: moved back to
//! `queue_pending` under a new sequence number, in one transaction.

use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::store::{QUEUE_DEAD, QUEUE_PENDING, Store};
use crate::ports::queue::{Envelope, QueueError, QueueName};
use crate::ports::table::TableError;

/// An envelope and its place in the store.
#[derive(Clone, Debug)]
pub(super) struct Parcel {
    pub queue: QueueName,
    pub seq: u64,
    pub envelope: Envelope,
}

/// A dead-lettered parcel, with why and after how many deliveries.
#[derive(Clone, Debug)]
pub(super) struct DeadParcel {
    pub parcel: Parcel,
    pub error: Option<String>,
    pub receive_count: u32,
}

/// How a dead letter is stored (earlier stores held the bare envelope).
#[derive(Serialize, Deserialize)]
struct DeadRecord {
    envelope: Envelope,
    error: Option<String>,
    receive_count: u32,
}

/// What an opened store holds for the queue.
#[derive(Default)]
pub(super) struct Held {
    pub pending: Vec<Parcel>,
    pub dead: Vec<DeadParcel>,
    /// The first unused sequence number.
    pub next_seq: u64,
}

fn unavailable(err: impl std::fmt::Display) -> QueueError {
    QueueError::Unavailable(format!("embedded store: {err}"))
}

fn store_error(err: TableError) -> QueueError {
    match err {
        TableError::Unavailable(reason) => QueueError::Unavailable(reason),
        other => QueueError::Unavailable(other.to_string()),
    }
}

fn queue_named(name: &str) -> Option<QueueName> {
    QueueName::ALL
        .into_iter()
        .find(|queue| queue.as_str() == name)
}

/// Stores `parcels` as pending, all or none.
pub(super) fn add_pending(store: &Store, parcels: &[Parcel]) -> Result<(), QueueError> {
    let txn = store.write().map_err(store_error)?;
    {
        let mut pending = txn.open_table(QUEUE_PENDING).map_err(unavailable)?;
        for parcel in parcels {
            let json = parcel.envelope.to_json()?;
            pending
                .insert((parcel.queue.as_str(), parcel.seq), json.as_bytes())
                .map_err(unavailable)?;
        }
    }
    txn.commit().map_err(unavailable)
}

/// Forgets a delivered parcel.
pub(super) fn remove_pending(store: &Store, parcel: &Parcel) -> Result<(), QueueError> {
    let txn = store.write().map_err(store_error)?;
    txn.open_table(QUEUE_PENDING)
        .map_err(unavailable)?
        .remove((parcel.queue.as_str(), parcel.seq))
        .map_err(unavailable)?;
    txn.commit().map_err(unavailable)
}

/// Moves a parcel whose deliveries all failed from pending to the dead letters.
pub(super) fn move_to_dead(store: &Store, dead: &DeadParcel) -> Result<(), QueueError> {
    let record = DeadRecord {
        envelope: dead.parcel.envelope.clone(),
        error: dead.error.clone(),
        receive_count: dead.receive_count,
    };
    let json = serde_json::to_string(&record).map_err(unavailable)?;
    let key = (dead.parcel.queue.as_str(), dead.parcel.seq);
    let txn = store.write().map_err(store_error)?;
    {
        let mut pending = txn.open_table(QUEUE_PENDING).map_err(unavailable)?;
        pending.remove(key).map_err(unavailable)?;
        let mut dead = txn.open_table(QUEUE_DEAD).map_err(unavailable)?;
        dead.insert(key, json.as_bytes()).map_err(unavailable)?;
    }
    txn.commit().map_err(unavailable)
}

/// Moves dead letters back to the pending envelopes as `fresh` (their new sequence numbers),
/// all or none.
pub(super) fn revive(store: &Store, dead: &[Parcel], fresh: &[Parcel]) -> Result<(), QueueError> {
    let txn = store.write().map_err(store_error)?;
    {
        let mut table = txn.open_table(QUEUE_DEAD).map_err(unavailable)?;
        for parcel in dead {
            table
                .remove((parcel.queue.as_str(), parcel.seq))
                .map_err(unavailable)?;
        }
        let mut pending = txn.open_table(QUEUE_PENDING).map_err(unavailable)?;
        for parcel in fresh {
            let json = parcel.envelope.to_json()?;
            pending
                .insert((parcel.queue.as_str(), parcel.seq), json.as_bytes())
                .map_err(unavailable)?;
        }
    }
    txn.commit().map_err(unavailable)
}

/// A stored dead letter: a record, or the bare envelope earlier stores wrote.
fn dead_record(json: &str) -> Result<DeadRecord, QueueError> {
    match serde_json::from_str::<DeadRecord>(json) {
        Ok(record) => Ok(record),
        Err(_) => Ok(DeadRecord {
            envelope: Envelope::from_json(json)?,
            error: None,
            receive_count: 0,
        }),
    }
}

pub(super) fn load(store: &Store) -> Result<Held, QueueError> {
    let txn = store.read().map_err(store_error)?;
    let mut held = Held::default();
    for (definition, dead) in [(QUEUE_PENDING, false), (QUEUE_DEAD, true)] {
        let table = txn.open_table(definition).map_err(unavailable)?;
        for row in table.iter().map_err(unavailable)? {
            let (key, value) = row.map_err(unavailable)?;
            let (name, seq) = key.value();
            held.next_seq = held.next_seq.max(seq.saturating_add(1));
            let Some(queue) = queue_named(name) else {
                tracing::warn!(
                    queue = name,
                    seq,
                    "stored envelope of an unknown queue skipped"
                );
                continue;
            };
            let json = std::str::from_utf8(value.value()).map_err(unavailable)?;
            if dead {
                let record = dead_record(json)?;
                held.dead.push(DeadParcel {
                    parcel: Parcel {
                        queue,
                        seq,
                        envelope: record.envelope,
                    },
                    error: record.error,
                    receive_count: record.receive_count,
                });
            } else {
                held.pending.push(Parcel {
                    queue,
                    seq,
                    envelope: Envelope::from_json(json)?,
                });
            }
        }
    }
    Ok(held)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use async_trait::async_trait;
    use time::macros::datetime;

    use super::super::queue::{DeliveryPolicy, EmbeddedQueue};
    use super::super::store::Storage;
    use super::*;
    use crate::ports::clock::ManualClock;
    use crate::ports::queue::{ConsumeError, Consumer, Queue};

    fn envelope(name: &str) -> Envelope {
        let clock = ManualClock::at(datetime!(2026-11-21 12:00 UTC));
        Envelope {
            message_type: name.to_owned(),
            version: 1,
            id: crate::ids::EventId::generate(&clock),
            occurred_at: datetime!(2026-11-21 12:00 UTC),
            payload: serde_json::json!({ "name": name }),
        }
    }

    /// Records what it receives; fails every delivery when `fail` is set.
    #[derive(Default)]
    struct Probe {
        fail: bool,
        received: Mutex<Vec<Envelope>>,
        deliveries: AtomicU32,
    }

    #[async_trait]
    impl Consumer for Probe {
        async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
            self.deliveries.fetch_add(1, Ordering::SeqCst);
            if self.fail {
                return Err(ConsumeError::Permanent("refused".to_owned()));
            }
            self.received.lock().expect("lock").push(envelope);
            Ok(())
        }
    }

    fn policy() -> DeliveryPolicy {
        DeliveryPolicy {
            max_receive_count: 2,
            retry_delay: Duration::ZERO,
        }
    }

    #[tokio::test]
    async fn pending_messages_and_dead_letters_survive_a_restart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Durable(dir.path().join("table.redb"));
        let (first, second, poison) = (envelope("first"), envelope("second"), envelope("poison"));
        {
            let queue =
                EmbeddedQueue::open(policy(), Store::open(&storage).expect("open")).expect("queue");
            let failing = Arc::new(Probe {
                fail: true,
                ..Probe::default()
            });
            queue.register(QueueName::Email, failing.clone());
            queue.send(QueueName::Email, &poison).await.expect("send");
            queue
                .send_batch(QueueName::Jobs, &[first.clone(), second.clone()])
                .await
                .expect("send");
            queue.settle().await;
            assert_eq!(failing.deliveries.load(Ordering::SeqCst), 2);
            assert_eq!(queue.waiting(QueueName::Jobs).len(), 2);
        }

        let store = Store::open(&storage).expect("reopen");
        let queue = EmbeddedQueue::open(policy(), store.clone()).expect("queue");
        assert_eq!(
            queue.waiting(QueueName::Jobs),
            vec![first.clone(), second.clone()]
        );
        assert_eq!(queue.dead_letters(QueueName::Email), vec![poison.clone()]);
        let probe = Arc::new(Probe::default());
        queue.register(QueueName::Jobs, probe.clone());
        queue.settle().await;
        let mut received = probe.received.lock().expect("lock").clone();
        received.sort_by(|a, b| a.message_type.cmp(&b.message_type));
        assert_eq!(received, vec![first, second]);
        assert!(queue.waiting(QueueName::Jobs).is_empty());

        let held = load(&store).expect("load");
        assert!(held.pending.is_empty(), "delivered messages are forgotten");
        assert_eq!(held.dead.len(), 1);
        assert_eq!(held.dead[0].parcel.envelope, poison);
        assert!(
            held.next_seq > held.dead[0].parcel.seq,
            "new parcels never reuse a stored key"
        );
    }
}
