//! Request and response bodies of the /v1/budgets routes.

use ferrofin_budgets::budget::Budget;
use ferrofin_budgets::budget_service::BudgetChanges;
use ferrofin_budgets::ids::BudgetId;
use ferrofin_budgets::progress::{Overview, Progress};
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::{CurrencyText, MonthText, PositiveAmountText};
use ferrofin_platform::merge_patch::Patch;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Creates a monthly budget for an expense category.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"category": "groceries", "amount": "300.00", "currency": "EUR", "rollover": true}))]
pub struct CreateBudget {
    /// A default expense category id (see /v1/transactions/categories).
    pub category: String,
    /// Decimal string above zero, with at most the currency's decimals.
    #[schema(value_type = PositiveAmountText)]
    pub amount: String,
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// Carry last month's remainder (or overspending) into each month (default false).
    #[serde(default)]
    pub rollover: bool,
}

/// Changes to a budget as a JSON Merge Patch: a field left out stays; none can be cleared
/// (`null` is a 422 naming it). Its category and currency are fixed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "350.00", "rollover": true}))]
pub struct ChangeBudget {
    #[serde(default)]
    #[schema(value_type = PositiveAmountText)]
    pub amount: Patch<String>,
    /// When given it must be the budget's currency.
    #[serde(default)]
    #[schema(value_type = CurrencyText)]
    pub currency: Patch<String>,
    #[serde(default)]
    #[schema(value_type = bool)]
    pub rollover: Patch<bool>,
}

impl ChangeBudget {
    /// The changes; `null` on any field is refused (422).
    pub fn into_changes(self) -> Result<BudgetChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = BudgetChanges {
            amount: self.amount.required("amount", &mut errors),
            currency: self.currency.required("currency", &mut errors),
            rollover: self.rollover.required("rollover", &mut errors),
        };
        errors.finish().map(|()| changes)
    }
}

/// `?month=YYYY-MM` (default: the current month).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MonthQuery {
    #[param(value_type = Option<MonthText>, inline)]
    pub month: Option<String>,
}

/// A budget as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetView {
    #[schema(value_type = String)]
    pub id: BudgetId,
    pub category: String,
    pub currency: String,
    /// The limit of every month, decimal string.
    pub amount: String,
    pub rollover: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Budget> for BudgetView {
    fn from(budget: Budget) -> Self {
        Self {
            amount: budget.amount().to_decimal_string(),
            currency: budget.currency.code().to_owned(),
            id: budget.id,
            category: budget.category,
            rollover: budget.rollover,
            created_at: budget.created_at,
            updated_at: budget.updated_at,
        }
    }
}

/// Budgeted vs actual vs remaining in one currency (decimal strings).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressFigures {
    pub currency: String,
    pub budgeted: String,
    /// Last month's remainder carried in ("0" without rollover); negative after overspending.
    pub rollover: String,
    /// `budgeted + rollover`.
    pub available: String,
    /// Expenses of the month in the category, from the month rollup.
    pub actual: String,
    /// `available - actual`; negative when overspent.
    pub remaining: String,
    /// `actual / available` in percent, two decimals; null when nothing is available.
    pub percent_used: Option<String>,
}

impl From<&Progress> for ProgressFigures {
    fn from(progress: &Progress) -> Self {
        Self {
            currency: progress.budgeted.currency().code().to_owned(),
            budgeted: progress.budgeted.to_decimal_string(),
            rollover: progress.rollover.to_decimal_string(),
            available: progress.available.to_decimal_string(),
            actual: progress.actual.to_decimal_string(),
            remaining: progress.remaining.to_decimal_string(),
            percent_used: progress.percent_used.map(|percent| percent.to_string()),
        }
    }
}

/// A budget's progress in a month.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    #[schema(value_type = String)]
    pub budget_id: BudgetId,
    pub category: String,
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub figures: ProgressFigures,
}

impl ProgressView {
    pub fn new(budget: &Budget, month: String, progress: &Progress) -> Self {
        Self {
            budget_id: budget.id.clone(),
            category: budget.category.clone(),
            month,
            figures: progress.into(),
        }
    }
}

/// Every budget's progress in a month, with totals per currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewView {
    pub month: String,
    pub items: Vec<ProgressView>,
    pub totals: Vec<ProgressFigures>,
}

impl From<Overview> for OverviewView {
    fn from(overview: Overview) -> Self {
        let month = overview.month.to_string();
        Self {
            items: overview
                .items
                .iter()
                .map(|(budget, progress)| ProgressView::new(budget, month.clone(), progress))
                .collect(),
            totals: overview.totals.iter().map(ProgressFigures::from).collect(),
            month,
        }
    }
}
