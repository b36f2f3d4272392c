//! The Table port: a single-table key/value store with DynamoDB's semantics.
//!
//! Items are `serde_dynamo` items (attribute name -> attribute value), keyed by the string
//! attributes `pk`/`sk`. Items may carry `gsi1pk`/`gsi1sk` to appear in the generic secondary
//! index, and `expires_at` (epoch seconds) to expire: an expired item is treated as absent by
//! every read and every condition, in both adapters, whether or not it has been purged yet.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use serde_dynamo::{AttributeValue, Item};

/// Attribute names the table schema defines.
pub mod attr {
    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const GSI1_PK: &str = "gsi1pk";
    pub const GSI1_SK: &str = "gsi1sk";
    pub const EXPIRES_AT: &str = "expires_at";
    pub const VERSION: &str = "version";
}

/// Most writes DynamoDB accepts in one `TransactWriteItems`: the limit of every table unless
/// its adapter declares a larger one ([`Table::max_transaction_writes`]).
pub const MAX_TRANSACTION_WRITES: usize = 100;

/// Most keys DynamoDB reads in one `BatchGetItem`.
pub const MAX_BATCH_GET_KEYS: usize = 100;

/// The primary key of an item.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    /// The key attributes as an item fragment.
    pub fn to_item(&self) -> Item {
        let mut item = Item::default();
        item.insert(attr::PK.to_owned(), AttributeValue::S(self.pk.clone()));
        item.insert(attr::SK.to_owned(), AttributeValue::S(self.sk.clone()));
        item
    }

    /// Reads the key attributes of an item.
    pub fn of_item(item: &Item) -> Result<Self, TableError> {
        Ok(Self::new(
            string_attr(item, attr::PK)?,
            string_attr(item, attr::SK)?,
        ))
    }
}

/// Reads a string attribute, failing with `InvalidRequest` when it is missing or not a string.
pub fn string_attr(item: &Item, name: &str) -> Result<String, TableError> {
    string_attr_ref(item, name).map(str::to_owned)
}

/// [`string_attr`], borrowed.
fn string_attr_ref<'a>(item: &'a Item, name: &str) -> Result<&'a str, TableError> {
    match item.get(name) {
        Some(AttributeValue::S(value)) => Ok(value),
        _ => Err(TableError::InvalidRequest(format!(
            "item has no string attribute {name}"
        ))),
    }
}

/// The value of `expires_at` for an expiry time.
pub fn expiry_value(at: OffsetDateTime) -> AttributeValue {
    AttributeValue::N(at.unix_timestamp().to_string())
}

/// Whether an item has expired at `now`.
pub fn is_expired(item: &Item, now: OffsetDateTime) -> bool {
    match item.get(attr::EXPIRES_AT) {
        Some(AttributeValue::N(n)) => n
            .parse::<i64>()
            .is_ok_and(|expires| expires <= now.unix_timestamp()),
        _ => false,
    }
}

/// A condition a write must satisfy; it fails as a whole with [`TableError::ConditionFailed`].
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// No condition.
    Always,
    /// No live item with this key exists (absent or expired).
    NotExists,
    /// A live item with this key exists.
    Exists,
    /// A live item exists and its attribute equals the value (optimistic concurrency on `version`).
    Equals { name: String, value: AttributeValue },
}

impl Condition {
    /// The optimistic-concurrency condition: the stored `version` is `expected`.
    pub fn version_is(expected: u64) -> Self {
        Self::Equals {
            name: attr::VERSION.to_owned(),
            value: AttributeValue::N(expected.to_string()),
        }
    }
}

/// Which key a query runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Index {
    Primary,
    Gsi1,
}

impl Index {
    /// Partition and sort key attribute names of the index.
    pub fn key_attributes(self) -> (&'static str, &'static str) {
        match self {
            Self::Primary => (attr::PK, attr::SK),
            Self::Gsi1 => (attr::GSI1_PK, attr::GSI1_SK),
        }
    }
}

/// A sort-key condition of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    Any,
    Equals(String),
    BeginsWith(String),
    /// Inclusive on both ends.
    Between(String, String),
    AtLeast(String),
    AtMost(String),
}

impl SortKey {
    /// Whether a sort-key value satisfies the condition.
    pub fn matches(&self, sk: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Equals(v) => sk == v,
            Self::BeginsWith(prefix) => sk.starts_with(prefix.as_str()),
            Self::Between(low, high) => low.as_str() <= sk && sk <= high.as_str(),
            Self::AtLeast(low) => low.as_str() <= sk,
            Self::AtMost(high) => sk <= high.as_str(),
        }
    }
}

/// Where a page ended: the keys of its last item, on the table and on the index queried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub key: Key,
    /// The index key (partition, sort) of the last item when querying a secondary index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_key: Option<(String, String)>,
}

/// A query: one partition of an index, a sort-key condition, an order and a page size.
#[derive(Clone, Debug)]
pub struct Query {
    pub index: Index,
    pub partition: String,
    pub sort: SortKey,
    pub forward: bool,
    pub limit: u32,
    pub start_after: Option<Position>,
}

impl Query {
    /// A forward query over a whole partition of the primary index.
    pub fn partition(partition: impl Into<String>, limit: u32) -> Self {
        Self {
            index: Index::Primary,
            partition: partition.into(),
            sort: SortKey::Any,
            forward: true,
            limit,
            start_after: None,
        }
    }
}

/// A page of query results; `next` is set when more items may follow.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
    pub next: Option<Position>,
}

/// One write of an all-or-nothing transaction.
#[derive(Clone, Debug)]
pub enum Write {
    Put {
        item: Item,
        condition: Condition,
    },
    Delete {
        key: Key,
        condition: Condition,
    },
    /// Checks a condition on an item without writing it.
    Check {
        key: Key,
        condition: Condition,
    },
    /// Adds signed deltas to numeric attributes, creating the item (and attributes) when missing.
    Add {
        key: Key,
        deltas: Vec<(String, i64)>,
        condition: Condition,
    },
}

impl Write {
    /// The `(pk, sk)` of the item the write touches, borrowed.
    pub fn key_parts(&self) -> Result<(&str, &str), TableError> {
        match self {
            Self::Put { item, .. } => Ok((
                string_attr_ref(item, attr::PK)?,
                string_attr_ref(item, attr::SK)?,
            )),
            Self::Delete { key, .. } | Self::Check { key, .. } | Self::Add { key, .. } => {
                Ok((key.pk.as_str(), key.sk.as_str()))
            }
        }
    }

    /// The primary key the write touches.
    pub fn key(&self) -> Result<Key, TableError> {
        match self {
            Self::Put { item, .. } => Key::of_item(item),
            Self::Delete { key, .. } | Self::Check { key, .. } | Self::Add { key, .. } => {
                Ok(key.clone())
            }
        }
    }
}

/// Failures of the Table port.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TableError {
    /// A write's condition did not hold; for transactions, `at` is the failing write's index.
    #[error("condition failed")]
    ConditionFailed { at: Option<usize> },
    /// Concurrent transactions touched the same items; retrying may succeed.
    #[error("transaction conflict")]
    Contention,
    /// The request itself is invalid (e.g. two writes on one key, too many writes).
    #[error("invalid table request: {0}")]
    InvalidRequest(String),
    /// The store could not be reached or failed.
    #[error("table unavailable: {0}")]
    Unavailable(String),
}

/// The table operations every adapter implements.
#[async_trait]
pub trait Table: Send + Sync {
    /// Reads one live item.
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError>;
    /// Reads many live items at once (strongly consistent), answered in the order of `keys`.
    /// The default reads them one by one; adapters read them in as few requests as they can.
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, TableError> {
        let mut items = Vec::with_capacity(keys.len());
        for key in keys {
            items.push(self.get(key).await?);
        }
        Ok(items)
    }
    /// Writes an item (replacing any item with its key) if the condition holds.
    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError>;
    /// Deletes an item if the condition holds; deleting a missing item succeeds.
    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError>;
    /// Reads one page of a partition, ordered by sort key.
    async fn query(&self, query: Query) -> Result<Page, TableError>;
    /// Atomically adds `delta` to a numeric attribute and returns the new value. A missing or
    /// expired item starts from zero; `expires_at` (when given) is set on the item.
    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError>;
    /// Applies up to [`Self::max_transaction_writes`] writes on distinct keys, all or none.
    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError>;
    /// Most writes one [`Self::transact`] accepts: DynamoDB's [`MAX_TRANSACTION_WRITES`]
    /// unless the adapter can do more. Code that cuts work into transactions asks the table
    /// (the embedded store commits a large batch as one write to disk).
    fn max_transaction_writes(&self) -> usize {
        MAX_TRANSACTION_WRITES
    }
    /// Checks the table can be reached (readiness).
    async fn ping(&self) -> Result<(), TableError>;
}

impl Position {
    /// Where a page that ends with `item` (read from `index`) ends.
    pub fn of_item(index: Index, item: &Item) -> Result<Self, TableError> {
        let key = Key::of_item(item)?;
        let index_key = match index {
            Index::Primary => None,
            Index::Gsi1 => Some((
                string_attr(item, attr::GSI1_PK)?,
                string_attr(item, attr::GSI1_SK)?,
            )),
        };
        Ok(Self { key, index_key })
    }
}

/// Combines `Add` writes on the same key with an `Always` condition into one (summing deltas),
/// since one transaction may touch an item only once; other writes pass through unchanged.
pub fn merge_adds(writes: Vec<Write>) -> Vec<Write> {
    let mut merged: Vec<Write> = Vec::with_capacity(writes.len());
    // Where each key's unconditional Add is in `merged` (batches merge thousands of writes).
    let mut adds_at: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    for write in writes {
        let Write::Add {
            key,
            deltas,
            condition: Condition::Always,
        } = write
        else {
            merged.push(write);
            continue;
        };
        match adds_at.get(&key) {
            Some(&at) => {
                // `adds_at` only points at Add writes.
                if let Write::Add {
                    deltas: existing, ..
                } = &mut merged[at]
                {
                    for (name, delta) in deltas {
                        match existing.iter_mut().find(|(other, _)| *other == name) {
                            Some((_, sum)) => *sum += delta,
                            None => existing.push((name, delta)),
                        }
                    }
                }
            }
            None => {
                adds_at.insert(key.clone(), merged.len());
                merged.push(Write::Add {
                    key,
                    deltas,
                    condition: Condition::Always,
                });
            }
        }
    }
    merged
}

/// Validates the shape of a transaction the way DynamoDB does, with at most `max_writes`.
pub fn check_transaction(writes: &[Write], max_writes: usize) -> Result<(), TableError> {
    if writes.is_empty() || writes.len() > max_writes {
        return Err(TableError::InvalidRequest(format!(
            "a transaction needs 1..={max_writes} writes, got {}",
            writes.len()
        )));
    }
    let mut seen = std::collections::HashSet::with_capacity(writes.len());
    for write in writes {
        if !seen.insert(write.key_parts()?) {
            return Err(TableError::InvalidRequest(
                "a transaction cannot touch one item twice".to_owned(),
            ));
        }
    }
    Ok(())
}

/// Serialises an entity into an item under `key`, with an optional expiry.
pub fn to_record<T: Serialize>(
    value: &T,
    key: &Key,
    expires: Option<OffsetDateTime>,
) -> Result<Item, TableError> {
    let mut item: Item = serde_dynamo::to_item(value)
        .map_err(|err| TableError::InvalidRequest(format!("cannot serialise record: {err}")))?;
    item.insert(attr::PK.to_owned(), AttributeValue::S(key.pk.clone()));
    item.insert(attr::SK.to_owned(), AttributeValue::S(key.sk.clone()));
    if let Some(at) = expires {
        item.insert(attr::EXPIRES_AT.to_owned(), expiry_value(at));
    }
    Ok(item)
}

/// Reads an entity from an item (key and index attributes are ignored).
pub fn from_record<T: serde::de::DeserializeOwned>(item: Item) -> Result<T, TableError> {
    serde_dynamo::from_item(item)
        .map_err(|err| TableError::InvalidRequest(format!("cannot read record: {err}")))
}

/// Reads every page of a query (for small, bounded partitions such as a user's sessions).
pub async fn query_all(table: &dyn Table, mut query: Query) -> Result<Vec<Item>, TableError> {
    let mut items = Vec::new();
    loop {
        let page = table.query(query.clone()).await?;
        items.extend(page.items);
        match page.next {
            Some(next) => query.start_after = Some(next),
            None => return Ok(items),
        }
    }
}
