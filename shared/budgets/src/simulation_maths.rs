//! The arithmetic of the what-if simulation: percent and amount adjustments of a budget
//! (HALF_EVEN to the minor unit, never below zero), the average of monthly spending (HALF_EVEN
//! to the minor unit) and surplus = adjusted - projected.

use rust_decimal::Decimal;

use crate::rounding::half_even;
use ferrofin_platform::money::{AmountError, Currency, Money};

/// Months the projection averages.
pub const TRAILING_MONTHS: usize = 3;
const MIN_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, true, 0);
const MAX_PERCENT: Decimal = Decimal::ONE_THOUSAND;

/// How a budget changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Percent of the budget, -100..=1000, two decimals at most.
    Percent(Decimal),
    /// An amount added (negative: removed).
    Amount(Money),
}

/// Original, adjusted, projected and surplus of one category, or their totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    pub original: Money,
    pub adjusted: Money,
    pub projected: Money,
    /// `adjusted - projected`; negative is a deficit.
    pub surplus: Money,
}

/// A percentage written as a decimal string, within -100..=1000 with at most two decimals.
pub fn percent(raw: &str) -> Result<Decimal, String> {
    let value: Decimal = raw
        .trim()
        .parse()
        .map_err(|_| "must be a decimal number written as a string".to_owned())?;
    let value = value.normalize();
    if value < MIN_PERCENT || value > MAX_PERCENT || value.scale() > 2 {
        return Err(format!(
            "must be between {MIN_PERCENT} and {MAX_PERCENT} with at most two decimals"
        ));
    }
    Ok(value)
}

/// The budget after a change, rounded HALF_EVEN to the minor unit; never below zero.
pub fn adjust(original: Money, change: Option<Change>) -> Result<Money, String> {
    let adjusted = match change {
        None => Ok(original),
        Some(Change::Percent(percent)) => {
            let factor = (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
            let value = original
                .to_decimal()
                .checked_mul(factor)
                .ok_or(AmountError::TooLarge);
            value.and_then(|value| half_even(value, original.currency()))
        }
        Some(Change::Amount(delta)) => original.checked_add(delta),
    }
    .map_err(|err| err.to_string())?;
    if adjusted.minor() < 0 {
        return Err("would make the budget negative".to_owned());
    }
    Ok(adjusted)
}

/// The average of monthly spending (minor units), rounded HALF_EVEN to the minor unit.
pub fn average(spent_minor: &[i64], currency: Currency) -> Result<Money, AmountError> {
    if spent_minor.is_empty() {
        return Ok(Money::zero(currency));
    }
    let total = spent_minor.iter().fold(Decimal::ZERO, |sum, minor| {
        sum + Decimal::new(*minor, currency.exponent())
    });
    let count = Decimal::from(spent_minor.len());
    half_even(total / count, currency)
}

impl Figures {
    pub fn new(original: Money, adjusted: Money, projected: Money) -> Self {
        let surplus = Money::from_minor(
            adjusted.minor().saturating_sub(projected.minor()),
            adjusted.currency(),
        );
        Self {
            original,
            adjusted,
            projected,
            surplus,
        }
    }

    pub(super) fn sum(currency: Currency, lines: &[(String, Figures)]) -> Self {
        let sum = |field: fn(&Figures) -> Money| {
            Money::from_minor(
                lines
                    .iter()
                    .fold(0_i64, |sum, (_, f)| sum.saturating_add(field(f).minor())),
                currency,
            )
        };
        Self::new(
            sum(|f| f.original),
            sum(|f| f.adjusted),
            sum(|f| f.projected),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str, code: &str) -> Money {
        let currency = Currency::parse(code).expect("currency");
        Money::parse(text, currency).expect("amount")
    }

    #[test]
    fn percent_adjustments_round_half_even_to_the_minor_unit() {
        // (original, percent, currency, adjusted)
        let cases = [
            ("10.25", "10", "USD", "11.28"), // 11.275 -> 11.28 (8 is even)
            ("10.35", "10", "USD", "11.38"), // 11.385 -> 11.38
            ("10.25", "-10", "USD", "9.22"), // 9.225 -> 9.22
            ("10.35", "-10", "USD", "9.32"), // 9.315 -> 9.32
            ("125", "10", "JPY", "138"),     // 137.5 -> 138
            ("135", "-10", "JPY", "122"),    // 121.5 -> 122
            ("125", "-10", "JPY", "112"),    // 112.5 -> 112
            ("1.005", "50", "KWD", "1.508"), // 1.5075 -> 1.508
            ("400.00", "-100", "USD", "0.00"),
            ("400.00", "12.5", "USD", "450.00"),
        ];
        for (original, pct, code, expected) in cases {
            let change = Change::Percent(percent(pct).expect("percent"));
            let adjusted = adjust(money(original, code), Some(change)).expect("adjusted");
            assert_eq!(
                adjusted.to_decimal_string(),
                expected,
                "{original} {code} {pct}%"
            );
        }
    }

    #[test]
    fn amount_adjustments_add_and_may_not_go_negative() {
        let change = Change::Amount(money("-50.50", "USD"));
        assert_eq!(
            adjust(money("100", "USD"), Some(change)).map(Money::to_decimal_string),
            Ok("49.50".to_owned())
        );
        assert!(adjust(money("10", "USD"), Some(change)).is_err());
    }

    #[test]
    fn percentages_outside_the_range_or_too_precise_are_refused() {
        for bad in ["-100.01", "1000.01", "abc", "10.125", ""] {
            assert!(percent(bad).is_err(), "{bad:?}");
        }
        assert_eq!(percent("1000.00"), Ok(Decimal::ONE_THOUSAND));
    }

    #[test]
    fn averages_round_half_even_to_the_minor_unit() {
        let usd = Currency::parse("USD").expect("USD");
        let jpy = Currency::parse("JPY").expect("JPY");
        // (monthly spending in minor units, currency, average)
        let cases = [
            (vec![10_000, 20_000, 30_001], usd, "200.00"), // 200.0033 -> 200.00
            (vec![1, 1, 0], usd, "0.01"),                  // 0.00667 -> 0.01
            (vec![0, 0, 1], usd, "0.00"),                  // 0.00333 -> 0.00
            (vec![1, 2], jpy, "2"),                        // 1.5 -> 2
            (vec![2, 3], jpy, "2"),                        // 2.5 -> 2
            (vec![], usd, "0.00"),
        ];
        for (spent, currency, expected) in cases {
            assert_eq!(
                average(&spent, currency).map(Money::to_decimal_string),
                Ok(expected.to_owned()),
                "{spent:?}"
            );
        }
    }

    #[test]
    fn surplus_is_adjusted_minus_projected() {
        let figures = Figures::new(
            money("100", "USD"),
            money("90", "USD"),
            money("95.50", "USD"),
        );
        assert_eq!(figures.surplus.to_decimal_string(), "-5.50");
    }
}
