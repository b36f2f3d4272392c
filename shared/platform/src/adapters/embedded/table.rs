//! The embedded Table: items in memory, ordered indexes for the primary key and `gsi1`, an expiry
//! index that purges expired items, and all-or-nothing transactions under one lock.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use time::OffsetDateTime;

use super::sort_range::{IndexEntry, entry_range};
use crate::ports::clock::Clock;
use crate::ports::table::{
    AttributeValue, Condition, Index, Item, Key, Page, Position, Query, Table, TableError, Write,
    attr, check_transaction, expiry_value, is_expired,
};

/// An in-memory table with DynamoDB's semantics.
pub struct EmbeddedTable {
    state: Mutex<State>,
    clock: Arc<dyn Clock>,
}

#[derive(Default)]
struct State {
    items: HashMap<Key, Item>,
    primary: BTreeSet<IndexEntry>,
    gsi1: BTreeSet<IndexEntry>,
    expiries: BTreeSet<(i64, Key)>,
}

impl EmbeddedTable {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            clock,
        }
    }

    /// Locks the state after purging what has expired.
    fn live_state(&self) -> (MutexGuard<'_, State>, OffsetDateTime) {
        let now = self.clock.now();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.purge_expired(now);
        (state, now)
    }
}

impl State {
    fn purge_expired(&mut self, now: OffsetDateTime) {
        let due: Vec<Key> = self
            .expiries
            .range(..=(now.unix_timestamp(), max_key()))
            .map(|(_, key)| key.clone())
            .collect();
        for key in due {
            self.remove(&key);
        }
    }

    fn live(&self, key: &Key, now: OffsetDateTime) -> Option<&Item> {
        self.items.get(key).filter(|item| !is_expired(item, now))
    }

    fn insert(&mut self, key: Key, item: Item) {
        self.remove(&key);
        self.primary.insert(entry(&key, &key.pk, &key.sk));
        if let Some((gpk, gsk)) = gsi1_key(&item) {
            self.gsi1.insert(entry(&key, &gpk, &gsk));
        }
        if let Some(expires) = expiry_of(&item) {
            self.expiries.insert((expires, key.clone()));
        }
        self.items.insert(key, item);
    }

    fn remove(&mut self, key: &Key) {
        if let Some(item) = self.items.remove(key) {
            self.primary.remove(&entry(key, &key.pk, &key.sk));
            if let Some((gpk, gsk)) = gsi1_key(&item) {
                self.gsi1.remove(&entry(key, &gpk, &gsk));
            }
            if let Some(expires) = expiry_of(&item) {
                self.expiries.remove(&(expires, key.clone()));
            }
        }
    }

    fn check(&self, key: &Key, condition: &Condition, now: OffsetDateTime) -> bool {
        let current = self.live(key, now);
        match condition {
            Condition::Always => true,
            Condition::NotExists => current.is_none(),
            Condition::Exists => current.is_some(),
            Condition::Equals { name, value } => current
                .and_then(|item| item.get(name))
                .is_some_and(|stored| values_equal(stored, value)),
        }
    }

    /// The item an `Add` of `deltas` produces, without storing it.
    fn added(
        &self,
        key: &Key,
        deltas: &[(String, i64)],
        now: OffsetDateTime,
    ) -> Result<Item, TableError> {
        let mut item = self
            .live(key, now)
            .cloned()
            .unwrap_or_else(|| key.to_item());
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

    /// What a write will change, computed before anything is changed.
    fn prepare(&self, write: Write, now: OffsetDateTime) -> Result<Change, TableError> {
        Ok(match write {
            Write::Put { item, .. } => Change::Upsert(Key::of_item(&item)?, item),
            Write::Delete { key, .. } => Change::Remove(key),
            Write::Check { .. } => Change::Nothing,
            Write::Add { key, deltas, .. } => {
                let item = self.added(&key, &deltas, now)?;
                Change::Upsert(key, item)
            }
        })
    }

    fn commit(&mut self, change: Change) {
        match change {
            Change::Upsert(key, item) => self.insert(key, item),
            Change::Remove(key) => self.remove(&key),
            Change::Nothing => {}
        }
    }
}

enum Change {
    Upsert(Key, Item),
    Remove(Key),
    Nothing,
}

fn max_key() -> Key {
    Key::new(char::MAX.to_string(), char::MAX.to_string())
}

fn entry(key: &Key, partition: &str, sort: &str) -> IndexEntry {
    IndexEntry {
        partition: partition.to_owned(),
        sort: sort.to_owned(),
        pk: key.pk.clone(),
        sk: key.sk.clone(),
    }
}

fn gsi1_key(item: &Item) -> Option<(String, String)> {
    match (item.get(attr::GSI1_PK), item.get(attr::GSI1_SK)) {
        (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
            Some((pk.clone(), sk.clone()))
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

/// Numbers compare by value, like DynamoDB ("1" equals "1.0" only if both parse the same).
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

fn position_of(index: Index, item_key: &Key, entry: &IndexEntry) -> Position {
    Position {
        key: item_key.clone(),
        index_key: match index {
            Index::Primary => None,
            Index::Gsi1 => Some((entry.partition.clone(), entry.sort.clone())),
        },
    }
}

#[async_trait]
impl Table for EmbeddedTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError> {
        let (state, now) = self.live_state();
        Ok(state.live(key, now).cloned())
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError> {
        let key = Key::of_item(&item)?;
        let (mut state, now) = self.live_state();
        if !state.check(&key, &condition, now) {
            return Err(TableError::ConditionFailed { at: None });
        }
        state.insert(key, item);
        Ok(())
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError> {
        let (mut state, now) = self.live_state();
        if !state.check(key, &condition, now) {
            return Err(TableError::ConditionFailed { at: None });
        }
        state.remove(key);
        Ok(())
    }

    async fn query(&self, query: Query) -> Result<Page, TableError> {
        if query.limit == 0 {
            return Err(TableError::InvalidRequest(
                "limit must be positive".to_owned(),
            ));
        }
        let (state, now) = self.live_state();
        let Some(range) = entry_range(
            &query.partition,
            &query.sort,
            query.start_after.as_ref(),
            query.forward,
        ) else {
            return Ok(Page::default());
        };
        let index = match query.index {
            Index::Primary => &state.primary,
            Index::Gsi1 => &state.gsi1,
        };
        let entries = index.range(range);
        let ordered: Box<dyn Iterator<Item = &IndexEntry>> = if query.forward {
            Box::new(entries)
        } else {
            Box::new(entries.rev())
        };
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        let mut matches = ordered.filter_map(|entry| {
            let key = Key::new(entry.pk.clone(), entry.sk.clone());
            state.live(&key, now).map(|item| (key, entry, item.clone()))
        });
        let mut page = Page::default();
        let mut last = None;
        for (key, entry, item) in matches.by_ref().take(limit) {
            page.items.push(item);
            last = Some(position_of(query.index, &key, entry));
        }
        if matches.next().is_some() {
            page.next = last;
        }
        Ok(page)
    }

    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        let (mut state, now) = self.live_state();
        let mut item = state.added(key, &[(attribute.to_owned(), delta)], now)?;
        if let Some(at) = expires_at {
            item.insert(attr::EXPIRES_AT.to_owned(), expiry_value(at));
        }
        state.insert(key.clone(), item.clone());
        match item.get(attribute) {
            Some(AttributeValue::N(n)) => n
                .parse()
                .map_err(|_| TableError::InvalidRequest(format!("{attribute} is not an integer"))),
            _ => Err(TableError::InvalidRequest(format!(
                "{attribute} missing after add"
            ))),
        }
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError> {
        check_transaction(&writes)?;
        let (mut state, now) = self.live_state();
        for (at, write) in writes.iter().enumerate() {
            let (key, condition) = match write {
                Write::Put { item, condition } => (Key::of_item(item)?, condition),
                Write::Delete { key, condition }
                | Write::Check { key, condition }
                | Write::Add { key, condition, .. } => (key.clone(), condition),
            };
            if !state.check(&key, condition, now) {
                return Err(TableError::ConditionFailed { at: Some(at) });
            }
        }
        // Every change is computed before any is stored, so a failing write changes nothing.
        let changes = writes
            .into_iter()
            .map(|write| state.prepare(write, now))
            .collect::<Result<Vec<_>, _>>()?;
        for change in changes {
            state.commit(change);
        }
        Ok(())
    }

    async fn ping(&self) -> Result<(), TableError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;
    use time::macros::datetime;

    fn item(pk: &str, sk: &str) -> Item {
        Key::new(pk, sk).to_item()
    }

    #[tokio::test]
    async fn a_failed_transaction_leaves_everything_as_it_was() {
        let table = EmbeddedTable::new(Arc::new(ManualClock::at(datetime!(2026-01-01 0:00 UTC))));
        let mut text = item("P", "text");
        text.insert("n".into(), AttributeValue::S("x".into()));
        table.put(text, Condition::Always).await.expect("put");
        let result = table
            .transact(vec![
                Write::Put {
                    item: item("P", "new"),
                    condition: Condition::Always,
                },
                Write::Add {
                    key: Key::new("P", "text"),
                    deltas: vec![("n".into(), 1)],
                    condition: Condition::Always,
                },
            ])
            .await;
        assert!(matches!(result, Err(TableError::InvalidRequest(_))));
        assert_eq!(table.get(&Key::new("P", "new")).await.expect("get"), None);
    }
}
