//! The one error body of the API and the stable error codes.
//!
//! Every failure leaves a handler as an [`ApiError`]; the envelope middleware adds the request
//! id. Internal errors are logged once, here, and never echoed to the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::fields::ErrorDetail;
use crate::fields::Invalid;
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
    InvalidToken,
    InvalidRefreshToken,
    AccountLocked,
    AccountDisabled,
    EmailNotVerified,
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

impl ErrorCode {
    /// The code for a status produced outside our handlers (router fallback, tower layers).
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => Self::Unauthenticated,
            StatusCode::FORBIDDEN => Self::Forbidden,
            StatusCode::LOCKED => Self::AccountLocked,
            StatusCode::NOT_FOUND => Self::RouteNotFound,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::CONFLICT => Self::Conflict,
            StatusCode::PRECONDITION_FAILED => Self::PreconditionFailed,
            StatusCode::PRECONDITION_REQUIRED => Self::PreconditionRequired,
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => Self::ValidationFailed,
            StatusCode::TOO_MANY_REQUESTS => Self::RateLimited,
            StatusCode::SERVICE_UNAVAILABLE => Self::ServiceUnavailable,
            s if s.is_client_error() => Self::InvalidBody,
            _ => Self::Internal,
        }
    }
}

/// The `error` object of the error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorObject {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

/// The error body every endpoint returns. Its schema (`ToSchema`) is in [`super::openapi`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub error: ErrorObject,
    /// The id of the request, also in the `x-request-id` header; quote it to support.
    pub request_id: Option<String>,
}

/// A failure on its way to becoming an HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: ErrorObject,
    /// Seconds, for 429 and 503 (`Retry-After`).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            error: ErrorObject {
                code,
                message: message.into(),
                details: Vec::new(),
            },
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Vec<ErrorDetail>) -> Self {
        self.error.details = details;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::ServiceUnavailable,
            message,
        )
    }

    /// Logs the cause (once, here) and hides it from the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error; quote the request id to support",
        )
    }

    /// Logs an unreachable dependency and answers 503.
    pub fn dependency_unavailable(dependency: &str, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(dependency, error = %cause, "dependency unavailable");
        Self::unavailable(format!("{dependency} is unavailable; try again shortly"))
            .with_retry_after(5)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.error,
            request_id: None,
        };
        let mut response = (self.status, Json(body.clone())).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // The envelope middleware finds the body here and stamps the request id on it.
        response.extensions_mut().insert(body);
        response
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            "some fields are invalid",
        )
        .with_details(invalid.0)
    }
}

impl From<TableError> for ApiError {
    fn from(err: TableError) -> Self {
        match err {
            TableError::ConditionFailed { .. } => {
                Self::conflict("the resource changed or already exists")
            }
            TableError::Contention => {
                Self::conflict("the resource is being changed by another request; retry")
            }
            TableError::Unavailable(_) => Self::dependency_unavailable("table", &err),
            TableError::InvalidRequest(_) => Self::internal(&err),
        }
    }
}

impl From<BlobError> for ApiError {
    fn from(err: BlobError) -> Self {
        match err {
            BlobError::Unavailable(_) => Self::dependency_unavailable("blob store", &err),
            BlobError::InvalidRequest(_) => Self::internal(&err),
        }
    }
}

impl From<QueueError> for ApiError {
    fn from(err: QueueError) -> Self {
        match err {
            QueueError::Unavailable(_) => Self::dependency_unavailable("queue", &err),
            QueueError::Malformed(_) => Self::internal(&err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_stable_screaming_snake_case() {
        let json = serde_json::to_value(ErrorCode::MalformedJson).expect("json");
        assert_eq!(json, "MALFORMED_JSON");
    }

    #[test]
    fn a_failed_condition_is_a_conflict_not_a_500() {
        let err = ApiError::from(TableError::ConditionFailed { at: None });
        assert_eq!(err.status, StatusCode::CONFLICT);
    }

    #[test]
    fn an_internal_error_does_not_echo_its_cause() {
        let err = ApiError::internal(&"secret connection string");
        assert!(!err.error.message.contains("secret"));
    }
}
