//! Request and response bodies of the /v1/transactions routes, and the list's filter parsed
//! from its query.

use ferrofin_ledger::LedgerError;
use ferrofin_ledger::duplicates::Resolution;
use ferrofin_ledger::ids::{AccountId, TransactionId};
use ferrofin_ledger::listing::TransactionFilter;
use ferrofin_ledger::transaction_service::TransactionChanges;
use ferrofin_ledger::transactions::Transaction;
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::text_schemas::{
    optional_text, required_text, tag_list, tag_list_or_null,
};
use ferrofin_platform::http::{AmountText, CurrencyText, DecimalText, IsoDateText};
use ferrofin_platform::merge_patch::Patch;
use ferrofin_platform::money::{MAX_DECIMALS, parse_decimal};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Records a transaction, or (with `transfer_to_account_id`) a transfer of `amount` from
/// `account_id` to another account of the caller.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"account_id": "01KAD5R5T2X4M9Q8ZC3B7N6P0E", "date": "2026-11-20", "amount": "-45.50", "currency": "EUR", "description": "Card payment", "merchant": "Lidl", "category": "groceries", "tags": ["food"]}))]
pub struct RecordTransaction {
    #[schema(value_type = String)]
    pub account_id: AccountId,
    /// `YYYY-MM-DD`.
    #[schema(value_type = IsoDateText)]
    pub date: String,
    /// Signed decimal string in the account's currency: negative leaves the account.
    #[schema(value_type = AmountText)]
    pub amount: String,
    /// Must be the account's currency.
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    #[schema(schema_with = required_text::<200>)]
    pub description: String,
    #[schema(schema_with = optional_text::<100>)]
    pub merchant: Option<String>,
    /// A category id (see /v1/transactions/categories).
    pub category: Option<String>,
    #[serde(default)]
    #[schema(schema_with = tag_list)]
    pub tags: Vec<String>,
    #[schema(schema_with = optional_text::<1000>)]
    pub notes: Option<String>,
    #[schema(value_type = Option<String>)]
    pub transfer_to_account_id: Option<AccountId>,
}

/// Changes to a transaction as a JSON Merge Patch: a field left out stays; `null` clears the
/// merchant, the category, the tags or the notes; the account, date, amount and description
/// cannot be cleared.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"category": "dining", "notes": null}))]
pub struct ChangeTransaction {
    #[serde(default)]
    #[schema(value_type = String)]
    pub account_id: Patch<AccountId>,
    #[serde(default)]
    #[schema(value_type = IsoDateText)]
    pub date: Patch<String>,
    #[serde(default)]
    #[schema(value_type = AmountText)]
    pub amount: Patch<String>,
    #[serde(default)]
    #[schema(schema_with = required_text::<200>)]
    pub description: Patch<String>,
    #[serde(default)]
    #[schema(schema_with = optional_text::<100>)]
    pub merchant: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub category: Patch<String>,
    #[serde(default)]
    #[schema(schema_with = tag_list_or_null)]
    pub tags: Patch<Vec<String>>,
    #[serde(default)]
    #[schema(schema_with = optional_text::<1000>)]
    pub notes: Patch<String>,
}

impl ChangeTransaction {
    /// The ledger's changes; `null` on a field that cannot be cleared is refused (422).
    pub fn into_changes(self) -> Result<TransactionChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = TransactionChanges {
            account_id: self.account_id.required("account_id", &mut errors),
            date: self.date.required("date", &mut errors),
            amount: self.amount.required("amount", &mut errors),
            description: self.description.required("description", &mut errors),
            merchant: self.merchant.change(),
            category: self.category.change(),
            tags: self.tags.change().map(Option::unwrap_or_default),
            notes: self.notes.change(),
        };
        errors.finish().map(|()| changes)
    }
}

/// Filters and paging of the transaction list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListTransactions {
    /// First date, `YYYY-MM-DD` (inclusive).
    #[param(value_type = Option<IsoDateText>, inline)]
    pub from: Option<String>,
    /// Last date, `YYYY-MM-DD` (inclusive).
    #[param(value_type = Option<IsoDateText>, inline)]
    pub to: Option<String>,
    #[param(value_type = Option<String>)]
    pub account_id: Option<AccountId>,
    pub category: Option<String>,
    /// Text in the merchant or description (case-insensitive).
    pub q: Option<String>,
    /// Lowest signed amount, decimal string.
    #[param(value_type = Option<DecimalText>, inline)]
    pub min_amount: Option<String>,
    /// Highest signed amount, decimal string.
    #[param(value_type = Option<DecimalText>, inline)]
    pub max_amount: Option<String>,
    pub tag: Option<String>,
    /// `true`: only imported transactions marked as possible duplicates (to resolve);
    /// `false`: only the others.
    pub possible_duplicate: Option<bool>,
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl ListTransactions {
    /// The filter these parameters describe, every field checked.
    pub fn filter(&self) -> Result<TransactionFilter, LedgerError> {
        let mut errors = FieldErrors::default();
        let date = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
            raw.as_deref()
                .and_then(|raw| errors.take(field, iso_date(raw)))
        };
        let amount = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
            raw.as_deref()
                .and_then(|raw| errors.take(field, parse_decimal(raw, MAX_DECIMALS)))
        };
        let filter = TransactionFilter {
            from: date(&mut errors, "from", &self.from),
            to: date(&mut errors, "to", &self.to),
            account_id: self.account_id.clone(),
            category: self.category.clone(),
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            min_amount: amount(&mut errors, "min_amount", &self.min_amount),
            max_amount: amount(&mut errors, "max_amount", &self.max_amount),
            tag: self.tag.as_ref().map(|tag| tag.to_lowercase()),
            possible_duplicate: self.possible_duplicate,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            errors.push("from", "must not be after `to`");
        }
        errors.finish()?;
        Ok(filter)
    }
}

/// The other leg of a transfer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferView {
    #[schema(value_type = String)]
    pub account_id: AccountId,
    #[schema(value_type = String)]
    pub transaction_id: TransactionId,
}

/// A transaction as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionView {
    #[schema(value_type = String)]
    pub id: TransactionId,
    #[schema(value_type = String)]
    pub account_id: AccountId,
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
    /// Imported and looking like this transaction entered by hand (same account and amount, at
    /// most 3 days apart): resolve it with `POST /v1/transactions/{id}/duplicate`.
    #[schema(value_type = Option<String>)]
    pub possible_duplicate_of: Option<TransactionId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// How a possible duplicate is resolved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution": "duplicate"}))]
pub struct ResolveDuplicate {
    /// `not_duplicate`: two payments, both stay and the mark goes. `duplicate`: the same
    /// payment: the imported transaction is removed and the one entered by hand takes over
    /// its statement reference (a re-import then finds the row already there).
    pub resolution: Resolution,
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
            possible_duplicate_of: transaction.possible_duplicate_of,
            created_at: transaction.created_at,
            updated_at: transaction.updated_at,
        }
    }
}
