//! Request and response bodies of the /v1/goals routes.

use ferrofin_budgets::goal::{Contribution, Goal};
use ferrofin_budgets::goal_maths::GoalProgress;
use ferrofin_budgets::goal_service::GoalChanges;
use ferrofin_budgets::ids::{ContributionId, GoalId};
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::transactions::date_string;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::text_schemas::required_text;
use ferrofin_platform::http::{CurrencyText, IsoDateText, PositiveAmountText};
use ferrofin_platform::merge_patch::Patch;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Creates a savings goal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Holiday", "target_amount": "1500.00", "currency": "EUR", "target_date": "2027-07-01"}))]
pub struct CreateGoal {
    #[schema(schema_with = required_text::<100>)]
    pub name: String,
    /// Decimal string above zero, with at most the currency's decimals.
    #[schema(value_type = PositiveAmountText)]
    pub target_amount: String,
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// `YYYY-MM-DD`, today or later.
    #[schema(value_type = IsoDateText)]
    pub target_date: String,
    /// One of the caller's accounts, in the goal's currency, where the savings are kept.
    #[schema(value_type = Option<String>)]
    pub account_id: Option<AccountId>,
}

/// Changes to a goal as a JSON Merge Patch: a field left out stays, `null` unlinks the
/// account; the name, target amount, currency and target date cannot be cleared.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"target_amount": "2000.00", "account_id": null}))]
pub struct ChangeGoal {
    #[serde(default)]
    #[schema(schema_with = required_text::<100>)]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = PositiveAmountText)]
    pub target_amount: Patch<String>,
    /// When given it must be the goal's currency.
    #[serde(default)]
    #[schema(value_type = CurrencyText)]
    pub currency: Patch<String>,
    #[serde(default)]
    #[schema(value_type = IsoDateText)]
    pub target_date: Patch<String>,
    /// An account id to link, or `null` to unlink.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub account_id: Patch<AccountId>,
}

impl ChangeGoal {
    /// The changes; `null` on a field that cannot be cleared is refused (422).
    pub fn into_changes(self) -> Result<GoalChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = GoalChanges {
            name: self.name.required("name", &mut errors),
            target_amount: self.target_amount.required("target_amount", &mut errors),
            currency: self.currency.required("currency", &mut errors),
            target_date: self.target_date.required("target_date", &mut errors),
            account_id: self.account_id.change(),
        };
        errors.finish().map(|()| changes)
    }
}

/// Records money put towards a goal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "100.00", "currency": "EUR", "date": "2026-11-21"}))]
pub struct Contribute {
    /// Decimal string above zero.
    #[schema(value_type = PositiveAmountText)]
    pub amount: String,
    /// Must be the goal's currency.
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// `YYYY-MM-DD`, today or earlier.
    #[schema(value_type = IsoDateText)]
    pub date: String,
}

/// A goal's numbers today (see docs/money.md for the rules).
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalProgressView {
    /// `saved / target` in percent, two decimals HALF_EVEN.
    pub percent: String,
    pub still_needed: String,
    /// Calendar months from this month to the target month, both counted.
    pub months_left: i64,
    /// What to save each month to reach the target, rounded up to the minor unit.
    pub required_monthly: String,
    /// What a straight-line pace from the start date would have saved by today.
    pub expected_saved: String,
    pub on_track: bool,
}

impl From<GoalProgress> for GoalProgressView {
    fn from(progress: GoalProgress) -> Self {
        Self {
            percent: progress.percent.to_string(),
            still_needed: progress.still_needed.to_decimal_string(),
            months_left: progress.months_left,
            required_monthly: progress.required_monthly.to_decimal_string(),
            expected_saved: progress.expected_saved.to_decimal_string(),
            on_track: progress.on_track,
        }
    }
}

/// A goal as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalView {
    #[schema(value_type = String)]
    pub id: GoalId,
    pub name: String,
    pub currency: String,
    pub target_amount: String,
    pub target_date: String,
    #[schema(value_type = Option<String>)]
    pub account_id: Option<AccountId>,
    /// The sum of the contributions.
    pub saved: String,
    pub start_date: String,
    pub progress: GoalProgressView,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl GoalView {
    pub fn new(goal: Goal, progress: GoalProgress) -> Self {
        Self {
            currency: goal.currency.code().to_owned(),
            target_amount: goal.target().to_decimal_string(),
            target_date: date_string(goal.target_date),
            saved: goal.saved().to_decimal_string(),
            start_date: date_string(goal.start_date),
            progress: progress.into(),
            id: goal.id,
            name: goal.name,
            account_id: goal.account_id,
            created_at: goal.created_at,
            updated_at: goal.updated_at,
        }
    }
}

/// A contribution as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionView {
    #[schema(value_type = String)]
    pub id: ContributionId,
    #[schema(value_type = String)]
    pub goal_id: GoalId,
    pub amount: String,
    pub currency: String,
    pub date: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Contribution> for ContributionView {
    fn from(contribution: Contribution) -> Self {
        Self {
            amount: contribution.amount().to_decimal_string(),
            currency: contribution.currency.code().to_owned(),
            date: date_string(contribution.date),
            id: contribution.id,
            goal_id: contribution.goal_id,
            created_at: contribution.created_at,
        }
    }
}

/// A recorded contribution and the goal after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionCreated {
    pub contribution: ContributionView,
    pub goal: GoalView,
}
