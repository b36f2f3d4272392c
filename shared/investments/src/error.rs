//! Failures of the investments service and how they read to a client: bad input and activities
//! the ledger refuses are 422s naming the field or the activity, a missing object (also another
//! user's) is a 404, a portfolio that cannot be valued yet (no FX rate) is a 409.

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

/// Why an investments operation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvestmentError {
    #[error("invalid input")]
    Validation(Vec<ErrorDetail>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("table: {0}")]
    Table(#[from] TableError),
    /// A queue the operation needs did not take its message (worth retrying).
    #[error("queue: {0}")]
    Queue(#[from] QueueError),
}

impl InvestmentError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Invalid::field(field, message).into()
    }
}

impl From<Invalid> for InvestmentError {
    fn from(invalid: Invalid) -> Self {
        Self::Validation(invalid.0)
    }
}

impl IntoProblem for InvestmentError {
    fn into_problem(self) -> Problem {
        match self {
            Self::Validation(details) => Problem::invalid(details),
            Self::NotFound(what) => Problem::not_found(what),
            Self::Conflict(message) => Problem::conflict(message),
            Self::Table(err) => err.into_problem(),
            Self::Queue(err) => err.into_problem(),
        }
    }
}
