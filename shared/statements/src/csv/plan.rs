//! Turning one CSV record into a [`StatementRow`]: the mapping resolved to field indexes, the
//! formats settled, and the rules for the date, the amount and its sign, the currency and the
//! text fields.

use csv::ByteRecord;
use rust_decimal::Decimal;

use crate::amount::{NumberFormat, parse_amount};
use crate::csv::mapping::{AmountColumns, Column, CsvMapping, SignConvention};
use crate::currency::{Currencies, RowCurrency};
use crate::date::DateFormat;
use crate::{RowError, RowResult, StatementError, StatementRow};

/// A mapped column: its field index and the name errors call it by.
#[derive(Debug, Clone, Copy)]
struct Field {
    index: usize,
    name: &'static str,
}

#[derive(Debug, Clone)]
enum AmountPlan {
    Single(Field),
    DebitCredit {
        debit: Field,
        credit: Field,
    },
    Direction {
        amount: Field,
        direction: Field,
        debit_values: Vec<String>,
        credit_values: Vec<String>,
    },
}

/// Everything needed to read rows, settled before the first one.
#[derive(Debug, Clone)]
pub(crate) struct RowPlan {
    date: Field,
    amount: AmountPlan,
    description: Option<Field>,
    payee: Option<Field>,
    category: Option<Field>,
    notes: Option<Field>,
    currency: Option<Field>,
    external_id: Option<Field>,
    date_format: DateFormat,
    number: NumberFormat,
    sign: SignConvention,
    markers: Vec<String>,
    currencies: Currencies,
    max_field_chars: usize,
}

/// The formats a plan reads with.
pub(crate) struct Formats {
    pub date: DateFormat,
    pub number: NumberFormat,
    pub currencies: Currencies,
    pub max_field_chars: usize,
}

/// The field index of `column` in a file with these `headers` (empty without a header).
pub(crate) fn resolve(
    column: &Column,
    name: &str,
    headers: &[String],
    has_header: bool,
) -> Result<usize, StatementError> {
    match column {
        Column::Index(i) if has_header && *i >= headers.len() => {
            Err(StatementError::Mapping(format!(
                "{name} is column {i} (0-based) but the header has {} columns",
                headers.len()
            )))
        }
        Column::Index(i) => Ok(*i),
        Column::Name(_) if !has_header => Err(StatementError::Mapping(format!(
            "{name} is given by column name but the file has no header; give its 0-based index"
        ))),
        Column::Name(wanted) => headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted.trim()))
            .ok_or_else(|| {
                StatementError::Mapping(format!(
                    "the header has no column '{wanted}' (for {name}); it has: {}",
                    headers.join(", ")
                ))
            }),
    }
}

fn normalise_value(value: &str) -> String {
    value.trim().to_lowercase()
}

impl RowPlan {
    pub fn new(
        mapping: &CsvMapping,
        headers: &[String],
        has_header: bool,
        formats: Formats,
    ) -> Result<Self, StatementError> {
        let field = |column: &Column, name: &'static str| {
            resolve(column, name, headers, has_header).map(|index| Field { index, name })
        };
        let optional = |column: &Option<Column>, name: &'static str| {
            column.as_ref().map(|c| field(c, name)).transpose()
        };
        let amount = match &mapping.amount {
            AmountColumns::Single { column } => AmountPlan::Single(field(column, "amount")?),
            AmountColumns::DebitCredit { debit, credit } => AmountPlan::DebitCredit {
                debit: field(debit, "debit")?,
                credit: field(credit, "credit")?,
            },
            AmountColumns::Direction {
                amount,
                direction,
                debit_values,
                credit_values,
            } => {
                if debit_values.is_empty() || credit_values.is_empty() {
                    return Err(StatementError::Mapping(
                        "a direction column needs at least one debit value and one credit value"
                            .to_owned(),
                    ));
                }
                AmountPlan::Direction {
                    amount: field(amount, "amount")?,
                    direction: field(direction, "direction")?,
                    debit_values: debit_values.iter().map(|v| normalise_value(v)).collect(),
                    credit_values: credit_values.iter().map(|v| normalise_value(v)).collect(),
                }
            }
        };
        Ok(Self {
            date: field(&mapping.date, "date")?,
            amount,
            description: optional(&mapping.description, "description")?,
            payee: optional(&mapping.payee, "payee")?,
            category: optional(&mapping.category, "category")?,
            notes: optional(&mapping.notes, "notes")?,
            currency: optional(&mapping.currency, "currency")?,
            external_id: optional(&mapping.external_id, "external_id")?,
            date_format: formats.date,
            number: formats.number,
            sign: mapping.sign,
            markers: mapping.currency_markers.clone(),
            currencies: formats.currencies,
            max_field_chars: formats.max_field_chars,
        })
    }

    /// The row numbered `row` (see [`StatementRow::row`]).
    pub fn build(&self, record: &ByteRecord, row: u64) -> RowResult {
        let cells = Cells { record, row };
        let date_text = cells.required(self.date)?;
        let date = self
            .date_format
            .parse_date(date_text)
            .map_err(|message| cells.error(self.date, message))?;
        let currency_text = self
            .currency
            .map(|f| cells.optional(f))
            .transpose()?
            .flatten();
        let currency = self
            .currencies
            .resolve(currency_text)
            .map_err(|message| RowError::new(row, Some("currency"), message))?;
        let amount = self.amount(&cells, &currency)?;
        let text = |field: Option<Field>| -> Result<Option<String>, RowError> {
            let Some(field) = field else { return Ok(None) };
            let value = cells.optional(field)?;
            if let Some(v) = value
                && v.len() > self.max_field_chars
                && v.chars().count() > self.max_field_chars
            {
                return Err(cells.error(
                    field,
                    format!(
                        "is {} characters long; at most {} are kept",
                        v.chars().count(),
                        self.max_field_chars
                    ),
                ));
            }
            Ok(value.map(str::to_owned))
        };
        Ok(StatementRow {
            row,
            date,
            amount,
            currency: currency.from_file,
            description: text(self.description)?.unwrap_or_default(),
            payee: text(self.payee)?,
            category: text(self.category)?,
            notes: text(self.notes)?,
            external_id: text(self.external_id)?,
        })
    }

    fn amount(&self, cells: &Cells<'_>, currency: &RowCurrency) -> Result<Decimal, RowError> {
        let parse = |field: Field, text: &str| {
            let code = currency
                .from_file
                .as_deref()
                .unwrap_or(self.currencies.account());
            parse_amount(text, self.number, currency.exponent, code, &self.markers)
                .map_err(|e| cells.error(field, e.message(text, code)))
        };
        match &self.amount {
            AmountPlan::Single(field) => {
                let value = parse(*field, cells.required(*field)?)?;
                Ok(match self.sign {
                    SignConvention::InflowPositive => value,
                    SignConvention::OutflowPositive => negate(value),
                })
            }
            AmountPlan::DebitCredit { debit, credit } => {
                let read = |field: Field| -> Result<Option<Decimal>, RowError> {
                    cells.optional(field)?.map(|t| parse(field, t)).transpose()
                };
                match (read(*debit)?, read(*credit)?) {
                    (Some(d), Some(c)) if !d.is_zero() && !c.is_zero() => Err(RowError::new(
                        cells.row,
                        None,
                        format!("debit ({d}) and credit ({c}) are both filled; one must be empty"),
                    )),
                    (Some(d), Some(c)) if d.is_zero() => Ok(c.abs()),
                    (Some(d), _) => Ok(negate(d.abs())),
                    (None, Some(c)) => Ok(c.abs()),
                    (None, None) => Err(RowError::new(
                        cells.row,
                        None,
                        "debit and credit are both empty",
                    )),
                }
            }
            AmountPlan::Direction {
                amount,
                direction,
                debit_values,
                credit_values,
            } => {
                let value = parse(*amount, cells.required(*amount)?)?.abs();
                let way = normalise_value(cells.required(*direction)?);
                if debit_values.contains(&way) {
                    Ok(negate(value))
                } else if credit_values.contains(&way) {
                    Ok(value)
                } else {
                    Err(cells.error(
                        *direction,
                        format!(
                            "'{way}' is neither a debit value ({}) nor a credit value ({})",
                            debit_values.join(", "),
                            credit_values.join(", ")
                        ),
                    ))
                }
            }
        }
    }
}

/// `-value`, keeping zero unsigned.
fn negate(value: Decimal) -> Decimal {
    if value.is_zero() { value } else { -value }
}

/// The fields of one record.
struct Cells<'r> {
    record: &'r ByteRecord,
    row: u64,
}

impl<'r> Cells<'r> {
    fn error(&self, field: Field, message: impl Into<String>) -> RowError {
        RowError::new(self.row, Some(field.name), message)
    }

    /// The trimmed text of the field, `None` when blank or absent.
    fn optional(&self, field: Field) -> Result<Option<&'r str>, RowError> {
        let Some(bytes) = self.record.get(field.index) else {
            return Ok(None);
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            self.error(
                field,
                format!(
                    "is not valid UTF-8 (byte {} of the field); the file may be in another encoding, such as windows-1252",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        let text = text.trim();
        Ok((!text.is_empty()).then_some(text))
    }

    fn required(&self, field: Field) -> Result<&'r str, RowError> {
        if self.record.len() <= field.index {
            return Err(self.error(
                field,
                format!(
                    "the row has {} fields, and {} is field {} (0-based)",
                    self.record.len(),
                    field.name,
                    field.index
                ),
            ));
        }
        self.optional(field)?
            .ok_or_else(|| self.error(field, "is empty"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;
    use crate::amount::{DecimalSeparator, ThousandsSeparator};

    fn exponent(code: &str) -> Option<u32> {
        matches!(code, "EUR" | "USD").then_some(2)
    }

    fn plan(mapping: &CsvMapping, headers: &[&str]) -> RowPlan {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        let formats = Formats {
            date: "YYYY-MM-DD".parse().unwrap(),
            number: NumberFormat {
                decimal: DecimalSeparator::Dot,
                thousands: ThousandsSeparator::None,
            },
            currencies: Currencies::new(&Options::new("EUR", exponent)).unwrap(),
            max_field_chars: 10,
        };
        RowPlan::new(mapping, &headers, true, formats).unwrap()
    }

    fn build(plan: &RowPlan, fields: &[&str]) -> RowResult {
        plan.build(&ByteRecord::from(fields.to_vec()), 7)
    }

    #[test]
    fn single_column_with_either_sign_convention() {
        let mut m = CsvMapping::new(Column::Name("d".into()), Column::Name("a".into()));
        m.description = Some(Column::Index(2));
        let inflow = plan(&m, &["d", "a", "t"]);
        let row = build(&inflow, &["2024-01-01", " -1.5 ", "  Shop  "]).unwrap();
        assert_eq!(
            (row.row, row.amount.to_string(), row.description.as_str()),
            (7, "-1.50".into(), "Shop")
        );
        m.sign = SignConvention::OutflowPositive;
        let outflow = plan(&m, &["d", "a", "t"]);
        assert_eq!(
            build(&outflow, &["2024-01-01", "-1.5", ""])
                .unwrap()
                .amount
                .to_string(),
            "1.50"
        );
        assert_eq!(
            build(&outflow, &["2024-01-01", "0", ""])
                .unwrap()
                .amount
                .to_string(),
            "0.00"
        );
    }

    #[test]
    fn debit_credit_rules() {
        let mut m = CsvMapping::new(Column::Index(0), Column::Index(1));
        m.amount = AmountColumns::DebitCredit {
            debit: Column::Index(1),
            credit: Column::Index(2),
        };
        let p = plan(&m, &["d", "debit", "credit"]);
        let amount = |debit: &str, credit: &str| {
            build(&p, &["2024-01-01", debit, credit]).map(|r| r.amount.to_string())
        };
        assert_eq!(amount("12.00", "").unwrap(), "-12.00");
        assert_eq!(
            amount("-12.00", "").unwrap(),
            "-12.00",
            "a debit is an outflow whatever its sign"
        );
        assert_eq!(amount("", "3").unwrap(), "3.00");
        assert_eq!(amount("0.00", "3").unwrap(), "3.00");
        assert_eq!(amount("3", "0.00").unwrap(), "-3.00");
        assert!(
            amount("1", "2")
                .unwrap_err()
                .message
                .contains("both filled")
        );
        assert!(amount("", "").unwrap_err().message.contains("both empty"));
        let bad = amount("x", "").unwrap_err();
        assert_eq!(bad.column.as_deref(), Some("debit"));
    }

    #[test]
    fn direction_rules() {
        let mut m = CsvMapping::new(Column::Index(0), Column::Index(1));
        m.amount = AmountColumns::Direction {
            amount: Column::Index(1),
            direction: Column::Index(2),
            debit_values: vec![" Débit ".into()],
            credit_values: vec!["Crédit".into()],
        };
        let p = plan(&m, &["d", "a", "s"]);
        let amount =
            |a: &str, s: &str| build(&p, &["2024-01-01", a, s]).map(|r| r.amount.to_string());
        assert_eq!(amount("5", "DÉBIT").unwrap(), "-5.00");
        assert_eq!(amount("-5", "crédit").unwrap(), "5.00");
        assert_eq!(amount("5", "").unwrap_err().message, "is empty");
        m.amount = AmountColumns::Direction {
            amount: Column::Index(1),
            direction: Column::Index(2),
            debit_values: vec![],
            credit_values: vec!["C".into()],
        };
        let headers = vec!["d".to_owned(), "a".to_owned(), "s".to_owned()];
        let formats = Formats {
            date: "YYYY-MM-DD".parse().unwrap(),
            number: NumberFormat::default(),
            currencies: Currencies::new(&Options::new("EUR", exponent)).unwrap(),
            max_field_chars: 10,
        };
        assert!(RowPlan::new(&m, &headers, true, formats).is_err());
    }

    #[test]
    fn columns_resolve_by_name_or_index() {
        let headers = vec!["Date".to_owned(), " Amount ".to_owned()];
        assert_eq!(
            resolve(&Column::Name(" amount".into()), "amount", &headers, true).unwrap(),
            1
        );
        assert!(resolve(&Column::Index(2), "amount", &headers, true).is_err());
        assert_eq!(resolve(&Column::Index(5), "amount", &[], false).unwrap(), 5);
        let e = resolve(&Column::Name("x".into()), "payee", &[], false).unwrap_err();
        assert!(e.to_string().contains("no header"), "{e}");
    }

    #[test]
    fn optional_text_fields_and_their_cap() {
        let mut m = CsvMapping::new(Column::Index(0), Column::Index(1));
        m.payee = Some(Column::Index(2));
        m.notes = Some(Column::Index(9));
        let p = plan(&m, &["d", "a", "p", "3", "4", "5", "6", "7", "8", "n"]);
        let row = build(&p, &["2024-01-01", "1", "  "]).unwrap();
        assert_eq!(
            (row.payee, row.notes),
            (None, None),
            "blank or absent optional fields"
        );
        let long = build(&p, &["2024-01-01", "1", "abcdefghijk"]).unwrap_err();
        assert_eq!(
            long.to_string(),
            "row 7, column payee: is 11 characters long; at most 10 are kept"
        );
        assert!(
            build(&p, &["2024-01-01", "1", "éééééééééé"]).is_ok(),
            "characters, not bytes"
        );
    }
}
