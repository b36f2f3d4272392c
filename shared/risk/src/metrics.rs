//! The metrics of an assessment, computed from the months assessed (see [`crate::months`]), the
//! balance days and the recurring obligations. Over the `n` months assessed:
//!
//! - mean monthly income `Ī = Σ income / n` (likewise expenses and debt payments);
//! - income variation (coefficient of variation) `σ(income) / Ī`, population `σ`;
//!   undefined when `Ī ≤ 0` (no income: maximally unstable);
//! - expense ratio `Σ expenses / Σ income`, savings rate `(Σ income − Σ expenses) / Σ income`
//!   (its complement, shown but not scored again), debt-service ratio
//!   `Σ debt payments / Σ income`;
//! - largest outflow share `largest single payment out / Σ payments out` (gross);
//! - cash-flow volatility `σ(monthly net) / Ī`;
//! - recurring ratio `monthly total of recurring obligations / Ī`.
//!
//! A ratio to income is undefined when income is not positive: it then counts in full if
//! there is something to set against income (expenses, debt payments, a swing of the net,
//! obligations) and not at all otherwise. Ratios are presented with four decimals (capped at
//! ±1000) and the score reads the presented ratios.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::balance::BalanceDays;
use crate::factor::Factor;
use crate::months::MonthTotals;
use crate::present::{money, ratio};
use crate::recurring::{Obligation, Recurring};
use crate::ser::{display, optional_display};
use crate::stats::{capped_ratio, mean, population_stddev};

/// The figures of an assessment, as presented.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Metrics {
    /// How many months the averages and ratios are over.
    pub months_assessed: u32,
    #[serde(serialize_with = "display")]
    pub mean_monthly_income: Decimal,
    #[serde(serialize_with = "display")]
    pub mean_monthly_expenses: Decimal,
    #[serde(serialize_with = "display")]
    pub mean_monthly_debt_payments: Decimal,
    /// Population standard deviation of monthly income.
    #[serde(serialize_with = "display")]
    pub income_stddev: Decimal,
    /// Coefficient of variation of monthly income; `None` without income.
    #[serde(serialize_with = "optional_display")]
    pub income_variation: Option<Decimal>,
    #[serde(serialize_with = "optional_display")]
    pub expense_ratio: Option<Decimal>,
    #[serde(serialize_with = "optional_display")]
    pub savings_rate: Option<Decimal>,
    #[serde(serialize_with = "optional_display")]
    pub debt_service_ratio: Option<Decimal>,
    pub balance: BalanceDays,
    #[serde(serialize_with = "display")]
    pub largest_outflow: Decimal,
    /// `None` when nothing was paid out.
    #[serde(serialize_with = "optional_display")]
    pub largest_outflow_share: Option<Decimal>,
    /// Population standard deviation of monthly net cash flow.
    #[serde(serialize_with = "display")]
    pub net_stddev: Decimal,
    #[serde(serialize_with = "optional_display")]
    pub cash_flow_volatility: Option<Decimal>,
    pub recurring_obligations: Vec<Obligation>,
    #[serde(serialize_with = "display")]
    pub recurring_monthly_total: Decimal,
    #[serde(serialize_with = "optional_display")]
    pub recurring_ratio: Option<Decimal>,
}

/// What a factor reads for the score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A presented ratio, scored by the factor's band.
    Ratio(Decimal),
    /// Something to set against income, and no income: counts in full.
    NoIncome,
    /// Nothing to measure (no payments out; no income and nothing to set against it): counts
    /// nothing.
    Nothing,
    /// Not known (the balance without an opening balance): counts nothing.
    Unknown,
}

impl Reading {
    fn value(self) -> Option<Decimal> {
        match self {
            Reading::Ratio(value) => Some(value),
            _ => None,
        }
    }
}

/// The metrics and what each factor reads.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Measured {
    pub metrics: Metrics,
    pub readings: [(Factor, Reading); 7],
}

/// The metrics of the months `assessed`, money presented with `digits` decimals.
pub(crate) fn measure(
    assessed: &[&MonthTotals],
    balance: BalanceDays,
    recurring: Recurring,
    digits: u32,
) -> Measured {
    let column = |pick: fn(&MonthTotals) -> Decimal| -> Vec<Decimal> {
        assessed.iter().map(|&month| pick(month)).collect()
    };
    let incomes = column(|m| m.income);
    let nets = column(MonthTotals::net);
    let sum = |pick: fn(&MonthTotals) -> Decimal| -> Decimal { column(pick).iter().sum() };
    let (income, expenses, debt) = (
        sum(|m| m.income),
        sum(|m| m.expenses),
        sum(|m| m.debt_payments),
    );
    let average = |values: &[Decimal]| mean(values).unwrap_or(Decimal::ZERO);
    let mean_income = average(&incomes);
    let income_stddev = population_stddev(&incomes).unwrap_or(Decimal::ZERO);
    let net_stddev = population_stddev(&nets).unwrap_or(Decimal::ZERO);
    let outflows = sum(|m| m.outflows);
    let largest_outflow = assessed
        .iter()
        .map(|m| m.largest_outflow)
        .max()
        .unwrap_or(Decimal::ZERO);

    let variation = match capped_ratio(income_stddev, mean_income) {
        Some(value) => Reading::Ratio(ratio(value)),
        None => Reading::NoIncome,
    };
    let expense_ratio = against_income(expenses, income);
    let debt_ratio = against_income(debt, income);
    let negative = match &balance {
        BalanceDays::Known { share, .. } => Reading::Ratio(*share),
        BalanceDays::Unknown => Reading::Unknown,
    };
    let largest_share = match capped_ratio(largest_outflow, outflows) {
        Some(value) => Reading::Ratio(ratio(value)),
        None => Reading::Nothing,
    };
    let volatility = against_income(net_stddev, mean_income);
    let recurring_ratio = against_income(recurring.monthly_total, mean_income);

    let metrics = Metrics {
        months_assessed: u32::try_from(assessed.len()).unwrap_or(u32::MAX),
        mean_monthly_income: money(mean_income, digits),
        mean_monthly_expenses: money(average(&column(|m| m.expenses)), digits),
        mean_monthly_debt_payments: money(average(&column(|m| m.debt_payments)), digits),
        income_stddev: money(income_stddev, digits),
        income_variation: variation.value(),
        expense_ratio: expense_ratio.value(),
        savings_rate: capped_ratio(income - expenses, income).map(ratio),
        debt_service_ratio: debt_ratio.value(),
        balance,
        largest_outflow: money(largest_outflow, digits),
        largest_outflow_share: largest_share.value(),
        net_stddev: money(net_stddev, digits),
        cash_flow_volatility: volatility.value(),
        recurring_obligations: recurring.obligations,
        recurring_monthly_total: money(recurring.monthly_total, digits),
        recurring_ratio: recurring_ratio.value(),
    };
    Measured {
        metrics,
        readings: [
            (Factor::IncomeStability, variation),
            (Factor::ExpenseRatio, expense_ratio),
            (Factor::DebtService, debt_ratio),
            (Factor::NegativeBalance, negative),
            (Factor::LargestOutflow, largest_share),
            (Factor::CashFlowVolatility, volatility),
            (Factor::RecurringObligations, recurring_ratio),
        ],
    }
}

/// `part / income`; without income, in full when there is a part, else nothing.
fn against_income(part: Decimal, income: Decimal) -> Reading {
    match capped_ratio(part, income) {
        Some(value) => Reading::Ratio(ratio(value)),
        None if part > Decimal::ZERO => Reading::NoIncome,
        None => Reading::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::months::month_totals;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn months(figures: &[(&str, &str, &str)]) -> Vec<MonthTotals> {
        let mut months = month_totals(date!(2026 - 01 - 01), date!(2026 - 12 - 31), &[]);
        months.truncate(figures.len());
        for (month, (income, expenses, debt)) in months.iter_mut().zip(figures) {
            month.income = d(income);
            month.expenses = d(expenses);
            month.debt_payments = d(debt);
            month.outflows = d(expenses);
            month.largest_outflow = d(expenses);
        }
        months
    }

    fn nothing_recurring() -> Recurring {
        Recurring {
            obligations: Vec::new(),
            monthly_total: Decimal::ZERO,
        }
    }

    fn measured(figures: &[(&str, &str, &str)]) -> Measured {
        let months = months(figures);
        let assessed: Vec<&MonthTotals> = months.iter().collect();
        measure(&assessed, BalanceDays::Unknown, nothing_recurring(), 2)
    }

    fn reading(measured: &Measured, factor: Factor) -> Reading {
        measured
            .readings
            .iter()
            .find(|(f, _)| *f == factor)
            .map(|(_, r)| *r)
            .expect("factor")
    }

    #[test]
    fn steady_income_has_no_variation() {
        let m = measured(&[
            ("3000", "2000", "300"),
            ("3000", "1800", "300"),
            ("3000", "1900", "300"),
        ]);
        assert_eq!(m.metrics.income_variation, Some(d("0.0000")));
        assert_eq!(m.metrics.expense_ratio, Some(d("0.6333")));
        assert_eq!(m.metrics.savings_rate, Some(d("0.3667")));
        assert_eq!(m.metrics.debt_service_ratio, Some(d("0.1000")));
        assert_eq!(m.metrics.mean_monthly_expenses, d("1900.00"));
        assert_eq!(reading(&m, Factor::NegativeBalance), Reading::Unknown);
        assert_eq!(m.metrics.largest_outflow_share, Some(d("0.3509")));
    }

    #[test]
    fn no_income_counts_in_full_only_against_something() {
        let m = measured(&[("0", "500", "0"), ("0", "0", "0")]);
        assert_eq!(reading(&m, Factor::IncomeStability), Reading::NoIncome);
        assert_eq!(reading(&m, Factor::ExpenseRatio), Reading::NoIncome);
        assert_eq!(reading(&m, Factor::DebtService), Reading::Nothing);
        assert_eq!(reading(&m, Factor::CashFlowVolatility), Reading::NoIncome);
        assert_eq!(reading(&m, Factor::RecurringObligations), Reading::Nothing);
        assert_eq!(m.metrics.savings_rate, None);
        assert_eq!(m.metrics.income_variation, None);
    }

    #[test]
    fn all_income_and_no_spending() {
        let m = measured(&[("1000", "0", "0"), ("1000", "0", "0"), ("1000", "0", "0")]);
        assert_eq!(m.metrics.expense_ratio, Some(d("0.0000")));
        assert_eq!(m.metrics.savings_rate, Some(d("1.0000")));
        assert_eq!(reading(&m, Factor::LargestOutflow), Reading::Nothing);
        assert_eq!(m.metrics.largest_outflow_share, None);
        assert_eq!(m.metrics.cash_flow_volatility, Some(d("0.0000")));
    }

    #[test]
    fn no_months_at_all() {
        let m = measure(&[], BalanceDays::Unknown, nothing_recurring(), 2);
        assert_eq!(m.metrics.months_assessed, 0);
        assert_eq!(m.metrics.mean_monthly_income, d("0.00"));
        assert_eq!(reading(&m, Factor::IncomeStability), Reading::NoIncome);
        assert_eq!(reading(&m, Factor::ExpenseRatio), Reading::Nothing);
    }
}
