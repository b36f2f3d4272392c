//! A parsed statement row made into a transaction to import: in the account's currency, with
//! the ledger's length limits (longer text is cut, not refused: a bank's long memo is not the
//! user's mistake), and a description even when the bank gave none.

use ferrofin_ledger::import_batch::ImportedTransaction;
use ferrofin_ledger::transaction_service::{
    MAX_DESCRIPTION_CHARS, MAX_MERCHANT_CHARS, MAX_NOTES_CHARS,
};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_statements::StatementRow;

use crate::job::ImportRowError;

/// What a row without any text is called.
pub const NO_DESCRIPTION: &str = "Imported transaction";

/// The transaction of `row` on an account in `currency`, whose reference is `fingerprint`.
pub fn imported(
    row: StatementRow,
    fingerprint: String,
    currency: Currency,
) -> Result<ImportedTransaction, ImportRowError> {
    if let Some(code) = row.currency.as_deref()
        && code != currency.code()
    {
        return Err(ImportRowError {
            row: row.row,
            column: Some("currency".to_owned()),
            message: format!("{code} is not the account's currency, {}", currency.code()),
        });
    }
    let amount = Money::from_decimal(row.amount, currency).map_err(|err| ImportRowError {
        row: row.row,
        column: Some("amount".to_owned()),
        message: format!("{} {err}", row.amount),
    })?;
    let merchant = cut(row.payee, MAX_MERCHANT_CHARS);
    let description = cut(Some(row.description), MAX_DESCRIPTION_CHARS)
        .or_else(|| merchant.clone())
        .unwrap_or_else(|| NO_DESCRIPTION.to_owned());
    Ok(ImportedTransaction {
        date: row.date,
        amount,
        description,
        merchant,
        category: row.category,
        notes: cut(row.notes, MAX_NOTES_CHARS),
        external_ref: fingerprint,
    })
}

/// Trimmed text of at most `max` characters; `None` when empty.
fn cut(text: Option<String>, max: usize) -> Option<String> {
    let text = text?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(max).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use time::macros::date;

    fn row(amount: Decimal, currency: Option<&str>, description: &str) -> StatementRow {
        StatementRow {
            row: 7,
            date: date!(2026 - 03 - 01),
            amount,
            currency: currency.map(str::to_owned),
            description: description.to_owned(),
            payee: None,
            category: None,
            notes: None,
            external_id: None,
        }
    }

    fn eur() -> Currency {
        Currency::parse("EUR").expect("EUR")
    }

    #[test]
    fn a_row_becomes_a_transaction_in_minor_units() {
        let imported = imported(
            row(Decimal::new(-450, 2), None, " Coffee "),
            "fp".into(),
            eur(),
        )
        .expect("valid");
        assert_eq!(imported.amount.minor(), -450);
        assert_eq!(imported.description, "Coffee");
        assert_eq!(imported.external_ref, "fp");
    }

    #[test]
    fn another_currency_or_an_unfit_amount_is_a_row_error() {
        let error = imported(row(Decimal::ONE, Some("USD"), "x"), "fp".into(), eur())
            .expect_err("USD on a EUR account");
        assert_eq!((error.row, error.column.as_deref()), (7, Some("currency")));
        let error = imported(row(Decimal::new(1, 3), None, "x"), "fp".into(), eur())
            .expect_err("three decimals");
        assert_eq!(error.column.as_deref(), Some("amount"));
    }

    #[test]
    fn long_text_is_cut_and_missing_text_named() {
        let long = "x".repeat(500);
        let imported = imported(row(Decimal::ONE, None, &long), "fp".into(), eur()).expect("valid");
        assert_eq!(imported.description.chars().count(), MAX_DESCRIPTION_CHARS);
        let imported =
            super::imported(row(Decimal::ONE, None, "  "), "fp".into(), eur()).expect("valid");
        assert_eq!(imported.description, NO_DESCRIPTION);
    }
}
