//! Transactions and the table writes that record them. Every write of a transaction also moves
//! its account's balance and the rollups, in one all-or-nothing table transaction.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{AccountId, TransactionId};
use crate::keys;
use crate::rollups::rollup_writes;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Item, Key, Table, TableError, Write, attr, from_record, merge_adds,
    to_record,
};

/// Dates in JSON, exactly `YYYY-MM-DD`.
pub use ferrofin_platform::fields::date_text as iso_date;

/// The other leg of a transfer between two of the user's accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferLink {
    pub account_id: AccountId,
    pub transaction_id: TransactionId,
}

/// A money movement on one account: negative amounts leave it, positive ones enter it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    pub id: TransactionId,
    pub user_id: UserId,
    pub account_id: AccountId,
    #[serde(with = "iso_date")]
    pub date: Date,
    pub amount_minor: i64,
    pub currency: Currency,
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer: Option<TransferLink>,
    /// What identifies an imported transaction within its account (the statement's id of the
    /// row, or its content fingerprint): unique per account while the transaction exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// The import that created the transaction (an id of the imports area, opaque here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
    /// An imported transaction that looks like this transaction entered by hand (same account
    /// and amount, dates at most 3 days apart), until the user resolves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_duplicate_of: Option<TransactionId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Transaction {
    pub fn amount(&self) -> Money {
        Money::from_minor(self.amount_minor, self.currency)
    }

    /// `YYYY-MM-DD`.
    pub fn date_string(&self) -> String {
        date_string(self.date)
    }

    pub fn key(&self) -> Key {
        keys::transaction(&self.user_id, &self.date_string(), &self.id)
    }

    /// Entered by hand: neither imported (no external reference) nor a transfer leg. Imported
    /// rows are compared with these for possible duplicates.
    pub fn is_manual(&self) -> bool {
        self.external_ref.is_none() && self.transfer.is_none()
    }
}

/// What the index of manually entered transactions keeps (under
/// `MANUAL#<account>#<date>#<id>`): the amount to compare imported rows with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualEntry {
    pub transaction_id: TransactionId,
    #[serde(with = "iso_date")]
    pub date: Date,
    pub amount_minor: i64,
}

/// The index entry of a manual transaction.
fn manual_entry_write(transaction: &Transaction) -> Result<Option<Write>, TableError> {
    if !transaction.is_manual() {
        return Ok(None);
    }
    let entry = ManualEntry {
        transaction_id: transaction.id.clone(),
        date: transaction.date,
        amount_minor: transaction.amount_minor,
    };
    let key = manual_entry_key(transaction);
    Ok(Some(Write::Put {
        item: to_record(&entry, &key, None)?,
        condition: Condition::Always,
    }))
}

fn manual_entry_key(transaction: &Transaction) -> Key {
    keys::manual_entry(
        &transaction.user_id,
        &transaction.account_id,
        &transaction.date_string(),
        &transaction.id,
    )
}

fn manual_entry_delete(transaction: &Transaction) -> Option<Write> {
    transaction.is_manual().then(|| Write::Delete {
        key: manual_entry_key(transaction),
        condition: Condition::Always,
    })
}

/// `YYYY-MM-DD` of a date.
pub fn date_string(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[derive(Serialize, Deserialize)]
struct Pointer {
    #[serde(with = "iso_date")]
    date: Date,
}

fn record(transaction: &Transaction) -> Result<Item, TableError> {
    let date = transaction.date_string();
    let mut item = to_record(transaction, &transaction.key(), None)?;
    item.insert(
        attr::GSI1_PK.to_owned(),
        AttributeValue::S(keys::account_transactions_partition(
            &transaction.account_id,
        )),
    );
    item.insert(
        attr::GSI1_SK.to_owned(),
        AttributeValue::S(keys::account_transactions_sort(&date, &transaction.id)),
    );
    Ok(item)
}

fn pointer_write(transaction: &Transaction, condition: Condition) -> Result<Write, TableError> {
    let item = to_record(
        &Pointer {
            date: transaction.date,
        },
        &keys::transaction_pointer(&transaction.user_id, &transaction.id),
        None,
    )?;
    Ok(Write::Put { item, condition })
}

/// Moves an account's balance (and its version, for optimistic concurrency on the account).
fn balance_write(user_id: &UserId, account_id: &AccountId, delta: i64) -> Write {
    Write::Add {
        key: keys::account(user_id, account_id),
        deltas: vec![
            ("balance_minor".to_owned(), delta),
            (attr::VERSION.to_owned(), 1),
        ],
        condition: Condition::Exists,
    }
}

/// The guard that keeps an imported transaction's external reference unique in its account.
fn external_ref_write(transaction: &Transaction) -> Result<Option<Write>, TableError> {
    let Some(reference) = &transaction.external_ref else {
        return Ok(None);
    };
    let key = keys::external_ref(&transaction.user_id, &transaction.account_id, reference);
    let item = to_record(
        &ExternalRef {
            transaction_id: transaction.id.clone(),
            imported_by: transaction.imported_by.clone(),
        },
        &key,
        None,
    )?;
    Ok(Some(Write::Put {
        item,
        condition: Condition::NotExists,
    }))
}

fn external_ref_delete(transaction: &Transaction) -> Option<Write> {
    transaction
        .external_ref
        .as_ref()
        .map(|reference| Write::Delete {
            key: keys::external_ref(&transaction.user_id, &transaction.account_id, reference),
            condition: Condition::Always,
        })
}

/// What an external-reference guard holds: the transaction that has the reference, and the
/// import that created it.
#[derive(Serialize, Deserialize)]
pub struct ExternalRef {
    pub transaction_id: TransactionId,
    #[serde(default)]
    pub imported_by: Option<String>,
}

/// One balance write per account, summing the transactions' amounts (a transaction may touch
/// an item only once).
fn balance_writes(transactions: &[&Transaction], sign: i64) -> Vec<Write> {
    let mut deltas: Vec<(&UserId, &AccountId, i64)> = Vec::new();
    for transaction in transactions {
        let amount = sign * transaction.amount_minor;
        match deltas
            .iter_mut()
            .find(|(_, account, _)| **account == transaction.account_id)
        {
            Some((_, _, sum)) => *sum += amount,
            None => deltas.push((&transaction.user_id, &transaction.account_id, amount)),
        }
    }
    deltas
        .into_iter()
        .map(|(user_id, account_id, delta)| balance_write(user_id, account_id, delta))
        .collect()
}

/// The writes that record new transactions (one, both legs of a transfer, or a batch of
/// imported ones), with their external-reference guards.
pub fn create_writes(transactions: &[&Transaction]) -> Result<Vec<Write>, TableError> {
    let rollups = transactions
        .iter()
        .flat_map(|transaction| rollup_writes(transaction, 1))
        .collect();
    create_writes_with_rollups(transactions, rollups)
}

/// [`create_writes`] given the transactions' rollup writes (`rollup_writes(t, 1)` of each),
/// for a caller that computed them already (an import sizes its table transactions by them).
pub fn create_writes_with_rollups(
    transactions: &[&Transaction],
    rollups: Vec<Write>,
) -> Result<Vec<Write>, TableError> {
    let mut writes = Vec::with_capacity(transactions.len() * 4 + rollups.len());
    for transaction in transactions {
        writes.push(Write::Put {
            item: record(transaction)?,
            condition: Condition::NotExists,
        });
        writes.push(pointer_write(transaction, Condition::NotExists)?);
        writes.extend(external_ref_write(transaction)?);
        writes.extend(manual_entry_write(transaction)?);
    }
    writes.extend(balance_writes(transactions, 1));
    writes.extend(merge_adds(rollups));
    Ok(writes)
}

/// The writes that remove transactions and take back their effects.
pub fn delete_writes(transactions: &[&Transaction]) -> Vec<Write> {
    let mut writes = Vec::new();
    let mut adds = Vec::new();
    for transaction in transactions {
        writes.push(Write::Delete {
            key: transaction.key(),
            condition: Condition::version_is(transaction.version),
        });
        writes.push(Write::Delete {
            key: keys::transaction_pointer(&transaction.user_id, &transaction.id),
            condition: Condition::Always,
        });
        // Deleting an imported transaction frees its reference: a re-import brings it back.
        writes.extend(external_ref_delete(transaction));
        writes.extend(manual_entry_delete(transaction));
        adds.extend(rollup_writes(transaction, -1));
    }
    writes.extend(balance_writes(transactions, -1));
    writes.extend(merge_adds(adds));
    writes
}

/// The writes that replace `old` with `new` (same id; the date, account or amount may change).
pub fn update_writes(old: &Transaction, new: &Transaction) -> Result<Vec<Write>, TableError> {
    let mut writes = Vec::new();
    if old.key() == new.key() {
        writes.push(Write::Put {
            item: record(new)?,
            condition: Condition::version_is(old.version),
        });
    } else {
        writes.push(Write::Delete {
            key: old.key(),
            condition: Condition::version_is(old.version),
        });
        writes.push(Write::Put {
            item: record(new)?,
            condition: Condition::NotExists,
        });
        writes.push(pointer_write(new, Condition::Always)?);
    }
    // The reference is unique per account: it moves with the transaction.
    if old.account_id != new.account_id {
        writes.extend(external_ref_delete(old));
        writes.extend(external_ref_write(new)?);
    }
    // The index entry of a manual transaction follows its account, date and amount.
    let entry = |t: &Transaction| t.is_manual().then(|| manual_entry_key(t));
    let moved = entry(old) != entry(new);
    if moved {
        writes.extend(manual_entry_delete(old));
    }
    if moved || old.amount_minor != new.amount_minor {
        writes.extend(manual_entry_write(new)?);
    }
    if old.account_id == new.account_id {
        let delta = new.amount_minor - old.amount_minor;
        if delta != 0 {
            writes.push(balance_write(&new.user_id, &new.account_id, delta));
        }
    } else {
        writes.push(balance_write(
            &old.user_id,
            &old.account_id,
            -old.amount_minor,
        ));
        writes.push(balance_write(
            &new.user_id,
            &new.account_id,
            new.amount_minor,
        ));
    }
    let mut adds = rollup_writes(old, -1);
    adds.extend(rollup_writes(new, 1));
    writes.extend(merge_adds(adds));
    Ok(writes)
}

/// Reads transactions.
#[derive(Clone)]
pub struct TransactionStore {
    table: Arc<dyn Table>,
}

impl TransactionStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// A transaction of the user by id.
    pub async fn get(
        &self,
        user_id: &UserId,
        transaction_id: &TransactionId,
    ) -> Result<Option<Transaction>, TableError> {
        let Some(pointer) = self
            .table
            .get(&keys::transaction_pointer(user_id, transaction_id))
            .await?
        else {
            return Ok(None);
        };
        let pointer: Pointer = from_record(pointer)?;
        let key = keys::transaction(user_id, &date_string(pointer.date), transaction_id);
        self.table.get(&key).await?.map(from_record).transpose()
    }

    /// The user's transactions with these ids that exist, read in two batches (pointers, then
    /// transactions).
    pub async fn get_many(
        &self,
        user_id: &UserId,
        transaction_ids: &[TransactionId],
    ) -> Result<Vec<Transaction>, TableError> {
        let pointer_keys: Vec<Key> = transaction_ids
            .iter()
            .map(|id| keys::transaction_pointer(user_id, id))
            .collect();
        let pointers = self.table.get_many(&pointer_keys).await?;
        let mut keys = Vec::with_capacity(transaction_ids.len());
        for (id, pointer) in transaction_ids.iter().zip(pointers) {
            if let Some(pointer) = pointer {
                let pointer: Pointer = from_record(pointer)?;
                keys.push(keys::transaction(user_id, &date_string(pointer.date), id));
            }
        }
        self.table
            .get_many(&keys)
            .await?
            .into_iter()
            .flatten()
            .map(from_record)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_platform::ports::table::MAX_TRANSACTION_WRITES;
    use time::macros::{date, datetime};

    fn transaction(amount_minor: i64, category: Option<&str>) -> Transaction {
        Transaction {
            id: "T1".into(),
            user_id: "U1".into(),
            account_id: "A1".into(),
            date: date!(2026 - 03 - 14),
            amount_minor,
            currency: Currency::parse("EUR").expect("EUR"),
            description: "Coffee".into(),
            merchant: None,
            category: category.map(str::to_owned),
            tags: vec![],
            notes: None,
            transfer: None,
            external_ref: None,
            imported_by: None,
            possible_duplicate_of: None,
            created_at: datetime!(2026-03-14 08:00 UTC),
            updated_at: datetime!(2026-03-14 08:00 UTC),
            version: 1,
        }
    }

    #[test]
    fn an_amount_change_in_the_same_month_and_category_touches_each_item_once() {
        let old = transaction(-350, Some("dining"));
        let new = Transaction {
            amount_minor: -420,
            version: 2,
            ..old.clone()
        };
        let writes = update_writes(&old, &new).expect("writes");
        ferrofin_platform::ports::table::check_transaction(&writes, MAX_TRANSACTION_WRITES)
            .expect("valid transaction");
        let balance = writes.iter().find_map(|w| match w {
            Write::Add { key, deltas, .. } if key.sk.starts_with("ACCOUNT#") => {
                Some(deltas.clone())
            }
            _ => None,
        });
        assert_eq!(
            balance,
            Some(vec![
                ("balance_minor".to_owned(), -70),
                ("version".to_owned(), 1)
            ])
        );
    }

    #[test]
    fn a_create_writes_the_transaction_pointer_balance_three_rollups_and_the_manual_entry() {
        let writes = create_writes(&[&transaction(-350, None)]).expect("writes");
        assert_eq!(writes.len(), 7);
        assert!(
            writes.iter().any(|w| w
                .key()
                .is_ok_and(|key| key.sk.starts_with("MANUAL#A1#2026-03-14#"))),
            "entered by hand: indexed for imports to compare with"
        );
        ferrofin_platform::ports::table::check_transaction(&writes, MAX_TRANSACTION_WRITES)
            .expect("valid transaction");
    }
}
