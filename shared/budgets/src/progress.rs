//! Budget progress for a month: budgeted, rollover, available, actual spending (from the month
//! rollup), remaining and percent used; and the month overview of every budget with totals per
//! currency.
//!
//! Rollover (when on) carries the previous month's remainder, `amount - spent last month`,
//! positive or negative, one month deep: it does not compound over earlier months.

use rust_decimal::Decimal;

use crate::Budgets;
use crate::budget::Budget;
use crate::error::BudgetError;
use crate::ids::BudgetId;
use crate::rounding::percent_of;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::table::TableError;

/// A budget's numbers for one month (or the totals of several budgets in one currency).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub budgeted: Money,
    pub rollover: Money,
    /// `budgeted + rollover`: what may be spent this month.
    pub available: Money,
    pub actual: Money,
    /// `available - actual`; negative when overspent.
    pub remaining: Money,
    /// `actual / available` in percent, two decimals HALF_EVEN; `None` when nothing is available.
    pub percent_used: Option<Decimal>,
}

impl Progress {
    /// The numbers of a month from the budget amount and the spending of the month and the one before.
    pub fn compute(
        amount: Money,
        rollover_on: bool,
        spent_minor: i64,
        spent_before_minor: i64,
    ) -> Self {
        let rollover = if rollover_on {
            amount.minor().saturating_sub(spent_before_minor)
        } else {
            0
        };
        Self::from_minor(amount.currency(), amount.minor(), rollover, spent_minor)
    }

    fn from_minor(currency: Currency, budgeted: i64, rollover: i64, actual: i64) -> Self {
        let available = budgeted.saturating_add(rollover);
        let money = |minor| Money::from_minor(minor, currency);
        Self {
            budgeted: money(budgeted),
            rollover: money(rollover),
            available: money(available),
            actual: money(actual),
            remaining: money(available.saturating_sub(actual)),
            percent_used: percent_of(actual, available),
        }
    }

    /// Whether spending reached `percent` % of what is available (any spending does when
    /// nothing is available).
    pub fn reached(&self, percent: u32) -> bool {
        let available = i128::from(self.available.minor());
        let actual = i128::from(self.actual.minor());
        if available <= 0 {
            actual > 0
        } else {
            actual * 100 >= i128::from(percent) * available
        }
    }

    /// The sums of several budgets' numbers in one currency.
    pub fn total(currency: Currency, items: &[&Progress]) -> Self {
        let sum = |field: fn(&Progress) -> Money| {
            items
                .iter()
                .fold(0_i64, |sum, p| sum.saturating_add(field(p).minor()))
        };
        Self::from_minor(
            currency,
            sum(|p| p.budgeted),
            sum(|p| p.rollover),
            sum(|p| p.actual),
        )
    }
}

/// Every budget's progress in a month, and totals per currency.
pub struct Overview {
    pub month: Month,
    pub items: Vec<(Budget, Progress)>,
    pub totals: Vec<Progress>,
}

impl Budgets {
    /// A budget's progress in a month, read from at most two month rollups.
    pub async fn progress_of(&self, budget: &Budget, month: Month) -> Result<Progress, TableError> {
        let spent = self
            .spent(&budget.user_id, month, budget.currency, &budget.category)
            .await?;
        let spent_before = if budget.rollover {
            self.spent(
                &budget.user_id,
                month.previous(),
                budget.currency,
                &budget.category,
            )
            .await?
        } else {
            0
        };
        Ok(Progress::compute(
            budget.amount(),
            budget.rollover,
            spent,
            spent_before,
        ))
    }

    pub async fn budget_progress(
        &self,
        user_id: &UserId,
        budget_id: &BudgetId,
        month: Month,
    ) -> Result<(Budget, Progress), BudgetError> {
        let budget = self.budget(user_id, budget_id).await?;
        let progress = self.progress_of(&budget, month).await?;
        Ok((budget, progress))
    }

    pub async fn overview(&self, user_id: &UserId, month: Month) -> Result<Overview, BudgetError> {
        let mut items = Vec::new();
        for budget in self.budget_store().all(user_id).await? {
            let progress = self.progress_of(&budget, month).await?;
            items.push((budget, progress));
        }
        items.sort_by(|(a, _), (b, _)| (a.currency, &a.category).cmp(&(b.currency, &b.category)));
        let mut currencies: Vec<Currency> =
            items.iter().map(|(budget, _)| budget.currency).collect();
        currencies.dedup();
        let totals = currencies
            .into_iter()
            .map(|currency| {
                let of_currency: Vec<&Progress> = items
                    .iter()
                    .filter(|(b, _)| b.currency == currency)
                    .map(|(_, p)| p)
                    .collect();
                Progress::total(currency, &of_currency)
            })
            .collect();
        Ok(Overview {
            month,
            items,
            totals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::parse("USD").expect("USD"))
    }

    #[test]
    fn progress_without_rollover_ignores_last_month() {
        let progress = Progress::compute(usd(40_000), false, 10_000, 99_999);
        assert_eq!(progress.rollover, usd(0));
        assert_eq!(progress.remaining, usd(30_000));
        assert_eq!(
            progress.percent_used.map(|p| p.to_string()),
            Some("25.00".to_owned())
        );
    }

    #[test]
    fn rollover_carries_last_months_remainder_or_overspending() {
        let under = Progress::compute(usd(40_000), true, 10_000, 30_000);
        assert_eq!(
            (under.rollover, under.available, under.remaining),
            (usd(10_000), usd(50_000), usd(40_000))
        );
        let over = Progress::compute(usd(40_000), true, 10_000, 45_000);
        assert_eq!(
            (over.rollover, over.available, over.remaining),
            (usd(-5_000), usd(35_000), usd(25_000))
        );
    }

    #[test]
    fn thresholds_are_reached_exactly_at_their_percent() {
        let budget = usd(10_000);
        assert!(!Progress::compute(budget, false, 7_999, 0).reached(80));
        assert!(Progress::compute(budget, false, 8_000, 0).reached(80));
        assert!(!Progress::compute(budget, false, 9_999, 0).reached(100));
        assert!(Progress::compute(budget, false, 10_000, 0).reached(100));
        let nothing_left = Progress::compute(budget, true, 1, 20_000);
        assert!(nothing_left.reached(80) && nothing_left.reached(100));
        assert_eq!(nothing_left.percent_used, None);
    }

    #[test]
    fn totals_add_up_and_recompute_the_percentage() {
        let a = Progress::compute(usd(10_000), false, 5_000, 0);
        let b = Progress::compute(usd(30_000), false, 5_000, 0);
        let total = Progress::total(Currency::parse("USD").expect("USD"), &[&a, &b]);
        assert_eq!(
            (total.budgeted, total.actual, total.remaining),
            (usd(40_000), usd(10_000), usd(30_000))
        );
        assert_eq!(
            total.percent_used.map(|p| p.to_string()),
            Some("25.00".to_owned())
        );
    }
}
