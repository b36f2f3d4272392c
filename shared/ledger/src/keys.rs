//! The ledger's table keys: accounts, transactions, rollups, user categories, rules and limit
//! counters (idempotency records are the platform's).
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | account | `USER#<uid>` | `ACCOUNT#<aid>` | |
//! | transaction | `USER#<uid>` | `TX#<date>#<tid>` | `ACCOUNT#<aid>` / `<date>#<tid>` |
//! | transaction pointer (id -> sort key) | `USER#<uid>` | `TXID#<tid>` | |
//! | external reference guard of an imported transaction | `USER#<uid>` | `EXTREF#<aid>#<reference>` | |
//! | the transactions one batch of an import recorded | `USER#<uid>` | `IMPORTED#<import>#<first tid>` | |
//! | a transaction entered by hand (for possible duplicates) | `USER#<uid>` | `MANUAL#<aid>#<date>#<tid>` | |
//! | month x currency x category rollup | `USER#<uid>` | `ROLLUP#M#<yyyy-mm>#<cur>#<category>` | |
//! | day x currency rollup | `USER#<uid>` | `ROLLUP#D#<yyyy-mm-dd>#<cur>` | |
//! | account x day balance change | `USER#<uid>` | `ROLLUP#A#<aid>#<yyyy-mm-dd>` | |
//! | user category | `USER#<uid>` | `CATEGORY#<cid>` |
//! | categorisation rule | `USER#<uid>` | `RULE#<rid>` |
//! | transactions per category (count, ADDed by every transaction write) | `USER#<uid>` | `ROLLUP#C#<category>` |
//! | how many categories / rules the user has (limit counter) | `USER#<uid>` | `COUNTER#<what>` |
//! | an investment portfolio's latest value (for the net worth) | `USER#<uid>` | `NET_WORTH_PORTFOLIO#<pid>` |

use crate::ids::{AccountId, CategoryId, RuleId, TransactionId};
use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const ACCOUNT_PREFIX: &str = "ACCOUNT#";

pub const TRANSACTION_PREFIX: &str = "TX#";

pub fn account(user_id: &UserId, account_id: &AccountId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{ACCOUNT_PREFIX}{account_id}"),
    )
}

pub fn transaction(user_id: &UserId, date: &str, transaction_id: &TransactionId) -> Key {
    Key::new(
        user_partition(user_id),
        transaction_sort(date, transaction_id),
    )
}

pub fn transaction_sort(date: &str, transaction_id: &TransactionId) -> String {
    format!("{TRANSACTION_PREFIX}{date}#{transaction_id}")
}

/// Index partition of an account's transactions.
pub fn account_transactions_partition(account_id: &AccountId) -> String {
    format!("{ACCOUNT_PREFIX}{account_id}")
}

pub fn account_transactions_sort(date: &str, transaction_id: &TransactionId) -> String {
    format!("{date}#{transaction_id}")
}

/// The guard of an imported transaction's external reference in its account.
pub fn external_ref(user_id: &UserId, account_id: &AccountId, reference: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("EXTREF#{account_id}#{reference}"),
    )
}

/// Where an account's manually entered transactions are indexed, by date.
pub fn manual_entries_prefix(account_id: &AccountId) -> String {
    format!("MANUAL#{account_id}#")
}

pub fn manual_entry(
    user_id: &UserId,
    account_id: &AccountId,
    date: &str,
    transaction_id: &TransactionId,
) -> Key {
    Key::new(
        user_partition(user_id),
        format!(
            "{}{date}#{transaction_id}",
            manual_entries_prefix(account_id)
        ),
    )
}

/// Where the records of the batches `imported_by` recorded start.
pub fn import_records_prefix(imported_by: &str) -> String {
    format!("IMPORTED#{imported_by}#")
}

pub fn import_record(user_id: &UserId, imported_by: &str, first: &TransactionId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{first}", import_records_prefix(imported_by)),
    )
}

pub fn transaction_pointer(user_id: &UserId, transaction_id: &TransactionId) -> Key {
    Key::new(user_partition(user_id), format!("TXID#{transaction_id}"))
}

pub const MONTH_ROLLUP_PREFIX: &str = "ROLLUP#M#";

pub const DAY_ROLLUP_PREFIX: &str = "ROLLUP#D#";

pub fn month_rollup(user_id: &UserId, month: &str, currency: &str, category: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{MONTH_ROLLUP_PREFIX}{month}#{currency}#{category}"),
    )
}

pub fn day_rollup(user_id: &UserId, day: &str, currency: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{DAY_ROLLUP_PREFIX}{day}#{currency}"),
    )
}

pub fn account_day_prefix(account_id: &AccountId) -> String {
    format!("ROLLUP#A#{account_id}#")
}

pub fn account_day_rollup(user_id: &UserId, account_id: &AccountId, day: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{day}", account_day_prefix(account_id)),
    )
}

pub const USER_CATEGORY_PREFIX: &str = "CATEGORY#";

pub const RULE_PREFIX: &str = "RULE#";

pub fn user_category(user_id: &UserId, category_id: &CategoryId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{USER_CATEGORY_PREFIX}{category_id}"),
    )
}

pub fn rule(user_id: &UserId, rule_id: &RuleId) -> Key {
    Key::new(user_partition(user_id), format!("{RULE_PREFIX}{rule_id}"))
}

/// `category` is a default category's name or a user category's id.
pub fn category_usage(user_id: &UserId, category: &str) -> Key {
    Key::new(user_partition(user_id), format!("ROLLUP#C#{category}"))
}

pub fn owned_counter(user_id: &UserId, what: &str) -> Key {
    Key::new(user_partition(user_id), format!("COUNTER#{what}"))
}
