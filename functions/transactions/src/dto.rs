//! Request and response bodies of the transactions routes.

use ferrofin_ledger::categories::CategoryKind;
use ferrofin_ledger::transactions::Transaction;
use ferrofin_ledger::user_categories::CategoryEntry;
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Records a transaction, or (with `transfer_to_account_id`) a transfer of `amount` from
/// `account_id` to another account of the caller.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordTransaction {
    pub account_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Signed decimal string in the account's currency: negative leaves the account.
    pub amount: String,
    /// Must be the account's currency.
    pub currency: String,
    pub description: String,
    pub merchant: Option<String>,
    /// A category id (see /v1/transactions/categories).
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer_to_account_id: Option<String>,
}

/// Changes to a transaction; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeTransaction {
    pub account_id: Option<String>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub description: Option<String>,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
}

/// Filters and paging of the transaction list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListTransactions {
    /// First date, `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Last date, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    pub account_id: Option<String>,
    pub category: Option<String>,
    /// Text in the merchant or description (case-insensitive).
    pub q: Option<String>,
    /// Lowest signed amount, decimal string.
    pub min_amount: Option<String>,
    /// Highest signed amount, decimal string.
    pub max_amount: Option<String>,
    pub tag: Option<String>,
    /// Page size, 1..=100 (default 50).
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The other leg of a transfer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferView {
    pub account_id: String,
    pub transaction_id: String,
}

/// A transaction as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionView {
    pub id: String,
    pub account_id: String,
    pub date: String,
    /// Signed decimal string.
    pub amount: String,
    pub currency: String,
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer: Option<TransferView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Transaction> for TransactionView {
    fn from(transaction: Transaction) -> Self {
        Self {
            date: transaction.date_string(),
            amount: transaction.amount().to_decimal_string(),
            currency: transaction.currency.code().to_owned(),
            id: transaction.id,
            account_id: transaction.account_id,
            description: transaction.description,
            merchant: transaction.merchant,
            category: transaction.category,
            tags: transaction.tags,
            notes: transaction.notes,
            transfer: transaction.transfer.map(|link| TransferView {
                account_id: link.account_id,
                transaction_id: link.transaction_id,
            }),
            created_at: transaction.created_at,
            updated_at: transaction.updated_at,
        }
    }
}

/// The default categories, then the caller's.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryEntry>,
}

/// Reads a field that may be absent (no change), `null` (clear it) or a value.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A new category of the caller.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCategory {
    /// 1 to 60 characters.
    pub name: String,
    pub kind: CategoryKind,
    /// A default category or a top-level category of the caller, of the same kind.
    pub parent: Option<String>,
}

/// Changes to a category; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeCategory {
    pub name: Option<String>,
    /// A new parent, or `null` to make it top-level.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub parent: Option<Option<String>>,
}
