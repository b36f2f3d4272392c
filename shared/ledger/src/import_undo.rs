//! Undoing an import: removing exactly the transactions it recorded, through the same writes
//! as deleting them one by one (balance, rollups, reference guards freed), a bounded step at a
//! time. Each step takes the next batch record of the import (`import_records`), deletes
//! those of its transactions that still exist and were not moved to another import, and
//! deletes the record — or, when they do not fit one table transaction, rewrites it with
//! the ones left. A step that dies before it commits changed nothing; one that committed is
//! not repeated, since its record is gone.

use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Condition, Key, Query, SortKey, TableError, Write, from_record, to_record,
};

use crate::error::LedgerError;
use crate::events;
use crate::import_records::ImportRecord;
use crate::keys;
use crate::rollups::rollup_writes;
use crate::service::Ledger;
use crate::transactions::{Transaction, delete_writes};
use crate::write_runs::{Cost, runs};

/// Writes of a step besides its transactions': the event and the record's delete or rewrite.
const WRITES_PER_STEP: usize = 2;

/// What one step of undoing did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UndoStep {
    /// Transactions removed by this step.
    pub removed: u64,
    /// Nothing of the import is left to remove.
    pub finished: bool,
}

impl Ledger {
    /// Removes the next batch of the transactions `imported_by` recorded for the user.
    pub async fn undo_import_step(
        &self,
        user_id: &UserId,
        imported_by: &str,
    ) -> Result<UndoStep, LedgerError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::import_records_prefix(imported_by)),
            ..Query::partition(keys::user_partition(user_id), 1)
        };
        let Some(item) = self.table.query(query).await?.items.into_iter().next() else {
            return Ok(UndoStep {
                removed: 0,
                finished: true,
            });
        };
        let record_key = Key::of_item(&item)?;
        let mut record: ImportRecord = from_record(item)?;
        let found = self
            .transactions
            .get_many(user_id, &record.transaction_ids)
            .await?;
        // Only what the import still owns: a transfer is never imported, and a transaction
        // another import took over is that import's.
        let owned: Vec<Transaction> = found
            .into_iter()
            .filter(|t| t.imported_by.as_deref() == Some(imported_by) && t.transfer.is_none())
            .collect();
        let cost = |transaction: &Transaction| {
            let mut shared = Cost::shared_of(&rollup_writes(transaction, -1));
            shared.push(keys::account(user_id, &transaction.account_id));
            Cost {
                own: 2 + usize::from(transaction.external_ref.is_some()),
                shared,
            }
        };
        let limit = self.table.max_transaction_writes();
        let now_removed = runs(&owned, limit, WRITES_PER_STEP, cost)
            .into_iter()
            .next()
            .map_or(&owned[..0], |run| &owned[run]);
        let mut writes = delete_writes(&now_removed.iter().collect::<Vec<_>>());
        if !now_removed.is_empty() {
            writes.push(events::import_removed(
                user_id,
                imported_by,
                now_removed,
                self.clock.as_ref(),
            )?);
        }
        let left: Vec<_> = owned[now_removed.len()..]
            .iter()
            .map(|t| t.id.clone())
            .collect();
        if left.is_empty() {
            writes.push(Write::Delete {
                key: record_key,
                condition: Condition::Exists,
            });
        } else {
            record.transaction_ids = left;
            writes.push(Write::Put {
                item: to_record(&record, &record_key, None)?,
                condition: Condition::Exists,
            });
        }
        match self.table.transact(writes).await {
            Ok(()) => Ok(UndoStep {
                removed: now_removed.len() as u64,
                finished: false,
            }),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "a transaction of the import changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }
}
