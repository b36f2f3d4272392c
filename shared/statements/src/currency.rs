//! Which currency a row is in and how many decimals it allows, from the file's code or the
//! account currency, through the caller's exponent lookup.

use crate::{Options, StatementError};

/// The largest exponent accepted from the lookup (no ISO 4217 currency has more than 4).
const MAX_EXPONENT: u32 = 18;

/// The currency of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowCurrency {
    /// The code the file gave, normalised to upper case; `None` for the account currency.
    pub from_file: Option<String>,
    pub exponent: u32,
}

/// The account currency and the exponent lookup, checked once per parse.
#[derive(Debug, Clone)]
pub(crate) struct Currencies {
    account: String,
    account_exponent: u32,
    exponent_of: fn(&str) -> Option<u32>,
}

impl Currencies {
    pub fn new(options: &Options) -> Result<Self, StatementError> {
        let account = options.account_currency.trim().to_ascii_uppercase();
        let account_exponent = lookup(options.exponent_of, &account)
            .map_err(|message| StatementError::Options(format!("account currency: {message}")))?;
        Ok(Self {
            account,
            account_exponent,
            exponent_of: options.exponent_of,
        })
    }

    /// The code rows without a currency of their own are in.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The currency of a row whose file says `code` (or nothing, or blank).
    pub fn resolve(&self, code: Option<&str>) -> Result<RowCurrency, String> {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            None => Ok(RowCurrency {
                from_file: None,
                exponent: self.account_exponent,
            }),
            Some(code) => {
                let code = code.to_ascii_uppercase();
                let exponent = lookup(self.exponent_of, &code)?;
                Ok(RowCurrency {
                    from_file: Some(code),
                    exponent,
                })
            }
        }
    }
}

fn lookup(exponent_of: fn(&str) -> Option<u32>, code: &str) -> Result<u32, String> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "'{code}' is not a currency code (three letters, e.g. EUR)"
        ));
    }
    match exponent_of(code) {
        None => Err(format!("currency {code} is unknown")),
        Some(e) if e > MAX_EXPONENT => Err(format!(
            "currency {code} has {e} decimals, more than the {MAX_EXPONENT} supported"
        )),
        Some(e) => Ok(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exponent(code: &str) -> Option<u32> {
        match code {
            "EUR" => Some(2),
            "JPY" => Some(0),
            "BIG" => Some(40),
            _ => None,
        }
    }

    #[test]
    fn resolves_file_code_or_account() {
        let c = Currencies::new(&Options::new("eur", exponent)).unwrap();
        assert_eq!(c.account(), "EUR");
        assert_eq!(c.resolve(None).unwrap().exponent, 2);
        assert_eq!(c.resolve(Some("  ")).unwrap().from_file, None);
        let jpy = c.resolve(Some("jpy")).unwrap();
        assert_eq!((jpy.from_file.as_deref(), jpy.exponent), (Some("JPY"), 0));
        assert_eq!(
            c.resolve(Some("XYZ")).unwrap_err(),
            "currency XYZ is unknown"
        );
        assert!(
            c.resolve(Some("EURO"))
                .unwrap_err()
                .contains("three letters")
        );
        assert!(c.resolve(Some("BIG")).unwrap_err().contains("supported"));
    }

    #[test]
    fn unknown_account_currency_is_an_options_error() {
        let err = Currencies::new(&Options::new("XXX", exponent)).unwrap_err();
        assert!(err.to_string().contains("currency XXX is unknown"));
    }
}
