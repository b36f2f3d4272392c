//! Request ids: API Gateway's own id when running in Lambda (so our logs and API Gateway's
//! access logs agree), a new ULID elsewhere. A client-sent `x-request-id` is never trusted.

use axum::http::{HeaderName, Request};
use lambda_http::request::RequestContext;
use tower_http::request_id::{MakeRequestId, RequestId};

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Makes the request id of a request.
#[derive(Clone, Copy, Debug, Default)]
pub struct GatewayOrUlid;

impl MakeRequestId for GatewayOrUlid {
    fn make_request_id<B>(&mut self, request: &Request<B>) -> Option<RequestId> {
        let gateway_id = match request.extensions().get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.request_id.clone(),
            _ => None,
        };
        let id = gateway_id.unwrap_or_else(|| ulid::Ulid::new().to_string());
        id.parse().ok().map(RequestId::new)
    }
}

/// Drops a client-sent request id so the server always assigns its own.
pub fn drop_client_request_id<B>(mut request: Request<B>) -> Request<B> {
    request.headers_mut().remove(REQUEST_ID_HEADER);
    request
}
