//! Pre-aggregated rollups, kept up to date by the same table transaction that writes a
//! transaction, so analytics read a bounded number of items whatever the number of
//! transactions: per user x month x currency x category (income, expense, count), per user x
//! day x currency (income, expense, count), per account x day (balance change), and per
//! category (how many transactions use it, so a used user category is not deleted).

use serde::{Deserialize, Serialize};

use crate::keys;
use crate::transactions::Transaction;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::table::{Condition, Write};

/// The category key of uncategorised transactions in rollups.
pub const UNCATEGORISED: &str = "uncategorised";

/// The numbers of one month x category rollup item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(default)]
    pub income_minor: i64,
    #[serde(default)]
    pub expense_minor: i64,
    #[serde(default)]
    pub count: i64,
}

/// The ADD writes that account for a transaction (`sign` = 1) or take it back (`sign` = -1).
pub fn rollup_writes(transaction: &Transaction, sign: i64) -> Vec<Write> {
    let user = &transaction.user_id;
    let date = transaction.date_string();
    let month = Month::of(transaction.date).to_string();
    let currency = transaction.currency.code();
    let amount = transaction.amount_minor;
    let mut writes = vec![Write::Add {
        key: keys::account_day_rollup(user, &transaction.account_id, &date),
        deltas: vec![("delta_minor".to_owned(), sign * amount)],
        condition: Condition::Always,
    }];
    // Transfers move money between the user's own accounts: not income, not spending.
    if transaction.transfer.is_none() {
        let (income, expense) = if amount >= 0 {
            (amount, 0)
        } else {
            (0, -amount)
        };
        let deltas = vec![
            ("income_minor".to_owned(), sign * income),
            ("expense_minor".to_owned(), sign * expense),
            ("count".to_owned(), sign),
        ];
        let category = transaction.category.as_deref().unwrap_or(UNCATEGORISED);
        writes.push(Write::Add {
            key: keys::month_rollup(user, &month, currency, category),
            deltas: deltas.clone(),
            condition: Condition::Always,
        });
        writes.push(Write::Add {
            key: keys::day_rollup(user, &date, currency),
            deltas,
            condition: Condition::Always,
        });
        if let Some(category) = transaction.category.as_deref() {
            writes.push(Write::Add {
                key: keys::category_usage(user, category),
                deltas: vec![("count".to_owned(), sign)],
                condition: Condition::Always,
            });
        }
    }
    writes
}
