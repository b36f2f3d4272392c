//! Which transactions an import recorded: one record per table transaction of the import,
//! written in that transaction (`IMPORTED#<import>#<first transaction id>`), listing the ids it
//! recorded. Undoing the import reads these records, so it removes exactly what the import
//! created, in the same bounded steps, with no index over every transaction.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, TransactionId};
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, Key, TableError, Write, to_record};

/// The transactions one table transaction of an import recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub imported_by: String,
    pub account_id: AccountId,
    pub transaction_ids: Vec<TransactionId>,
}

impl ImportRecord {
    /// Where the record of the batch starting with `first` lives.
    pub fn key(user_id: &UserId, imported_by: &str, first: &TransactionId) -> Key {
        keys::import_record(user_id, imported_by, first)
    }

    /// The write that stores the record (new: a batch is recorded once).
    pub fn write(&self, user_id: &UserId) -> Result<Option<Write>, TableError> {
        let Some(first) = self.transaction_ids.first() else {
            return Ok(None);
        };
        Ok(Some(Write::Put {
            item: to_record(self, &Self::key(user_id, &self.imported_by, first), None)?,
            condition: Condition::NotExists,
        }))
    }
}
