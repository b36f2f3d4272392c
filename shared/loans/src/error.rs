//! Why a lending operation failed, and how each reason reads to a client.

use ferrofin_customers::CustomerError;
use ferrofin_ledger::LedgerError;
use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{ErrorCode, IntoProblem, Problem, ProblemKind};
use ferrofin_risk_assessments::RiskAssessmentError;

#[derive(Debug, thiserror::Error)]
pub enum LoanError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("some fields are invalid")]
    Invalid(Vec<ErrorDetail>),
    /// The loan's or product's state does not allow it (an illegal transition).
    #[error("{0}")]
    Conflict(String),
    /// The caller may not take this decision (a level they do not hold, their own loan).
    #[error("{0}")]
    Forbidden(String),
    /// Saved by someone else meanwhile; retrying may succeed.
    #[error("the loan changed meanwhile; read it again")]
    Changed,
    #[error(transparent)]
    Customer(#[from] CustomerError),
    #[error(transparent)]
    Assessment(#[from] RiskAssessmentError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("the schedule cannot be stored: {0}")]
    Encode(#[from] serde_json::Error),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl From<Invalid> for LoanError {
    fn from(invalid: Invalid) -> Self {
        Self::Invalid(invalid.0)
    }
}

impl IntoProblem for LoanError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::NotFound(what) => Problem::not_found(what),
            Self::Invalid(details) => Problem::invalid(details),
            Self::Conflict(_) | Self::Changed => Problem::conflict(message),
            Self::Forbidden(_) => {
                Problem::new(ProblemKind::Forbidden, ErrorCode::Forbidden, message)
            }
            Self::Customer(err) => err.into_problem(),
            Self::Assessment(err) => err.into_problem(),
            Self::Ledger(err) => err.into_problem(),
            Self::Encode(err) => Problem::internal(&err),
            Self::Table(err) => err.into_problem(),
            Self::Queue(err) => err.into_problem(),
        }
    }
}
