//! Failures of the ledger services and how they read to a client.

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

/// Why a ledger operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("invalid input")]
    Validation(Vec<ErrorDetail>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyKeyReused,
    #[error("table: {0}")]
    Table(#[from] TableError),
}

impl LedgerError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl From<Invalid> for LedgerError {
    fn from(invalid: Invalid) -> Self {
        Self::Validation(invalid.0)
    }
}

impl IntoProblem for LedgerError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::Validation(details) => Problem::invalid(details),
            Self::NotFound(what) => Problem::not_found(what),
            Self::Conflict(message) => Problem::conflict(message),
            Self::IdempotencyKeyReused => Problem::idempotency_key_reused(message),
            Self::Table(err) => err.into_problem(),
        }
    }
}
