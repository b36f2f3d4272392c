//! Failures of the identity services and how they read to a client. Messages never say whether an
//! account exists where that would let a caller probe for addresses.

use crate::users::UserStoreError;
use ferrofin_platform::fields::ErrorDetail;
use ferrofin_platform::ports::queue::QueueError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{ErrorCode, IntoProblem, Problem, ProblemKind};

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
    #[error("registration is closed")]
    RegistrationClosed,
    #[error("too many attempts")]
    RateLimited { retry_after_seconds: u64 },
    #[error("the link or token is invalid or has expired")]
    InvalidToken,
    #[error("the code is invalid or has expired")]
    InvalidCode,
    /// A signed-in user's current password, where a change needs it, was wrong: their session
    /// is fine, so this is a 403, not a 401.
    #[error("the current password is wrong")]
    ReauthenticationFailed,
    /// A signed-in user's one-time code was wrong (turning two-factor on or off): a 403.
    #[error("the code is wrong or has expired")]
    SecondFactorRefused,
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

impl IntoProblem for AuthError {
    fn into_problem(self) -> Problem {
        use ErrorCode as C;
        use ProblemKind as K;
        let message = self.to_string();
        match self {
            Self::InvalidCredentials => {
                Problem::new(K::Unauthenticated, C::InvalidCredentials, message)
            }
            Self::AccountLocked {
                retry_after_seconds,
            } => Problem::new(
                K::Locked,
                C::AccountLocked,
                "too many failed logins: the account is locked for a while",
            )
            .with_retry_after(retry_after_seconds),
            Self::AccountDisabled => Problem::new(K::Forbidden, C::AccountDisabled, message),
            Self::EmailNotVerified => Problem::new(K::Forbidden, C::EmailNotVerified, message),
            Self::RegistrationClosed => Problem::new(K::Forbidden, C::RegistrationClosed, message),
            Self::RateLimited {
                retry_after_seconds,
            } => Problem::new(
                K::RateLimited,
                C::RateLimited,
                "too many requests; try again later",
            )
            .with_retry_after(retry_after_seconds),
            Self::InvalidToken => Problem::new(K::BadRequest, C::InvalidToken, message),
            Self::InvalidCode => Problem::new(K::Unauthenticated, C::InvalidCode, message),
            Self::ReauthenticationFailed => {
                Problem::new(K::Forbidden, C::ReauthenticationFailed, message)
            }
            Self::SecondFactorRefused => Problem::new(K::Forbidden, C::InvalidCode, message),
            Self::InvalidRefreshToken => {
                Problem::new(K::Unauthenticated, C::InvalidRefreshToken, message)
            }
            Self::Validation(details) => Problem::invalid(details),
            Self::Conflict(text) => Problem::conflict(text),
            Self::EmailTaken => Problem::new(K::Conflict, C::EmailTaken, message),
            Self::NotFound => Problem::not_found("resource"),
            Self::Table(err) => err.into_problem(),
            Self::Queue(err) => err.into_problem(),
            Self::Internal(cause) => Problem::internal(&cause),
        }
    }
}
