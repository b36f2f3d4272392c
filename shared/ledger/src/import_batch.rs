//! Recording transactions imported from a bank statement, a batch at a time, through the same
//! writes as the API (balance, rollups, category guards), but in as few table transactions as
//! the table's write limit allows instead of one per row: 100 writes on DynamoDB, thousands on
//! the embedded store. Each table transaction announces its transactions with one
//! `transactions.imported` event and keeps a record of their ids for undoing the import.
//!
//! A new transaction with the amount of one the user entered by hand on the account, at most 3
//! days apart, is imported all the same and marked `possible_duplicate_of` it: never merged
//! silently, resolved by the user.
//!
//! Each imported transaction carries an external reference (the statement's id of the row, or
//! its content fingerprint) with a guard item unique per account: a row whose reference the
//! account already has is a duplicate and is not written; deleting the transaction frees the
//! reference. A race with another import of the same rows fails the table transaction on a
//! guard, and the caller retries the batch (the retry finds them as duplicates).
//!
//! A batch can be prepared (checked, categorised, its writes built) apart from being written,
//! so an import prepares the next batch while the one before is written: the references of
//! that batch count as already recorded by the import, as they will be once it is written.

use std::collections::{HashMap, HashSet};

use time::{Date, Duration};

use crate::accounts::Account;
use crate::category_service::category_guard;
use crate::error::LedgerError;
use crate::events;
use crate::ids::TransactionId;
use crate::import_records::ImportRecord;
use crate::keys;
use crate::rollups::rollup_writes;
use crate::rules::{self, Subject, merge_tags};
use crate::service::Ledger;
use crate::transaction_service::Details;
use crate::transactions::{
    ExternalRef, ManualEntry, Transaction, create_writes_with_rollups, date_string,
};
use crate::write_runs::{Cost, runs};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Money;
use ferrofin_platform::ports::table::{Query, SortKey, TableError, Write, from_record, query_all};

/// How many days apart an imported row and a transaction entered by hand may be and still
/// look like the same payment.
pub const DUPLICATE_WINDOW_DAYS: i64 = 3;

/// Writes of a table transaction besides its transactions': the event and the batch record.
const WRITES_PER_RUN: usize = 2;
/// Writes of an imported transaction alone: its item, its pointer, its reference guard.
const OWN_WRITES: usize = 3;

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

/// What a dry run says about one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewMarks {
    /// The account already has the row (by its reference), or an earlier row of the preview
    /// is the same: importing it would count it as a duplicate.
    pub duplicate: bool,
    /// It would be imported and marked as looking like this transaction entered by hand.
    pub possible_duplicate_of: Option<TransactionId>,
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

/// A batch of imported rows checked, categorised and cut into table transactions, not
/// written yet.
pub struct PreparedImport {
    /// Each row's outcome, in order, once the writes are written.
    pub outcomes: Vec<ImportedOutcome>,
    /// The references the batch records, with their transactions.
    pub recorded: HashMap<String, TransactionId>,
    pub writes: ImportWrites,
}

/// The table transactions of a prepared batch ([`Ledger::write_imported`] writes them).
pub struct ImportWrites(Vec<Vec<Write>>);

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
        let prepared = self
            .prepare_imported(account, source, rows, &HashMap::new())
            .await?;
        self.write_imported(prepared.writes).await?;
        Ok(prepared.outcomes)
    }

    /// What [`Ledger::record_imported`] would write, without writing it, so an import can
    /// prepare a batch while the one before is written. `writing` holds the references of
    /// the import's batch not written yet (its [`PreparedImport::recorded`]): the rows of
    /// `rows` that have one count as already recorded by `source`, as they would once it is
    /// written.
    pub async fn prepare_imported(
        &self,
        account: &Account,
        source: &str,
        rows: Vec<ImportedTransaction>,
        writing: &HashMap<String, TransactionId>,
    ) -> Result<PreparedImport, LedgerError> {
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
        let mut recorded: HashMap<String, TransactionId> = HashMap::new();
        for row in rows {
            if let Some(outcome) = known_outcome(&row, source, &existing, writing, &recorded) {
                outcomes.push(outcome);
                continue;
            }
            let mut transaction = self.imported(account, row, &rules, &categories);
            transaction.imported_by = Some(source.to_owned());
            recorded.insert(
                transaction.external_ref.clone().unwrap_or_default(),
                transaction.id.clone(),
            );
            outcomes.push(ImportedOutcome::Recorded(transaction.id.clone()));
            new.push(transaction);
        }
        self.flag_possible_duplicates(account, &mut new).await?;
        Ok(PreparedImport {
            outcomes,
            recorded,
            writes: ImportWrites(self.chunks(account, source, &new)?),
        })
    }

    /// Writes a prepared batch, one table transaction after another.
    pub async fn write_imported(&self, writes: ImportWrites) -> Result<(), LedgerError> {
        for chunk in writes.0 {
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
        Ok(())
    }

    /// The references of `rows` the account already has, with their transactions (read in
    /// one batch).
    async fn existing_refs(
        &self,
        account: &Account,
        rows: &[ImportedTransaction],
    ) -> Result<HashMap<String, ExternalRef>, LedgerError> {
        let keys: Vec<_> = rows
            .iter()
            .map(|row| keys::external_ref(&account.user_id, &account.id, &row.external_ref))
            .collect();
        let found = self.table.get_many(&keys).await?;
        let mut existing = HashMap::new();
        for (row, item) in rows.iter().zip(found) {
            if let Some(item) = item {
                existing.insert(row.external_ref.clone(), from_record::<ExternalRef>(item)?);
            }
        }
        Ok(existing)
    }

    /// Marks each new transaction that looks like one the user entered by hand on the account:
    /// it is imported all the same, for the user to resolve.
    async fn flag_possible_duplicates(
        &self,
        account: &Account,
        transactions: &mut [Transaction],
    ) -> Result<(), LedgerError> {
        let looks: Vec<(Date, i64)> = transactions
            .iter()
            .map(|t| (t.date, t.amount_minor))
            .collect();
        let found = self.entered_by_hand_like(account, &looks).await?;
        for (transaction, like) in transactions.iter_mut().zip(found) {
            transaction.possible_duplicate_of = like;
        }
        Ok(())
    }

    /// For each (date, amount in minor units), the transaction entered by hand on the account
    /// with that amount at most [`DUPLICATE_WINDOW_DAYS`] away (the closest wins). One query
    /// reads the account's manual entries around the dates.
    async fn entered_by_hand_like(
        &self,
        account: &Account,
        looks: &[(Date, i64)],
    ) -> Result<Vec<Option<TransactionId>>, LedgerError> {
        let dates = looks.iter().map(|(date, _)| *date);
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            return Ok(Vec::new());
        };
        let window = Duration::days(DUPLICATE_WINDOW_DAYS);
        let prefix = keys::manual_entries_prefix(&account.id);
        let query = Query {
            sort: SortKey::Between(
                format!("{prefix}{}", date_string(first.saturating_sub(window))),
                format!("{prefix}{}#~", date_string(last.saturating_add(window))),
            ),
            ..Query::partition(keys::user_partition(&account.user_id), 100)
        };
        let entries = query_all(self.table.as_ref(), query)
            .await?
            .into_iter()
            .map(from_record::<ManualEntry>)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(looks
            .iter()
            .map(|(date, amount_minor)| {
                let apart = |entry: &ManualEntry| (entry.date - *date).whole_days().abs();
                entries
                    .iter()
                    .filter(|entry| {
                        entry.amount_minor == *amount_minor && apart(entry) <= DUPLICATE_WINDOW_DAYS
                    })
                    .min_by_key(|entry| (apart(entry), entry.transaction_id.clone()))
                    .map(|entry| entry.transaction_id.clone())
            })
            .collect())
    }

    /// What importing `rows` would find, without writing: for each row, the transaction the
    /// account already has with its reference (or an earlier row of `rows` has), and the one
    /// entered by hand it looks like. A dry run shows these.
    pub async fn preview_imported(
        &self,
        account: &Account,
        rows: &[ImportedTransaction],
    ) -> Result<Vec<PreviewMarks>, LedgerError> {
        let existing = self.existing_refs(account, rows).await?;
        let looks: Vec<(Date, i64)> = rows.iter().map(|r| (r.date, r.amount.minor())).collect();
        let like = self.entered_by_hand_like(account, &looks).await?;
        let mut seen: HashSet<&str> = HashSet::new();
        Ok(rows
            .iter()
            .zip(like)
            .map(|(row, like)| {
                let already = existing.contains_key(&row.external_ref)
                    || !seen.insert(row.external_ref.as_str());
                PreviewMarks {
                    duplicate: already,
                    possible_duplicate_of: if already { None } else { like },
                }
            })
            .collect())
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

    /// The transactions' writes, cut into table transactions within the table's write limit,
    /// each with its event and its batch record. Each transaction's rollup writes are computed
    /// once: they size the runs, then go into them.
    fn chunks(
        &self,
        account: &Account,
        source: &str,
        transactions: &[Transaction],
    ) -> Result<Vec<Vec<Write>>, LedgerError> {
        let user_id = &account.user_id;
        let mut rollups: Vec<Vec<Write>> = transactions
            .iter()
            .map(|transaction| rollup_writes(transaction, 1))
            .collect();
        let cost = |at: &usize| {
            let mut shared = Cost::shared_of(&rollups[*at]);
            shared.extend(
                category_guard(user_id, transactions[*at].category.as_deref())
                    .and_then(|guard| guard.key().ok()),
            );
            shared.push(keys::account(user_id, &account.id));
            Cost {
                own: OWN_WRITES,
                shared,
            }
        };
        let positions: Vec<usize> = (0..transactions.len()).collect();
        let cut = runs(
            &positions,
            self.table.max_transaction_writes(),
            WRITES_PER_RUN,
            cost,
        );
        cut.into_iter()
            .map(|run| {
                let run_rollups = rollups[run.clone()].iter_mut().flat_map(std::mem::take);
                let run_rollups = run_rollups.collect();
                let run = &transactions[run];
                let mut writes = state_writes(user_id, run, run_rollups)?;
                writes.push(events::imported(
                    user_id,
                    &account.id,
                    source,
                    run,
                    self.clock.as_ref(),
                )?);
                let record = ImportRecord {
                    imported_by: source.to_owned(),
                    account_id: account.id.clone(),
                    transaction_ids: run.iter().map(|t| t.id.clone()).collect(),
                };
                writes.extend(record.write(user_id)?);
                Ok(writes)
            })
            .collect()
    }
}

/// The outcome of a row whose reference is taken: by a transaction the account has
/// (`existing`), by the import's batch being written (`writing`), or by an earlier row of its
/// own batch (`recorded`); `None` for a row to record.
fn known_outcome(
    row: &ImportedTransaction,
    source: &str,
    existing: &HashMap<String, ExternalRef>,
    writing: &HashMap<String, TransactionId>,
    recorded: &HashMap<String, TransactionId>,
) -> Option<ImportedOutcome> {
    let reference = &row.external_ref;
    if let Some(guard) = existing.get(reference) {
        let id = guard.transaction_id.clone();
        return Some(if guard.imported_by.as_deref() == Some(source) {
            ImportedOutcome::AlreadyRecorded(id)
        } else {
            ImportedOutcome::Duplicate(id)
        });
    }
    if let Some(id) = writing.get(reference) {
        return Some(ImportedOutcome::AlreadyRecorded(id.clone()));
    }
    recorded
        .get(reference)
        .map(|id| ImportedOutcome::Duplicate(id.clone()))
}

/// The writes that record `transactions` (the API's writes plus a guard per user category
/// they use), given their rollup writes.
fn state_writes(
    user_id: &UserId,
    transactions: &[Transaction],
    rollups: Vec<Write>,
) -> Result<Vec<Write>, LedgerError> {
    let mut writes = create_writes_with_rollups(&transactions.iter().collect::<Vec<_>>(), rollups)?;
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
