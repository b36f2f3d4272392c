//! The APR and the effective annual rate, from the internal rate of return of the borrower's
//! cash flows: the amount paid out at disbursement (principal less disbursement fees) against
//! every installment's total (principal + interest + fees) on its due date.
//!
//! The method is the actuarial one of US Regulation Z, Appendix J: the unit period is the
//! loan's repayment period, a cash flow `t` whole unit periods and a fraction `f` of one after
//! the disbursement is discounted by `(1 + f·i)(1 + i)^t`, and `i`, the rate per unit period,
//! solves `Σ amount / ((1 + f·i)(1 + i)^t) = amount paid out`. A date between two due dates
//! (a first period longer or shorter than the others, a prepayment) is placed by its days
//! within the regular period that holds it. Then, with `n` the repayment periods in a year
//! (12 / every for months, 52 / every for weeks, days in year / every for days; 365 for
//! "actual"):
//!
//! * APR = `i × n`, as a percent (the nominal annual rate the cash flows imply);
//! * effective annual rate = `(1 + i)^n − 1`, as a percent (compounded);
//!
//! both rounded half-even to 3 decimals. A fee-free declining-balance loan whose periods bear
//! the periodic rate has `i` equal to that rate (to the rounding of its interest), so its APR
//! is its nominal rate; a flat loan or fees make the APR higher.
//!
//! `i` is found by the secant method inside a bracket that bisection keeps (at most 100
//! steps, stopping when a step moves `i` by less than a billionth of itself, far below what
//! moves the third decimal of a percent). Equal installments at consecutive periods are summed as geometric
//! series, so an annuity of 480 installments costs a handful of operations per step. When no
//! rate exists (nothing is paid out, or less is repaid than paid out) or it is beyond a
//! million percent per period, the rates are `None`.

use rust_decimal::Decimal;
use time::Date;

use crate::dates::{Grid, days_between};
use crate::power::{exp, geometric_sum, ln, powi};

/// The most secant or bisection steps taken.
const MAX_STEPS: usize = 100;
/// The significant digits of the discount factor in a present value.
const DISCOUNT_DIGITS: u32 = 12;

/// Where a date is, in repayment periods after the disbursement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    grid: Grid,
    origin: Decimal,
}

impl Clock {
    pub(crate) fn new(grid: Grid, disbursement: Date) -> Self {
        let origin = position(&grid, disbursement);
        Self { grid, origin }
    }

    /// Unit periods from the disbursement to `date`.
    pub(crate) fn time(&self, date: Date) -> Decimal {
        position(&self.grid, date) - self.origin
    }
}

/// `date` on the grid: the index of the grid point on or before it plus the elapsed share of
/// the period that follows.
fn position(grid: &Grid, date: Date) -> Decimal {
    let k = grid.index_at_or_before(date);
    let start = grid.point(k);
    let whole = Decimal::from(k);
    if start == date {
        return whole;
    }
    let end = grid.point(k + 1);
    whole + Decimal::from(days_between(start, date)) / Decimal::from(days_between(start, end))
}

/// An amount the borrower receives (negative) or pays (positive), `time` unit periods after
/// the disbursement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CashFlow {
    pub(crate) time: Decimal,
    pub(crate) amount: Decimal,
}

/// APR and effective annual rate, percent to 3 decimals.
pub(crate) fn annual_rates(
    flows: &[CashFlow],
    periods_per_year: Decimal,
    guess: Decimal,
) -> (Option<Decimal>, Option<Decimal>) {
    let Some(rate) = periodic_irr(flows, guess) else {
        return (None, None);
    };
    let percent = |value: Decimal| {
        let mut value = value
            .checked_mul(Decimal::ONE_HUNDRED)?
            .round_dp_with_strategy(3, rust_decimal::RoundingStrategy::MidpointNearestEven);
        value.rescale(3);
        Some(value)
    };
    let apr = rate.checked_mul(periods_per_year).and_then(percent);
    let effective = ln(Decimal::ONE + rate)
        .and_then(|log| log.checked_mul(periods_per_year))
        .and_then(exp)
        .and_then(|growth| percent(growth - Decimal::ONE));
    (apr, effective)
}

/// Equal cash flows at consecutive whole unit periods: `count` of `amount`, the first `start`
/// whole periods and `fraction` of one after the disbursement. Annuities compress to a few
/// runs, which keeps each present value cheap.
struct Run {
    start: u32,
    count: u32,
    fraction: Decimal,
    amount: Decimal,
}

/// `flows` (in time order) as runs.
fn runs(flows: &[CashFlow]) -> Option<Vec<Run>> {
    let mut runs: Vec<Run> = Vec::new();
    for flow in flows {
        let whole = flow.time.floor();
        let start = u32::try_from(whole).ok()?;
        let fraction = flow.time - whole;
        match runs.last_mut() {
            Some(run)
                if run.amount == flow.amount
                    && run.fraction == fraction
                    && run.start + run.count == start =>
            {
                run.count += 1;
            }
            _ => runs.push(Run {
                start,
                count: 1,
                fraction,
                amount: flow.amount,
            }),
        }
    }
    Some(runs)
}

/// The rate per unit period that discounts `flows` to zero, if there is one `>= 0`: the
/// secant method from `guess`, kept inside the bracket found so far (bisection, or doubling
/// while no rate is known to be too high).
pub(crate) fn periodic_irr(flows: &[CashFlow], guess: Decimal) -> Option<Decimal> {
    let runs = runs(flows)?;
    let at_zero: Decimal = flows.iter().map(|f| f.amount).sum();
    if at_zero.is_zero() {
        return Some(Decimal::ZERO);
    }
    if at_zero < Decimal::ZERO {
        return None;
    }
    let tolerance = Decimal::new(1, 9);
    let ceiling = Decimal::from(1_000_000);
    // The present value falls as the rate rises: `low` is known too low, `high` too high.
    let (mut low, mut high) = (Decimal::ZERO, None::<Decimal>);
    // Two close points first, so that the first secant is nearly the tangent.
    let mut previous = if guess > Decimal::ZERO {
        guess
    } else {
        Decimal::new(1, 2)
    };
    let mut previous_value = present_value(&runs, previous)?;
    if previous_value.is_zero() {
        return Some(previous);
    }
    if previous_value > Decimal::ZERO {
        low = previous;
    } else {
        high = Some(previous);
    }
    let mut rate = previous + previous / Decimal::from(1000);
    for _ in 0..MAX_STEPS {
        let value = present_value(&runs, rate)?;
        if value.is_zero() {
            return Some(rate);
        }
        if value > Decimal::ZERO {
            low = rate;
        } else {
            high = Some(rate);
        }
        if value == previous_value {
            return Some(rate);
        }
        let secant = (value - previous_value)
            .checked_div(rate - previous)
            .and_then(|slope| value.checked_div(slope))
            .and_then(|step| rate.checked_sub(step));
        let next = match (secant, high) {
            (Some(next), Some(high)) if next > low && next < high => next,
            (Some(next), None) if next > low && next < ceiling => next,
            (_, Some(high)) => (low + high) / Decimal::TWO,
            (_, None) => rate.checked_mul(Decimal::TWO)?,
        };
        if next >= ceiling {
            return None;
        }
        if (next - rate).abs() <= tolerance * next {
            return Some(next);
        }
        (previous, previous_value, rate) = (rate, value, next);
    }
    Some(rate)
}

/// The present value of `runs` at `rate`, by Horner's rule from the last run back, with the
/// discount factor `1 / (1 + rate)` rounded to [`DISCOUNT_DIGITS`] significant digits: that
/// keeps every product within `Decimal`'s fast path and moves the rate by far less than the
/// 10^-9 it is solved to.
fn present_value(runs: &[Run], rate: Decimal) -> Option<Decimal> {
    let discount = Decimal::ONE
        .checked_div(Decimal::ONE.checked_add(rate)?)?
        .round_sf(DISCOUNT_DIGITS)?;
    let over = |periods: u32| match periods {
        0 => Decimal::ONE,
        1 => discount,
        _ => powi(discount, periods),
    };
    let mut at = runs.last().map_or(0, |run| run.start);
    let mut value = Decimal::ZERO;
    let mut odd: Option<(Decimal, Decimal)> = None;
    for run in runs.iter().rev() {
        if at > run.start {
            value *= over(at - run.start);
        }
        at = run.start;
        let mut term = run.amount;
        if run.count > 1 {
            term *= geometric_sum(discount, run.count);
        }
        if !run.fraction.is_zero() {
            let inverse = match odd {
                Some((fraction, inverse)) if fraction == run.fraction => inverse,
                _ => {
                    let inverse = Decimal::ONE.checked_div(Decimal::ONE + run.fraction * rate)?;
                    odd = Some((run.fraction, inverse));
                    inverse
                }
            };
            term *= inverse;
        }
        value = value.checked_add(term)?;
    }
    Some(value * over(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(time: i64, amount: i64) -> CashFlow {
        CashFlow {
            time: Decimal::from(time),
            amount: Decimal::from(amount),
        }
    }

    #[test]
    fn a_one_period_loan_returns_its_rate() {
        // 1,000 out, 1,100 back a period later: 10 % a period.
        let rate = periodic_irr(&[flow(0, -1000), flow(1, 1100)], Decimal::ZERO).expect("irr");
        assert_eq!(rate.round_dp(9), Decimal::new(1, 1));
    }

    #[test]
    fn an_annuity_returns_its_rate() {
        // 10,000 repaid by 12 × 888.4878867 at 1 % a month.
        let payment: Decimal = "888.48788667".parse().expect("decimal");
        let mut flows = vec![flow(0, -10_000)];
        flows.extend((1..=12).map(|k| CashFlow {
            time: Decimal::from(k),
            amount: payment,
        }));
        let rate = periodic_irr(&flows, Decimal::new(1, 2)).expect("irr");
        assert_eq!(rate.round_dp(9), Decimal::new(10_000_000, 9));
        let (apr, effective) = annual_rates(&flows, Decimal::from(12), Decimal::new(1, 2));
        assert_eq!(apr.map(|r| r.to_string()), Some("12.000".to_owned()));
        // (1.01)^12 − 1 = 12.6825 %.
        assert_eq!(effective.map(|r| r.to_string()), Some("12.683".to_owned()));
    }

    #[test]
    fn an_odd_fraction_is_simple_interest() {
        // Half a period at 10 % a period: 1,000 → 1,050.
        let flows = [
            flow(0, -1000),
            CashFlow {
                time: Decimal::new(5, 1),
                amount: Decimal::from(1050),
            },
        ];
        let rate = periodic_irr(&flows, Decimal::ZERO).expect("irr");
        assert_eq!(rate.round_dp(9), Decimal::new(1, 1));
    }

    #[test]
    fn no_return_and_no_loan_are_handled() {
        assert_eq!(
            periodic_irr(&[flow(0, -100), flow(1, 100)], Decimal::ZERO),
            Some(Decimal::ZERO)
        );
        assert_eq!(
            periodic_irr(&[flow(0, -100), flow(1, 90)], Decimal::ZERO),
            None
        );
        assert_eq!(
            periodic_irr(&[flow(0, 0), flow(1, 90)], Decimal::ZERO),
            None
        );
    }
}
