//! Request and response bodies of the /v1/accounts routes.

use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::AccountChanges;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::PageQuery;
use ferrofin_platform::http::text_schemas::{optional_text, required_text};
use ferrofin_platform::http::{AmountText, CurrencyText};
use ferrofin_platform::merge_patch::Patch;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// An account as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    #[schema(value_type = String)]
    pub id: AccountId,
    pub kind: AccountKind,
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Decimal string in the currency, e.g. "1250.00".
    pub opening_balance: String,
    /// The opening balance plus every transaction on the account.
    pub balance: String,
    pub institution: Option<String>,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Account> for AccountView {
    fn from(account: Account) -> Self {
        Self {
            opening_balance: account.opening_balance().to_decimal_string(),
            balance: account.balance().to_decimal_string(),
            currency: account.currency.code().to_owned(),
            id: account.id,
            kind: account.kind,
            name: account.name,
            institution: account.institution,
            archived: account.archived,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// Opens an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "checking", "name": "Everyday", "currency": "EUR", "opening_balance": "1250.50", "institution": "Example Bank"}))]
pub struct OpenAccount {
    pub kind: AccountKind,
    #[schema(schema_with = required_text::<100>)]
    pub name: String,
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// Decimal string, e.g. "100.00"; negative for money owed. Defaults to "0".
    #[schema(value_type = Option<AmountText>)]
    pub opening_balance: Option<String>,
    #[schema(schema_with = optional_text::<100>)]
    pub institution: Option<String>,
}

/// Changes to an account as a JSON Merge Patch: a field left out stays, `null` clears the
/// institution; the name and `archived` cannot be cleared. The balance cannot be set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Everyday", "institution": null}))]
pub struct ChangeAccount {
    #[serde(default)]
    #[schema(schema_with = required_text::<100>)]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(schema_with = optional_text::<100>)]
    pub institution: Patch<String>,
    #[serde(default)]
    #[schema(value_type = bool)]
    pub archived: Patch<bool>,
}

impl ChangeAccount {
    /// The ledger's changes; `null` on the name or `archived` is refused (422).
    pub fn into_changes(self) -> Result<AccountChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = AccountChanges {
            name: self.name.required("name", &mut errors),
            institution: self.institution.change(),
            archived: self.archived.required("archived", &mut errors),
        };
        errors.finish().map(|()| changes)
    }
}

/// Which accounts to list, and paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAccounts {
    /// Include archived accounts (default false). A page may then hold fewer than `limit`
    /// while `next_cursor` is set.
    pub include_archived: Option<bool>,
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListAccounts {
    pub fn page(&self) -> PageQuery {
        PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}
