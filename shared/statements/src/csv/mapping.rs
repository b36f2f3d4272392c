//! The column mapping of a CSV statement, as the API receives it in JSON and stores it for the
//! next import of the same bank's files. Every setting left out is detected from the file.

use serde::{Deserialize, Serialize};

use crate::amount::{DecimalSeparator, ThousandsSeparator};
use crate::date::DateFormat;

/// A column, by header name (`"Booking date"`, matched ignoring case and surrounding spaces)
/// or by 0-based index (`3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Column {
    Index(usize),
    Name(String),
}

/// A column index (within `u32`, what any `usize` reads) or a header name.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Column {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(u32::MAX)),
            )
            .item(ObjectBuilder::new().schema_type(Type::String))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Column {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("CsvColumn")
    }
}

/// Where the amount and its sign come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountColumns {
    /// One signed column; [`CsvMapping::sign`] says which sign is an inflow.
    Single { column: Column },
    /// Two columns, the outflow and the inflow; a row fills one of them. Their own signs are
    /// ignored: a debit is always an outflow.
    DebitCredit { debit: Column, credit: Column },
    /// An unsigned amount and a column saying which way it went (`DR`/`CR`, `S`/`H`, …),
    /// compared ignoring case and surrounding spaces.
    Direction {
        amount: Column,
        direction: Column,
        debit_values: Vec<String>,
        credit_values: Vec<String>,
    },
}

/// Which sign a single amount column gives an inflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignConvention {
    /// Deposits positive, payments negative (most bank exports).
    #[default]
    InflowPositive,
    /// Payments positive ("expenses positive": many credit-card exports).
    OutflowPositive,
}

/// The field delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Delimiter {
    #[serde(rename = ",", alias = "comma")]
    Comma,
    #[serde(rename = ";", alias = "semicolon")]
    Semicolon,
    #[serde(rename = "\t", alias = "tab")]
    Tab,
    #[serde(rename = "|", alias = "pipe")]
    Pipe,
}

impl Delimiter {
    pub const ALL: [Delimiter; 4] = [Self::Comma, Self::Semicolon, Self::Tab, Self::Pipe];

    pub fn as_byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
            Self::Pipe => b'|',
        }
    }
}

/// How to read one bank's CSV files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CsvMapping {
    pub date: Column,
    pub amount: AmountColumns,
    #[serde(default)]
    pub description: Option<Column>,
    #[serde(default)]
    pub payee: Option<Column>,
    #[serde(default)]
    pub category: Option<Column>,
    #[serde(default)]
    pub notes: Option<Column>,
    /// An ISO 4217 code per row; without it every row is in the account currency.
    #[serde(default)]
    pub currency: Option<Column>,
    #[serde(default)]
    pub external_id: Option<Column>,
    /// Detected from the first rows when left out, if only one named format fits them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::date::date_format_schema))]
    pub date_format: Option<DateFormat>,
    #[serde(default)]
    pub decimal_separator: Option<DecimalSeparator>,
    #[serde(default)]
    pub thousands_separator: Option<ThousandsSeparator>,
    #[serde(default)]
    pub sign: SignConvention,
    /// Rows before the header (or before the data, without a header) to ignore.
    #[serde(default)]
    pub skip_rows: u32,
    /// Detected when left out: a header is assumed when a column is named, else when the
    /// first row's date does not read as a date.
    #[serde(default)]
    pub has_header: Option<bool>,
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    /// An encoding label (`utf-8`, `windows-1252`, `iso-8859-1`, `utf-16le`, …); detected when
    /// left out. A byte-order mark always wins.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Extra texts to strip from around amounts (e.g. `"EUR"`, `"Fr."`); currency signs and the
    /// row's currency code are always stripped.
    #[serde(default)]
    pub currency_markers: Vec<String>,
}

impl CsvMapping {
    /// A mapping with only the date and a single amount column, everything else detected.
    pub fn new(date: Column, amount: Column) -> Self {
        Self {
            date,
            amount: AmountColumns::Single { column: amount },
            description: None,
            payee: None,
            category: None,
            notes: None,
            currency: None,
            external_id: None,
            date_format: None,
            decimal_separator: None,
            thousands_separator: None,
            sign: SignConvention::InflowPositive,
            skip_rows: 0,
            has_header: None,
            delimiter: None,
            encoding: None,
            currency_markers: Vec::new(),
        }
    }

    /// The columns that hold amounts, with the names rows report them by.
    pub(crate) fn amount_columns(&self) -> Vec<(&'static str, &Column)> {
        match &self.amount {
            AmountColumns::Single { column } => vec![("amount", column)],
            AmountColumns::DebitCredit { debit, credit } => {
                vec![("debit", debit), ("credit", credit)]
            }
            AmountColumns::Direction { amount, .. } => vec![("amount", amount)],
        }
    }

    /// Every mapped column with the name rows report it by.
    pub(crate) fn columns(&self) -> Vec<(&'static str, &Column)> {
        let mut all = vec![("date", &self.date)];
        all.extend(self.amount_columns());
        if let AmountColumns::Direction { direction, .. } = &self.amount {
            all.push(("direction", direction));
        }
        let optional = [
            ("description", &self.description),
            ("payee", &self.payee),
            ("category", &self.category),
            ("notes", &self.notes),
            ("currency", &self.currency),
            ("external_id", &self.external_id),
        ];
        all.extend(
            optional
                .into_iter()
                .filter_map(|(name, column)| column.as_ref().map(|c| (name, c))),
        );
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_of_the_api() {
        let json = r#"{
            "date": "Buchungstag",
            "amount": {"kind": "direction", "amount": 3, "direction": "S/H",
                       "debit_values": ["S"], "credit_values": ["H"]},
            "description": "Verwendungszweck",
            "date_format": "DD.MM.YYYY",
            "decimal_separator": ",",
            "thousands_separator": ".",
            "sign": "outflow_positive",
            "skip_rows": 4,
            "delimiter": "tab",
            "encoding": "windows-1252"
        }"#;
        let m: CsvMapping = serde_json::from_str(json).unwrap();
        assert_eq!(m.date, Column::Name("Buchungstag".into()));
        assert!(matches!(
            m.amount,
            AmountColumns::Direction {
                amount: Column::Index(3),
                ..
            }
        ));
        assert_eq!(m.delimiter, Some(Delimiter::Tab));
        assert_eq!(m.thousands_separator, Some(ThousandsSeparator::Dot));
        assert_eq!(m.sign, SignConvention::OutflowPositive);
        let back: CsvMapping = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        assert_eq!(
            m.columns().iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ["date", "amount", "direction", "description"]
        );
    }

    #[test]
    fn minimal_and_unknown_fields() {
        let m: CsvMapping =
            serde_json::from_str(r#"{"date": 0, "amount": {"kind": "single", "column": 1}}"#)
                .unwrap();
        assert_eq!(m, CsvMapping::new(Column::Index(0), Column::Index(1)));
        assert!(
            serde_json::from_str::<CsvMapping>(
                r#"{"date": 0, "amount": {"kind": "single", "column": 1}, "colour": "red"}"#
            )
            .is_err()
        );
    }
}
