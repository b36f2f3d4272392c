//! Resolving a possible duplicate: an imported transaction marked as looking like one the user
//! entered by hand is either not a duplicate (the mark goes, both stay) or a duplicate (the
//! imported one goes, and the one entered by hand takes over its external reference, so
//! importing the same statement again finds the row already there instead of marking it
//! again). Each is one table transaction with its balance, rollup and event writes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::LedgerError;
use crate::events;
use crate::ids::TransactionId;
use crate::keys;
use crate::service::Ledger;
use crate::transactions::{ExternalRef, Transaction, delete_writes, update_writes};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, TableError, Write, to_record};

/// What the user decided about a possible duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Two payments: keep both, drop the mark.
    NotDuplicate,
    /// The same payment: remove the imported transaction; the one entered by hand stays.
    Duplicate,
}

impl Ledger {
    /// Resolves the possible duplicate `id` (an imported transaction with the mark); answers
    /// the transaction that stays: `id` itself, or the one entered by hand.
    pub async fn resolve_possible_duplicate(
        &self,
        user_id: &UserId,
        id: &TransactionId,
        resolution: Resolution,
    ) -> Result<Transaction, LedgerError> {
        let imported = self.transaction_of(user_id, id).await?;
        let Some(manual_id) = imported.possible_duplicate_of.clone() else {
            return Err(LedgerError::Conflict(
                "the transaction is not marked as a possible duplicate",
            ));
        };
        let now = self.clock.now();
        let kept = |from: &Transaction| Transaction {
            possible_duplicate_of: None,
            updated_at: now,
            version: from.version + 1,
            ..from.clone()
        };
        if resolution == Resolution::NotDuplicate {
            return self.store_change(&imported, kept(&imported)).await;
        }
        let Some(manual) = self.transactions.get(user_id, &manual_id).await? else {
            return Err(LedgerError::Conflict(
                "the transaction it looked like is gone; resolve it as not_duplicate",
            ));
        };
        let merged = Transaction {
            external_ref: imported.external_ref.clone(),
            ..kept(&manual)
        };
        let writes = self.merge_writes(&imported, &manual, &merged)?;
        match self.table.transact(writes).await {
            Ok(()) => Ok(merged),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "one of the transactions changed meanwhile; read them again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Removes `imported` and gives its reference to `manual` (becoming `merged`).
    fn merge_writes(
        &self,
        imported: &Transaction,
        manual: &Transaction,
        merged: &Transaction,
    ) -> Result<Vec<Write>, LedgerError> {
        let mut writes = delete_writes(&[imported]);
        if let Some(reference) = &imported.external_ref {
            // The reference guard is rewritten (it cannot be deleted and put in one
            // transaction): it now names the transaction entered by hand.
            let key = keys::external_ref(&imported.user_id, &imported.account_id, reference);
            writes.retain(|write| write.key().ok().as_ref() != Some(&key));
            let guard = ExternalRef {
                transaction_id: manual.id.clone(),
                imported_by: None,
            };
            writes.push(Write::Put {
                item: to_record(&guard, &key, None)?,
                condition: Condition::Always,
            });
        }
        writes.push(events::deleted(imported, self.clock.as_ref())?);
        let mut changes = update_writes(manual, merged)?;
        // Same account, date and amount: only the item and its index entry change, so the
        // balance and rollups of the two write sets never touch one item twice.
        changes.retain(|write| !matches!(write, Write::Add { .. }));
        writes.extend(changes);
        writes.push(events::changed(manual, merged, self.clock.as_ref())?);
        Ok(writes)
    }
}
