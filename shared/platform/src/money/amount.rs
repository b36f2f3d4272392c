//! `Money`: an integer number of minor units in a currency. Parsed from and shown as a decimal
//! string ("1234.50"); arithmetic is exact integer arithmetic with overflow checks, and anything
//! that needs rounding goes through `rust_decimal` with an explicit mode.

use rust_decimal::Decimal;

use super::currency::Currency;

/// Largest absolute amount accepted from a client, in major units (a trillion).
pub const MAX_MAJOR_UNITS: i64 = 1_000_000_000_000;

/// Most decimals an amount without a currency may have (the most any supported currency has).
pub const MAX_DECIMALS: u32 = 4;

/// An amount of money. Not serialised itself: JSON carries a decimal string and a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// Why an amount was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AmountError {
    #[error("must be a decimal number written as a string, such as \"1234.50\"")]
    NotADecimal,
    #[error("has more decimal places than {currency} allows ({exponent})")]
    TooPrecise { currency: Currency, exponent: u32 },
    #[error("has more than {max} decimal places")]
    TooManyDecimals { max: u32 },
    #[error("is too large: at most 1000000000000 either way")]
    TooLarge,
    #[error("must be in {expected}, not {actual}")]
    CurrencyMismatch {
        expected: Currency,
        actual: Currency,
    },
}

/// The one parser of amounts the API receives as text: an optional `-`, digits, and optionally
/// `.` and digits — no `+`, exponent, surrounding spaces or separators. Zeros after the last
/// significant decimal are exact and accepted (`10.500`); more significant decimals than `max`
/// are refused whatever their length (never rounded, as `Decimal`'s own parser would past 28
/// digits), and so is a magnitude above [`MAX_MAJOR_UNITS`].
pub fn parse_decimal(text: &str, max_decimals: u32) -> Result<Decimal, AmountError> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || unsigned.ends_with('.') {
        return Err(AmountError::NotADecimal);
    }
    let significant = fraction.trim_end_matches('0');
    if significant.len() > max_decimals as usize {
        return Err(AmountError::TooManyDecimals { max: max_decimals });
    }
    let whole = whole.trim_start_matches('0');
    // More whole digits than the maximum has cannot be within it (and could overflow Decimal).
    if whole.len() > MAX_MAJOR_UNITS.to_string().len() {
        return Err(AmountError::TooLarge);
    }
    let sign = if unsigned.len() < text.len() { "-" } else { "" };
    let exact = format!(
        "{sign}{}.{significant}0",
        if whole.is_empty() { "0" } else { whole }
    );
    let value: Decimal = exact.parse().map_err(|_| AmountError::NotADecimal)?;
    if value.abs() > Decimal::from(MAX_MAJOR_UNITS) {
        return Err(AmountError::TooLarge);
    }
    Ok(value.normalize())
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::from_minor(0, currency)
    }

    /// Parses a decimal string in `currency` ([`parse_decimal`]); more decimals than the
    /// currency has are refused, never rounded away.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, AmountError> {
        let exponent = currency.exponent();
        let value = parse_decimal(text, exponent).map_err(|err| match err {
            AmountError::TooManyDecimals { .. } => AmountError::TooPrecise { currency, exponent },
            other => other,
        })?;
        Self::from_decimal(value, currency)
    }

    /// An exact decimal amount in `currency`; more decimals than the currency has are refused,
    /// never rounded away.
    pub fn from_decimal(value: Decimal, currency: Currency) -> Result<Self, AmountError> {
        let value = value.normalize();
        if value.scale() > currency.exponent() {
            return Err(AmountError::TooPrecise {
                currency,
                exponent: currency.exponent(),
            });
        }
        if value.abs() > Decimal::from(MAX_MAJOR_UNITS) {
            return Err(AmountError::TooLarge);
        }
        let minor = value
            .checked_mul(Decimal::from(10_i64.pow(currency.exponent())))
            .and_then(|minor| i64::try_from(minor).ok())
            .ok_or(AmountError::TooLarge)?;
        Ok(Self { minor, currency })
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The amount as a `Decimal` in major units.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.minor, self.currency.exponent())
    }

    /// The amount as a decimal string with exactly the currency's decimals ("12.30", "-5", "1.250").
    pub fn to_decimal_string(self) -> String {
        let mut value = self.to_decimal();
        value.rescale(self.currency.exponent());
        value.to_string()
    }

    /// `self + other`; both must be in the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, AmountError> {
        self.same_currency(other)?;
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money::from_minor(minor, self.currency))
            .ok_or(AmountError::TooLarge)
    }

    pub fn negated(self) -> Money {
        Money::from_minor(-self.minor, self.currency)
    }

    fn same_currency(self, other: Money) -> Result<(), AmountError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(AmountError::CurrencyMismatch {
                expected: self.currency,
                actual: other.currency,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd() -> Currency {
        Currency::parse("USD").expect("USD")
    }

    #[test]
    fn decimal_strings_become_minor_units() {
        assert_eq!(
            Money::parse("1234.50", usd()).map(Money::minor),
            Ok(123_450)
        );
        assert_eq!(Money::parse("-0.07", usd()).map(Money::minor), Ok(-7));
        assert_eq!(
            Money::parse("12", Currency::parse("JPY").expect("JPY")).map(Money::minor),
            Ok(12)
        );
        assert_eq!(
            Money::parse("1.234", Currency::parse("KWD").expect("KWD")).map(Money::minor),
            Ok(1234)
        );
        assert_eq!(
            Money::parse("10.500", usd()).map(Money::minor),
            Ok(1050),
            "trailing zeros are not precision"
        );
    }

    #[test]
    fn too_many_decimals_are_refused_not_rounded() {
        assert!(matches!(
            Money::parse("1.005", usd()),
            Err(AmountError::TooPrecise { .. })
        ));
        assert!(matches!(
            Money::parse("1.5", Currency::parse("JPY").expect("JPY")),
            Err(AmountError::TooPrecise { .. })
        ));
    }

    #[test]
    fn malformed_and_huge_amounts_are_refused() {
        for text in [
            "", "abc", "1e5", "1E5", "1,5", "+3", "NaN", " ", " 1", "1 ", "1.", ".5", "-", "--1",
            "1.2.3", "0x10", "١",
        ] {
            assert_eq!(
                Money::parse(text, usd()),
                Err(AmountError::NotADecimal),
                "{text:?}"
            );
        }
        assert_eq!(
            Money::parse("1000000000001", usd()),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn long_decimals_are_refused_not_rounded() {
        // 30 decimals: Decimal's own parser would round this to 2.
        assert_eq!(
            Money::parse("1.999999999999999999999999999999", usd()),
            Err(AmountError::TooPrecise {
                currency: usd(),
                exponent: 2
            })
        );
        let zeros = format!("1.5{}", "0".repeat(40));
        assert_eq!(Money::parse(&zeros, usd()).map(Money::minor), Ok(150));
        assert_eq!(
            Money::parse(&format!("{}1", "0".repeat(40)), usd()).map(Money::minor),
            Ok(100)
        );
        assert_eq!(
            Money::parse(&"9".repeat(40), usd()),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            Money::parse("-1000000000000.00", usd()).map(Money::minor),
            Ok(-100_000_000_000_000)
        );
    }

    #[test]
    fn decimals_without_a_currency_have_one_bound() {
        assert_eq!(
            parse_decimal("12.5", MAX_DECIMALS),
            Ok(Decimal::new(125, 1))
        );
        assert_eq!(
            parse_decimal("-0.0001", MAX_DECIMALS),
            Ok(Decimal::new(-1, 4))
        );
        assert_eq!(
            parse_decimal("0.00001", MAX_DECIMALS),
            Err(AmountError::TooManyDecimals { max: 4 })
        );
        assert_eq!(
            parse_decimal("1e3", MAX_DECIMALS),
            Err(AmountError::NotADecimal)
        );
        assert_eq!(
            parse_decimal("1000000000000.0001", MAX_DECIMALS),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn amounts_show_with_the_currencys_decimals() {
        assert_eq!(
            Money::from_minor(123_450, usd()).to_decimal_string(),
            "1234.50"
        );
        assert_eq!(Money::from_minor(-5, usd()).to_decimal_string(), "-0.05");
        assert_eq!(
            Money::from_minor(7, Currency::parse("JPY").expect("JPY")).to_decimal_string(),
            "7"
        );
    }

    #[test]
    fn adding_different_currencies_fails() {
        let eur = Money::from_minor(1, Currency::parse("EUR").expect("EUR"));
        assert!(matches!(
            Money::from_minor(1, usd()).checked_add(eur),
            Err(AmountError::CurrencyMismatch { .. })
        ));
    }

    proptest! {
        #[test]
        fn showing_then_parsing_gives_the_same_amount(minor in -100_000_000_000_000_i64..100_000_000_000_000) {
            let money = Money::from_minor(minor, usd());
            prop_assert_eq!(Money::parse(&money.to_decimal_string(), usd()), Ok(money));
        }
    }
}
