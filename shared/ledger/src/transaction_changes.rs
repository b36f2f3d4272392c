//! Reading, changing and deleting recorded transactions; each change is one table transaction
//! with its balance and rollup moves.

use crate::category_service::category_guard;
use crate::error::LedgerError;
use crate::events;
use crate::ids::TransactionId;
use crate::service::Ledger;
use crate::transaction_service::{RawDetails, TransactionChanges};
use crate::transactions::{Transaction, delete_writes, update_writes};
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Money;
use ferrofin_platform::ports::table::TableError;

/// An optional field after a change: the new value, none when cleared, else the old one.
fn changed<'a>(change: &'a Option<Option<String>>, old: &'a Option<String>) -> Option<&'a str> {
    match change {
        Some(new) => new.as_deref(),
        None => old.as_deref(),
    }
}

impl Ledger {
    pub async fn transaction_of(
        &self,
        user_id: &UserId,
        id: &TransactionId,
    ) -> Result<Transaction, LedgerError> {
        self.transactions
            .get(user_id, id)
            .await?
            .ok_or(LedgerError::NotFound("transaction"))
    }

    /// Applies changes; a transfer leg's account, amount and date cannot change.
    pub async fn change_transaction(
        &self,
        user_id: &UserId,
        id: &TransactionId,
        changes: TransactionChanges,
    ) -> Result<Transaction, LedgerError> {
        let old = self.transaction_of(user_id, id).await?;
        let moves_money =
            changes.account_id.is_some() || changes.amount.is_some() || changes.date.is_some();
        if old.transfer.is_some() && (moves_money || changes.category.is_some()) {
            return Err(LedgerError::invalid(
                "",
                "a transfer's account, amount, date and category cannot change; delete it and record a new one",
            ));
        }
        let mut errors = FieldErrors::default();
        let date = old.date_string();
        let details = self
            .details(
                &mut errors,
                user_id,
                RawDetails {
                    date: changes.date.as_deref().unwrap_or(&date),
                    description: changes.description.as_deref().unwrap_or(&old.description),
                    merchant: changed(&changes.merchant, &old.merchant),
                    category: changed(&changes.category, &old.category),
                    tags: changes.tags.as_deref().unwrap_or(&old.tags),
                    notes: changed(&changes.notes, &old.notes),
                },
            )
            .await?;
        let amount = match &changes.amount {
            Some(raw) => errors.take("amount", Money::parse(raw, old.currency)),
            None => Some(old.amount()),
        };
        errors.finish()?;
        let (Some(details), Some(amount)) = (details, amount) else {
            return Err(LedgerError::invalid("", "invalid transaction"));
        };
        let account_id = match &changes.account_id {
            Some(account_id) if *account_id != old.account_id => {
                let account = self
                    .usable_account(user_id, account_id, "account_id")
                    .await?;
                if account.currency != old.currency {
                    return Err(LedgerError::invalid(
                        "account_id",
                        "must be in the transaction's currency",
                    ));
                }
                account.id
            }
            _ => old.account_id.clone(),
        };
        let new = Transaction {
            account_id,
            date: details.date,
            amount_minor: amount.minor(),
            description: details.description,
            merchant: details.merchant,
            category: details.category,
            tags: details.tags,
            notes: details.notes,
            updated_at: self.clock.now(),
            version: old.version + 1,
            ..old.clone()
        };
        self.store_change(&old, new).await
    }

    /// Replaces `old` by `new` with the balance and rollup changes, then announces it.
    pub(super) async fn store_change(
        &self,
        old: &Transaction,
        new: Transaction,
    ) -> Result<Transaction, LedgerError> {
        let mut writes = update_writes(old, &new)?;
        writes.push(events::changed(old, &new, self.clock.as_ref())?);
        writes.extend(category_guard(&new.user_id, new.category.as_deref()));
        match self.table.transact(writes).await {
            Ok(()) => Ok(new),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the transaction or its category changed meanwhile; read it again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Deletes a transaction; deleting either leg of a transfer deletes both.
    pub async fn delete_transaction(
        &self,
        user_id: &UserId,
        id: &TransactionId,
    ) -> Result<(), LedgerError> {
        let first = self.transaction_of(user_id, id).await?;
        let mut legs = vec![first.clone()];
        if let Some(link) = &first.transfer
            && let Some(other) = self.transactions.get(user_id, &link.transaction_id).await?
        {
            legs.push(other);
        }
        let mut writes = delete_writes(&legs.iter().collect::<Vec<_>>());
        for leg in &legs {
            writes.push(events::deleted(leg, self.clock.as_ref())?);
        }
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the transaction changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }
}
