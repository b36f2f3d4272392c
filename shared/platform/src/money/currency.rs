//! `Currency`: an ISO 4217 code the service knows, with its minor-unit exponent
//! (JPY 0, USD 2, KWD 3). Amounts are stored in minor units of their currency.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Active ISO 4217 codes and their minor-unit exponents.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EGP", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("GHS", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("MAD", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("NGN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TND", 3),
    ("TRY", 2),
    ("TWD", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("VND", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("ZAR", 2),
];

/// A supported currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    exponent: u32,
}

/// The code is not a supported ISO 4217 currency.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be a supported ISO 4217 currency code such as EUR")]
pub struct UnknownCurrency;

impl Currency {
    pub fn parse(code: &str) -> Result<Self, UnknownCurrency> {
        CURRENCIES
            .iter()
            .find(|(known, _)| *known == code)
            .map(|&(code, exponent)| Self { code, exponent })
            .ok_or(UnknownCurrency)
    }

    pub fn code(self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point in this currency.
    pub fn exponent(self) -> u32 {
        self.exponent
    }

    /// Every supported code, in alphabetical order.
    pub fn supported_codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(code, _)| *code)
    }

    /// The exponent of a supported currency's code; `None` for any other code.
    pub fn exponent_of(code: &str) -> Option<u32> {
        Self::parse(code).ok().map(Self::exponent)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::parse(&code).map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(Currency::parse("USD").map(Currency::exponent), Ok(2));
        assert_eq!(Currency::parse("JPY").map(Currency::exponent), Ok(0));
        assert_eq!(Currency::parse("KWD").map(Currency::exponent), Ok(3));
    }

    #[test]
    fn unknown_and_lower_case_codes_are_refused() {
        assert_eq!(Currency::parse("usd"), Err(UnknownCurrency));
        assert_eq!(Currency::parse("XYZ"), Err(UnknownCurrency));
    }

    #[test]
    fn the_table_is_sorted_and_has_no_duplicates() {
        assert!(CURRENCIES.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
