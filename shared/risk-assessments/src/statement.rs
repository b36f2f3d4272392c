//! A bank statement as the engine's cash flow: the file streamed from the object store into the
//! statement parser on a blocking thread (the same parsing as imports; nothing is written to the
//! ledger). Rows in the assessment's currency and window become `Unknown` entries (the engine
//! classifies them by sign and debt keywords); the others are counted. The opening balance is
//! the one given, or for an OFX file with one statement its ledger balance less the window's
//! rows up to the balance's date.

use std::io::Read;

use ferrofin_platform::blocking_read::blocking_reader;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::blobs::BlobStream;
use ferrofin_risk::{Cashflow, Entry, EntryKind};
use ferrofin_statements::{Format, OfxStatement, Options, StatementRow, parse};
use rust_decimal::Decimal;
use time::Date;

use crate::assessment::{RowProblem, StatementReading};
use crate::source::check_window;

/// Most rows one statement assessment takes.
pub const MAX_STATEMENT_ROWS: usize = 50_000;

/// How to read the statement.
#[derive(Clone, Debug)]
pub struct StatementRequest {
    pub format: Format,
    pub currency: Currency,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub opening_balance_minor: Option<i64>,
}

/// A statement read for assessment: the cash flow, and how its rows were used.
pub struct ReadStatement {
    pub cashflow: Cashflow,
    pub reading: StatementReading,
}

/// Why a statement cannot be assessed, with how far its rows were read.
pub struct Unassessable {
    pub reason: String,
    pub reading: StatementReading,
}

/// Reads `body` on a blocking thread.
pub async fn read_statement(
    body: BlobStream,
    request: StatementRequest,
) -> Result<ReadStatement, Unassessable> {
    let reader = blocking_reader(body);
    match tokio::task::spawn_blocking(move || read(reader, &request)).await {
        Ok(read) => read,
        Err(join) => Err(Unassessable {
            reason: format!("the statement reader stopped: {join}"),
            reading: StatementReading::default(),
        }),
    }
}

/// Reads a statement from `input`.
pub fn read(input: impl Read, request: &StatementRequest) -> Result<ReadStatement, Unassessable> {
    let currency = request.currency;
    let options = Options::new(currency.code(), Currency::exponent_of);
    let mut reading = StatementReading::default();
    let unassessable = |reason: String, reading: StatementReading| Unassessable { reason, reading };
    let mut rows = match parse(input, &request.format, &options) {
        Ok(rows) => rows,
        Err(fatal) => return Err(unassessable(fatal.to_string(), reading)),
    };
    let mut entries = Vec::new();
    for item in rows.by_ref() {
        match item {
            Err(fatal) => return Err(unassessable(fatal.to_string(), reading)),
            Ok(Err(error)) => reading.reject(RowProblem {
                row: error.row,
                column: error.column,
                message: error.message,
            }),
            Ok(Ok(row)) => {
                reading.rows += 1;
                if row
                    .currency
                    .as_deref()
                    .is_some_and(|code| code != currency.code())
                {
                    reading.other_currency += 1;
                } else if request.from.is_some_and(|from| row.date < from)
                    || request.to.is_some_and(|to| row.date > to)
                {
                    reading.outside_window += 1;
                } else if entries.len() == MAX_STATEMENT_ROWS {
                    return Err(unassessable(
                        format!(
                            "the statement has more than {MAX_STATEMENT_ROWS} rows to assess: give a shorter window"
                        ),
                        reading,
                    ));
                } else {
                    entries.push(entry(row));
                }
            }
        }
    }
    reading.used = entries.len() as u64;
    let (Some(from), Some(to)) = (
        request
            .from
            .or_else(|| entries.iter().map(|e| e.date).min()),
        request.to.or_else(|| entries.iter().map(|e| e.date).max()),
    ) else {
        return Err(unassessable(
            format!("the statement has no rows in {currency} to assess"),
            reading,
        ));
    };
    if let Err(invalid) = check_window(from, to) {
        let reason = invalid
            .0
            .first()
            .map(|detail| format!("the statement's window: {}", detail.message))
            .unwrap_or_default();
        return Err(unassessable(reason, reading));
    }
    let opening_balance = match request.opening_balance_minor {
        Some(minor) => Some(Money::from_minor(minor, currency).to_decimal()),
        None => ledger_opening(rows.statements(), currency, from, request.to, &entries),
    };
    Ok(ReadStatement {
        cashflow: Cashflow {
            currency: currency.code().to_owned(),
            opening_balance,
            from,
            to,
            entries,
        },
        reading,
    })
}

fn entry(row: StatementRow) -> Entry {
    Entry {
        date: row.date,
        amount: row.amount,
        description: row.description,
        counterparty: row.payee,
        category: row.category,
        kind: EntryKind::Unknown,
    }
}

/// The balance before `from` an OFX file's only statement implies: its ledger balance less the
/// entries from `from` to the balance's date. The balance must not be dated before `from`, nor
/// after a `to` that was given (rows after it were left out, yet they moved the balance).
fn ledger_opening(
    statements: &[OfxStatement],
    currency: Currency,
    from: Date,
    given_to: Option<Date>,
    entries: &[Entry],
) -> Option<Decimal> {
    let [statement] = statements else {
        return None;
    };
    if statement
        .currency
        .as_deref()
        .is_some_and(|code| code != currency.code())
    {
        return None;
    }
    let balance = statement.ledger_balance.as_ref()?;
    if balance.date < from || given_to.is_some_and(|to| balance.date > to) {
        return None;
    }
    let since: Decimal = entries
        .iter()
        .filter(|entry| entry.date >= from && entry.date <= balance.date)
        .map(|entry| entry.amount)
        .sum();
    Some(balance.amount - since)
}
