//! The explicit roundings of presented figures, all HALF_EVEN (`MidpointNearestEven`) and
//! padded to a fixed number of decimals:
//!
//! - money: the currency's minor unit (`2500.00`, `1500` for JPY);
//! - ratios (fractions, not percentages): four decimals (`0.5833`);
//! - score points: two decimals (`9.44`);
//! - percentages in sentences: whole numbers (`0.5833` → `58`).

use rust_decimal::{Decimal, RoundingStrategy};

const HALF_EVEN: RoundingStrategy = RoundingStrategy::MidpointNearestEven;

/// Decimals of a presented ratio.
pub(crate) const RATIO_DIGITS: u32 = 4;

/// Decimals of presented score points.
pub(crate) const POINTS_DIGITS: u32 = 2;

/// `value` rounded HALF_EVEN to `digits` decimals and written with exactly that many.
pub(crate) fn rounded(value: Decimal, digits: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(digits, HALF_EVEN);
    rounded.rescale(digits);
    rounded
}

/// A money figure with the currency's `digits`.
pub(crate) fn money(value: Decimal, digits: u32) -> Decimal {
    rounded(value, digits)
}

/// A ratio with four decimals.
pub(crate) fn ratio(value: Decimal) -> Decimal {
    rounded(value, RATIO_DIGITS)
}

/// Score points with two decimals.
pub(crate) fn points(value: Decimal) -> Decimal {
    rounded(value, POINTS_DIGITS)
}

/// A ratio as a whole percentage.
pub(crate) fn whole_percent(ratio: Decimal) -> Decimal {
    (ratio * Decimal::ONE_HUNDRED).round_dp_with_strategy(0, HALF_EVEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn money_is_rounded_half_even_and_padded() {
        assert_eq!(money(d("1.025"), 2).to_string(), "1.02");
        assert_eq!(money(d("1.035"), 2).to_string(), "1.04");
        assert_eq!(money(d("3000"), 2).to_string(), "3000.00");
        assert_eq!(money(d("12.5"), 0).to_string(), "12");
        assert_eq!(money(d("-0.0005"), 3).to_string(), "0.000");
    }

    #[test]
    fn ratios_have_four_decimals() {
        assert_eq!(ratio(d("0.58333333")).to_string(), "0.5833");
        assert_eq!(ratio(d("0.25")).to_string(), "0.2500");
        assert_eq!(ratio(d("0.00005")).to_string(), "0.0000");
        assert_eq!(ratio(d("0.00015")).to_string(), "0.0002");
    }

    #[test]
    fn points_have_two_decimals() {
        assert_eq!(points(d("9.443333")).to_string(), "9.44");
        assert_eq!(points(d("10")).to_string(), "10.00");
    }

    #[test]
    fn percentages_are_whole() {
        assert_eq!(whole_percent(d("0.5833")).to_string(), "58");
        assert_eq!(whole_percent(d("0.0050")).to_string(), "0");
        assert_eq!(whole_percent(d("0.0150")).to_string(), "2");
        assert_eq!(whole_percent(d("1.0083")).to_string(), "101");
    }
}
