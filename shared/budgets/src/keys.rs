//! Budgets' table keys: budgets, their category guards and threshold guards, goals and
//! contributions.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | budget | `USER#<uid>` | `BUDGET#<bid>` |
//! | one budget per category x currency (guard, holds the budget id) | `USER#<uid>` | `BUDGET_CATEGORY#<cur>#<category>` |
//! | a budget on the roster the daily close pages through | `USER#<uid>` | `BUDGET_ROSTER#<bid>` | `BUDGETS` / `<uid>#<bid>` |
//! | a day closed under a budget (guard, expires) | `USER#<uid>` | `BUDGET_DAY#<bid>#<yyyy-mm-dd>` | |
//! | threshold notified (guard) | `USER#<uid>` | `BUDGET_ALERT#<bid>#<yyyy-mm>#<percent>` |
//! | goal | `USER#<uid>` | `GOAL#<gid>` |
//! | goal contribution | `USER#<uid>` | `GOAL_CONTRIBUTION#<gid>#<yyyy-mm-dd>#<cid>` |

use crate::ids::{BudgetId, ContributionId, GoalId};
use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;
use time::Date;

pub const BUDGET_PREFIX: &str = "BUDGET#";

pub const GOAL_PREFIX: &str = "GOAL#";

pub fn budget(user_id: &UserId, budget_id: &BudgetId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{BUDGET_PREFIX}{budget_id}"),
    )
}

/// The index partition of the roster of every user's budgets.
pub const BUDGET_ROSTER_PARTITION: &str = "BUDGETS";

pub fn budget_roster(user_id: &UserId, budget_id: &BudgetId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("BUDGET_ROSTER#{budget_id}"),
    )
}

pub fn budget_roster_sort(user_id: &UserId, budget_id: &BudgetId) -> String {
    format!("{user_id}#{budget_id}")
}

pub fn budget_day_guard(user_id: &UserId, budget_id: &BudgetId, day: Date) -> Key {
    Key::new(
        user_partition(user_id),
        format!(
            "BUDGET_DAY#{budget_id}#{}",
            ferrofin_platform::fields::format_date(day)
        ),
    )
}

pub fn budget_category_guard(user_id: &UserId, currency: &str, category: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("BUDGET_CATEGORY#{currency}#{category}"),
    )
}

pub fn budget_threshold_guard(
    user_id: &UserId,
    budget_id: &BudgetId,
    month: &str,
    percent: u32,
) -> Key {
    Key::new(
        user_partition(user_id),
        format!("BUDGET_ALERT#{budget_id}#{month}#{percent}"),
    )
}

pub fn goal(user_id: &UserId, goal_id: &GoalId) -> Key {
    Key::new(user_partition(user_id), format!("{GOAL_PREFIX}{goal_id}"))
}

/// Sort-key prefix of one goal's contributions.
pub fn goal_contributions_prefix(goal_id: &GoalId) -> String {
    format!("GOAL_CONTRIBUTION#{goal_id}#")
}

pub fn goal_contribution(
    user_id: &UserId,
    goal_id: &GoalId,
    date: &str,
    contribution_id: &ContributionId,
) -> Key {
    Key::new(
        user_partition(user_id),
        format!(
            "{}{date}#{contribution_id}",
            goal_contributions_prefix(goal_id)
        ),
    )
}
