//! Failures of the ledger services and their HTTP form.

use axum::http::StatusCode;

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::http::{ApiError, ErrorCode};
use ferrofin_platform::ports::table::TableError;

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

impl From<LedgerError> for ApiError {
    fn from(err: LedgerError) -> Self {
        match err {
            LedgerError::Validation(details) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                "some fields are invalid",
            )
            .with_details(details),
            LedgerError::NotFound(what) => Self::not_found(what),
            LedgerError::Conflict(message) => Self::conflict(message),
            LedgerError::IdempotencyKeyReused => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::IdempotencyKeyReused,
                err.to_string(),
            ),
            LedgerError::Table(err) => err.into(),
        }
    }
}
