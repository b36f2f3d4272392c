//! The explicit roundings of budgets and goals: money results are rounded to the currency's
//! minor unit HALF_EVEN (averages, percent adjustments) or up (required savings), percentages
//! to two decimals HALF_EVEN.

use rust_decimal::{Decimal, RoundingStrategy};

use ferrofin_platform::money::{AmountError, Currency, Money};

/// `value` (major units) rounded to the currency's minor unit with `strategy`.
pub fn to_money(
    value: Decimal,
    currency: Currency,
    strategy: RoundingStrategy,
) -> Result<Money, AmountError> {
    let rounded = value.round_dp_with_strategy(currency.exponent(), strategy);
    let minor = rounded
        .checked_mul(Decimal::from(10_i64.pow(currency.exponent())))
        .and_then(|minor| i64::try_from(minor.trunc()).ok())
        .ok_or(AmountError::TooLarge)?;
    Ok(Money::from_minor(minor, currency))
}

/// `value` rounded HALF_EVEN ("banker's rounding") to the minor unit.
pub fn half_even(value: Decimal, currency: Currency) -> Result<Money, AmountError> {
    to_money(value, currency, RoundingStrategy::MidpointNearestEven)
}

/// `part` as a percentage of `whole`, two decimals HALF_EVEN; `None` when `whole` is not positive.
pub fn percent_of(part: i64, whole: i64) -> Option<Decimal> {
    if whole <= 0 {
        return None;
    }
    let ratio = Decimal::from(part)
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(whole))?;
    let mut rounded = ratio.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(2);
    Some(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).expect("currency")
    }

    #[test]
    fn half_even_rounds_ties_to_the_even_minor_unit() {
        let cases = [
            ("1.025", "USD", "1.02"),
            ("1.035", "USD", "1.04"),
            ("12.5", "JPY", "12"),
            ("13.5", "JPY", "14"),
            ("-1.005", "USD", "-1.00"),
            ("0.0005", "KWD", "0.000"),
            ("1.0006", "KWD", "1.001"),
        ];
        for (value, code, expected) in cases {
            let value: Decimal = value.parse().expect("decimal");
            let money = half_even(value, currency(code)).expect("fits");
            assert_eq!(money.to_decimal_string(), expected, "{value} {code}");
        }
    }

    #[test]
    fn ceiling_rounds_up_to_the_minor_unit() {
        let value: Decimal = "33.331".parse().expect("decimal");
        let money =
            to_money(value, currency("USD"), RoundingStrategy::ToPositiveInfinity).expect("fits");
        assert_eq!(money.to_decimal_string(), "33.34");
    }

    #[test]
    fn percentages_have_two_decimals() {
        assert_eq!(
            percent_of(1, 3).map(|p| p.to_string()),
            Some("33.33".to_owned())
        );
        assert_eq!(
            percent_of(2, 3).map(|p| p.to_string()),
            Some("66.67".to_owned())
        );
        assert_eq!(
            percent_of(1, 8000).map(|p| p.to_string()),
            Some("0.01".to_owned()),
            "0.0125 -> 0.01"
        );
        assert_eq!(
            percent_of(3, 8000).map(|p| p.to_string()),
            Some("0.04".to_owned()),
            "0.0375 -> 0.04"
        );
        assert_eq!(
            percent_of(5, 5).map(|p| p.to_string()),
            Some("100.00".to_owned())
        );
        assert_eq!(percent_of(5, 0), None);
    }
}
