//! The embedded Table on the embedded store (redb): every write is one redb write transaction
//! (conditions, index upkeep, purging expired items, all or nothing), every read one read
//! transaction, so in-memory and durable tables share all their code. Committed outbox items
//! reach event delivery through `events::local::PublishingTable`, which wraps this table.

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::query;
use super::rows::{Rows, live_item};
use super::store::{ITEMS, OpenError, Storage, Store, unavailable};
use crate::ports::clock::Clock;
use crate::ports::table::{
    AttributeValue, Condition, Item, Key, Page, Query, Table, TableError, Write, attr,
    check_transaction, expiry_value,
};

/// Most writes one embedded transaction accepts. One redb commit (one write to disk) costs
/// about as much for 5,000 writes as for 100, so batch work (statement import) cuts its
/// transactions to this size locally and to DynamoDB's 100 in AWS, through the same code.
pub const EMBEDDED_MAX_TRANSACTION_WRITES: usize = 5_000;

/// A table with DynamoDB's semantics on the embedded store.
pub struct EmbeddedTable {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl EmbeddedTable {
    /// A table in memory (tests).
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self::on_store(Store::in_memory(), clock)
    }

    /// A table on `storage`; fails when a durable store cannot be opened (e.g. it is locked).
    pub fn open(storage: &Storage, clock: Arc<dyn Clock>) -> Result<Self, OpenError> {
        Ok(Self::on_store(Store::open(storage)?, clock))
    }

    /// A table on an open store (which the queue may share).
    pub fn on_store(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// The store the table lives in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs `apply` in one write transaction after purging expired items; commits when it
    /// succeeds, and changes nothing when it fails.
    fn write<T>(
        &self,
        apply: impl FnOnce(&mut Rows<'_>, OffsetDateTime) -> Result<T, TableError>,
    ) -> Result<T, TableError> {
        let now = self.clock.now();
        let txn = self.store.write()?;
        let result = {
            let mut rows = Rows::open(&txn)?;
            rows.purge_expired(now)?;
            apply(&mut rows, now)?
        };
        txn.commit().map_err(unavailable)?;
        Ok(result)
    }
}

pub(super) fn condition_failed(at: Option<usize>) -> TableError {
    TableError::ConditionFailed { at }
}

#[async_trait]
impl Table for EmbeddedTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError> {
        let txn = self.store.read()?;
        let items = txn.open_table(ITEMS).map_err(unavailable)?;
        live_item(&items, key, self.clock.now())
    }

    /// All in one read transaction.
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, TableError> {
        let txn = self.store.read()?;
        let items = txn.open_table(ITEMS).map_err(unavailable)?;
        let now = self.clock.now();
        keys.iter().map(|key| live_item(&items, key, now)).collect()
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError> {
        let key = Key::of_item(&item)?;
        self.write(|rows, now| {
            if !rows.check(&key, &condition, now)? {
                return Err(condition_failed(None));
            }
            rows.insert(&key, &item)
        })?;
        Ok(())
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError> {
        self.write(|rows, now| {
            if !rows.check(key, &condition, now)? {
                return Err(condition_failed(None));
            }
            rows.remove(key)
        })
    }

    async fn query(&self, query: Query) -> Result<Page, TableError> {
        query::run(&self.store, &query, self.clock.now())
    }

    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        self.write(|rows, now| {
            let mut item = rows.added(key, &[(attribute.to_owned(), delta)], now)?;
            if let Some(at) = expires_at {
                item.insert(attr::EXPIRES_AT.to_owned(), expiry_value(at));
            }
            let value = match item.get(attribute) {
                Some(AttributeValue::N(n)) => n.parse::<i64>().map_err(|_| {
                    TableError::InvalidRequest(format!("{attribute} is not an integer"))
                })?,
                _ => {
                    return Err(TableError::InvalidRequest(format!(
                        "{attribute} missing after add"
                    )));
                }
            };
            rows.insert(key, &item)?;
            Ok(value)
        })
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError> {
        check_transaction(&writes, EMBEDDED_MAX_TRANSACTION_WRITES)?;
        self.write(|rows, now| {
            let mut keyed = Vec::with_capacity(writes.len());
            for (at, write) in writes.iter().enumerate() {
                let key = write.key()?;
                let (Write::Put { condition, .. }
                | Write::Delete { condition, .. }
                | Write::Check { condition, .. }
                | Write::Add { condition, .. }) = write;
                if !rows.check(&key, condition, now)? {
                    return Err(condition_failed(Some(at)));
                }
                keyed.push(key);
            }
            // Keys are distinct, so no write changes what another one reads or checks; a write
            // that fails here drops the whole redb transaction.
            for (key, write) in keyed.iter().zip(writes) {
                match write {
                    Write::Put { item, .. } => rows.insert(key, &item)?,
                    Write::Add { deltas, .. } => {
                        let item = rows.added(key, &deltas, now)?;
                        rows.insert(key, &item)?;
                    }
                    Write::Delete { .. } => rows.remove(key)?,
                    Write::Check { .. } => {}
                }
            }
            Ok(())
        })
    }

    fn max_transaction_writes(&self) -> usize {
        EMBEDDED_MAX_TRANSACTION_WRITES
    }

    async fn ping(&self) -> Result<(), TableError> {
        let txn = self.store.read()?;
        txn.open_table(ITEMS).map_err(unavailable)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;
    use time::macros::datetime;

    fn table() -> EmbeddedTable {
        EmbeddedTable::new(Arc::new(ManualClock::at(datetime!(2026-01-01 0:00 UTC))))
    }

    fn item(pk: &str, sk: &str) -> Item {
        Key::new(pk, sk).to_item()
    }

    #[tokio::test]
    async fn a_failed_transaction_leaves_everything_as_it_was() {
        let table = table();
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

    #[tokio::test]
    async fn a_data_dir_whose_items_the_json_format_wrote_still_reads_and_updates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Durable(dir.path().join("table.redb"));
        {
            let store = Store::open(&storage).expect("open");
            let txn = store.write().expect("write");
            {
                let mut items = txn.open_table(ITEMS).expect("items");
                let old = br#"{"count":{"N":"41"},"pk":{"S":"U#1"},"sk":{"S":"COUNTER"}}"#;
                items
                    .insert(("U#1", "COUNTER"), old.as_slice())
                    .expect("insert");
            }
            txn.commit().expect("commit");
        }
        let clock: Arc<dyn Clock> = Arc::new(ManualClock::at(datetime!(2026-01-01 0:00 UTC)));
        let table = EmbeddedTable::open(&storage, clock).expect("reopen");
        let key = Key::new("U#1", "COUNTER");
        let mut expected = key.to_item();
        expected.insert("count".into(), AttributeValue::N("41".into()));
        assert_eq!(table.get(&key).await.expect("get"), Some(expected));
        let count = table.increment(&key, "count", 1, None).await;
        assert_eq!(count.expect("increment"), 42);
    }

    #[tokio::test]
    async fn a_durable_table_reopens_with_its_items_and_indexes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Durable(dir.path().join("table.redb"));
        let clock: Arc<dyn Clock> = Arc::new(ManualClock::at(datetime!(2026-01-01 0:00 UTC)));
        let mut indexed = item("C#1", "META");
        indexed.insert(attr::GSI1_PK.into(), AttributeValue::S("OFFICER#1".into()));
        indexed.insert(attr::GSI1_SK.into(), AttributeValue::S("2026".into()));
        {
            let table = EmbeddedTable::open(&storage, clock.clone()).expect("open");
            table
                .put(indexed.clone(), Condition::Always)
                .await
                .expect("put");
        }
        let table = EmbeddedTable::open(&storage, clock).expect("reopen");
        assert_eq!(
            table.get(&Key::new("C#1", "META")).await.expect("get"),
            Some(indexed.clone())
        );
        let page = table
            .query(Query {
                index: crate::ports::table::Index::Gsi1,
                ..Query::partition("OFFICER#1", 10)
            })
            .await
            .expect("query");
        assert_eq!(page.items, vec![indexed]);
    }
}
