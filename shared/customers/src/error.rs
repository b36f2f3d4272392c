//! Why a customer or group operation failed, and how each reason reads to a client.

use ferrofin_platform::fields::ErrorDetail;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{ErrorCode, IntoProblem, Problem, ProblemKind};

/// Failures of the customer services.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CustomerError {
    #[error("customer not found")]
    NotFound,
    #[error("customer group not found")]
    GroupNotFound,
    #[error("the customer is not a member of the group")]
    NotMember,
    #[error("some fields are invalid")]
    Invalid(Vec<ErrorDetail>),
    /// Another customer already has this value of a unique field.
    #[error("another customer already has this {field}")]
    Duplicate { field: &'static str },
    /// `If-Match` named a version that is not the current one.
    #[error("the customer has changed since version {expected}")]
    VersionMismatch { expected: u64 },
    /// A write needs `If-Match` and came without it.
    #[error("If-Match with the current version is required")]
    VersionRequired,
    /// The object changed while this request was changing it; retrying may succeed.
    #[error("{0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Table(#[from] TableError),
}

impl CustomerError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl IntoProblem for CustomerError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::NotFound => Problem::not_found("customer"),
            Self::GroupNotFound => Problem::not_found("customer group"),
            Self::NotMember => Problem::new(ProblemKind::NotFound, ErrorCode::NotFound, message),
            Self::Invalid(details) => Problem::invalid(details).with_message(message),
            Self::Duplicate { field } => {
                Problem::conflict(message).with_details(vec![ErrorDetail {
                    field: field.to_owned(),
                    message: "already used by another customer".to_owned(),
                }])
            }
            Self::VersionMismatch { .. } => Problem::new(
                ProblemKind::PreconditionFailed,
                ErrorCode::PreconditionFailed,
                message,
            ),
            Self::VersionRequired => Problem::new(
                ProblemKind::PreconditionRequired,
                ErrorCode::PreconditionRequired,
                message,
            ),
            Self::Conflict(text) => Problem::conflict(text),
            Self::Table(err) => err.into_problem(),
        }
    }
}
