//! Every table key is built here, never with `format!` in handlers, so the key design of
//! docs/architecture.md, "Data" lives in one place.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | user | `USER#<id>` | `PROFILE` | `USERS` / `<created_at>#<id>` |
//! | email uniqueness guard | `EMAIL#<email>` | `EMAIL` | |
//! | session | `USER#<id>` | `SESSION#<sid>` | |
//! | refresh token (by hash) | `REFRESH#<hash>` | `REFRESH` | |
//! | one-time token (verify, reset, MFA challenge) | `TOKEN#<purpose>#<hash>` | `TOKEN` | |
//! | email login code | `USER#<id>` | `LOGIN_CODE` | |
//! | pending TOTP setup | `USER#<id>` | `TOTP_SETUP` | |
//! | failed-login counter / lock | `USER#<id>` | `LOGIN_FAILURES` / `LOCK` | |
//! | rate-limit window | `RATE#<scope>#<subject>` | `WINDOW#<start>` | |
//! | audit entry | `AUDIT#<user id or SYSTEM>` | `<at>#<id>` | `AUDIT#<yyyy-mm-dd>` / `<at>#<id>` |
//! | customer | `CUSTOMER#<id>` | `PROFILE` | |
//! | customer email guard | `CUSTOMER_EMAIL#<email>` | `GUARD` | |
//! | customer national-id guard | `CUSTOMER_NATIONAL_ID#<sha-256 of the id>` | `GUARD` | |
//! | customer index item (copy of the customer) | `CUSTIDX#<ALL, NAME#<first letter>, PHONE#<e164>, STATUS#<s>, SEGMENT#<s>, OFFICER#<user>, TAG#<t>>` | `<created epoch, 12 digits>#<id>` (`NAME`: `<lower-case name>#<id>`) | |
//! | customer statistics (counters) | `CUSTOMER_STATS` | `TOTALS` | |
//! | customer group | `CUSTOMER_GROUPS` | `GROUP#<id>` | |
//! | group membership (group side) | `CUSTOMER_GROUP#<group id>` | `MEMBER#<customer id>` | |
//! | group membership (customer side) | `CUSTOMER#<customer id>` | `GROUP#<group id>` | |

use crate::ports::table::Key;

/// The item the readiness check reads; it need not exist.
pub fn readiness_probe() -> Key {
    Key::new("SYSTEM", "READINESS_PROBE")
}

pub fn user_partition(user_id: &str) -> String {
    format!("USER#{user_id}")
}

pub fn user(user_id: &str) -> Key {
    Key::new(user_partition(user_id), "PROFILE")
}

/// Partition of the user listing index (admins list users by creation time).
pub const USERS_INDEX_PARTITION: &str = "USERS";

pub fn users_index_sort(created_at: &str, user_id: &str) -> String {
    format!("{created_at}#{user_id}")
}

pub fn email_guard(normalized_email: &str) -> Key {
    Key::new(format!("EMAIL#{normalized_email}"), "EMAIL")
}

pub const SESSION_PREFIX: &str = "SESSION#";

pub fn session(user_id: &str, session_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{SESSION_PREFIX}{session_id}"),
    )
}

pub fn refresh_token(token_hash: &str) -> Key {
    Key::new(format!("REFRESH#{token_hash}"), "REFRESH")
}

/// What a one-time token is for; part of its key, so a token of one purpose is useless for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    PasswordReset,
    MfaChallenge,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "VERIFY_EMAIL",
            Self::PasswordReset => "PASSWORD_RESET",
            Self::MfaChallenge => "MFA_CHALLENGE",
        }
    }
}

pub fn one_time_token(purpose: TokenPurpose, token_hash: &str) -> Key {
    Key::new(format!("TOKEN#{}#{token_hash}", purpose.as_str()), "TOKEN")
}

pub fn login_code(user_id: &str) -> Key {
    Key::new(user_partition(user_id), "LOGIN_CODE")
}

pub fn totp_setup(user_id: &str) -> Key {
    Key::new(user_partition(user_id), "TOTP_SETUP")
}

pub fn login_failures(user_id: &str) -> Key {
    Key::new(user_partition(user_id), "LOGIN_FAILURES")
}

pub fn account_lock(user_id: &str) -> Key {
    Key::new(user_partition(user_id), "LOCK")
}

pub fn rate_window(scope: &str, subject: &str, window_start: i64) -> Key {
    Key::new(
        format!("RATE#{scope}#{subject}"),
        format!("WINDOW#{window_start}"),
    )
}

pub fn audit_partition(subject: &str) -> String {
    format!("AUDIT#{subject}")
}

pub fn audit_sort(at: &str, id: &str) -> String {
    format!("{at}#{id}")
}

pub fn audit_day_partition(day: &str) -> String {
    format!("AUDIT#{day}")
}

// ---------------------------------------------------------------- customers and groups

pub fn customer_partition(customer_id: &str) -> String {
    format!("CUSTOMER#{customer_id}")
}

pub fn customer(customer_id: &str) -> Key {
    Key::new(customer_partition(customer_id), "PROFILE")
}

pub fn customer_email_guard(normalized_email: &str) -> Key {
    Key::new(format!("CUSTOMER_EMAIL#{normalized_email}"), "GUARD")
}

/// The guard of a national or tax id, keyed by its digest so the id never appears in a key.
pub fn customer_national_id_guard(national_id_digest: &str) -> Key {
    Key::new(
        format!("CUSTOMER_NATIONAL_ID#{national_id_digest}"),
        "GUARD",
    )
}

/// Partition of one customer search path (`ALL`, `STATUS#active`, `TAG#vip`, ...).
pub fn customer_index_partition(path: &str) -> String {
    format!("CUSTIDX#{path}")
}

/// Sort key of an index item ordered by creation: fixed-width epoch seconds, then the id.
pub fn customer_index_created_sort(created_epoch: i64, customer_id: &str) -> String {
    format!(
        "{}#{customer_id}",
        customer_index_created_bound(created_epoch)
    )
}

/// The creation-time part of an index sort key, for range bounds.
pub fn customer_index_created_bound(created_epoch: i64) -> String {
    format!("{created_epoch:012}")
}

/// Sort key of a name index item: the lower-case name, then the id.
pub fn customer_index_name_sort(lowercase_name: &str, customer_id: &str) -> String {
    format!("{lowercase_name}#{customer_id}")
}

pub fn customer_stats() -> Key {
    Key::new("CUSTOMER_STATS", "TOTALS")
}

/// Partition holding every customer group.
pub const CUSTOMER_GROUPS_PARTITION: &str = "CUSTOMER_GROUPS";

pub const CUSTOMER_GROUP_PREFIX: &str = "GROUP#";

pub fn customer_group(group_id: &str) -> Key {
    Key::new(
        CUSTOMER_GROUPS_PARTITION,
        format!("{CUSTOMER_GROUP_PREFIX}{group_id}"),
    )
}

pub fn customer_group_members_partition(group_id: &str) -> String {
    format!("CUSTOMER_GROUP#{group_id}")
}

pub const GROUP_MEMBER_PREFIX: &str = "MEMBER#";

/// A membership seen from the group.
pub fn group_member(group_id: &str, customer_id: &str) -> Key {
    Key::new(
        customer_group_members_partition(group_id),
        format!("{GROUP_MEMBER_PREFIX}{customer_id}"),
    )
}

/// A membership seen from the customer.
pub fn customer_group_link(customer_id: &str, group_id: &str) -> Key {
    Key::new(
        customer_partition(customer_id),
        format!("{CUSTOMER_GROUP_PREFIX}{group_id}"),
    )
}

// ---- ledger: accounts, transactions, rollups, idempotency ----
//
// | item | pk | sk | gsi1pk / gsi1sk |
// |---|---|---|---|
// | account | `USER#<uid>` | `ACCOUNT#<aid>` | |
// | transaction | `USER#<uid>` | `TX#<date>#<tid>` | `ACCOUNT#<aid>` / `<date>#<tid>` |
// | transaction pointer (id -> sort key) | `USER#<uid>` | `TXID#<tid>` | |
// | month x currency x category rollup | `USER#<uid>` | `ROLLUP#M#<yyyy-mm>#<cur>#<category>` | |
// | day x currency rollup | `USER#<uid>` | `ROLLUP#D#<yyyy-mm-dd>#<cur>` | |
// | account x day balance change | `USER#<uid>` | `ROLLUP#A#<aid>#<yyyy-mm-dd>` | |
// | idempotency record | `USER#<uid>` | `IDEMPOTENCY#<scope>#<key>` | |

pub const ACCOUNT_PREFIX: &str = "ACCOUNT#";
pub const TRANSACTION_PREFIX: &str = "TX#";

pub fn account(user_id: &str, account_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{ACCOUNT_PREFIX}{account_id}"),
    )
}

pub fn transaction(user_id: &str, date: &str, transaction_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        transaction_sort(date, transaction_id),
    )
}

pub fn transaction_sort(date: &str, transaction_id: &str) -> String {
    format!("{TRANSACTION_PREFIX}{date}#{transaction_id}")
}

/// Index partition of an account's transactions.
pub fn account_transactions_partition(account_id: &str) -> String {
    format!("{ACCOUNT_PREFIX}{account_id}")
}

pub fn account_transactions_sort(date: &str, transaction_id: &str) -> String {
    format!("{date}#{transaction_id}")
}

pub fn transaction_pointer(user_id: &str, transaction_id: &str) -> Key {
    Key::new(user_partition(user_id), format!("TXID#{transaction_id}"))
}

pub const MONTH_ROLLUP_PREFIX: &str = "ROLLUP#M#";
pub const DAY_ROLLUP_PREFIX: &str = "ROLLUP#D#";

pub fn month_rollup(user_id: &str, month: &str, currency: &str, category: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{MONTH_ROLLUP_PREFIX}{month}#{currency}#{category}"),
    )
}

pub fn day_rollup(user_id: &str, day: &str, currency: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{DAY_ROLLUP_PREFIX}{day}#{currency}"),
    )
}

pub fn account_day_prefix(account_id: &str) -> String {
    format!("ROLLUP#A#{account_id}#")
}

pub fn account_day_rollup(user_id: &str, account_id: &str, day: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{day}", account_day_prefix(account_id)),
    )
}

pub fn idempotency(user_id: &str, scope: &str, key: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("IDEMPOTENCY#{scope}#{key}"),
    )
}

// ---- budgets and goals ----
//
// | item | pk | sk |
// |---|---|---|
// | budget | `USER#<uid>` | `BUDGET#<bid>` |
// | one budget per category x currency (guard, holds the budget id) | `USER#<uid>` | `BUDGET_CATEGORY#<cur>#<category>` |
// | threshold notified (guard) | `USER#<uid>` | `BUDGET_ALERT#<bid>#<yyyy-mm>#<percent>` |
// | notification | `USER#<uid>` | `NOTIFICATION#<ulid>` |
// | goal | `USER#<uid>` | `GOAL#<gid>` |
// | goal contribution | `USER#<uid>` | `GOAL_CONTRIBUTION#<gid>#<yyyy-mm-dd>#<cid>` |

pub const BUDGET_PREFIX: &str = "BUDGET#";
pub const NOTIFICATION_PREFIX: &str = "NOTIFICATION#";
pub const GOAL_PREFIX: &str = "GOAL#";

pub fn budget(user_id: &str, budget_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{BUDGET_PREFIX}{budget_id}"),
    )
}

pub fn budget_category_guard(user_id: &str, currency: &str, category: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("BUDGET_CATEGORY#{currency}#{category}"),
    )
}

pub fn budget_threshold_guard(user_id: &str, budget_id: &str, month: &str, percent: u32) -> Key {
    Key::new(
        user_partition(user_id),
        format!("BUDGET_ALERT#{budget_id}#{month}#{percent}"),
    )
}

pub fn notification(user_id: &str, notification_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{NOTIFICATION_PREFIX}{notification_id}"),
    )
}

pub fn goal(user_id: &str, goal_id: &str) -> Key {
    Key::new(user_partition(user_id), format!("{GOAL_PREFIX}{goal_id}"))
}

/// Sort-key prefix of one goal's contributions.
pub fn goal_contributions_prefix(goal_id: &str) -> String {
    format!("GOAL_CONTRIBUTION#{goal_id}#")
}

pub fn goal_contribution(user_id: &str, goal_id: &str, date: &str, contribution_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!(
            "{}{date}#{contribution_id}",
            goal_contributions_prefix(goal_id)
        ),
    )
}

// ---- ledger: user categories and categorisation rules ----
//
// | item | pk | sk |
// |---|---|---|
// | user category | `USER#<uid>` | `CATEGORY#<cid>` |
// | categorisation rule | `USER#<uid>` | `RULE#<rid>` |
// | transactions per category (count, ADDed by every transaction write) | `USER#<uid>` | `ROLLUP#C#<category>` |
// | how many categories / rules the user has (limit counter) | `USER#<uid>` | `COUNTER#<what>` |

pub const USER_CATEGORY_PREFIX: &str = "CATEGORY#";
pub const RULE_PREFIX: &str = "RULE#";

pub fn user_category(user_id: &str, category_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{USER_CATEGORY_PREFIX}{category_id}"),
    )
}

pub fn rule(user_id: &str, rule_id: &str) -> Key {
    Key::new(user_partition(user_id), format!("{RULE_PREFIX}{rule_id}"))
}

pub fn category_usage(user_id: &str, category: &str) -> Key {
    Key::new(user_partition(user_id), format!("ROLLUP#C#{category}"))
}

pub fn owned_counter(user_id: &str, what: &str) -> Key {
    Key::new(user_partition(user_id), format!("COUNTER#{what}"))
}

// ---- domain events: the transactional outbox ----
//
// | item | pk | sk | gsi1pk / gsi1sk |
// |---|---|---|---|
// | outbox event (envelope JSON in `event`) | `OUTBOX#<event id>` | `EVENT` | `OUTBOX` / `<event id>` until delivered |
// | subscriber handled an event (guard) | `EVENT_HANDLED#<event id>` | `<subscriber>` | |

/// Partition-key prefix of outbox items; the stream's event filter matches on it.
pub const OUTBOX_PREFIX: &str = "OUTBOX#";
/// Index partition of the events not yet delivered to every subscriber.
pub const OUTBOX_PENDING_PARTITION: &str = "OUTBOX";

pub fn outbox_event(event_id: &str) -> Key {
    Key::new(format!("{OUTBOX_PREFIX}{event_id}"), "EVENT")
}

pub fn event_handled(event_id: &str, subscriber: &str) -> Key {
    Key::new(format!("EVENT_HANDLED#{event_id}"), subscriber)
}
