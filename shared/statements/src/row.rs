//! What a statement parses into: one [`StatementRow`] per transaction, or a [`RowError`] saying
//! why that one row could not be read (the file goes on).

use std::fmt;

use rust_decimal::Decimal;
use time::Date;

/// One transaction of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    /// Where the row is, as a person finds it: for CSV the 1-based row a spreadsheet shows
    /// (the header, skipped rows and empty lines count; a quoted field spanning several lines
    /// stays one row); for OFX the 1-based index of the `<STMTTRN>` in the file.
    pub row: u64,
    /// The posting date.
    pub date: Date,
    /// Signed, inflow positive, with the scale of the currency's exponent (`12.5` EUR is
    /// `12.50`). Never rounded: a value with more significant decimals is a [`RowError`].
    pub amount: Decimal,
    /// The ISO 4217 code when the file says it (a currency column, OFX `CURDEF` or the
    /// transaction's `CURRENCY`); `None` means the account currency of the parse options, whose
    /// exponent then scaled the amount.
    pub currency: Option<String>,
    /// What the bank says the transaction is; empty when the file has nothing for it.
    pub description: String,
    pub payee: Option<String>,
    pub category: Option<String>,
    pub notes: Option<String>,
    /// The bank's own id of the transaction (OFX `FITID`, or a mapped CSV column).
    pub external_id: Option<String>,
}

/// Why one row was not read. The parse goes on with the next row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row, numbered as [`StatementRow::row`].
    pub row: u64,
    /// The field at fault (`date`, `amount`, `debit`, `currency`, …, or an OFX element such as
    /// `TRNAMT`), when there is one.
    pub column: Option<String>,
    pub message: String,
}

impl RowError {
    pub(crate) fn new(row: u64, column: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            row,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "row {}, column {}: {}", self.row, column, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

impl std::error::Error for RowError {}

/// One item of a parse: a row, or the reason that row was skipped.
pub type RowResult = Result<StatementRow, RowError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_row_and_column() {
        let e = RowError::new(
            12,
            Some("amount"),
            "12.345 has more decimals than EUR allows (2)",
        );
        assert_eq!(
            e.to_string(),
            "row 12, column amount: 12.345 has more decimals than EUR allows (2)"
        );
        assert_eq!(RowError::new(3, None, "empty").to_string(), "row 3: empty");
    }
}
