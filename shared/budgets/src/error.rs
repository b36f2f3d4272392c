//! Failures of the budgets and goals services and their HTTP form.

use axum::http::StatusCode;

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::http::{ApiError, ErrorCode};
use ferrofin_platform::ports::table::TableError;

/// Why a budgets or goals operation failed.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error("invalid input")]
    Validation(Vec<ErrorDetail>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
    #[error("table: {0}")]
    Table(#[from] TableError),
}

impl BudgetError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Invalid::field(field, message).into()
    }
}

impl From<Invalid> for BudgetError {
    fn from(invalid: Invalid) -> Self {
        Self::Validation(invalid.0)
    }
}

impl From<BudgetError> for ApiError {
    fn from(err: BudgetError) -> Self {
        match err {
            BudgetError::Validation(details) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                "some fields are invalid",
            )
            .with_details(details),
            BudgetError::NotFound(what) => Self::not_found(what),
            BudgetError::Conflict(message) => Self::conflict(message),
            BudgetError::Table(err) => err.into(),
        }
    }
}
