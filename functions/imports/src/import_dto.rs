//! Request and response bodies of the /v1/imports routes.

use ferrofin_files::FileId;
use ferrofin_imports::{
    FormatChoice, ImportFormat, ImportId, ImportJob, ImportPreview, ImportRowError, ImportStatus,
    NewImport, RememberedMapping,
};
use ferrofin_ledger::ids::{AccountId, TransactionId};
use ferrofin_platform::fields::Invalid;
use ferrofin_statements::{CsvMapping, Settings};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The kind of statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormatName {
    /// CSV with a column mapping (`mapping`).
    Csv,
    /// OFX 1.x (SGML) or 2.x (XML), or QFX; no mapping.
    Ofx,
}

/// An import to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"file_id": "01JFILEIDPLACEHOLDER00000", "account_id": "01JACCOUNTIDPLACEHOLDER00", "format": "csv",
    "mapping": {"date": "Date", "amount": {"kind": "single", "column": "Amount"}, "description": "Text"}}))]
pub struct StartImport {
    /// A completed file of the caller, uploaded with purpose `import`.
    #[schema(value_type = String)]
    pub file_id: FileId,
    /// One of the caller's accounts, not archived; every row must be in its currency.
    #[schema(value_type = String)]
    pub account_id: AccountId,
    pub format: FormatName,
    /// For `csv`: which column holds what (`date`, `amount` as `{"kind": "single", "column"}`,
    /// `{"kind": "debit_credit", "debit", "credit"}` or `{"kind": "direction", "column",
    /// "direction", "debit_values", "credit_values"}`, and optionally `description`, `payee`,
    /// `category`, `notes`, `currency`, `external_id`; columns by header name or 0-based
    /// index), plus `date_format`, `decimal_separator`, `thousands_separator`, `sign`,
    /// `skip_rows`, `has_header`, `delimiter`, `encoding`; what is left out is detected.
    /// Left out entirely, the account's remembered mapping is used (`GET
    /// /v1/imports/mappings`): the last one of a CSV import to it that found rows.
    pub mapping: Option<CsvMapping>,
    /// `true`: answer the first 20 rows as they would be imported, their errors and the
    /// settings detected (200), and import nothing.
    #[serde(default)]
    pub dry_run: bool,
}

impl StartImport {
    /// The import as the domain takes it (`csv` needs a mapping, `ofx` takes none), and
    /// whether it is a dry run.
    pub fn into_new(self) -> Result<(NewImport, bool), Invalid> {
        let format = match (self.format, self.mapping) {
            (FormatName::Csv, mapping) => FormatChoice::Csv(mapping.map(Box::new)),
            (FormatName::Ofx, None) => FormatChoice::Ofx,
            (FormatName::Ofx, Some(_)) => {
                return Err(Invalid::field("mapping", "an ofx import takes no mapping"));
            }
        };
        let new = NewImport {
            file_id: self.file_id,
            account_id: self.account_id,
            format,
        };
        Ok((new, self.dry_run))
    }
}

/// A row as it would be imported (duplicates are only known when the import runs).
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewRowView {
    pub row: u64,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "ferrofin_ledger::transactions::iso_date")]
    pub date: time::Date,
    /// Decimal string in the account's currency.
    pub amount: String,
    pub currency: String,
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub notes: Option<String>,
    /// The account has this row already (or an earlier row of the preview is the same):
    /// importing would count it as a duplicate.
    pub duplicate: bool,
    /// It would be imported and marked as looking like this transaction entered by hand.
    #[schema(value_type = Option<String>)]
    pub possible_duplicate_of: Option<TransactionId>,
}

/// What a dry run found; nothing was imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewView {
    /// The settings the parse used, each with its source (`given`, `detected`, `default`).
    #[schema(value_type = Object)]
    pub settings: Settings,
    pub rows: Vec<PreviewRowView>,
    pub errors: Vec<RowErrorView>,
    /// The file ended within the preview: these are all its rows.
    pub complete: bool,
}

impl From<ImportPreview> for PreviewView {
    fn from(preview: ImportPreview) -> Self {
        Self {
            settings: preview.settings,
            rows: preview
                .rows
                .into_iter()
                .zip(
                    preview
                        .marks
                        .into_iter()
                        .map(Some)
                        .chain(std::iter::repeat(None)),
                )
                .map(|((row, transaction), marks)| PreviewRowView {
                    row,
                    date: transaction.date,
                    amount: transaction.amount.to_decimal_string(),
                    currency: transaction.amount.currency().code().to_owned(),
                    description: transaction.description,
                    merchant: transaction.merchant,
                    category: transaction.category,
                    notes: transaction.notes,
                    duplicate: marks.as_ref().is_some_and(|marks| marks.duplicate),
                    possible_duplicate_of: marks.and_then(|marks| marks.possible_duplicate_of),
                })
                .collect(),
            errors: preview.errors.into_iter().map(RowErrorView::from).collect(),
            complete: preview.complete,
        }
    }
}

/// How many rows did what: `processed` = `imported` + `duplicates` + `failed`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsView {
    pub processed: u64,
    pub imported: u64,
    /// Rows the account already had (by the statement's id, or by date, amount, description
    /// and occurrence in the file).
    pub duplicates: u64,
    pub failed: u64,
    /// Transactions of the import removed by undoing it.
    pub removed: u64,
}

/// A row that could not be imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorView {
    /// CSV: the row a spreadsheet shows; OFX: the position of the transaction.
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

/// Where an import is.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusView {
    Queued,
    Running,
    Completed,
    CompletedWithErrors,
    Failed,
    Cancelled,
    /// Undo was asked; the import's transactions are being removed.
    Undoing,
    /// Every transaction the import recorded is removed.
    Undone,
}

impl From<ImportRowError> for RowErrorView {
    fn from(error: ImportRowError) -> Self {
        Self {
            row: error.row,
            column: error.column,
            message: error.message,
        }
    }
}

impl From<ImportStatus> for StatusView {
    fn from(status: ImportStatus) -> Self {
        match status {
            ImportStatus::Queued => Self::Queued,
            ImportStatus::Running => Self::Running,
            ImportStatus::Completed => Self::Completed,
            ImportStatus::CompletedWithErrors => Self::CompletedWithErrors,
            ImportStatus::Failed => Self::Failed,
            ImportStatus::Cancelled => Self::Cancelled,
            ImportStatus::Undoing => Self::Undoing,
            ImportStatus::Undone => Self::Undone,
        }
    }
}

/// An import and its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportView {
    #[schema(value_type = String)]
    pub id: ImportId,
    #[schema(value_type = String)]
    pub file_id: FileId,
    #[schema(value_type = String)]
    pub account_id: AccountId,
    pub format: FormatName,
    pub status: StatusView,
    pub counts: CountsView,
    /// The first 100 row errors, in row order.
    pub errors: Vec<RowErrorView>,
    /// Why the import failed, when it did.
    pub failure: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// When undoing the import finished.
    #[serde(with = "time::serde::rfc3339::option")]
    pub undone_at: Option<OffsetDateTime>,
}

impl From<ImportJob> for ImportView {
    fn from(job: ImportJob) -> Self {
        Self {
            format: match job.format {
                ImportFormat::Csv { .. } => FormatName::Csv,
                ImportFormat::Ofx => FormatName::Ofx,
            },
            id: job.id,
            file_id: job.file_id,
            account_id: job.account_id,
            status: job.status.into(),
            counts: CountsView {
                processed: job.counts.processed,
                imported: job.counts.imported,
                duplicates: job.counts.duplicates,
                failed: job.counts.failed,
                removed: job.counts.removed,
            },
            errors: job.errors.into_iter().map(RowErrorView::from).collect(),
            failure: job.failure,
            created_at: job.created_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
            undone_at: job.undone_at,
        }
    }
}

/// The CSV mapping an account's next import uses when it gives none.
#[derive(Debug, Serialize, ToSchema)]
pub struct MappingView {
    #[schema(value_type = String)]
    pub account_id: AccountId,
    /// As given to `POST /v1/imports` (`mapping`).
    #[schema(value_type = Object)]
    pub mapping: CsvMapping,
    /// The import it was last used by.
    #[schema(value_type = String)]
    pub import_id: ImportId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<RememberedMapping> for MappingView {
    fn from(remembered: RememberedMapping) -> Self {
        Self {
            account_id: remembered.account_id,
            mapping: remembered.mapping,
            import_id: remembered.import_id,
            updated_at: remembered.updated_at,
        }
    }
}
