//! Why a risk-assessment operation failed, and how each reason reads to a client.

use ferrofin_customers::CustomerError;
use ferrofin_files::FileError;
use ferrofin_ledger::LedgerError;
use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::blobs::BlobError;
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

#[derive(Debug, thiserror::Error)]
pub enum RiskAssessmentError {
    #[error("risk assessment not found")]
    NotFound,
    #[error("some fields are invalid")]
    Invalid(Vec<ErrorDetail>),
    /// Saved by someone else meanwhile; retrying may succeed.
    #[error("the assessment changed meanwhile")]
    Conflict,
    #[error("Idempotency-Key was already used with another request")]
    KeyReused,
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Customer(#[from] CustomerError),
    #[error("the assessment cannot be stored: {0}")]
    Encode(#[from] serde_json::Error),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl From<Invalid> for RiskAssessmentError {
    fn from(invalid: Invalid) -> Self {
        Self::Invalid(invalid.0)
    }
}

impl IntoProblem for RiskAssessmentError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::NotFound => Problem::not_found("risk assessment"),
            Self::Invalid(details) => Problem::invalid(details).with_message(message),
            Self::Conflict => Problem::conflict(message),
            Self::KeyReused => Problem::idempotency_key_reused(message),
            Self::File(err) => err.into_problem(),
            Self::Ledger(err) => err.into_problem(),
            Self::Customer(err) => err.into_problem(),
            Self::Encode(err) => Problem::internal(&err),
            Self::Table(err) => err.into_problem(),
            Self::Blob(err) => err.into_problem(),
            Self::Queue(err) => err.into_problem(),
        }
    }
}
