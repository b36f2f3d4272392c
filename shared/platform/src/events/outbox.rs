//! Outbox items: an event's envelope stored under `OUTBOX#<id>`, written in the transaction of
//! the change it announces, listed in the pending index until delivered, then left to expire.

use time::{Duration, OffsetDateTime};

use crate::keys;
use crate::ports::clock::Clock;
use crate::ports::queue::{Envelope, Message};
use crate::ports::table::{
    AttributeValue, Condition, Index, Item, Position, Query, Table, TableError, Write, attr,
    expiry_value,
};

/// The attribute holding the envelope as JSON.
pub const EVENT_ATTRIBUTE: &str = "event";
/// How long a delivered event stays readable (for support and replays) before TTL removes it.
pub const DELIVERED_RETENTION: Duration = Duration::days(7);

/// The write that adds `event` to the outbox, for the transaction of the change it announces.
pub fn emit<M: Message>(event: &M, clock: &dyn Clock) -> Result<Write, TableError> {
    let envelope = Envelope::wrap(event, clock)
        .map_err(|err| TableError::InvalidRequest(format!("cannot wrap event: {err}")))?;
    Ok(Write::Put {
        item: pending_item(&envelope)?,
        condition: Condition::NotExists,
    })
}

fn base_item(envelope: &Envelope) -> Result<Item, TableError> {
    let json = envelope
        .to_json()
        .map_err(|err| TableError::InvalidRequest(format!("cannot serialise event: {err}")))?;
    let mut item = keys::outbox_event(&envelope.id).to_item();
    item.insert(EVENT_ATTRIBUTE.to_owned(), AttributeValue::S(json));
    Ok(item)
}

/// The outbox item of an event not yet delivered: it sits in the pending index.
pub fn pending_item(envelope: &Envelope) -> Result<Item, TableError> {
    let mut item = base_item(envelope)?;
    item.insert(
        attr::GSI1_PK.to_owned(),
        AttributeValue::S(keys::OUTBOX_PENDING_PARTITION.to_owned()),
    );
    item.insert(
        attr::GSI1_SK.to_owned(),
        AttributeValue::S(envelope.id.as_str().to_owned()),
    );
    Ok(item)
}

/// Whether an item is an outbox event that still waits for delivery.
pub fn is_pending(item: &Item) -> bool {
    matches!(item.get(attr::PK), Some(AttributeValue::S(pk)) if pk.starts_with(keys::OUTBOX_PREFIX))
        && matches!(item.get(attr::GSI1_PK), Some(AttributeValue::S(index)) if index == keys::OUTBOX_PENDING_PARTITION)
}

/// The envelope an outbox item holds.
pub fn envelope_of(item: &Item) -> Result<Envelope, TableError> {
    match item.get(EVENT_ATTRIBUTE) {
        Some(AttributeValue::S(json)) => Envelope::from_json(json)
            .map_err(|err| TableError::InvalidRequest(format!("outbox item: {err}"))),
        _ => Err(TableError::InvalidRequest(
            "outbox item has no event attribute".to_owned(),
        )),
    }
}

/// Marks an event delivered: it leaves the pending index and expires after the retention.
pub async fn mark_delivered(
    table: &dyn Table,
    envelope: &Envelope,
    now: OffsetDateTime,
) -> Result<(), TableError> {
    let mut item = base_item(envelope)?;
    item.insert(
        attr::EXPIRES_AT.to_owned(),
        expiry_value(now + DELIVERED_RETENTION),
    );
    table.put(item, Condition::Always).await
}

/// One page of the events still waiting for delivery, oldest first (ids are ULIDs), and where
/// it ended.
pub async fn pending(
    table: &dyn Table,
    limit: u32,
    start_after: Option<Position>,
) -> Result<(Vec<Envelope>, Option<Position>), TableError> {
    let query = Query {
        index: Index::Gsi1,
        start_after,
        ..Query::partition(keys::OUTBOX_PENDING_PARTITION, limit)
    };
    let page = table.query(query).await?;
    let events = page
        .items
        .iter()
        .map(envelope_of)
        .collect::<Result<_, _>>()?;
    Ok((events, page.next))
}
