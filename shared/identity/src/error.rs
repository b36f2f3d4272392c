//! Failures of the identity services and their HTTP form. Messages never say whether an
//! account exists where that would let a caller probe for addresses.

use axum::http::StatusCode;

use crate::users::UserStoreError;
use ferrofin_platform::http::{ApiError, ErrorCode, ErrorDetail};
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;

/// Why an identity operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("the account is locked")]
    AccountLocked { retry_after_seconds: u64 },
    #[error("the account is disabled")]
    AccountDisabled,
    #[error("the email address is not verified")]
    EmailNotVerified,
    #[error("too many attempts")]
    RateLimited { retry_after_seconds: u64 },
    #[error("the link or token is invalid or has expired")]
    InvalidToken,
    #[error("the code is invalid or has expired")]
    InvalidCode,
    #[error("the refresh token is invalid")]
    InvalidRefreshToken,
    #[error("invalid input")]
    Validation(Vec<ErrorDetail>),
    #[error("{0}")]
    Conflict(&'static str),
    #[error("the email address is already in use")]
    EmailTaken,
    #[error("not found")]
    NotFound,
    #[error("table: {0}")]
    Table(#[from] TableError),
    #[error("queue: {0}")]
    Queue(#[from] QueueError),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<UserStoreError> for AuthError {
    fn from(err: UserStoreError) -> Self {
        match err {
            UserStoreError::EmailTaken => Self::EmailTaken,
            UserStoreError::Stale => {
                Self::Conflict("the account changed at the same time; try again")
            }
            UserStoreError::Table(err) => Self::Table(err),
        }
    }
}

impl AuthError {
    /// A 422 for one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        use ErrorCode as C;
        let message = err.to_string();
        match err {
            AuthError::InvalidCredentials => {
                Self::new(StatusCode::UNAUTHORIZED, C::InvalidCredentials, message)
            }
            AuthError::AccountLocked {
                retry_after_seconds,
            } => Self::new(
                StatusCode::LOCKED,
                C::AccountLocked,
                "too many failed logins: the account is locked for a while",
            )
            .with_retry_after(retry_after_seconds),
            AuthError::AccountDisabled => {
                Self::new(StatusCode::FORBIDDEN, C::AccountDisabled, message)
            }
            AuthError::EmailNotVerified => {
                Self::new(StatusCode::FORBIDDEN, C::EmailNotVerified, message)
            }
            AuthError::RateLimited {
                retry_after_seconds,
            } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                C::RateLimited,
                "too many requests; try again later",
            )
            .with_retry_after(retry_after_seconds),
            AuthError::InvalidToken => Self::new(StatusCode::BAD_REQUEST, C::InvalidToken, message),
            AuthError::InvalidCode => Self::new(StatusCode::UNAUTHORIZED, C::InvalidCode, message),
            AuthError::InvalidRefreshToken => {
                Self::new(StatusCode::UNAUTHORIZED, C::InvalidRefreshToken, message)
            }
            AuthError::Validation(details) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                C::ValidationFailed,
                "some fields are invalid",
            )
            .with_details(details),
            AuthError::Conflict(text) => Self::conflict(text),
            AuthError::EmailTaken => Self::new(StatusCode::CONFLICT, C::EmailTaken, message),
            AuthError::NotFound => Self::not_found("resource"),
            AuthError::Table(err) => err.into(),
            AuthError::Queue(err) => err.into(),
            AuthError::Internal(cause) => Self::internal(&cause),
        }
    }
}
