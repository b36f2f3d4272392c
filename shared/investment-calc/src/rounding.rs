//! Rounding at the output edge, and only there: every figure is computed exactly (or, for a
//! division, to `Decimal`'s 28 significant digits) and rounded half-even (banker's rounding)
//! when it is written into an answer.
//!
//! * money: to the currency's minor units (`12.345` EUR → `12.34`, `12.355` → `12.36`);
//! * a unit figure (an average cost or a lot's unit cost): to the minor units plus
//!   [`UNIT_EXTRA_DECIMALS`], since a unit of a cheap security can cost a fraction of a cent;
//! * a return or a share of a total: a fraction (`0.1` = 10 %) to [`FRACTION_DECIMALS`];
//! * quantities, prices and FX rates are never rounded: they are written as held.

use rust_decimal::{Decimal, RoundingStrategy};

/// The decimals of a return or a share of a total, as a fraction (8: a millionth of a percent).
pub const FRACTION_DECIMALS: u32 = 8;

/// The decimals a unit cost has beyond its currency's minor units.
pub const UNIT_EXTRA_DECIMALS: u32 = 4;

/// `value` half-even to exactly `decimals` places (`"10.50"`, not `"10.5"`).
fn to_places(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(decimals);
    rounded
}

/// An amount of money in a currency of `minor_units` decimals.
pub(crate) fn money(amount: Decimal, minor_units: u32) -> Decimal {
    to_places(amount, minor_units)
}

/// A cost per unit in a currency of `minor_units` decimals.
pub(crate) fn unit_cost(cost: Decimal, minor_units: u32) -> Decimal {
    to_places(cost, minor_units + UNIT_EXTRA_DECIMALS)
}

/// A return or a share, as a fraction.
pub(crate) fn fraction(value: Decimal) -> Decimal {
    to_places(value, FRACTION_DECIMALS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn money_rounds_half_even_to_the_minor_units() {
        assert_eq!(money(d("12.345"), 2).to_string(), "12.34");
        assert_eq!(money(d("12.355"), 2).to_string(), "12.36");
        assert_eq!(money(d("10.5"), 2).to_string(), "10.50");
        assert_eq!(money(d("1234.5"), 0).to_string(), "1234");
        assert_eq!(money(d("-0.125"), 2).to_string(), "-0.12");
    }

    #[test]
    fn unit_costs_and_fractions_keep_more_places() {
        assert_eq!(unit_cost(d("33.333333333"), 2).to_string(), "33.333333");
        assert_eq!(fraction(d("0.1")).to_string(), "0.10000000");
        assert_eq!(fraction(d("0.123456785")).to_string(), "0.12345678");
    }
}
