//! The ledger's domain events: what other areas may react to when a transaction is recorded,
//! changed or deleted, or a batch of them is imported or taken back. Each is written to the
//! outbox in the transaction of the change; a batch is announced by one event per table
//! transaction, carrying the facts of every transaction in it.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{AccountId, TransactionId};
use crate::transactions::{Transaction, iso_date};
use ferrofin_platform::events::outbox;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::{TableError, Write};

/// What subscribers need to know of a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionFacts {
    pub id: TransactionId,
    pub account_id: AccountId,
    #[serde(with = "iso_date")]
    pub date: Date,
    /// Signed: negative is money out.
    pub amount_minor: i64,
    pub currency: Currency,
    pub category: Option<String>,
    /// One leg of a transfer between the user's own accounts.
    pub is_transfer: bool,
}

impl From<&Transaction> for TransactionFacts {
    fn from(transaction: &Transaction) -> Self {
        Self {
            id: transaction.id.clone(),
            account_id: transaction.account_id.clone(),
            date: transaction.date,
            amount_minor: transaction.amount_minor,
            currency: transaction.currency,
            category: transaction.category.clone(),
            is_transfer: transaction.transfer.is_some(),
        }
    }
}

/// `transaction.recorded`: a transaction (or one leg of a transfer) was recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionRecorded {
    pub user_id: UserId,
    pub transaction: TransactionFacts,
}

impl Message for TransactionRecorded {
    const TYPE: &'static str = "transaction.recorded";
    const VERSION: u32 = 1;
}

/// `transaction.changed`: a transaction's date, account, amount or category may have changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionChanged {
    pub user_id: UserId,
    pub before: TransactionFacts,
    pub after: TransactionFacts,
}

impl Message for TransactionChanged {
    const TYPE: &'static str = "transaction.changed";
    const VERSION: u32 = 1;
}

/// `transaction.deleted`: a transaction (or one leg of a deleted transfer) is gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionDeleted {
    pub user_id: UserId,
    pub transaction: TransactionFacts,
}

impl Message for TransactionDeleted {
    const TYPE: &'static str = "transaction.deleted";
    const VERSION: u32 = 1;
}

/// `transactions.imported`: a batch of transactions was recorded on an account by an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionsImported {
    pub user_id: UserId,
    pub account_id: AccountId,
    /// The import that recorded them (an id of the imports area).
    pub imported_by: String,
    pub transactions: Vec<TransactionFacts>,
}

impl Message for TransactionsImported {
    const TYPE: &'static str = "transactions.imported";
    const VERSION: u32 = 1;
}

/// `transactions.import_removed`: transactions an import recorded were deleted by undoing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionsImportRemoved {
    pub user_id: UserId,
    pub imported_by: String,
    pub transactions: Vec<TransactionFacts>,
}

impl Message for TransactionsImportRemoved {
    const TYPE: &'static str = "transactions.import_removed";
    const VERSION: u32 = 1;
}

/// The outbox write announcing that `transactions` were imported to `account_id`.
pub fn imported(
    user_id: &UserId,
    account_id: &AccountId,
    imported_by: &str,
    transactions: &[Transaction],
    clock: &dyn Clock,
) -> Result<Write, TableError> {
    outbox::emit(
        &TransactionsImported {
            user_id: user_id.clone(),
            account_id: account_id.clone(),
            imported_by: imported_by.to_owned(),
            transactions: transactions.iter().map(TransactionFacts::from).collect(),
        },
        clock,
    )
}

/// The outbox write announcing that undoing `imported_by` deleted `transactions`.
pub fn import_removed(
    user_id: &UserId,
    imported_by: &str,
    transactions: &[Transaction],
    clock: &dyn Clock,
) -> Result<Write, TableError> {
    outbox::emit(
        &TransactionsImportRemoved {
            user_id: user_id.clone(),
            imported_by: imported_by.to_owned(),
            transactions: transactions.iter().map(TransactionFacts::from).collect(),
        },
        clock,
    )
}

/// The outbox write announcing that `transaction` was recorded.
pub fn recorded(transaction: &Transaction, clock: &dyn Clock) -> Result<Write, TableError> {
    outbox::emit(
        &TransactionRecorded {
            user_id: transaction.user_id.clone(),
            transaction: transaction.into(),
        },
        clock,
    )
}

/// The outbox write announcing that `before` became `after`.
pub fn changed(
    before: &Transaction,
    after: &Transaction,
    clock: &dyn Clock,
) -> Result<Write, TableError> {
    outbox::emit(
        &TransactionChanged {
            user_id: after.user_id.clone(),
            before: before.into(),
            after: after.into(),
        },
        clock,
    )
}

/// The outbox write announcing that `transaction` was deleted.
pub fn deleted(transaction: &Transaction, clock: &dyn Clock) -> Result<Write, TableError> {
    outbox::emit(
        &TransactionDeleted {
            user_id: transaction.user_id.clone(),
            transaction: transaction.into(),
        },
        clock,
    )
}
