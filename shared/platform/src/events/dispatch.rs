//! Hands one event to each subscriber of its type, exactly once per (event id, subscriber):
//! the subscriber's writes and its guard commit in one transaction, so a redelivery finds the
//! guard and changes nothing. When every subscriber has handled the event it is marked
//! delivered.

use std::sync::Arc;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::outbox;
use super::subscriber::{ReactError, Reaction, Subscriber};
use crate::keys;
use crate::ports::clock::Clock;
use crate::ports::queue::{Envelope, Queue};
use crate::ports::table::{Condition, Table, TableError, Write, to_record};

/// How long a guard outlives its event: longer than any redelivery (stream retention is 24 h,
/// a DLQ keeps messages for 14 days).
pub const GUARD_RETENTION: Duration = Duration::days(30);

/// Why an event was not (fully) delivered.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("subscriber {subscriber} failed: {error}")]
    Subscriber {
        subscriber: &'static str,
        error: ReactError,
    },
    #[error("table: {0}")]
    Table(#[from] TableError),
}

impl DeliveryError {
    /// Whether retrying the delivery may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Subscriber { error, .. } => matches!(error, ReactError::Transient(_)),
            Self::Table(err) => !matches!(err, TableError::InvalidRequest(_)),
        }
    }
}

#[derive(Serialize)]
struct Handled<'a> {
    event_type: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    handled_at: OffsetDateTime,
}

/// The subscribers of every event type, over the table they write to.
#[derive(Clone)]
pub struct Dispatcher {
    table: Arc<dyn Table>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
    subscribers: Arc<Vec<Arc<dyn Subscriber>>>,
}

impl Dispatcher {
    pub fn new(
        table: Arc<dyn Table>,
        queue: Arc<dyn Queue>,
        clock: Arc<dyn Clock>,
        subscribers: Vec<Arc<dyn Subscriber>>,
    ) -> Self {
        Self {
            table,
            queue,
            clock,
            subscribers: Arc::new(subscribers),
        }
    }

    /// Delivers `event` to each of its subscribers, then marks it delivered. Safe to repeat.
    pub async fn deliver(&self, event: &Envelope) -> Result<(), DeliveryError> {
        for subscriber in self.subscribers.iter() {
            if subscriber
                .event_types()
                .contains(&event.message_type.as_str())
            {
                self.deliver_to(subscriber.as_ref(), event).await?;
            }
        }
        outbox::mark_delivered(self.table.as_ref(), event, self.clock.now()).await?;
        Ok(())
    }

    async fn deliver_to(
        &self,
        subscriber: &dyn Subscriber,
        event: &Envelope,
    ) -> Result<(), DeliveryError> {
        let failed = |error| DeliveryError::Subscriber {
            subscriber: subscriber.name(),
            error,
        };
        let guard_key = keys::event_handled(&event.id, subscriber.name());
        if self.table.get(&guard_key).await?.is_some() {
            return Ok(());
        }
        let Reaction {
            mut writes,
            messages,
        } = subscriber.react(event).await.map_err(failed)?;
        if writes.len() > Reaction::MAX_WRITES {
            return Err(failed(ReactError::Permanent(format!(
                "a reaction may have at most {} writes, got {}",
                Reaction::MAX_WRITES,
                writes.len()
            ))));
        }
        // Before the commit: a failure here retries the reaction; a commit that fails after it
        // sends the same envelopes again, which their consumers deduplicate.
        for (queue, envelope) in &messages {
            self.queue
                .send(*queue, envelope)
                .await
                .map_err(|err| failed(err.into()))?;
        }
        let now = self.clock.now();
        let guard = to_record(
            &Handled {
                event_type: &event.message_type,
                handled_at: now,
            },
            &guard_key,
            Some(now + GUARD_RETENTION),
        )?;
        let guard_at = writes.len();
        writes.push(Write::Put {
            item: guard,
            condition: Condition::NotExists,
        });
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            // A concurrent delivery of the same event got there first.
            Err(TableError::ConditionFailed { at: Some(at) }) if at == guard_at => Ok(()),
            // The subscriber's own condition failed: the state changed under it; react again.
            Err(TableError::ConditionFailed { .. }) => Err(failed(ReactError::Transient(
                "the state changed while reacting".to_owned(),
            ))),
            Err(err) => Err(err.into()),
        }
    }
}
