//! How a failure reads to a client, without HTTP: a domain error says what went wrong as a
//! [`Problem`] (a kind, a stable code, a message, the invalid fields) through [`IntoProblem`];
//! the HTTP kit turns the kind into a status code. Domain crates therefore never import HTTP
//! types, and one place decides which kind is which status.

use serde::Serialize;
use utoipa::ToSchema;

use crate::fields::{ErrorDetail, Invalid};
use crate::ports::blobs::BlobError;
use crate::ports::queue::QueueError;
use crate::ports::table::TableError;

/// Stable, machine-readable error codes, grouped by family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // authentication and authorisation
    Unauthenticated,
    Forbidden,
    InvalidCredentials,
    InvalidCode,
    /// A signed-in user's current password was wrong where a change needs it.
    ReauthenticationFailed,
    InvalidToken,
    InvalidRefreshToken,
    AccountLocked,
    AccountDisabled,
    EmailNotVerified,
    /// Registration is turned off (the `registration.open` setting).
    RegistrationClosed,
    // request shape and validation
    MalformedJson,
    InvalidBody,
    InvalidQuery,
    InvalidPath,
    InvalidCursor,
    UnsupportedMediaType,
    PayloadTooLarge,
    ValidationFailed,
    // resources
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    // conflicts
    Conflict,
    EmailTaken,
    IdempotencyKeyReused,
    PreconditionFailed,
    PreconditionRequired,
    // rate limiting
    RateLimited,
    // internal
    Internal,
    ServiceUnavailable,
}

/// What kind of failure a problem is; each kind is one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The request is malformed (400).
    BadRequest,
    /// No valid credentials (401).
    Unauthenticated,
    /// Authenticated but not allowed (403).
    Forbidden,
    /// Missing, or not the caller's (404).
    NotFound,
    /// The state does not allow it now (409).
    Conflict,
    /// The caller's `If-Match` version is stale (412).
    PreconditionFailed,
    /// The change needs an `If-Match` version (428).
    PreconditionRequired,
    /// The account is locked for a while (423).
    Locked,
    /// Well-formed but invalid values (422, with the fields).
    Invalid,
    /// Too many requests (429, with a retry delay).
    RateLimited,
    /// A dependency is unavailable (503, with a retry delay).
    Unavailable,
    /// A bug or an unexpected failure (500; the cause is logged, never shown).
    Internal,
}

/// A failure as the client will read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub code: ErrorCode,
    pub message: String,
    pub details: Vec<ErrorDetail>,
    /// Seconds, for rate limits, locks and unavailable dependencies.
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(kind: ProblemKind, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            kind,
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Vec<ErrorDetail>) -> Self {
        self.details = details;
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            ProblemKind::NotFound,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ProblemKind::Conflict, ErrorCode::Conflict, message)
    }

    /// An `Idempotency-Key` sent again with another request (409 `IDEMPOTENCY_KEY_REUSED`).
    pub fn idempotency_key_reused(message: impl Into<String>) -> Self {
        Self::new(
            ProblemKind::Conflict,
            ErrorCode::IdempotencyKeyReused,
            message,
        )
    }

    /// Invalid fields (422 with the details).
    pub fn invalid(details: Vec<ErrorDetail>) -> Self {
        Self::new(
            ProblemKind::Invalid,
            ErrorCode::ValidationFailed,
            "some fields are invalid",
        )
        .with_details(details)
    }

    /// Logs the cause (once, here) and hides it from the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ProblemKind::Internal,
            ErrorCode::Internal,
            "internal error; quote the request id to support",
        )
    }

    /// Logs an unreachable dependency; the client may retry shortly.
    pub fn dependency_unavailable(dependency: &str, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(dependency, error = %cause, "dependency unavailable");
        Self::new(
            ProblemKind::Unavailable,
            ErrorCode::ServiceUnavailable,
            format!("{dependency} is unavailable; try again shortly"),
        )
        .with_retry_after(5)
    }
}

/// A failure that knows how it reads to a client.
pub trait IntoProblem {
    fn into_problem(self) -> Problem;
}

impl IntoProblem for Problem {
    fn into_problem(self) -> Problem {
        self
    }
}

impl IntoProblem for Invalid {
    fn into_problem(self) -> Problem {
        Problem::invalid(self.0)
    }
}

impl IntoProblem for TableError {
    fn into_problem(self) -> Problem {
        match self {
            Self::ConditionFailed { .. } => {
                Problem::conflict("the resource changed or already exists")
            }
            Self::Contention => {
                Problem::conflict("the resource is being changed by another request; retry")
            }
            Self::Unavailable(_) => Problem::dependency_unavailable("table", &self),
            Self::InvalidRequest(_) => Problem::internal(&self),
        }
    }
}

impl IntoProblem for BlobError {
    fn into_problem(self) -> Problem {
        match self {
            Self::Unavailable(_) => Problem::dependency_unavailable("blob store", &self),
            Self::InvalidRequest(_) => Problem::internal(&self),
        }
    }
}

impl IntoProblem for QueueError {
    fn into_problem(self) -> Problem {
        match self {
            Self::Unavailable(_) => Problem::dependency_unavailable("queue", &self),
            Self::Malformed(_) => Problem::internal(&self),
        }
    }
}
