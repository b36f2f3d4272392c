//! Request metrics: every response is counted by route and status class with its latency
//! ([`crate::metrics`]). The routes label their responses with the route they matched
//! ([`label_route`], a route layer of every group); the stack records them ([`record_request`]),
//! so a request no route matched counts as `unmatched`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::{self, Unit};

/// The route a response came from: method and path template.
#[derive(Clone, Debug)]
struct MatchedRoute(String);

/// Labels a matched route's response with its method and path template.
pub async fn label_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| format!("{} {}", request.method(), path.as_str()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(MatchedRoute(route));
    }
    response
}

/// Records the request's route, status class and latency.
pub async fn record_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<MatchedRoute>()
        .map_or("unmatched", |route| route.0.as_str());
    let class = format!("{}xx", response.status().as_u16() / 100);
    let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
    metrics::record(
        &[("Route", route), ("StatusClass", &class)],
        &[
            ("Requests", Unit::Count, 1.0),
            ("Latency", Unit::Microseconds, f64::from(micros)),
        ],
    );
    response
}
