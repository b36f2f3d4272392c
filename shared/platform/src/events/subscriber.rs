//! The subscriber side of domain events: a subscriber names itself and the event types it
//! reacts to, and answers an event with the writes of its reaction, which the dispatcher
//! commits in one transaction with the subscriber's guard.

use async_trait::async_trait;

use crate::ports::queue::Envelope;
use crate::ports::table::{MAX_TRANSACTION_WRITES, TableError, Write};

/// Writes one subscriber's reaction to one event leaves, committed all or nothing.
#[derive(Debug, Default)]
pub struct Reaction {
    pub writes: Vec<Write>,
}

impl Reaction {
    /// A reaction that changes nothing (the event did not concern this subscriber).
    pub fn nothing() -> Self {
        Self::default()
    }

    pub fn writes(writes: Vec<Write>) -> Self {
        Self { writes }
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
