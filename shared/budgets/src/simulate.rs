//! What-if simulation: adjust category budgets by a percentage or an amount and compare each
//! with projected spending, the trailing three-month average of the month rollups before the
//! given month (months without spending count as zero), rounded HALF_EVEN to the minor unit.
//! Surplus is `adjusted - projected` (negative: a deficit). Rollover is not part of it. The
//! arithmetic is in `simulation_maths`.

use crate::Budgets;
use crate::budget_service::expense_category;
use crate::error::BudgetError;
use crate::simulation_maths::{Change, TRAILING_MONTHS, adjust, average, percent};
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::month::Month;

pub use super::simulation_maths::Figures;

/// One requested adjustment: exactly one of `percent` and `amount` (decimal strings).
pub struct Adjustment {
    pub category: String,
    pub percent: Option<String>,
    pub amount: Option<String>,
}

/// The simulation of one month in one currency.
pub struct Simulation {
    pub month: Month,
    pub currency: Currency,
    pub lines: Vec<(String, Figures)>,
    pub totals: Figures,
}

fn parse_change(
    errors: &mut FieldErrors,
    at: &str,
    adjustment: &Adjustment,
    currency: Option<Currency>,
) -> Option<Change> {
    match (&adjustment.percent, &adjustment.amount, currency) {
        (Some(raw), None, _) => errors
            .take(&format!("{at}.percent"), percent(raw))
            .map(Change::Percent),
        (None, Some(raw), Some(currency)) => errors
            .take(&format!("{at}.amount"), Money::parse(raw, currency))
            .map(Change::Amount),
        (None, Some(_), None) => None,
        _ => {
            errors.push(at, "give exactly one of percent and amount");
            None
        }
    }
}

impl Budgets {
    /// Simulates `adjustments` of the user's budgets in `currency` for `month`.
    pub async fn simulate(
        &self,
        user_id: &UserId,
        month: &str,
        currency: &str,
        adjustments: &[Adjustment],
    ) -> Result<Simulation, BudgetError> {
        let mut errors = FieldErrors::default();
        let month = errors.take("month", Month::parse(month));
        let currency = errors.take("currency", Currency::parse(currency));
        if adjustments.is_empty() {
            errors.push("adjustments", "give at least one adjustment");
        }
        let mut changes: Vec<(&'static str, Option<Change>)> = Vec::new();
        for (index, adjustment) in adjustments.iter().enumerate() {
            let at = format!("adjustments[{index}]");
            let category = errors.take(
                &format!("{at}.category"),
                expense_category(&adjustment.category),
            );
            let change = parse_change(&mut errors, &at, adjustment, currency);
            if let Some(category) = category {
                if changes.iter().any(|(seen, _)| *seen == category) {
                    errors.push(&format!("{at}.category"), "is adjusted twice");
                }
                changes.push((category, change));
            }
        }
        errors.finish()?;
        let (Some(month), Some(currency)) = (month, currency) else {
            return Err(BudgetError::invalid("", "invalid simulation"));
        };
        let mut budgets = self.budget_store().all(user_id).await?;
        budgets.retain(|budget| budget.currency == currency);
        budgets.sort_by(|a, b| a.category.cmp(&b.category));
        let mut errors = FieldErrors::default();
        for (index, (category, _)) in changes.iter().enumerate() {
            if !budgets.iter().any(|budget| budget.category == *category) {
                errors.push(
                    &format!("adjustments[{index}].category"),
                    format!("you have no {currency} budget for this category"),
                );
            }
        }
        let months = month.trailing(TRAILING_MONTHS);
        let mut lines = Vec::with_capacity(budgets.len());
        for budget in budgets {
            // Every adjustment parsed, so its index in `changes` is its index in the request.
            let requested = changes
                .iter()
                .enumerate()
                .find(|(_, (category, _))| *category == budget.category);
            let adjusted = match requested {
                Some((index, (_, change))) => errors.take(
                    &format!("adjustments[{index}]"),
                    adjust(budget.amount(), *change),
                ),
                None => Some(budget.amount()),
            };
            let spent = self
                .spent_in(user_id, &months, currency, &budget.category)
                .await?;
            let projected = average(&spent, currency)
                .map_err(|err| BudgetError::invalid("", err.to_string()))?;
            let figures = Figures::new(
                budget.amount(),
                adjusted.unwrap_or(budget.amount()),
                projected,
            );
            lines.push((budget.category, figures));
        }
        errors.finish()?;
        let totals = Figures::sum(currency, &lines);
        Ok(Simulation {
            month,
            currency,
            lines,
            totals,
        })
    }
}
