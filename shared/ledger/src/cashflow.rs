//! A user's money movements over a window, for an assessment of their cash flow (the risk
//! area reads it): the transactions of a set of the user's accounts in one currency, each with
//! the facts the ledger knows about it (its category's kind; for a transfer, whether the other
//! leg is inside the set and what kind of account it is), and the set's combined balance at
//! the start of the window. What the facts mean for an assessment is the reader's business.

use std::collections::{HashMap, HashSet};

use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::from_record;
use time::Date;

use crate::accounts::{Account, AccountKind};
use crate::categories::{self, CategoryKind};
use crate::error::LedgerError;
use crate::ids::AccountId;
use crate::listing::TransactionFilter;
use crate::service::Ledger;
use crate::transactions::Transaction;
use crate::user_categories::user_categories;

/// Most transactions one window may hold.
pub const MAX_MOVEMENTS: usize = 50_000;

/// Transactions read per query.
const PAGE: u32 = 500;

/// Which accounts a window reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountSet {
    /// The user's checking, savings and cash accounts in the currency, archived ones included.
    Liquid,
    /// These accounts of the user, each in the currency.
    Chosen(Vec<AccountId>),
}

/// The other leg of a transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferLeg {
    /// The other account is in the set too: money moved inside it.
    pub within: bool,
    pub other_kind: AccountKind,
}

/// One transaction of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Movement {
    pub date: Date,
    pub amount: Money,
    pub description: String,
    pub merchant: Option<String>,
    /// The category as words: a default category's id, a user category's name.
    pub category: Option<String>,
    pub category_kind: Option<CategoryKind>,
    pub transfer: Option<TransferLeg>,
}

/// The window of a set of accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct Movements {
    /// The accounts read, in the user's account order.
    pub account_ids: Vec<AccountId>,
    /// Their combined balance at the start of the first day, before its transactions.
    pub opening_balance: Money,
    /// Oldest first.
    pub movements: Vec<Movement>,
}

impl Ledger {
    /// The movements of `accounts` in `currency` from `from` to `to` (both included). A chosen
    /// account that is not the user's, or not in the currency, is a 422 naming `account_ids`;
    /// more than [`MAX_MOVEMENTS`] transactions is a 422 naming `from`.
    pub async fn movements(
        &self,
        user_id: &UserId,
        accounts: &AccountSet,
        currency: Currency,
        from: Date,
        to: Date,
    ) -> Result<Movements, LedgerError> {
        let all = self.accounts.list(user_id).await?;
        let chosen = chosen_accounts(&all, accounts, currency)?;
        let kinds: HashMap<&AccountId, AccountKind> = all
            .iter()
            .map(|account| (&account.id, account.kind))
            .collect();
        let in_set: HashSet<&AccountId> = chosen.iter().map(|account| &account.id).collect();
        let names = self.category_names(user_id).await?;
        let mut movements = Vec::new();
        let filter = TransactionFilter {
            from: Some(from),
            to: Some(to),
            ..TransactionFilter::default()
        };
        let mut query = self.range_query(user_id, &filter, PAGE).await?;
        loop {
            let page = self.table.query(query.clone()).await?;
            for item in page.items {
                let transaction: Transaction = from_record(item)?;
                if !in_set.contains(&transaction.account_id) {
                    continue;
                }
                if movements.len() == MAX_MOVEMENTS {
                    return Err(LedgerError::invalid(
                        "from",
                        format!(
                            "the window holds more than {MAX_MOVEMENTS} transactions: choose a shorter one"
                        ),
                    ));
                }
                movements.push(movement(transaction, &names, &kinds, &in_set));
            }
            match page.next {
                Some(next) => query.start_after = Some(next),
                None => break,
            }
        }
        let opening_balance = self.opening_balance(user_id, &chosen, from).await?;
        Ok(Movements {
            account_ids: chosen.into_iter().map(|account| account.id).collect(),
            opening_balance: Money::from_minor(opening_balance, currency),
            movements,
        })
    }

    /// The accounts of `set` in `currency`, checked as [`Self::movements`] checks them.
    pub async fn account_set(
        &self,
        user_id: &UserId,
        set: &AccountSet,
        currency: Currency,
    ) -> Result<Vec<Account>, LedgerError> {
        chosen_accounts(&self.accounts.list(user_id).await?, set, currency)
    }

    /// The accounts' combined balance before `day`: today's balances less every change from
    /// `day` on.
    async fn opening_balance(
        &self,
        user_id: &UserId,
        accounts: &[Account],
        day: Date,
    ) -> Result<i64, LedgerError> {
        let mut total = 0_i64;
        for account in accounts {
            let later: i64 = match day.previous_day() {
                Some(before) => self
                    .account_changes_after(user_id, &account.id, before)
                    .await?
                    .iter()
                    .map(|(_, delta)| delta)
                    .sum(),
                None => account.balance_minor - account.opening_balance_minor,
            };
            total += account.balance_minor - later;
        }
        Ok(total)
    }

    /// Each category id of the user with its name and kind (defaults by id).
    async fn category_names(
        &self,
        user_id: &UserId,
    ) -> Result<HashMap<String, (String, CategoryKind)>, LedgerError> {
        let mut names: HashMap<String, (String, CategoryKind)> = categories::DEFAULT_CATEGORIES
            .iter()
            .map(|category| {
                (
                    category.id.to_owned(),
                    (category.id.to_owned(), category.kind),
                )
            })
            .collect();
        for category in user_categories(self.table.as_ref(), user_id).await? {
            names.insert(category.id.into_string(), (category.name, category.kind));
        }
        Ok(names)
    }
}

/// The accounts of the set, checked.
fn chosen_accounts(
    all: &[Account],
    set: &AccountSet,
    currency: Currency,
) -> Result<Vec<Account>, LedgerError> {
    match set {
        AccountSet::Liquid => Ok(all
            .iter()
            .filter(|account| {
                account.currency == currency
                    && matches!(
                        account.kind,
                        AccountKind::Checking | AccountKind::Savings | AccountKind::Cash
                    )
            })
            .cloned()
            .collect()),
        AccountSet::Chosen(ids) => ids
            .iter()
            .map(|id| {
                let account = all
                    .iter()
                    .find(|account| &account.id == id)
                    .ok_or_else(|| {
                        LedgerError::invalid("account_ids", format!("no such account: {id}"))
                    })?;
                if account.currency != currency {
                    return Err(LedgerError::invalid(
                        "account_ids",
                        format!("account {id} holds {}, not {currency}", account.currency),
                    ));
                }
                Ok(account.clone())
            })
            .collect(),
    }
}

fn movement(
    transaction: Transaction,
    names: &HashMap<String, (String, CategoryKind)>,
    kinds: &HashMap<&AccountId, AccountKind>,
    in_set: &HashSet<&AccountId>,
) -> Movement {
    let named = transaction
        .category
        .as_ref()
        .and_then(|category| names.get(category));
    let transfer = transaction.transfer.as_ref().map(|link| TransferLeg {
        within: in_set.contains(&link.account_id),
        // The other leg's account exists while the transfer does; a missing one reads as an
        // asset account (a plain transfer).
        other_kind: kinds
            .get(&link.account_id)
            .copied()
            .unwrap_or(AccountKind::Checking),
    });
    Movement {
        date: transaction.date,
        amount: transaction.amount(),
        description: transaction.description,
        merchant: transaction.merchant,
        category: named.map(|(name, _)| name.clone()).or(transaction.category),
        category_kind: named.map(|(_, kind)| *kind),
        transfer,
    }
}
