//! What every endpoint-group crate exposes, generated from its documented routes:
//! `routes(state)` (no middleware; the devserver merges these), `openapi()` (its paths for the
//! OpenAPI document) and `app(state)` (the routes under the standard stack: what the Lambda
//! runs). A group writes `fn api() -> OpenApiRouter<AppState>` and then `crate::endpoint_group!(api);`.

pub use axum::Router;
pub use utoipa::openapi::OpenApi;
pub use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// The group's routes with its state, without middleware.
pub fn routes(api: OpenApiRouter<AppState>, state: AppState) -> Router {
    api.split_for_parts().0.with_state(state)
}

/// The group's paths and schemas.
pub fn openapi(api: OpenApiRouter<AppState>) -> OpenApi {
    api.split_for_parts().1
}

/// The group's routes under the standard middleware stack.
pub fn app(api: OpenApiRouter<AppState>, state: AppState) -> Router {
    let http = state.http.clone();
    super::with_standard_layers(routes(api, state), &http)
}

/// Defines `routes`, `openapi` and `app` for an endpoint group from its `api` function.
#[macro_export]
macro_rules! endpoint_group {
    ($api:path) => {
        /// The function's routes, without middleware (the devserver merges these).
        pub fn routes(state: $crate::AppState) -> $crate::http::endpoints::Router {
            $crate::http::endpoints::routes($api(), state)
        }

        /// The function's paths for the OpenAPI document.
        pub fn openapi() -> $crate::http::endpoints::OpenApi {
            $crate::http::endpoints::openapi($api())
        }

        /// The routes under the standard middleware: what the Lambda runs.
        pub fn app(state: $crate::AppState) -> $crate::http::endpoints::Router {
            $crate::http::endpoints::app($api(), state)
        }
    };
}
