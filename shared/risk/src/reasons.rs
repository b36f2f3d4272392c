//! The top reasons in plain words: the (at most) three factors that earned the most points,
//! most first (equal points: in factor order), each as one sentence with its figure and its
//! band. Factors that earned nothing are no reason.

use std::cmp::Reverse;

use rust_decimal::Decimal;

use crate::balance::BalanceDays;
use crate::factor::Factor;
use crate::metrics::Metrics;
use crate::present::whole_percent;
use crate::score::Contribution;

/// How many reasons are given at most.
const TOP: usize = 3;

/// The sentences for the contributions that earned most.
pub(crate) fn top_reasons(
    contributions: &[Contribution],
    metrics: &Metrics,
    currency: &str,
) -> Vec<String> {
    let mut earning: Vec<&Contribution> = contributions
        .iter()
        .filter(|c| c.points > Decimal::ZERO)
        .collect();
    // stable: equal points keep factor order
    earning.sort_by_key(|c| Reverse(c.points));
    earning
        .into_iter()
        .take(TOP)
        .map(|c| sentence(c, metrics, currency))
        .collect()
}

fn sentence(c: &Contribution, metrics: &Metrics, currency: &str) -> String {
    let (zero, full) = (whole_percent(c.zero_at), whole_percent(c.full_at));
    let Some(value) = c.value else {
        return without_income(c.factor);
    };
    let p = whole_percent(value);
    match c.factor {
        Factor::IncomeStability => format!(
            "Monthly income varies by {p} % around its mean ({zero} % or less is steady, {full} % or more is unstable)."
        ),
        Factor::ExpenseRatio => format!(
            "Expenses take {p} % of income ({zero} % or less is fine, {full} % or more is high)."
        ),
        Factor::DebtService => format!(
            "Debt payments take {p} % of income ({zero} % or less is fine, {full} % or more is high)."
        ),
        Factor::NegativeBalance => {
            let days = match &metrics.balance {
                BalanceDays::Known {
                    negative_days,
                    window_days,
                    ..
                } => format!("{negative_days} of {window_days} days"),
                BalanceDays::Unknown => "some days".to_owned(),
            };
            format!(
                "The balance ended {days} below zero ({p} % of days; none is fine, {full} % or more is high)."
            )
        }
        Factor::LargestOutflow => format!(
            "The largest single payment, {} {currency}, was {p} % of all payments out ({zero} % or less is fine, {full} % or more is high).",
            metrics.largest_outflow
        ),
        Factor::CashFlowVolatility => format!(
            "Monthly net cash flow swings by {p} % of monthly income ({zero} % or less is steady, {full} % or more is high)."
        ),
        Factor::RecurringObligations => format!(
            "Recurring obligations take {p} % of monthly income ({zero} % or less is fine, {full} % or more is high)."
        ),
    }
}

/// The sentence of a factor that counted in full for want of income.
fn without_income(factor: Factor) -> String {
    let what = match factor {
        Factor::IncomeStability => {
            "No income was seen in the months assessed, so income counts as fully unstable."
        }
        Factor::ExpenseRatio => "There were expenses but no income in the months assessed.",
        Factor::DebtService => "There were debt payments but no income in the months assessed.",
        Factor::CashFlowVolatility => {
            "Net cash flow moved from month to month with no income to absorb it."
        }
        Factor::RecurringObligations => {
            "There are recurring obligations but no income in the months assessed."
        }
        Factor::NegativeBalance | Factor::LargestOutflow => "This factor could not be measured.",
    };
    what.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::factor::Factor;
    use crate::metrics::Reading;
    use crate::score::score;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn metrics() -> Metrics {
        Metrics {
            months_assessed: 3,
            mean_monthly_income: d("2000.00"),
            mean_monthly_expenses: d("2016.67"),
            mean_monthly_debt_payments: d("450.00"),
            income_stddev: d("0.00"),
            income_variation: Some(d("0.0000")),
            expense_ratio: Some(d("1.0083")),
            savings_rate: Some(d("-0.0083")),
            debt_service_ratio: Some(d("0.2250")),
            balance: BalanceDays::Known {
                negative_days: 18,
                window_days: 89,
                share: d("0.2022"),
                lowest_balance: d("-150.00"),
                closing_balance: d("-50.00"),
            },
            largest_outflow: d("800.00"),
            largest_outflow_share: Some(d("0.3000")),
            net_stddev: d("124.72"),
            cash_flow_volatility: Some(d("0.0624")),
            recurring_obligations: Vec::new(),
            recurring_monthly_total: d("1250.00"),
            recurring_ratio: Some(d("0.6250")),
        }
    }

    #[test]
    fn the_three_largest_contributions_in_words() {
        // 0.6250 is 62 %: whole percentages round HALF_EVEN
        let scored = score(&[
            (Factor::IncomeStability, Reading::Ratio(d("0.0000"))),
            (Factor::ExpenseRatio, Reading::Ratio(d("1.0083"))),
            (Factor::DebtService, Reading::Ratio(d("0.2250"))),
            (Factor::NegativeBalance, Reading::Ratio(d("0.2022"))),
            (Factor::LargestOutflow, Reading::Ratio(d("0.3000"))),
            (Factor::CashFlowVolatility, Reading::Ratio(d("0.0624"))),
            (Factor::RecurringObligations, Reading::Ratio(d("0.6250"))),
        ]);
        let reasons = top_reasons(&scored.contributions, &metrics(), "EUR");
        assert_eq!(
            reasons,
            [
                "Expenses take 101 % of income (70 % or less is fine, 100 % or more is high).",
                "The balance ended 18 of 89 days below zero (20 % of days; none is fine, 25 % or more is high).",
                "Recurring obligations take 62 % of monthly income (30 % or less is fine, 60 % or more is high).",
            ]
        );
    }

    #[test]
    fn equal_points_keep_factor_order_and_zero_points_are_no_reason() {
        let scored = score(&[
            (Factor::IncomeStability, Reading::NoIncome),
            (Factor::LargestOutflow, Reading::Ratio(d("0.3800"))),
            (Factor::CashFlowVolatility, Reading::Ratio(d("0.2200"))),
            (Factor::ExpenseRatio, Reading::Nothing),
        ]);
        let reasons = top_reasons(&scored.contributions, &metrics(), "EUR");
        assert_eq!(
            reasons,
            [
                "No income was seen in the months assessed, so income counts as fully unstable.",
                "The largest single payment, 800.00 EUR, was 38 % of all payments out (20 % or less is fine, 50 % or more is high).",
                "Monthly net cash flow swings by 22 % of monthly income (10 % or less is steady, 50 % or more is high).",
            ]
        );
        let calm = score(&[(Factor::DebtService, Reading::Ratio(d("0.1000")))]);
        assert!(top_reasons(&calm.contributions, &metrics(), "EUR").is_empty());
    }
}
