//! What a parse needs besides the file: the account currency and how to find a currency's
//! exponent (this crate keeps no currency table), and the size limits.

/// The limits that keep memory flat whatever the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest CSV record (one line, or several when a quoted field spans lines), or the
    /// longest OFX tag or value, in bytes after decoding to UTF-8. Longer input ends the parse.
    pub max_record_bytes: usize,
    /// The longest text field (description, payee, …) in characters. Longer is a row error.
    pub max_field_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_record_bytes: 64 * 1024,
            max_field_chars: 1024,
        }
    }
}

/// The context of a parse.
#[derive(Debug, Clone)]
pub struct Options {
    /// The currency of the account the statement is for (ISO 4217, e.g. `EUR`): the currency of
    /// every row whose file does not say one.
    pub account_currency: String,
    /// The number of minor-unit digits of a currency code (`EUR` → 2, `JPY` → 0, `KWD` → 3), or
    /// `None` when the code is unknown. Amounts are refused when they have more decimals.
    pub exponent_of: fn(&str) -> Option<u32>,
    pub limits: Limits,
}

impl Options {
    /// Options for an account in `account_currency` with the default limits.
    pub fn new(account_currency: &str, exponent_of: fn(&str) -> Option<u32>) -> Self {
        Self {
            account_currency: account_currency.to_owned(),
            exponent_of,
            limits: Limits::default(),
        }
    }
}
