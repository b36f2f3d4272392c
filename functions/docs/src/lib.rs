//! The docs function: serves the OpenAPI 3.1 document of the whole API at `/v1/openapi.json`.
//!
//! The document is generated from code: each function crate exposes `openapi()` (its paths and
//! schemas, from `#[utoipa::path]` annotations) and [`openapi_document`] merges them into the
//! shared base. A new function adds one line to `FUNCTION_DOCUMENTS` (in `document.rs`).
//!
//! Unlike the other groups the docs function needs no `AppState`, so it defines `routes()` and
//! `app(http)` itself instead of through `ferrofin_platform::endpoint_group!`.

mod document;

use axum::Router;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{HttpSettings, with_standard_layers};

pub use document::openapi_document;

fn api() -> ApiRouter<()> {
    document::routes()
}

/// The function's routes, without middleware (the devserver merges these).
pub fn routes() -> Router {
    api().into_router()
}

/// The routes under the standard middleware: what the Lambda runs.
pub fn app(http: &HttpSettings) -> Router {
    with_standard_layers(routes(), http)
}
