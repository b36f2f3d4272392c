//! The time-weighted return: daily sub-period returns, chain-linked.
//!
//! Inflows (purchases, transfers in) arrive at the start of their day and are invested for
//! it; outflows (sale proceeds, transfers out), income (dividends, interest) and standalone
//! fees at its end. Day `d`'s growth factor is then
//!
//! ```text
//!            V(d) + outflow(d) + income(d) − charges(d)
//! g(d) = ─────────────────────────────────────────────
//!                     V(d−1) + inflow(d)
//! ```
//!
//! with `V` the market value at the close; a day with nothing invested (the denominator is
//! zero) has `g(d) = 1`. Over a period, `TWR = Π g(d) − 1`. Income counts as return, fees paid
//! on trades are in the flows (a purchase's fee is invested and lost the same day, a sale's
//! is never received) and standalone fees reduce it: the return is net of every fee.
//!
//! Annualised over `n` days (Actual/365): `(1 + TWR)^(365/n) − 1`, by `exp(ln(1 + TWR) ×
//! 365/n)`; a total loss (`1 + TWR <= 0`) stays −1.

use rust_decimal::{Decimal, MathematicalOps};

use crate::series::Day;

/// `Π g(d) − 1` over `days`, from the opening value `opening`.
pub(crate) fn time_weighted(opening: Decimal, days: &[Day]) -> Decimal {
    let mut previous = opening;
    let mut growth = Decimal::ONE;
    for day in days {
        let invested = previous + day.inflow;
        if !invested.is_zero() {
            let ended = day.value + day.outflow + day.income - day.charges;
            growth *= ended / invested;
        }
        previous = day.value;
    }
    growth - Decimal::ONE
}

/// `(1 + r)^(365/days) − 1`; `None` when it is beyond a decimal.
pub(crate) fn annualise(r: Decimal, days: u32) -> Option<Decimal> {
    let growth = Decimal::ONE + r;
    if growth <= Decimal::ZERO {
        return Some(Decimal::NEGATIVE_ONE);
    }
    let exponent = Decimal::from(365) / Decimal::from(days);
    let annual = growth.checked_ln()?.checked_mul(exponent)?.checked_exp()?;
    Some(annual - Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn day(value: &str, inflow: &str) -> Day {
        Day {
            value: d(value),
            inflow: d(inflow),
            ..Day::default()
        }
    }

    /// A mid-period purchase does not move the time-weighted return.
    ///
    /// Day 0 closes at 1,000. Day 1: +10 % → 1,100. Day 2: 1,000 more is bought at the start
    /// of the day and the whole falls 5 %: (1,100 + 1,000) × 0.95 = 1,995. Day 3: +2 % → 2,034.9.
    /// g = 1100/1000 × 1995/2100 × 2034.9/1995 = 1.1 × 0.95 × 1.02 = 1.06590: TWR 6.59 %,
    /// whatever was bought on day 2.
    #[test]
    fn a_mid_period_purchase_is_chain_linked_out() {
        let days = [day("1100", "0"), day("1995", "1000"), day("2034.9", "0")];
        assert_eq!(time_weighted(d("1000"), &days), d("0.0659"));
    }

    #[test]
    fn income_counts_and_charges_reduce() {
        // Opening 1,000; the day closes at 1,000 with 20 of dividends and 5 of fees:
        // (1000 + 20 − 5) / 1000 − 1 = 1.5 %.
        let days = [Day {
            value: d("1000"),
            income: d("20"),
            charges: d("5"),
            ..Day::default()
        }];
        assert_eq!(time_weighted(d("1000"), &days), d("0.015"));
    }

    #[test]
    fn days_with_nothing_invested_do_not_count() {
        // Empty, then 1,000 bought (10 fees) at the start of day 2 closing at 1,005:
        // 1005 / 1010 − 1 = −0.495 %: the fee is a loss of the day.
        let days = [day("0", "0"), day("1005", "1010")];
        let twr = time_weighted(Decimal::ZERO, &days);
        assert_eq!(twr.round_dp(8), d("-0.00495050"));
        assert_eq!(time_weighted(Decimal::ZERO, &[]), Decimal::ZERO);
    }

    /// 21 % over two years (730 days) is 10 % a year: 1.21^(365/730) = √1.21 = 1.1.
    #[test]
    fn annualisation_takes_the_root_of_the_years() {
        let annual = annualise(d("0.21"), 730).expect("annualised");
        assert_eq!(annual.round_dp(12), d("0.1"));
        assert_eq!(annualise(d("-1"), 730), Some(Decimal::NEGATIVE_ONE));
        // Over 365 days the exponent is 1.
        assert_eq!(
            annualise(d("0.05"), 365).map(|r| r.round_dp(12)),
            Some(d("0.05"))
        );
    }
}
