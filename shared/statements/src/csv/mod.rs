//! CSV statements: detection of what the mapping leaves out, then a stream of rows read with
//! the `csv` crate (quotes, embedded newlines, CRLF), each record capped in length.

pub mod layout;
pub mod mapping;
pub mod settings;

mod detect;
mod plan;

use std::io::{Chain, Cursor, Read};

use csv::ByteRecord;

use crate::amount::NumberFormat;
use crate::currency::Currencies;
use crate::date::{DateDetection, DateFormat};
use crate::encoding::Decoded;
use crate::limits::RecordCap;
use crate::{Options, RowResult, StatementError};

use layout::{CsvHints, Opened};
use mapping::{Column, CsvMapping};
use plan::{Formats, RowPlan};
use settings::{CsvSettings, Setting};

/// The CSV parser's buffer; the record cap allows for it as read-ahead.
const CSV_BUFFER: usize = 16 * 1024;

type Source<R> = RecordCap<Decoded<Chain<Cursor<Vec<u8>>, R>>>;

/// The rows of a CSV statement, streamed. Each item is `Ok(row or row error)`, or `Err` for a
/// fatal error after which the iterator ends.
pub struct CsvRows<R: Read> {
    reader: csv::Reader<Source<R>>,
    record: ByteRecord,
    plan: RowPlan,
    settings: CsvSettings,
    to_skip: u64,
    header_pending: bool,
    max_record: u64,
    finished: bool,
}

impl<R: Read> CsvRows<R> {
    /// The settings the rows are read with.
    pub fn settings(&self) -> &CsvSettings {
        &self.settings
    }

    fn fail(&mut self, error: StatementError) -> Option<Result<RowResult, StatementError>> {
        self.finished = true;
        Some(Err(error))
    }

    fn too_long(&self, line: u64) -> StatementError {
        StatementError::TooLong {
            what: "a row",
            at: format!("row {line}"),
            limit: usize::try_from(self.max_record).unwrap_or(usize::MAX),
        }
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<RowResult, StatementError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.finished = true,
                Ok(true) => {
                    let (start, line) = self
                        .record
                        .position()
                        .map_or((0, 0), |p| (p.byte(), p.line()));
                    let end = self.reader.position().byte();
                    self.reader.get_mut().record_starts_at(end);
                    if end.saturating_sub(start) > self.max_record {
                        return self.fail(self.too_long(line));
                    }
                    if self.to_skip > 0 {
                        self.to_skip -= 1;
                    } else if self.record.iter().all(|f| f.trim_ascii().is_empty()) {
                        // A row of empty fields (";;;") is no transaction.
                    } else if self.header_pending {
                        self.header_pending = false;
                    } else {
                        return Some(Ok(self.plan.build(&self.record, line)));
                    }
                }
                Err(e) => {
                    let error = if self.reader.get_ref().tripped() {
                        self.too_long(self.reader.position().line())
                    } else {
                        let message = e.to_string();
                        match e.into_kind() {
                            csv::ErrorKind::Io(io) => StatementError::Io(io),
                            _ => StatementError::NotCsv(message),
                        }
                    };
                    return self.fail(error);
                }
            }
        }
        None
    }
}

/// Opens a CSV statement: reads the first 64 KiB to detect what `mapping` leaves out and to
/// check the mapping against the header, then streams from the start.
pub fn parse_csv<R: Read>(
    input: R,
    mapping: &CsvMapping,
    options: &Options,
) -> Result<CsvRows<R>, StatementError> {
    let currencies = Currencies::new(options)?;
    let hints = CsvHints {
        encoding: mapping.encoding.clone(),
        delimiter: mapping.delimiter,
        skip_rows: mapping.skip_rows,
    };
    let Opened {
        sampled,
        encoding,
        delimiter,
        records,
    } = layout::open(input, &hints, options.limits.max_record_bytes)?;
    let first = &records[0];
    let has_header = match mapping.has_header {
        Some(h) => Setting::given(h),
        None if mapping
            .columns()
            .iter()
            .any(|(_, c)| matches!(c, Column::Name(_))) =>
        {
            Setting::detected(true)
        }
        None => {
            let cell = |column: &Column| match column {
                Column::Index(i) => first.get(*i).map(String::as_str),
                Column::Name(_) => None,
            };
            let amount_cells: Vec<&str> = mapping
                .amount_columns()
                .into_iter()
                .filter_map(|(_, column)| cell(column))
                .collect();
            Setting::detected(detect::first_is_header(
                cell(&mapping.date),
                &amount_cells,
                mapping.date_format.as_ref(),
            ))
        }
    };
    let headers: Vec<String> = if has_header.value {
        first.iter().map(|h| h.trim().to_owned()).collect()
    } else {
        Vec::new()
    };
    let data = &records[usize::from(has_header.value)..];
    let cells = |column: &Column, name: &str| -> Result<Vec<&str>, StatementError> {
        let index = plan::resolve(column, name, &headers, has_header.value)?;
        Ok(data
            .iter()
            .filter_map(|r| r.get(index).map(String::as_str))
            .collect())
    };

    let date_format = match &mapping.date_format {
        Some(f) => Setting::given(f.clone()),
        None => match crate::date::detect(cells(&mapping.date, "date")?) {
            // No data rows to read a date from: any format reads the rows there are (none).
            DateDetection::NoSamples => Setting::default_value(DateFormat::default()),
            detection => detection
                .into_result()
                .map(Setting::detected)
                .map_err(StatementError::DateFormat)?,
        },
    };
    let (detected_decimal, detected_thousands) = {
        let mut amounts = Vec::new();
        for (name, column) in mapping.amount_columns() {
            amounts.extend(cells(column, name)?);
        }
        detect::number_format(amounts)
    };
    let decimal_separator = mapping
        .decimal_separator
        .map_or(detected_decimal, Setting::given);
    let thousands_separator = mapping
        .thousands_separator
        .map_or(detected_thousands, Setting::given);

    let formats = Formats {
        date: date_format.value.clone(),
        number: NumberFormat {
            decimal: decimal_separator.value,
            thousands: thousands_separator.value,
        },
        currencies,
        max_field_chars: options.limits.max_field_chars,
    };
    let plan = RowPlan::new(mapping, &headers, has_header.value, formats)?;
    let settings = CsvSettings {
        encoding: encoding.name().to_owned(),
        encoding_source: encoding.source,
        delimiter,
        has_header,
        date_format,
        decimal_separator,
        thousands_separator,
        headers,
    };
    let max_record = options.limits.max_record_bytes;
    let source = RecordCap::new(
        Decoded::new(
            sampled.into_reader(encoding.bom_len),
            encoding.encoding,
            true,
        ),
        max_record.saturating_add(CSV_BUFFER),
    );
    let reader = csv::ReaderBuilder::new()
        .delimiter(settings.delimiter.value.as_byte())
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(CSV_BUFFER)
        .from_reader(source);
    Ok(CsvRows {
        reader,
        record: ByteRecord::new(),
        plan,
        to_skip: u64::from(mapping.skip_rows),
        header_pending: settings.has_header.value,
        settings,
        max_record: u64::try_from(max_record).unwrap_or(u64::MAX),
        finished: false,
    })
}
