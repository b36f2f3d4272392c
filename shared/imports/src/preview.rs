//! A dry run of an import: the first rows of the file as the job would read them (the same
//! parsing, the same checks), their errors, the settings detected, and which rows the account
//! has already or look like a transaction entered by hand, with nothing written.

use ferrofin_platform::blocking_read::blocking_reader;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::blobs::BlobStream;
use ferrofin_statements::{Occurrences, Settings, preview};

use crate::error::ImportError;
use crate::job::{ImportFormat, ImportRowError};
use crate::rows::imported;
use ferrofin_ledger::import_batch::{ImportedTransaction, PreviewMarks};

/// Rows a dry run reads.
pub const PREVIEW_ROWS: usize = 20;

/// What a dry run found.
#[derive(Debug)]
pub struct ImportPreview {
    /// The settings the parse used: given, detected or default.
    pub settings: Settings,
    /// The rows that would be imported, in file order.
    pub rows: Vec<(u64, ImportedTransaction)>,
    /// For each of `rows`: whether the account has it already, and the transaction entered by
    /// hand it looks like (filled in by [`crate::Imports::dry_run`]).
    pub marks: Vec<PreviewMarks>,
    pub errors: Vec<ImportRowError>,
    /// The file ended within the preview.
    pub complete: bool,
}

/// Reads the first [`PREVIEW_ROWS`] rows of `body`; a file that cannot be read is a 422 on
/// `file_id` with the reason.
pub async fn dry_run(
    body: BlobStream,
    format: &ImportFormat,
    currency: Currency,
) -> Result<ImportPreview, ImportError> {
    let reader = blocking_reader(body);
    let format = format.statement_format();
    let options = crate::runner::parse_options(currency);
    let read =
        tokio::task::spawn_blocking(move || preview(reader, &format, &options, PREVIEW_ROWS))
            .await
            .map_err(|err| {
                ImportError::invalid("file_id", format!("the file could not be read: {err}"))
            })?;
    let read = read.map_err(|fatal| ImportError::invalid("file_id", fatal.to_string()))?;
    let mut occurrences = Occurrences::new();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for item in read.rows {
        match item {
            Ok(row) => {
                let number = row.row;
                let fingerprint = occurrences.fingerprint(&row).key();
                match imported(row, fingerprint, currency) {
                    Ok(transaction) => rows.push((number, transaction)),
                    Err(error) => errors.push(error),
                }
            }
            Err(error) => errors.push(ImportRowError {
                row: error.row,
                column: error.column,
                message: error.message,
            }),
        }
    }
    Ok(ImportPreview {
        settings: read.settings,
        rows,
        marks: Vec::new(),
        errors,
        complete: read.complete,
    })
}
