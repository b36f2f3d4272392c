//! The QueueAdmin port: what an operator sees of a queue (messages waiting, in flight, dead
//! letters), the dead letters themselves, and their redrive to the queue they came from.
//!
//! On SQS a dead letter knows no error (the worker logged it with the message id) and its
//! receive count is the dead-letter queue's; the embedded queue keeps the last error and the
//! deliveries it took.

use async_trait::async_trait;
use serde::Serialize;
use utoipa::ToSchema;

use super::queue::{QueueError, QueueName};
use crate::ids::EventId;

/// Most dead letters one listing or one redrive handles.
pub const MAX_DEAD_LETTERS: usize = 100;

/// Counts of one queue (approximate on SQS).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct QueueStats {
    pub queue: QueueName,
    /// Messages waiting to be received.
    pub depth: u64,
    /// Messages received and not yet deleted (being processed).
    pub in_flight: u64,
    /// Messages in the queue's dead-letter queue.
    pub dead_letters: u64,
}

/// One message in a dead-letter queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct DeadLetter {
    /// The envelope's type, e.g. `email.send`.
    pub message_type: String,
    /// The envelope's id.
    #[schema(value_type = String)]
    pub id: EventId,
    /// Why the last delivery failed, when the queue knows.
    pub error: Option<String>,
    pub receive_count: u32,
}

/// Which dead letters a redrive moves back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redrive {
    /// Every dead letter (up to [`MAX_DEAD_LETTERS`] a call).
    All,
    /// The dead letters with these envelope ids.
    Only(Vec<EventId>),
}

impl Redrive {
    pub fn includes(&self, id: &EventId) -> bool {
        match self {
            Self::All => true,
            Self::Only(ids) => ids.contains(id),
        }
    }
}

/// Operates the queues.
#[async_trait]
pub trait QueueAdmin: Send + Sync {
    async fn stats(&self, queue: QueueName) -> Result<QueueStats, QueueError>;
    /// Up to `limit` (at most [`MAX_DEAD_LETTERS`]) dead letters of the queue, oldest first.
    async fn dead_letters(
        &self,
        queue: QueueName,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError>;
    /// Sends the chosen dead letters back to their queue and answers how many moved.
    async fn redrive(&self, queue: QueueName, which: &Redrive) -> Result<usize, QueueError>;
}
