//! The budgets area's domain events: a budget created, a budget threshold crossed, a user's
//! day ended under a budget, a contribution to a goal.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{BudgetId, ContributionId, GoalId};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::queue::Message;

/// `budget.created`: a user created a monthly budget for a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetCreated {
    pub user_id: UserId,
    pub budget_id: BudgetId,
    pub category: String,
    pub currency: Currency,
}

impl Message for BudgetCreated {
    const TYPE: &'static str = "budget.created";
    const VERSION: u32 = 1;
}

/// `budget.threshold_crossed`: spending in a budget's category reached a threshold in a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetThresholdCrossed {
    pub user_id: UserId,
    pub budget_id: BudgetId,
    pub category: String,
    /// The category's display name when it is a built-in category.
    pub category_name: String,
    pub currency: Currency,
    pub month: Month,
    /// 80 or 100.
    pub threshold_percent: u32,
    /// What was available in the month (budget plus rollover), minor units.
    pub available_minor: i64,
    /// What had been spent when the threshold was crossed, minor units.
    pub spent_minor: i64,
}

impl Message for BudgetThresholdCrossed {
    const TYPE: &'static str = "budget.threshold_crossed";
    const VERSION: u32 = 1;
}

/// `budget.day_under`: a user's day (in their time zone) ended with a budget's month spending
/// within what the month has available; announced once per budget and day by the daily close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetDayUnder {
    pub user_id: UserId,
    pub budget_id: BudgetId,
    pub category: String,
    pub currency: Currency,
    /// The user's day that ended.
    #[serde(with = "iso_date")]
    pub day: Date,
    /// What the month has available (budget plus rollover), minor units.
    pub available_minor: i64,
    /// What the month's spending was when the day closed, minor units.
    pub spent_minor: i64,
}

impl Message for BudgetDayUnder {
    const TYPE: &'static str = "budget.day_under";
    const VERSION: u32 = 1;
}

/// `goal.contributed`: money was put towards a savings goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalContributed {
    pub user_id: UserId,
    pub goal_id: GoalId,
    #[serde(default)]
    pub goal_name: String,
    pub contribution_id: ContributionId,
    pub amount_minor: i64,
    pub currency: Currency,
    #[serde(with = "iso_date")]
    pub date: Date,
    /// What the goal has saved with this contribution, minor units.
    pub saved_minor: i64,
    pub target_minor: i64,
}

impl GoalContributed {
    /// This contribution took the goal to its target (it had not reached it before).
    pub fn reached_target(&self) -> bool {
        self.saved_minor >= self.target_minor
            && self.saved_minor.saturating_sub(self.amount_minor) < self.target_minor
    }
}

impl Message for GoalContributed {
    const TYPE: &'static str = "goal.contributed";
    const VERSION: u32 = 1;
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");
