//! The Queue port: typed message envelopes sent to named queues, and the consumer side.
//!
//! A message on the wire is the envelope `{type, version, id, occurred_at, payload}`
//! (docs/architecture.md, "Background work"). Consumers must be idempotent: the same envelope id may be delivered twice.

use async_trait::async_trait;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use time::OffsetDateTime;

use super::clock::Clock;
use crate::ids::EventId;

/// Most messages one SQS `SendMessageBatch` accepts; adapters split larger batches.
pub const MAX_SEND_BATCH: usize = 10;

/// The queues Ferrofin uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueName {
    /// Outgoing email, consumed by the email worker.
    Email,
    /// Background jobs (erasing a deleted user's data).
    Jobs,
    /// Statement import steps, consumed by the import worker.
    Imports,
    /// Risk assessments to compute, consumed by the risk worker.
    Risk,
    /// Price and FX-rate fetches, consumed by the prices worker.
    Prices,
}

impl QueueName {
    pub const ALL: [QueueName; 5] = [
        QueueName::Email,
        QueueName::Jobs,
        QueueName::Imports,
        QueueName::Risk,
        QueueName::Prices,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Jobs => "jobs",
            Self::Imports => "imports",
            Self::Risk => "risk",
            Self::Prices => "prices",
        }
    }
}

/// A message type with a stable name and schema version.
pub trait Message: Serialize + DeserializeOwned {
    const TYPE: &'static str;
    const VERSION: u32;
}

/// The typed envelope every queued message travels in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(rename = "type")]
    pub message_type: String,
    pub version: u32,
    pub id: EventId,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub payload: serde_json::Value,
}

impl Envelope {
    /// Wraps a message in a new envelope with a fresh id.
    pub fn wrap<M: Message>(message: &M, clock: &dyn Clock) -> Result<Self, QueueError> {
        Ok(Self {
            message_type: M::TYPE.to_owned(),
            version: M::VERSION,
            id: EventId::generate(clock),
            occurred_at: clock.now(),
            payload: serde_json::to_value(message)
                .map_err(|err| QueueError::Malformed(err.to_string()))?,
        })
    }

    /// Wraps a message caused by `cause` in an envelope whose id is `cause`'s id and `suffix`:
    /// the same cause always makes the same envelope id (consumers deduplicate on it).
    pub fn derived<M: Message>(
        message: &M,
        cause: &Envelope,
        suffix: &str,
    ) -> Result<Self, QueueError> {
        Ok(Self {
            message_type: M::TYPE.to_owned(),
            version: M::VERSION,
            id: EventId::from(format!("{}.{suffix}", cause.id)),
            occurred_at: cause.occurred_at,
            payload: serde_json::to_value(message)
                .map_err(|err| QueueError::Malformed(err.to_string()))?,
        })
    }

    /// Reads the payload as `M`, checking the type name and version.
    pub fn open<M: Message>(&self) -> Result<M, QueueError> {
        if self.message_type != M::TYPE || self.version != M::VERSION {
            return Err(QueueError::Malformed(format!(
                "expected {} v{}, got {} v{}",
                M::TYPE,
                M::VERSION,
                self.message_type,
                self.version
            )));
        }
        serde_json::from_value(self.payload.clone())
            .map_err(|err| QueueError::Malformed(err.to_string()))
    }

    pub fn to_json(&self) -> Result<String, QueueError> {
        serde_json::to_string(self).map_err(|err| QueueError::Malformed(err.to_string()))
    }

    pub fn from_json(body: &str) -> Result<Self, QueueError> {
        serde_json::from_str(body).map_err(|err| QueueError::Malformed(err.to_string()))
    }
}

/// Failures of the Queue port.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueueError {
    #[error("malformed message: {0}")]
    Malformed(String),
    #[error("queue unavailable: {0}")]
    Unavailable(String),
}

/// Sends envelopes to queues.
#[async_trait]
pub trait Queue: Send + Sync {
    async fn send(&self, queue: QueueName, envelope: &Envelope) -> Result<(), QueueError>;
    /// Sends many envelopes, in batches of at most [`MAX_SEND_BATCH`]; fails if any fails.
    async fn send_batch(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError>;
    /// Checks the queues can be reached (readiness).
    async fn ping(&self) -> Result<(), QueueError>;
}

/// Wraps `message` in a new envelope and sends it to `queue`.
pub async fn send_message<M: Message>(
    queue: &dyn Queue,
    name: QueueName,
    message: &M,
    clock: &dyn Clock,
) -> Result<(), QueueError> {
    queue.send(name, &Envelope::wrap(message, clock)?).await
}

/// Why a consumer did not handle a message.
#[derive(Debug, thiserror::Error)]
pub enum ConsumeError {
    /// Worth retrying (a dependency was down).
    #[error("transient failure: {0}")]
    Transient(String),
    /// Will never succeed (unknown type, bad payload); retried anyway until the DLQ takes it.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

/// Handles one message; must be idempotent on `envelope.id`.
#[async_trait]
pub trait Consumer: Send + Sync {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;
    use time::macros::datetime;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Ping {
        n: u32,
    }
    impl Message for Ping {
        const TYPE: &'static str = "ping";
        const VERSION: u32 = 1;
    }

    #[test]
    fn envelope_round_trips_through_json_with_the_wire_field_names() {
        let clock = ManualClock::at(datetime!(2026-03-01 12:00 UTC));
        let envelope = Envelope::wrap(&Ping { n: 7 }, &clock).expect("wrap");
        let json: serde_json::Value =
            serde_json::from_str(&envelope.to_json().expect("json")).expect("parse");
        assert_eq!(json["type"], "ping");
        assert_eq!(json["version"], 1);
        assert_eq!(json["occurred_at"], "2026-03-01T12:00:00Z");
        let back = Envelope::from_json(&json.to_string()).expect("from json");
        assert_eq!(back.open::<Ping>().expect("open"), Ping { n: 7 });
    }

    #[test]
    fn opening_as_the_wrong_type_fails() {
        let clock = ManualClock::at(datetime!(2026-03-01 12:00 UTC));
        let mut envelope = Envelope::wrap(&Ping { n: 1 }, &clock).expect("wrap");
        envelope.version = 2;
        assert!(matches!(
            envelope.open::<Ping>(),
            Err(QueueError::Malformed(_))
        ));
    }
}
