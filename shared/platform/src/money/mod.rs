//! Money: currencies with their minor-unit exponents and exact amounts in minor units.
//! No floating point anywhere; JSON carries amounts as decimal strings with a `currency`.

pub mod amount;
pub mod currency;

pub use amount::{AmountError, MAX_DECIMALS, MAX_MAJOR_UNITS, Money, parse_decimal};
pub use currency::{Currency, UnknownCurrency};
