//! `Money`: an integer number of minor units in a currency. Parsed from and shown as a decimal
//! string ("1234.50"); arithmetic is exact integer arithmetic with overflow checks, and anything
//! that needs rounding goes through `rust_decimal` with an explicit mode.

use rust_decimal::Decimal;

use super::currency::Currency;

/// Largest absolute amount accepted from a client, in major units (a trillion).
const MAX_MAJOR_UNITS: i64 = 1_000_000_000_000;

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
    #[error("is too large")]
    TooLarge,
    #[error("must be in {expected}, not {actual}")]
    CurrencyMismatch {
        expected: Currency,
        actual: Currency,
    },
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::from_minor(0, currency)
    }

    /// Parses a decimal string in `currency`; more decimals than the currency has are refused,
    /// never rounded away.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, AmountError> {
        let trimmed = text.trim();
        let plain = !trimmed.is_empty()
            && trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        if !plain {
            return Err(AmountError::NotADecimal);
        }
        let value: Decimal = trimmed.parse().map_err(|_| AmountError::NotADecimal)?;
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
        for text in ["", "abc", "1e5", "1,5", "+3", "NaN", " "] {
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
