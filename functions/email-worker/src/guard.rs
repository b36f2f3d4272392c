//! The sent-guard that makes the email worker idempotent on the envelope id.
//!
//! Before sending, the worker claims a guard item keyed by the envelope id (`sending`, with a
//! short lease, `Condition::NotExists`); once the mail service accepted the message it marks
//! the guard `sent` for [`SENT_RETENTION`]; when sending fails it deletes the claim so the
//! retry SQS makes can send. A redelivered envelope whose guard is `sent` is acknowledged
//! without sending again. A worker killed mid-send (Lambda timeout) leaves a claim that expires
//! after [`SEND_LEASE`], so a later delivery sends it: a crash can cause one duplicate email at
//! worst, never a lost one.

use ferrofin_platform::ids::EventId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Key, Table, TableError, attr, expiry_value, string_attr,
};
use time::Duration;

/// How long a sent envelope is remembered: longer than SQS keeps a message (4 days here, 14 at
/// most), so any redelivery finds the guard.
pub const SENT_RETENTION: Duration = Duration::days(14);

/// How long a claim blocks other deliveries of the same envelope: longer than one send may take
/// (the Lambda timeout, 10 s), shorter than the queue's visibility timeout (60 s), so the next
/// delivery after a crash finds the claim expired.
pub const SEND_LEASE: Duration = Duration::seconds(30);

const STATUS: &str = "status";
const SENDING: &str = "sending";
const SENT: &str = "sent";

// The guard's key is built here rather than in `ferrofin_platform::keys`: only this worker reads or
// writes it. Its partition prefix `EMAIL_SENT#` is distinct from every prefix listed there.
/// The guard item of one envelope.
pub fn sent_guard_key(envelope_id: &EventId) -> Key {
    Key::new(format!("EMAIL_SENT#{envelope_id}"), "EMAIL_SENT")
}

/// The outcome of claiming an envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This delivery may send.
    Claimed,
    /// An earlier delivery sent it.
    AlreadySent,
    /// Another delivery is sending it right now (or died less than a lease ago).
    InFlight,
}

/// The guard items of the email worker.
pub struct SendGuard<'a> {
    table: &'a dyn Table,
    clock: &'a dyn Clock,
}

impl<'a> SendGuard<'a> {
    pub fn new(table: &'a dyn Table, clock: &'a dyn Clock) -> Self {
        Self { table, clock }
    }

    /// Claims the envelope for sending, unless it was sent or is being sent.
    pub async fn claim(&self, envelope_id: &EventId) -> Result<Claim, TableError> {
        let item = self.item(envelope_id, SENDING, SEND_LEASE);
        match self.table.put(item, Condition::NotExists).await {
            Ok(()) => Ok(Claim::Claimed),
            Err(TableError::ConditionFailed { .. }) => {
                let existing = self.table.get(&sent_guard_key(envelope_id)).await?;
                let sent = existing
                    .as_ref()
                    .and_then(|item| string_attr(item, STATUS).ok())
                    .is_some_and(|status| status == SENT);
                // A claim that expired between the put and the get reads as absent: in flight
                // still, and the next delivery will claim it.
                Ok(if sent {
                    Claim::AlreadySent
                } else {
                    Claim::InFlight
                })
            }
            Err(other) => Err(other),
        }
    }

    /// Records that the envelope was sent.
    pub async fn mark_sent(&self, envelope_id: &EventId) -> Result<(), TableError> {
        let item = self.item(envelope_id, SENT, SENT_RETENTION);
        self.table.put(item, Condition::Always).await
    }

    /// Gives the claim up so a later delivery can send.
    pub async fn release(&self, envelope_id: &EventId) -> Result<(), TableError> {
        self.table
            .delete(&sent_guard_key(envelope_id), Condition::Always)
            .await
    }

    fn item(
        &self,
        envelope_id: &EventId,
        status: &str,
        lifetime: Duration,
    ) -> ferrofin_platform::ports::table::Item {
        let mut item = sent_guard_key(envelope_id).to_item();
        item.insert(STATUS.to_owned(), AttributeValue::S(status.to_owned()));
        item.insert(
            attr::EXPIRES_AT.to_owned(),
            expiry_value(self.clock.now() + lifetime),
        );
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_platform::adapters::embedded::EmbeddedTable;
    use ferrofin_platform::ports::clock::ManualClock;
    use std::sync::Arc;
    use time::macros::datetime;

    fn table_and_clock() -> (EmbeddedTable, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC)));
        (EmbeddedTable::new(clock.clone()), clock)
    }

    #[tokio::test]
    async fn a_second_claim_waits_for_the_first_and_a_sent_envelope_stays_sent() {
        let (table, clock) = table_and_clock();
        let guard = SendGuard::new(&table, clock.as_ref());
        let (e1, e2) = (EventId::from("e1"), EventId::from("e2"));
        assert_eq!(guard.claim(&e1).await, Ok(Claim::Claimed));
        assert_eq!(guard.claim(&e1).await, Ok(Claim::InFlight));
        assert_eq!(guard.claim(&e2).await, Ok(Claim::Claimed));
        guard.mark_sent(&e1).await.expect("mark sent");
        assert_eq!(guard.claim(&e1).await, Ok(Claim::AlreadySent));
        clock.advance(SENT_RETENTION - Duration::seconds(1));
        assert_eq!(guard.claim(&e1).await, Ok(Claim::AlreadySent));
    }

    #[tokio::test]
    async fn a_released_or_abandoned_claim_can_be_claimed_again() {
        let (table, clock) = table_and_clock();
        let guard = SendGuard::new(&table, clock.as_ref());
        let e1 = EventId::from("e1");
        assert_eq!(guard.claim(&e1).await, Ok(Claim::Claimed));
        guard.release(&e1).await.expect("release");
        assert_eq!(guard.claim(&e1).await, Ok(Claim::Claimed));
        clock.advance(SEND_LEASE);
        assert_eq!(guard.claim(&e1).await, Ok(Claim::Claimed));
    }

    #[test]
    fn guard_keys_are_one_partition_per_envelope() {
        assert_eq!(
            sent_guard_key(&EventId::from("01JD")),
            Key::new("EMAIL_SENT#01JD", "EMAIL_SENT")
        );
    }
}
