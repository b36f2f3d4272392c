//! The serde shape of amounts and dates: decimals as strings (`"888.49"`) and dates as
//! `YYYY-MM-DD`, written with loan-calc's `ser::display` and read with its strict parsers
//! (`parse_decimal`: digits and an optional single `.`, no sign; `parse_date`). Use with
//! `#[serde(with = "crate::text::decimal")]` or `"crate::text::date"`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// Reads a string and parses it with `parse`, naming the text and the fault on error.
fn parsed<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, &'static str>,
) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(|fault| D::Error::custom(format!("{text:?} {fault}")))
}

/// A non-negative decimal as a string.
pub(crate) mod decimal {
    pub(crate) use ferrofin_loan_calc::ser::display as serialize;
    use rust_decimal::Decimal;
    use serde::Deserializer;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        super::parsed(deserializer, ferrofin_loan_calc::parse_decimal)
    }
}

/// A date as `YYYY-MM-DD`.
pub(crate) mod date {
    pub(crate) use ferrofin_loan_calc::ser::display as serialize;
    use serde::Deserializer;
    use time::Date;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        super::parsed(deserializer, ferrofin_loan_calc::parse_date)
    }
}
