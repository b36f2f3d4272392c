//! The subscriber side of domain events: a subscriber names itself and the event types it
//! reacts to, and answers an event with the writes of its reaction, which the dispatcher
//! commits in one transaction with the subscriber's guard, and the messages it queues (an
//! email), which the dispatcher sends first, under ids made from the event's so that a
//! redelivery sends the same envelopes and their idempotent consumers act once.

use async_trait::async_trait;

use crate::ports::queue::{Envelope, Message, QueueError, QueueName};
use crate::ports::table::{MAX_TRANSACTION_WRITES, TableError, Write};

/// Writes one subscriber's reaction to one event leaves, committed all or nothing, and the
/// messages it queues.
#[derive(Debug, Default)]
pub struct Reaction {
    pub writes: Vec<Write>,
    /// Sent before the writes commit; each envelope's id must come from the event's
    /// ([`Envelope::derived`]), so a redelivered event queues the same envelopes again.
    pub messages: Vec<(QueueName, Envelope)>,
}

impl Reaction {
    /// A reaction that changes nothing (the event did not concern this subscriber).
    pub fn nothing() -> Self {
        Self::default()
    }

    pub fn writes(writes: Vec<Write>) -> Self {
        Self {
            writes,
            messages: Vec::new(),
        }
    }

    /// Also queues `message` on `queue`, as the `n`th message of this reaction to `event`.
    pub fn queue<M: Message>(
        mut self,
        queue: QueueName,
        event: &Envelope,
        subscriber: &str,
        message: &M,
    ) -> Result<Self, ReactError> {
        let n = self.messages.len();
        let envelope = Envelope::derived(message, event, &format!("{subscriber}.{n}"))
            .map_err(|err| ReactError::Permanent(err.to_string()))?;
        self.messages.push((queue, envelope));
        Ok(self)
    }

    /// The most writes a reaction may have: one transaction also holds the guard.
    pub const MAX_WRITES: usize = MAX_TRANSACTION_WRITES - 1;
}

/// Why a subscriber could not react.
#[derive(Debug, thiserror::Error)]
pub enum ReactError {
    /// Retrying may succeed (the table was unavailable, a concurrent change).
    #[error("transient: {0}")]
    Transient(String),
    /// The event cannot be handled (an unknown version, a malformed payload).
    #[error("permanent: {0}")]
    Permanent(String),
}

impl From<QueueError> for ReactError {
    fn from(err: QueueError) -> Self {
        match err {
            QueueError::Malformed(message) => Self::Permanent(message),
            other => Self::Transient(other.to_string()),
        }
    }
}

impl From<TableError> for ReactError {
    fn from(err: TableError) -> Self {
        match err {
            TableError::InvalidRequest(message) => Self::Permanent(message),
            other => Self::Transient(other.to_string()),
        }
    }
}

/// One area's reaction to other areas' events. Implementations live in the area that reacts;
/// the events worker lists them all in one place.
#[async_trait]
pub trait Subscriber: Send + Sync {
    /// A stable name: part of the guard key, so renaming a subscriber redelivers old events.
    fn name(&self) -> &'static str;
    /// The event types (`transaction.recorded`, ...) it reacts to.
    fn event_types(&self) -> &'static [&'static str];
    /// The writes of its reaction to `event`. Reading is allowed; writing is not: every change
    /// goes into the returned reaction so it commits once, with the guard.
    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError>;
}
