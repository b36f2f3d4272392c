//! Per-user limits on how many objects of a kind (categories, rules) exist, kept exact under
//! concurrency by a counter item written in the same table transaction as the object: a create
//! replaces the counter only if it still holds the value read (optimistic concurrency), a delete
//! ADDs -1.

use serde::{Deserialize, Serialize};

use crate::error::LedgerError;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Key, Table, TableError, Write, from_record, to_record,
};

/// Attempts before a create that keeps losing the counter race gives up.
const ATTEMPTS: usize = 5;

/// An item with a `count` attribute (limit counters, category usage).
#[derive(Default, Serialize, Deserialize)]
pub(super) struct Counter {
    #[serde(default)]
    pub count: i64,
}

/// A kind of counted object.
pub(super) struct Limit {
    pub counter: Key,
    pub max: i64,
    /// Plural noun for the message: "rules".
    pub what: &'static str,
}

impl Limit {
    /// Applies `writes` (creating one object) plus the counter update, unless the user already
    /// has `max` objects. A failed condition of `writes` is returned as is.
    pub async fn create(&self, table: &dyn Table, writes: Vec<Write>) -> Result<(), LedgerError> {
        for _ in 0..ATTEMPTS {
            let stored = table.get(&self.counter).await?;
            let (count, condition) = match stored {
                Some(item) => {
                    let counter: Counter = from_record(item)?;
                    let condition = Condition::Equals {
                        name: "count".to_owned(),
                        value: AttributeValue::N(counter.count.to_string()),
                    };
                    (counter.count, condition)
                }
                None => (0, Condition::NotExists),
            };
            if count >= self.max {
                return Err(LedgerError::invalid(
                    "",
                    format!("at most {} {} per user", self.max, self.what),
                ));
            }
            let item = to_record(&Counter { count: count + 1 }, &self.counter, None)?;
            let counter_at = writes.len();
            let mut all = writes.clone();
            all.push(Write::Put { item, condition });
            match table.transact(all).await {
                Err(TableError::ConditionFailed { at: Some(at) }) if at == counter_at => continue,
                other => return other.map_err(LedgerError::from),
            }
        }
        Err(LedgerError::Conflict(
            "too many concurrent changes; try again",
        ))
    }

    /// The write that takes one object off the counter.
    pub fn release(&self) -> Write {
        Write::Add {
            key: self.counter.clone(),
            deltas: vec![("count".to_owned(), -1)],
            condition: Condition::Exists,
        }
    }
}
