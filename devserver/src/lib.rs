//! The devserver's application: every function's routes, mounted under the same paths as in
//! API Gateway, plus the local presigned-URL blob routes, under the standard middleware — the
//! same routers the Lambdas run, on the embedded adapters.

use axum::Router;
use ferrofin::Embedded;
use ferrofin::adapters::embedded::blob_routes;
use ferrofin::http::with_standard_layers;

/// The whole API on the embedded services.
pub fn app(embedded: &Embedded) -> Router {
    let state = embedded.state();
    let http = state.http.clone();
    let routes = Router::new()
        .merge(ferrofin_health::routes(state))
        .merge(ferrofin_docs::routes())
        .merge(blob_routes(embedded.blobs.clone()));
    with_standard_layers(routes, &http)
}
