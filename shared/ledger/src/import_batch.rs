//! Recording transactions imported from a bank statement, a batch at a time, through the same
//! writes as the API (balance, rollups, category guards, `transaction.recorded` events), but in
//! as few table transactions as the write limit allows instead of one per row.
//!
//! Each imported transaction carries an external reference (the statement's id of the row, or
//! its content fingerprint) with a guard item unique per account: a row whose reference the
//! account already has is a duplicate and is not written; deleting the transaction frees the
//! reference. A race with another import of the same rows fails the table transaction on a
//! guard, and the caller retries the batch (the retry finds them as duplicates).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures::StreamExt;
use time::Date;

use crate::accounts::Account;
use crate::category_service::category_guard;
use crate::error::LedgerError;
use crate::events;
use crate::ids::TransactionId;
use crate::keys;
use crate::rules::{self, Subject, merge_tags};
use crate::service::Ledger;
use crate::transaction_service::Details;
use crate::transactions::{ExternalRef, Transaction, create_writes};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Money;
use ferrofin_platform::ports::table::{MAX_TRANSACTION_WRITES, TableError, Write, from_record};

/// Guard lookups made at the same time.
const CONCURRENT_LOOKUPS: usize = 16;

/// One row of a statement, checked, to record on the import's account.
#[derive(Clone, Debug)]
pub struct ImportedTransaction {
    pub date: Date,
    pub amount: Money,
    pub description: String,
    pub merchant: Option<String>,
    /// A category the row names; kept only if the user has it (else rules may set one).
    pub category: Option<String>,
    pub notes: Option<String>,
    pub external_ref: String,
}

/// What became of one imported row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportedOutcome {
    Recorded(TransactionId),
    /// The same import recorded it before (a batch written again after a crash or a
    /// redelivery).
    AlreadyRecorded(TransactionId),
    /// The account already has a transaction with this reference from elsewhere (another
    /// import of the same rows, or an earlier row of this batch).
    Duplicate(TransactionId),
}

impl Ledger {
    /// The account an import writes to: one of the user's, not archived.
    pub async fn import_account(
        &self,
        user_id: &UserId,
        account_id: &crate::ids::AccountId,
    ) -> Result<Account, LedgerError> {
        self.usable_account(user_id, account_id, "account_id").await
    }

    /// Records the rows that are not duplicates as imported by `source`, categorised by the
    /// user's rules when they name no category the user has; answers each row's outcome in
    /// order. Every amount must be in the account's currency.
    pub async fn record_imported(
        &self,
        account: &Account,
        source: &str,
        rows: Vec<ImportedTransaction>,
    ) -> Result<Vec<ImportedOutcome>, LedgerError> {
        let user_id = &account.user_id;
        if let Some(row) = rows
            .iter()
            .find(|row| row.amount.currency() != account.currency)
        {
            return Err(LedgerError::invalid(
                "currency",
                format!(
                    "{} is not the account's currency, {}",
                    row.amount.currency(),
                    account.currency
                ),
            ));
        }
        let existing = self.existing_refs(account, &rows).await?;
        let rules = rules::user_rules(self.table.as_ref(), user_id).await?;
        let categories = self.known_categories(user_id, &rows).await?;
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut new = Vec::new();
        let mut in_batch: HashMap<String, TransactionId> = HashMap::new();
        for row in rows {
            if let Some(guard) = existing.get(&row.external_ref) {
                let id = guard.transaction_id.clone();
                outcomes.push(if guard.imported_by.as_deref() == Some(source) {
                    ImportedOutcome::AlreadyRecorded(id)
                } else {
                    ImportedOutcome::Duplicate(id)
                });
                continue;
            }
            if let Some(id) = in_batch.get(&row.external_ref) {
                outcomes.push(ImportedOutcome::Duplicate(id.clone()));
                continue;
            }
            let mut transaction = self.imported(account, row, &rules, &categories);
            transaction.imported_by = Some(source.to_owned());
            in_batch.insert(
                transaction.external_ref.clone().unwrap_or_default(),
                transaction.id.clone(),
            );
            outcomes.push(ImportedOutcome::Recorded(transaction.id.clone()));
            new.push(transaction);
        }
        for chunk in self.chunks(user_id, &new)? {
            match self.table.transact(chunk).await {
                Ok(()) => {}
                Err(TableError::ConditionFailed { .. }) => {
                    return Err(LedgerError::Conflict(
                        "the account changed while importing; try the batch again",
                    ));
                }
                Err(err) => return Err(err.into()),
            }
        }
        Ok(outcomes)
    }

    /// The references of `rows` the account already has, with their transactions.
    async fn existing_refs(
        &self,
        account: &Account,
        rows: &[ImportedTransaction],
    ) -> Result<HashMap<String, ExternalRef>, LedgerError> {
        // Owned lookups (no borrow of `rows` inside the futures), so the future is `Send` for
        // any lifetime, as an async trait's future must be.
        let lookups: Vec<_> = rows
            .iter()
            .map(|row| {
                let table = Arc::clone(&self.table);
                let reference = row.external_ref.clone();
                let key = keys::external_ref(&account.user_id, &account.id, &reference);
                async move {
                    let found = table.get(&key).await?;
                    let found = found.map(from_record::<ExternalRef>).transpose()?;
                    Ok::<_, TableError>(found.map(|guard| (reference, guard)))
                }
            })
            .collect();
        let lookups = futures::stream::iter(lookups)
            .buffer_unordered(CONCURRENT_LOOKUPS)
            .collect::<Vec<_>>()
            .await;
        let mut existing = HashMap::new();
        for lookup in lookups {
            existing.extend(lookup?);
        }
        Ok(existing)
    }

    /// The categories the rows name that the user has (default or their own).
    async fn known_categories(
        &self,
        user_id: &UserId,
        rows: &[ImportedTransaction],
    ) -> Result<HashMap<String, String>, LedgerError> {
        let named: HashSet<&str> = rows
            .iter()
            .filter_map(|row| row.category.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        let mut known = HashMap::new();
        for name in named {
            if let Some(category) = self.known_category(user_id, name).await? {
                known.insert(name.to_owned(), category.id);
            }
        }
        Ok(known)
    }

    fn imported(
        &self,
        account: &Account,
        row: ImportedTransaction,
        rules: &[rules::Rule],
        categories: &HashMap<String, String>,
    ) -> Transaction {
        let category = row
            .category
            .as_deref()
            .map(str::trim)
            .and_then(|name| categories.get(name).cloned());
        let mut details = Details {
            date: row.date,
            description: row.description,
            merchant: row.merchant,
            category,
            tags: Vec::new(),
            notes: row.notes,
        };
        let outcome = rules::apply(
            rules,
            &Subject {
                merchant: details.merchant.as_deref(),
                description: &details.description,
                amount: row.amount.to_decimal(),
            },
        );
        if details.category.is_none() {
            details.category = outcome.category;
        }
        details.tags = merge_tags(&details.tags, &outcome.tags);
        let mut transaction =
            self.transaction(&account.user_id, &account.id, row.amount, details, None);
        transaction.external_ref = Some(row.external_ref);
        transaction
    }

    /// The transactions' writes, cut into table transactions within the write limit. A chunk
    /// grows while its writes (the state writes, plus one event per transaction) fit; the
    /// events are made once, for the chunk as cut.
    fn chunks(
        &self,
        user_id: &UserId,
        transactions: &[Transaction],
    ) -> Result<Vec<Vec<Write>>, LedgerError> {
        let fits = |slice: &[Transaction], writes: &[Write]| {
            writes.len() + slice.len() <= MAX_TRANSACTION_WRITES
        };
        let mut chunks = Vec::new();
        let mut start = 0;
        while start < transactions.len() {
            let mut end = start + 1;
            let mut writes = state_writes(user_id, &transactions[start..end])?;
            while end < transactions.len() {
                let bigger = state_writes(user_id, &transactions[start..=end])?;
                if !fits(&transactions[start..=end], &bigger) {
                    break;
                }
                writes = bigger;
                end += 1;
            }
            for transaction in &transactions[start..end] {
                writes.push(events::recorded(transaction, self.clock.as_ref())?);
            }
            chunks.push(writes);
            start = end;
        }
        Ok(chunks)
    }
}

/// The writes that record `transactions` (the API's writes plus a guard per user category
/// they use), without their events.
fn state_writes(user_id: &UserId, transactions: &[Transaction]) -> Result<Vec<Write>, LedgerError> {
    let mut writes = create_writes(&transactions.iter().collect::<Vec<_>>())?;
    let mut guarded = HashSet::new();
    for transaction in transactions {
        if let Some(category) = transaction.category.as_deref()
            && guarded.insert(category)
        {
            writes.extend(category_guard(user_id, Some(category)));
        }
    }
    Ok(writes)
}
