//! Failures of the ledger services and their HTTP form.

use axum::http::StatusCode;

use crate::http::{ApiError, ErrorCode, ErrorDetail};
use crate::ports::table::TableError;

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

/// Collects field errors and fails with all of them at once.
#[derive(Default)]
pub struct FieldErrors(Vec<ErrorDetail>);

impl FieldErrors {
    /// Keeps the value of a successful parse, records the message of a failed one.
    pub fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.0.push(ErrorDetail {
                    field: field.to_owned(),
                    message: err.to_string(),
                });
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// `Ok` when nothing failed.
    pub fn finish(self) -> Result<(), LedgerError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(LedgerError::Validation(self.0))
        }
    }
}
