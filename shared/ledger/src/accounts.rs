//! Accounts: what money sits in. The balance starts at the opening balance and afterwards moves
//! only with the transactions that touch the account (an atomic ADD in the transaction's own
//! table transaction), never by a direct write.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::ids::AccountId;
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{Condition, Key, Table, TableError, from_record, to_record};
use ferrofin_platform::records::{Versioned, all_under, save_versioned};

/// What kind of account; loans and credit cards are liabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Checking,
    Savings,
    CreditCard,
    Cash,
    Loan,
    Investment,
}

impl AccountKind {
    pub fn is_liability(self) -> bool {
        matches!(self, Self::CreditCard | Self::Loan)
    }
}

/// An account of a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub user_id: UserId,
    pub kind: AccountKind,
    pub name: String,
    pub currency: Currency,
    pub opening_balance_minor: i64,
    /// Kept up to date by transaction writes (ADD), never set directly after creation.
    pub balance_minor: i64,
    pub institution: Option<String>,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Bumped by every write, including each transaction's balance change.
    pub version: u64,
}

impl Account {
    pub fn balance(&self) -> Money {
        Money::from_minor(self.balance_minor, self.currency)
    }

    pub fn opening_balance(&self) -> Money {
        Money::from_minor(self.opening_balance_minor, self.currency)
    }
}

/// Reads and writes accounts.
#[derive(Clone)]
pub struct AccountStore {
    table: Arc<dyn Table>,
}

impl AccountStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    pub async fn create(&self, account: &Account) -> Result<(), TableError> {
        let item = to_record(account, &keys::account(&account.user_id, &account.id), None)?;
        self.table.put(item, Condition::NotExists).await
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
    ) -> Result<Option<Account>, TableError> {
        self.table
            .get(&keys::account(user_id, account_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Every account of the user (a user has few; one query).
    pub async fn list(&self, user_id: &UserId) -> Result<Vec<Account>, TableError> {
        all_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::ACCOUNT_PREFIX,
        )
        .await
    }

    /// Saves descriptive changes if nothing else (a transaction included) wrote in between.
    pub async fn save(&self, account: &mut Account, now: OffsetDateTime) -> Result<(), TableError> {
        save_versioned(self.table.as_ref(), account, now).await
    }
}

impl Versioned for Account {
    fn key(&self) -> Key {
        keys::account(&self.user_id, &self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}
