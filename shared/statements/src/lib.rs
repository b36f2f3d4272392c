//! Bank statements parsed into rows, streaming: CSV with a column mapping (delimiter, encoding,
//! header, date format and number format detected when not given) and OFX/QFX 1.x (SGML) and
//! 2.x (XML). Pure: the only I/O is reading the `std::io::Read` the caller gives.
//!
//! Money is `rust_decimal::Decimal` at the currency's exponent, never rounded; dates are
//! `time::Date`. One bad row is a [`RowError`] and the parse goes on; a file that cannot be
//! read at all is a [`StatementError`]. Memory stays flat whatever the file size: detection
//! reads the first 64 KiB, and records, tags and values are capped ([`Limits`]).

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
