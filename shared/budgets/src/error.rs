//! Failures of the budgets and goals services and how they read to a client.

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

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

impl IntoProblem for BudgetError {
    fn into_problem(self) -> Problem {
        match self {
            Self::Validation(details) => Problem::invalid(details),
            Self::NotFound(what) => Problem::not_found(what),
            Self::Conflict(message) => Problem::conflict(message),
            Self::Table(err) => err.into_problem(),
        }
    }
}
