//! Items and their index entries inside one redb write transaction: reading live items,
//! evaluating conditions and `Add` deltas, storing and removing an item together with its `gsi1`
//! and expiry entries, and purging what has expired. Nothing here commits: the caller commits
//! the transaction, or drops it, which leaves the store as it was.

use redb::{ReadableTable, Table, WriteTransaction};
use time::OffsetDateTime;

use super::codec;
use super::store::{EXPIRIES, GSI1, ITEMS, unavailable};
use crate::ports::table::{AttributeValue, Condition, Item, Key, TableError, attr, is_expired};

/// Most expired items one write purges, so a write after a long pause stays short.
const PURGE_BATCH: usize = 500;

/// Reads the live item under `key` from an items table (of a read or a write transaction).
pub(super) fn live_item(
    items: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
    key: &Key,
    now: OffsetDateTime,
) -> Result<Option<Item>, TableError> {
    let Some(stored) = items
        .get((key.pk.as_str(), key.sk.as_str()))
        .map_err(unavailable)?
    else {
        return Ok(None);
    };
    let item = codec::decode(stored.value())?;
    Ok((!is_expired(&item, now)).then_some(item))
}

/// The tables of one write transaction.
pub(super) struct Rows<'txn> {
    items: Table<'txn, (&'static str, &'static str), &'static [u8]>,
    gsi1: Table<'txn, (&'static str, &'static str, &'static str, &'static str), ()>,
    expiries: Table<'txn, (i64, &'static str, &'static str), ()>,
}

impl<'txn> Rows<'txn> {
    pub(super) fn open(txn: &'txn WriteTransaction) -> Result<Self, TableError> {
        Ok(Self {
            items: txn.open_table(ITEMS).map_err(unavailable)?,
            gsi1: txn.open_table(GSI1).map_err(unavailable)?,
            expiries: txn.open_table(EXPIRIES).map_err(unavailable)?,
        })
    }

    pub(super) fn live(&self, key: &Key, now: OffsetDateTime) -> Result<Option<Item>, TableError> {
        live_item(&self.items, key, now)
    }

    /// Whether `condition` holds for the item under `key` (expired items count as absent).
    pub(super) fn check(
        &self,
        key: &Key,
        condition: &Condition,
        now: OffsetDateTime,
    ) -> Result<bool, TableError> {
        if *condition == Condition::Always {
            return Ok(true);
        }
        let current = self.live(key, now)?;
        Ok(match condition {
            Condition::Always => true,
            Condition::NotExists => current.is_none(),
            Condition::Exists => current.is_some(),
            Condition::Equals { name, value } => current
                .as_ref()
                .and_then(|item| item.get(name))
                .is_some_and(|stored| values_equal(stored, value)),
        })
    }

    /// The item an `Add` of `deltas` produces (a missing or expired item starts from its key).
    pub(super) fn added(
        &self,
        key: &Key,
        deltas: &[(String, i64)],
        now: OffsetDateTime,
    ) -> Result<Item, TableError> {
        let mut item = self.live(key, now)?.unwrap_or_else(|| key.to_item());
        for (name, delta) in deltas {
            let current = match item.get(name) {
                None => 0,
                Some(AttributeValue::N(n)) => n.parse::<i64>().map_err(|_| {
                    TableError::InvalidRequest(format!("attribute {name} is not an integer"))
                })?,
                Some(_) => {
                    return Err(TableError::InvalidRequest(format!(
                        "attribute {name} is not a number"
                    )));
                }
            };
            let sum = current.checked_add(*delta).ok_or_else(|| {
                TableError::InvalidRequest(format!("attribute {name} would overflow"))
            })?;
            item.insert(name.clone(), AttributeValue::N(sum.to_string()));
        }
        Ok(item)
    }

    /// Stores `item` under `key`, replacing any item there, with its index entries.
    pub(super) fn insert(&mut self, key: &Key, item: &Item) -> Result<(), TableError> {
        let bytes = codec::encode(item)?;
        let (pk, sk) = (key.pk.as_str(), key.sk.as_str());
        // One lookup: the insert hands back the item it replaced, whose index entries go.
        let replaced = self
            .items
            .insert((pk, sk), bytes.as_slice())
            .map_err(unavailable)?
            .map(|stored| codec::decode(stored.value()))
            .transpose()?;
        if let Some(old) = replaced {
            self.remove_index_entries(pk, sk, &old)?;
        }
        if let Some((gpk, gsk)) = gsi1_key(item) {
            self.gsi1
                .insert((gpk, gsk, pk, sk), ())
                .map_err(unavailable)?;
        }
        if let Some(expires) = expiry_of(item) {
            self.expiries
                .insert((expires, pk, sk), ())
                .map_err(unavailable)?;
        }
        Ok(())
    }

    /// Removes the item under `key` (if any) and its index entries.
    pub(super) fn remove(&mut self, key: &Key) -> Result<(), TableError> {
        let (pk, sk) = (key.pk.as_str(), key.sk.as_str());
        let old = match self.items.remove((pk, sk)).map_err(unavailable)? {
            Some(stored) => codec::decode(stored.value())?,
            None => return Ok(()),
        };
        self.remove_index_entries(pk, sk, &old)
    }

    /// Removes the index entries `old` (stored under `pk`/`sk`) had.
    fn remove_index_entries(&mut self, pk: &str, sk: &str, old: &Item) -> Result<(), TableError> {
        if let Some((gpk, gsk)) = gsi1_key(old) {
            self.gsi1.remove((gpk, gsk, pk, sk)).map_err(unavailable)?;
        }
        if let Some(expires) = expiry_of(old) {
            self.expiries
                .remove((expires, pk, sk))
                .map_err(unavailable)?;
        }
        Ok(())
    }

    /// Deletes (up to a batch of) the items whose `expires_at` is at or before `now`.
    pub(super) fn purge_expired(&mut self, now: OffsetDateTime) -> Result<(), TableError> {
        let mut due = Vec::new();
        for entry in self.expiries.iter().map_err(unavailable)? {
            let (entry, _) = entry.map_err(unavailable)?;
            let (expires, pk, sk) = entry.value();
            if expires > now.unix_timestamp() || due.len() == PURGE_BATCH {
                break;
            }
            due.push(Key::new(pk, sk));
        }
        for key in due {
            self.remove(&key)?;
        }
        Ok(())
    }
}

/// The `gsi1` key of an item that has both string attributes.
pub(super) fn gsi1_key(item: &Item) -> Option<(&str, &str)> {
    match (item.get(attr::GSI1_PK), item.get(attr::GSI1_SK)) {
        (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
            Some((pk.as_str(), sk.as_str()))
        }
        _ => None,
    }
}

fn expiry_of(item: &Item) -> Option<i64> {
    match item.get(attr::EXPIRES_AT) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

/// Numbers compare by value, like DynamoDB ("1" equals "01"); other values by equality.
fn values_equal(stored: &AttributeValue, expected: &AttributeValue) -> bool {
    match (stored, expected) {
        (AttributeValue::N(a), AttributeValue::N(b)) => {
            match (a.parse::<i128>(), b.parse::<i128>()) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            }
        }
        _ => stored == expected,
    }
}
