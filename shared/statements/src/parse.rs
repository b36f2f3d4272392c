//! One entry point for both formats ([`parse`]), and the dry-run [`preview`]: the settings a
//! parse would use and its first rows, reading no further than those rows.

use std::io::Read;

use serde::Serialize;

use crate::csv::settings::CsvSettings;
use crate::ofx::header::OfxInfo;
use crate::ofx::statement::OfxStatement;
use crate::{CsvMapping, CsvRows, OfxRows, Options, RowResult, StatementError};

/// What kind of file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv(Box<CsvMapping>),
    /// OFX 1.x or 2.x, or QFX.
    Ofx,
}

/// The settings a parse runs with, for either format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum Settings {
    Csv(CsvSettings),
    Ofx(OfxInfo),
}

/// The rows of a statement of either format; see [`CsvRows`] and [`OfxRows`].
pub enum Rows<R: Read> {
    Csv(CsvRows<R>),
    Ofx(OfxRows<R>),
}

impl<R: Read> Rows<R> {
    pub fn settings(&self) -> Settings {
        match self {
            Self::Csv(rows) => Settings::Csv(rows.settings().clone()),
            Self::Ofx(rows) => Settings::Ofx(rows.info().clone()),
        }
    }

    /// The OFX statements read to the end so far (none for CSV).
    pub fn statements(&self) -> &[OfxStatement] {
        match self {
            Self::Csv(_) => &[],
            Self::Ofx(rows) => rows.statements(),
        }
    }
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Result<RowResult, StatementError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Csv(rows) => rows.next(),
            Self::Ofx(rows) => rows.next(),
        }
    }
}

/// Opens a statement of the given format.
pub fn parse<R: Read>(
    input: R,
    format: &Format,
    options: &Options,
) -> Result<Rows<R>, StatementError> {
    Ok(match format {
        Format::Csv(mapping) => Rows::Csv(crate::parse_csv(input, mapping, options)?),
        Format::Ofx => Rows::Ofx(crate::parse_ofx(input, options)?),
    })
}

/// The first rows of a statement and the settings they were read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub settings: Settings,
    /// Up to `max_rows` rows or row errors, in file order.
    pub rows: Vec<RowResult>,
    /// OFX statements that ended within the rows read.
    pub statements: Vec<OfxStatement>,
    /// The file ended within the preview: `rows` are all its rows.
    pub complete: bool,
}

/// Reads the first `max_rows` rows (good or bad) and stops.
pub fn preview<R: Read>(
    input: R,
    format: &Format,
    options: &Options,
    max_rows: usize,
) -> Result<Preview, StatementError> {
    let mut rows = parse(input, format, options)?;
    let mut read = Vec::with_capacity(max_rows.min(1000));
    let mut complete = true;
    for item in rows.by_ref() {
        read.push(item?);
        if read.len() >= max_rows {
            complete = false;
            break;
        }
    }
    if !complete && rows.next().is_none() {
        complete = true;
    }
    Ok(Preview {
        settings: rows.settings(),
        statements: rows.statements().to_vec(),
        rows: read,
        complete,
    })
}
