//! Bank statements parsed into rows, streaming: CSV with a column mapping (delimiter, encoding,
//! header, date format and number format detected when not given) and OFX/QFX 1.x (SGML) and
//! 2.x (XML). Pure: the only I/O is reading the `std::io::Read` the caller gives.
//!
//! Money is `rust_decimal::Decimal` at the currency's exponent, never rounded; dates are
//! `time::Date`. One bad row is a [`RowError`] and the parse goes on; a file that cannot be
//! read at all is a [`StatementError`]. Memory stays flat whatever the file size: detection
//! reads the first 64 KiB, and records, tags and values are capped ([`Limits`]).
//!
//! ```
//! use ferrofin_statements::{Column, CsvMapping, Occurrences, Options, parse_csv};
//!
//! let file = "Date;Amount;Text\n05.01.2024;-12,50;Coffee\n06.01.2024;1,999;Too precise\n";
//! let mut mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
//! mapping.description = Some(Column::Name("Text".into()));
//! let options = Options::new("EUR", |code| (code == "EUR").then_some(2));
//! let mut occurrences = Occurrences::new();
//! let (mut keys, mut problems) = (Vec::new(), Vec::new());
//! for item in parse_csv(file.as_bytes(), &mapping, &options)? {
//!     match item? {
//!         Ok(row) => keys.push(occurrences.fingerprint(&row).key()),
//!         Err(row_error) => problems.push(row_error.to_string()),
//!     }
//! }
//! assert_eq!(keys.len(), 1);
//! assert_eq!(problems, ["row 3, column amount: 1,999 has more decimals than EUR allows (2)"]);
//! # Ok::<(), ferrofin_statements::StatementError>(())
//! ```
//!
//! Each item of a parse is `Result<RowResult, StatementError>`: the outer `Err` is fatal and the
//! last item, so `item?` ends an import cleanly; the inner [`RowResult`] is one row or its error.
//!
//! Choices worth knowing:
//! - CSV rows are numbered as a spreadsheet shows them; OFX rows by their `<STMTTRN>` index.
//! - Extra decimals that are zeros are exact and accepted (`10.500` EUR is `10.50`); others are
//!   refused. Exponents (`1E3`) are refused.
//! - OFX dates: the posting date is the date part as written; the time zone is not applied.
//! - ISO-8859-1 is decoded as Windows-1252 (as browsers do); a byte-order mark wins over a
//!   given encoding; UTF-16 needs a byte-order mark.
//! - [`preview`] reads the first rows of a file for a dry run; [`inspect_csv`] describes a CSV
//!   before any mapping exists; [`Occurrences`] gives duplicate-detection fingerprints.

pub mod csv;
pub mod fingerprint;
pub mod ofx;

mod amount;
mod currency;
mod date;
mod encoding;
mod error;
mod limits;
mod options;
mod parse;
mod row;
mod sample;

pub use amount::{DecimalSeparator, NumberFormat, ThousandsSeparator};
pub use csv::layout::{ColumnLayout, CsvHints, CsvLayout, inspect_csv};
pub use csv::mapping::{AmountColumns, Column, CsvMapping, Delimiter, SignConvention};
pub use csv::settings::{CsvSettings, Setting, SettingSource};
pub use csv::{CsvRows, parse_csv};
pub use date::DateFormat;
pub use encoding::EncodingSource;
pub use error::StatementError;
pub use fingerprint::{Fingerprint, Occurrences};
pub use ofx::header::{OfxInfo, OfxSyntax, looks_like_ofx};
pub use ofx::statement::{Balance, OfxStatement, StatementKind};
pub use ofx::{OfxRows, parse_ofx};
pub use options::{Limits, Options};
pub use parse::{Format, Preview, Rows, Settings, parse, preview};
pub use row::{RowError, RowResult, StatementRow};
