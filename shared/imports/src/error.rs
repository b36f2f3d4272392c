//! Why an import operation failed, and how each reason reads to a client.

use ferrofin_files::FileError;
use ferrofin_ledger::LedgerError;
use ferrofin_platform::fields::ErrorDetail;
use ferrofin_platform::ports::blobs::BlobError;
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

/// Failures of imports.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("import not found")]
    NotFound,
    #[error("some fields are invalid")]
    Invalid(Vec<ErrorDetail>),
    /// The job changed meanwhile (cancelled, or another run saved it); retrying may succeed.
    #[error("the import changed meanwhile")]
    Conflict,
    #[error("Idempotency-Key was already used with another request")]
    KeyReused,
    #[error("the import is still reading its file; cancel it first")]
    StillRunning,
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl ImportError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl IntoProblem for ImportError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::NotFound => Problem::not_found("import"),
            Self::Invalid(details) => Problem::invalid(details).with_message(message),
            Self::Conflict | Self::StillRunning => Problem::conflict(message),
            Self::KeyReused => Problem::idempotency_key_reused(message),
            Self::File(err) => err.into_problem(),
            Self::Ledger(err) => err.into_problem(),
            Self::Table(err) => err.into_problem(),
            Self::Blob(err) => err.into_problem(),
            Self::Queue(err) => err.into_problem(),
        }
    }
}
