//! Why a customer or group operation failed, and the HTTP answer for each reason.

use axum::http::StatusCode;

use ferrofin_platform::http::{ApiError, ErrorCode, ErrorDetail};
use ferrofin_platform::ports::table::TableError;

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

impl From<CustomerError> for ApiError {
    fn from(err: CustomerError) -> Self {
        let message = err.to_string();
        match err {
            CustomerError::NotFound => Self::not_found("customer"),
            CustomerError::GroupNotFound => Self::not_found("customer group"),
            CustomerError::NotMember => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
            }
            CustomerError::Invalid(details) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                message,
            )
            .with_details(details),
            CustomerError::Duplicate { field } => {
                Self::conflict(message).with_details(vec![ErrorDetail {
                    field: field.to_owned(),
                    message: "already used by another customer".to_owned(),
                }])
            }
            CustomerError::VersionMismatch { .. } => Self::new(
                StatusCode::PRECONDITION_FAILED,
                ErrorCode::PreconditionFailed,
                message,
            ),
            CustomerError::VersionRequired => Self::new(
                StatusCode::PRECONDITION_REQUIRED,
                ErrorCode::PreconditionRequired,
                message,
            ),
            CustomerError::Conflict(text) => Self::conflict(text),
            CustomerError::Table(err) => err.into(),
        }
    }
}
