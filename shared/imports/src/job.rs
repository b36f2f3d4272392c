//! An import job: what to read, where to write it, and how far it got.

use ferrofin_files::FileId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::job_status::{JobKind, index_attributes};
use ferrofin_platform::ports::table::{AttributeValue, Key};
use ferrofin_platform::records::Versioned;
use ferrofin_statements::{CsvMapping, Format};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::ImportId;

/// The most row errors a job keeps (the count of failed rows goes on).
pub const MAX_KEPT_ERRORS: usize = 100;

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Queued,
    Running,
    Completed,
    /// Every row was read; some could not be imported (see the errors).
    CompletedWithErrors,
    /// The file could not be read at all (see `failure`).
    Failed,
    Cancelled,
    /// Undo was asked: the transactions the import recorded are being removed.
    Undoing,
    /// Every transaction the import recorded is removed.
    Undone,
}

impl ImportStatus {
    /// No further step changes the job.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Completed
                | Self::CompletedWithErrors
                | Self::Failed
                | Self::Cancelled
                | Self::Undone
        )
    }

    /// Reading the file is still to come or under way (the job can be cancelled).
    pub fn is_importing(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    /// The reading ended (however it did) and its transactions may be undone.
    pub fn can_undo(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::CompletedWithErrors | Self::Failed | Self::Cancelled
        )
    }

    /// The stable name (`completed_with_errors`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::CompletedWithErrors => "completed_with_errors",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Undoing => "undoing",
            Self::Undone => "undone",
        }
    }
}

/// How to read the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum ImportFormat {
    Csv { mapping: Box<CsvMapping> },
    Ofx,
}

impl ImportFormat {
    pub fn statement_format(&self) -> Format {
        match self {
            Self::Csv { mapping } => Format::Csv(mapping.clone()),
            Self::Ofx => Format::Ofx,
        }
    }
}

/// How many rows did what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    /// Rows read (imported, duplicates and failed).
    pub processed: u64,
    pub imported: u64,
    /// Rows whose reference the account already had.
    pub duplicates: u64,
    pub failed: u64,
    /// Transactions of the import removed by undoing it.
    #[serde(default)]
    pub removed: u64,
}

/// A row that could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowError {
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

/// An import of one file into one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: ImportId,
    pub user_id: UserId,
    pub file_id: FileId,
    pub account_id: AccountId,
    pub format: ImportFormat,
    pub status: ImportStatus,
    pub counts: ImportCounts,
    /// The first [`MAX_KEPT_ERRORS`] row errors, in row order.
    pub errors: Vec<ImportRowError>,
    /// Rows up to this number are handled; a later step starts after it.
    pub checkpoint_row: u64,
    /// Why the job failed, when it did.
    pub failure: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// When undoing the import finished.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub undone_at: Option<OffsetDateTime>,
    pub version: u64,
}

impl ImportJob {
    /// A new job, queued.
    pub fn queued(
        id: ImportId,
        user_id: UserId,
        file_id: FileId,
        account_id: AccountId,
        format: ImportFormat,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            user_id,
            file_id,
            account_id,
            format,
            status: ImportStatus::Queued,
            counts: ImportCounts::default(),
            errors: Vec::new(),
            checkpoint_row: 0,
            failure: None,
            created_at: now,
            updated_at: now,
            finished_at: None,
            undone_at: None,
            version: 0,
        }
    }

    /// Notes a row that could not be imported.
    pub fn reject(&mut self, error: ImportRowError) {
        self.counts.processed += 1;
        self.counts.failed += 1;
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(error);
        }
    }

    /// Ends the job after its last row.
    pub fn finish(&mut self, at: OffsetDateTime) {
        self.status = if self.counts.failed == 0 {
            ImportStatus::Completed
        } else {
            ImportStatus::CompletedWithErrors
        };
        self.finished_at = Some(at);
    }

    /// The mapping to remember for the account: that of a CSV import that read its file and
    /// found rows (imported or already there).
    pub fn mapping_to_remember(&self) -> Option<&CsvMapping> {
        let found_rows = self.counts.imported + self.counts.duplicates > 0;
        match (&self.format, self.status) {
            (
                ImportFormat::Csv { mapping },
                ImportStatus::Completed | ImportStatus::CompletedWithErrors,
            ) if found_rows => Some(mapping),
            _ => None,
        }
    }

    /// Ends the job because its file cannot be read.
    pub fn fail(&mut self, reason: String, at: OffsetDateTime) {
        self.status = ImportStatus::Failed;
        self.failure = Some(reason);
        self.finished_at = Some(at);
    }
}

impl Versioned for ImportJob {
    fn key(&self) -> Key {
        crate::keys::import(&self.user_id, &self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }

    /// Listed with every import for operators (`GET /v1/admin/jobs?kind=import`).
    fn index_attributes(&self) -> Vec<(String, AttributeValue)> {
        index_attributes(JobKind::Import, self.id.as_str()).into()
    }
}
