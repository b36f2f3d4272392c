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
pub use crate::problem::ErrorCode;
use crate::problem::{IntoProblem, Problem, ProblemKind};

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
        Problem::not_found(what).into()
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Problem::conflict(message).into()
    }

    /// Logs the cause (once, here) and hides it from the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        Problem::internal(cause).into()
    }

    /// Logs an unreachable dependency and answers 503.
    pub fn dependency_unavailable(dependency: &str, cause: &dyn std::fmt::Display) -> Self {
        Problem::dependency_unavailable(dependency, cause).into()
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

impl<E: IntoProblem> From<E> for ApiError {
    fn from(err: E) -> Self {
        let problem = err.into_problem();
        Self {
            status: status_of(problem.kind),
            error: ErrorObject {
                code: problem.code,
                message: problem.message,
                details: problem.details,
            },
            retry_after: problem.retry_after,
        }
    }
}

/// The status of each kind of problem.
fn status_of(kind: ProblemKind) -> StatusCode {
    match kind {
        ProblemKind::BadRequest => StatusCode::BAD_REQUEST,
        ProblemKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ProblemKind::Forbidden => StatusCode::FORBIDDEN,
        ProblemKind::NotFound => StatusCode::NOT_FOUND,
        ProblemKind::Conflict => StatusCode::CONFLICT,
        ProblemKind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        ProblemKind::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
        ProblemKind::Locked => StatusCode::LOCKED,
        ProblemKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ProblemKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ProblemKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code for a status produced outside our handlers (router fallback, tower layers).
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::LOCKED => ErrorCode::AccountLocked,
        StatusCode::NOT_FOUND => ErrorCode::RouteNotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::PRECONDITION_FAILED => ErrorCode::PreconditionFailed,
        StatusCode::PRECONDITION_REQUIRED => ErrorCode::PreconditionRequired,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::ServiceUnavailable,
        s if s.is_client_error() => ErrorCode::InvalidBody,
        _ => ErrorCode::Internal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::table::TableError;

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
