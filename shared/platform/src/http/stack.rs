//! The middleware stack every function's router runs under, in Lambda, devserver and tests:
//! request id, tracing (with the X-Ray trace id in Lambda), request metrics, CORS, security
//! headers, the error envelope and the JSON body limit.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, Request, header};
use tower::ServiceBuilder;
use tower::util::MapRequestLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::envelope::error_envelope;
use super::request_id::{GatewayOrUlid, REQUEST_ID_HEADER, drop_client_request_id};
use super::request_metrics::record_request;

/// Largest JSON request body (API Gateway allows 10 MB; no Ferrofin request needs more than this).
pub const MAX_JSON_BODY_BYTES: usize = 1024 * 1024;

/// Settings of the stack.
#[derive(Clone, Debug, Default)]
pub struct HttpSettings {
    /// Origins allowed by CORS; empty allows none.
    pub cors_allowed_origins: Vec<HeaderValue>,
}

/// Wraps a router in the standard stack. The stack wraps the router once, as one service (the
/// router's own fallback and its 405s run under it too), instead of `Router::layer`, which
/// builds the stack again around every route and made init grow with the routes.
pub fn with_standard_layers(router: Router, settings: &HttpSettings) -> Router {
    let security_headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let stack = ServiceBuilder::new()
        .layer(MapRequestLayer::new(drop_client_request_id))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, GatewayOrUlid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(axum::middleware::from_fn(record_request))
        .layer(cors(settings))
        .layer(security_headers)
        .layer(axum::middleware::from_fn(error_envelope))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY_BYTES))
        .service(router);
    Router::new().fallback_service(stack)
}

fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id,
        trace_id = crate::telemetry::trace_id(),
    )
}

fn cors(settings: &HttpSettings) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(settings.cors_allowed_origins.clone()))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::IF_MATCH,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([REQUEST_ID_HEADER, header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}
