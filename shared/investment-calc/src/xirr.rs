//! The money-weighted return: the internal rate of return of dated cash flows (XIRR),
//! solved in `Decimal`.
//!
//! With the Actual/365 day count, a flow `a_i` on day `k_i` (days after the first flow) is
//! discounted by `(1 + x)^(−k_i/365)` at the annual rate `x`, and `x` solves
//! `Σ a_i (1 + x)^(−k_i/365) = 0`. Written with the daily growth `G = (1 + x)^(1/365)` and
//! `w = 1/G`, this is a polynomial, `p(w) = Σ a_i w^(k_i)`, so the solver needs only whole
//! powers; `x = G^365 − 1`, and the return over a period of `n` days is `G^n − 1`.
//!
//! `p(1)` is the flows' plain sum (the rate zero) and `p(0)` the first flow. A root with
//! `w` in (0, 1) (a positive rate) exists when they differ in sign; otherwise a root with
//! `v = G` in (0, 1) (a negative rate) exists when the last flow differs in sign from the sum,
//! found on `q(v) = Σ a_i v^(k_last − k_i)`, which is `p` divided by `w^(k_last)` and keeps
//! every power at most 1, so nothing overflows. Flows that never change sign have no rate
//! ([`XirrError::NoSignChange`]); of several roots (flows that change sign more than once) the
//! one found in the bracket is given.
//!
//! The root in (0, 1) is found by Newton's method from 1, kept inside the bracket that
//! bisection narrows: a Newton step that leaves the bracket, or does not at least halve the
//! step before, is replaced by a bisection. At most [`MAX_STEPS`] steps, stopping when a step
//! moves the root by at most 10^-18 (bisection alone gets there in about 60).

use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::XirrError;
use crate::rounding;

/// The most Newton or bisection steps taken.
pub const MAX_STEPS: usize = 100;
/// The root is solved to this (in the discount or growth factor of a day).
const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 18);

/// An amount paid in (negative) or taken out (positive) on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashFlow {
    #[serde(with = "crate::text::date")]
    pub date: Date,
    #[serde(with = "crate::text::decimal")]
    pub amount: Decimal,
}

/// The annual rate `x` (a fraction, rounded half-even to [`rounding::FRACTION_DECIMALS`])
/// that discounts `flows` to zero with the Actual/365 day count. The flows may be in any
/// order; flows on one date are added up.
pub fn xirr(flows: &[CashFlow]) -> Result<Decimal, XirrError> {
    let first = flows
        .iter()
        .map(|flow| flow.date)
        .min()
        .ok_or(XirrError::NoSignChange)?;
    let mut dated: Vec<(u32, Decimal)> = flows
        .iter()
        .map(|flow| {
            let days = u32::try_from((flow.date - first).whole_days()).unwrap_or(u32::MAX);
            (days, flow.amount)
        })
        .collect();
    dated.sort_by_key(|&(day, _)| day);
    let growth = daily_growth(&dated)?;
    over_days(growth, 365).map(rounding::fraction)
}

/// `growth^days − 1`: the return over `days` at a daily growth factor.
pub(crate) fn over_days(growth: Decimal, days: u32) -> Result<Decimal, XirrError> {
    growth
        .checked_powu(u64::from(days))
        .map(|total| total - Decimal::ONE)
        .ok_or(XirrError::OutOfRange)
}

/// The daily growth factor `G` of `flows` (days after an origin, ascending; several on a day
/// and zeros allowed).
pub(crate) fn daily_growth(flows: &[(u32, Decimal)]) -> Result<Decimal, XirrError> {
    let mut merged: Vec<(u32, Decimal)> = Vec::with_capacity(flows.len());
    for &(day, amount) in flows {
        match merged.last_mut() {
            Some(last) if last.0 == day => last.1 += amount,
            _ => merged.push((day, amount)),
        }
    }
    merged.retain(|(_, amount)| !amount.is_zero());
    let (Some(&(first_day, first)), Some(&(last_day, last))) = (merged.first(), merged.last())
    else {
        return Err(XirrError::NoSignChange);
    };
    let sum = merged
        .iter()
        .try_fold(Decimal::ZERO, |sum, &(_, amount)| sum.checked_add(amount))
        .ok_or(XirrError::OutOfRange)?;
    if sum.is_zero() {
        return Ok(Decimal::ONE);
    }
    if first.is_sign_negative() != sum.is_sign_negative() {
        // p(w) = Σ a w^(k − k_first), p(0) = first, p(1) = sum; G = 1/w.
        let terms: Vec<(u32, Decimal)> = merged
            .iter()
            .map(|&(day, amount)| (day - first_day, amount))
            .collect();
        let w = root_in_unit_interval(&terms, first)?;
        Decimal::ONE.checked_div(w).ok_or(XirrError::OutOfRange)
    } else if last.is_sign_negative() != sum.is_sign_negative() {
        // q(v) = Σ a v^(k_last − k), q(0) = last, q(1) = sum; G = v.
        let terms: Vec<(u32, Decimal)> = merged
            .iter()
            .rev()
            .map(|&(day, amount)| (last_day - day, amount))
            .collect();
        root_in_unit_interval(&terms, last)
    } else {
        Err(XirrError::NoSignChange)
    }
}

/// The root in (0, 1) of `Σ a z^k` over `terms` (powers ascending from 0), whose value at 0
/// is `at_zero` and at 1 of the other sign.
fn root_in_unit_interval(terms: &[(u32, Decimal)], at_zero: Decimal) -> Result<Decimal, XirrError> {
    let positive_at_low = at_zero.is_sign_positive();
    let (mut low, mut high) = (Decimal::ZERO, Decimal::ONE);
    let mut z = Decimal::ONE;
    let mut step_before = Decimal::ONE;
    for _ in 0..MAX_STEPS {
        let (value, slope) = polynomial(terms, z).ok_or(XirrError::OutOfRange)?;
        if value.is_zero() {
            return Ok(z);
        }
        if value.is_sign_positive() == positive_at_low {
            low = z;
        } else {
            high = z;
        }
        let newton = value
            .checked_div(slope)
            .and_then(|step| z.checked_sub(step))
            .filter(|next| {
                *next > low && *next < high && (*next - z).abs() * Decimal::TWO <= step_before
            });
        let next = newton.unwrap_or_else(|| (low + high) / Decimal::TWO);
        let step = (next - z).abs();
        if step <= TOLERANCE {
            return Ok(next);
        }
        (z, step_before) = (next, step);
    }
    Err(XirrError::NotConverged)
}

/// `Σ a z^k` and its derivative, by Horner's rule from the highest power down (`terms`
/// ascending, the lowest power 0); `None` on overflow.
fn polynomial(terms: &[(u32, Decimal)], z: Decimal) -> Option<(Decimal, Decimal)> {
    let (mut value, mut slope) = (Decimal::ZERO, Decimal::ZERO);
    let mut power = terms.last().map_or(0, |&(day, _)| day);
    for &(day, amount) in terms.iter().rev() {
        let gap = power - day;
        if gap > 0 {
            // (value · z^gap)' = value' · z^gap + value · gap · z^(gap − 1)
            let below = z.checked_powu(u64::from(gap - 1))?;
            let shift = below.checked_mul(z)?;
            slope = slope
                .checked_mul(shift)?
                .checked_add(value.checked_mul(below)?.checked_mul(Decimal::from(gap))?)?;
            value = value.checked_mul(shift)?;
        }
        value = value.checked_add(amount)?;
        power = day;
    }
    Some((value, slope))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::date;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn flows(list: &[(i64, &str)]) -> Vec<CashFlow> {
        list.iter()
            .map(|&(days, amount)| CashFlow {
                date: date!(2023 - 01 - 01) + Duration::days(days),
                amount: d(amount),
            })
            .collect()
    }

    /// −1,000 on day 0 and +1,100 exactly 365 days later: 1,100 / 1,000 − 1 = 10 %.
    #[test]
    fn one_year_at_ten_percent() {
        assert_eq!(xirr(&flows(&[(0, "-1000"), (365, "1100")])), Ok(d("0.1")));
    }

    /// A two-year bond at 10 %: 1,000 out, a coupon of 100 after a year and 1,100 after two.
    /// At 10 %: 100 / 1.1 + 1,100 / 1.21 = 90.909… + 909.090… = 1,000.
    #[test]
    fn a_bond_with_a_coupon() {
        let bond = flows(&[(730, "1100"), (0, "-1000"), (365, "100")]);
        assert_eq!(xirr(&bond), Ok(d("0.1")));
    }

    /// −1,000 and +900 a year later: −10 % (the root with a negative rate).
    #[test]
    fn a_loss() {
        assert_eq!(xirr(&flows(&[(0, "-1000"), (365, "900")])), Ok(d("-0.1")));
    }

    /// Half a year (182.5 days cannot be had, so 73 days = a fifth of a year) at 10 % a year:
    /// 1,000 → 1,000 × 1.1^(1/5) = 1,019.2442… The solver gives back 10 %.
    #[test]
    fn a_fraction_of_a_year_is_compounded() {
        let growth = d("1.1").checked_powd(d("0.2")).expect("power");
        let end = (d("1000") * growth).round_dp(10).to_string();
        let rate = xirr(&flows(&[(0, "-1000"), (73, &end)])).expect("rate");
        assert_eq!(rate, d("0.1"));
    }

    #[test]
    fn flows_of_one_sign_have_no_rate() {
        assert_eq!(
            xirr(&flows(&[(0, "-1000"), (365, "-100")])),
            Err(XirrError::NoSignChange)
        );
        assert_eq!(xirr(&flows(&[(0, "-1000")])), Err(XirrError::NoSignChange));
        assert_eq!(xirr(&[]), Err(XirrError::NoSignChange));
        // Money back exactly: zero.
        assert_eq!(xirr(&flows(&[(0, "-1000"), (100, "1000")])), Ok(d("0")));
    }

    #[test]
    fn extreme_daily_returns_are_solved_as_growth_factors() {
        // Doubling in a day: G = 2; halving in a day: G = 0.5.
        assert_eq!(daily_growth(&[(0, d("-100")), (1, d("200"))]), Ok(d("2")));
        assert_eq!(daily_growth(&[(0, d("-100")), (1, d("50"))]), Ok(d("0.5")));
        assert_eq!(over_days(d("2"), 3), Ok(d("7")));
        assert_eq!(over_days(d("2"), 400), Err(XirrError::OutOfRange));
    }
}
