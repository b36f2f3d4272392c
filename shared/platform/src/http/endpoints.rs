//! What every endpoint-group crate exposes, generated from its documented routes:
//! `routes(state)` (no middleware; the devserver merges these), `openapi()` (its paths for the
//! OpenAPI document) and `app(state)` (the routes under the standard stack: what the Lambda
//! runs). A group writes `fn api() -> ApiRouter` and then `crate::endpoint_group!(api);`; each
//! resource module's `routes()` lists its handlers with [`routes!`](crate::routes).
//!
//! A Lambda never serves the document, so its routes are registered from each handler's path and
//! methods alone, and the operations and schemas (most of the work of documenting a route) are
//! built only when [`ApiRouter::openapi`] is asked for: by the docs function, the devserver and
//! the tests. Building them at start-up, as utoipa-axum's router does, made a function's cold
//! start grow with its number of routes.

use axum::handler::Handler;
use axum::routing::MethodRouter;
use utoipa_axum::PathItemExt;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

pub use axum::Router;
pub use utoipa::openapi::OpenApi;

use crate::AppState;

/// The handlers of one [`routes!`](crate::routes) call: how to mount them, and how to document
/// them (utoipa-axum's route list, built on demand).
pub struct Routes<S> {
    mount: fn(Router<S>) -> Router<S>,
    document: fn() -> UtoipaMethodRouter<S>,
}

impl<S> Routes<S> {
    #[doc(hidden)]
    pub const fn new(
        mount: fn(Router<S>) -> Router<S>,
        document: fn() -> UtoipaMethodRouter<S>,
    ) -> Self {
        Self { mount, document }
    }
}

/// An endpoint group's routes, documented: an axum router on demand ([`ApiRouter::into_router`])
/// and the group's OpenAPI paths on demand ([`ApiRouter::openapi`]).
pub struct ApiRouter<S = AppState> {
    routes: Vec<Routes<S>>,
}

impl<S> Default for ApiRouter<S> {
    fn default() -> Self {
        Self { routes: Vec::new() }
    }
}

impl<S: Clone + Send + Sync + 'static> ApiRouter<S> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the handlers of one `routes!` call.
    #[must_use]
    pub fn routes(mut self, routes: Routes<S>) -> Self {
        self.routes.push(routes);
        self
    }

    /// Adds every route of `other`.
    #[must_use]
    pub fn merge(mut self, other: Self) -> Self {
        self.routes.extend(other.routes);
        self
    }

    /// The axum router of every route (no operation or schema is built).
    pub fn into_router(self) -> Router<S> {
        self.routes
            .iter()
            .fold(Router::new(), |router, routes| (routes.mount)(router))
    }

    /// The group's paths and the schemas they refer to, each operation with the error responses
    /// the shared edge gives it, and views that flatten a request type open to their own fields.
    pub fn openapi(&self) -> OpenApi {
        let mut document = self
            .routes
            .iter()
            .fold(OpenApiRouter::new(), |api, routes| {
                api.routes((routes.document)())
            })
            .into_openapi();
        super::edge_responses::document_edge_responses(&mut document);
        super::flattened_schemas::open_flattened_members(&mut document);
        document
    }
}

/// Mounts `handler` on `router` at the path and for the methods of its `#[utoipa::path]`
/// (`Documented` is the `__path_<handler>` type utoipa generates beside it).
#[doc(hidden)]
pub fn mount<Documented, H, T, S>(router: Router<S>, handler: H) -> Router<S>
where
    Documented: utoipa::Path,
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let methods = Documented::methods()
        .iter()
        .fold(MethodRouter::new(), |methods, method| {
            methods.on(method.to_method_filter(), handler.clone())
        });
    let path = Documented::path();
    router.route(if path.is_empty() { "/" } else { &path }, methods)
}

/// The handlers of one resource path, each annotated with `#[utoipa::path]`:
/// `ApiRouter::new().routes(routes!(list, create))`. Use it as utoipa-axum's `routes!`; the
/// difference is that the handlers' operations are only built for the OpenAPI document.
#[macro_export]
macro_rules! routes {
    ($($handler:ident),+ $(,)?) => {
        $crate::http::endpoints::Routes::new(
            |router| {
                $(
                    let router = $crate::http::endpoints::__private::paste! {
                        $crate::http::endpoints::mount::<[<__path_ $handler>], _, _, _>(router, $handler)
                    };
                )+
                router
            },
            || $crate::http::endpoints::__private::utoipa_axum::routes!($($handler),+),
        )
    };
}

#[doc(hidden)]
pub mod __private {
    pub use paste::paste;
    pub use utoipa_axum;
}

/// The group's routes with its state, without the stack (each response labelled with its route
/// for the request metrics).
pub fn routes(api: ApiRouter, state: AppState) -> Router {
    api.into_router()
        .route_layer(axum::middleware::from_fn(
            super::request_metrics::label_route,
        ))
        .with_state(state)
}

/// The group's routes under the standard middleware stack.
pub fn app(api: ApiRouter, state: AppState) -> Router {
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
            $api().openapi()
        }

        /// The routes under the standard middleware: what the Lambda runs.
        pub fn app(state: $crate::AppState) -> $crate::http::endpoints::Router {
            $crate::http::endpoints::app($api(), state)
        }
    };
}
