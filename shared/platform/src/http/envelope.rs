//! Middleware that gives every error response the standard body with the request id: errors
//! from handlers get the id stamped in, bare errors from the router or tower layers (404, 405,
//! 413, ...) are rewritten into the standard body.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error::{ErrorBody, ErrorObject, code_for_status};
use super::request_id::REQUEST_ID_HEADER;

pub async fn error_envelope(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut response = next.run(request).await;
    let status = response.status();
    let body = match response.extensions_mut().remove::<ErrorBody>() {
        Some(body) => body,
        None if is_bare_error(&response) => ErrorBody {
            error: ErrorObject {
                code: code_for_status(status),
                message: default_message(status),
                details: Vec::new(),
            },
            request_id: None,
        },
        None => return response,
    };
    let body = ErrorBody { request_id, ..body };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    *response.body_mut() = Body::from(bytes);
    response
}

/// An error response that did not come from our handlers (no JSON body).
fn is_bare_error(response: &Response) -> bool {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    (response.status().is_client_error() || response.status().is_server_error()) && !is_json
}

fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "no route matches this path".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "this method is not allowed on this path".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".to_owned(),
        other => other.canonical_reason().unwrap_or("error").to_lowercase(),
    }
}
