//! The devserver's application: every function's routes, mounted under the same paths as in
//! API Gateway, plus the local presigned-URL blob routes, under the standard middleware — the
//! same routers the Lambdas run, on the embedded adapters — and the workers, registered as
//! the consumers of the embedded queue, with their schedules on timers ([`scheduled`]).

pub mod scheduled;

use std::sync::Arc;

use axum::Router;
use ferrofin_fn_email_worker::EmailConsumer;
use ferrofin_fn_import_worker::ImportConsumer;
use ferrofin_fn_jobs_worker::JobsConsumer;
use ferrofin_fn_prices_worker::PricesConsumer;
use ferrofin_fn_risk_worker::RiskConsumer;
use ferrofin_investments::{PriceSource, RetryPolicy};
use ferrofin_platform::adapters::embedded::blob_routes;
use ferrofin_platform::http::endpoints::OpenApi;
use ferrofin_platform::http::with_standard_layers;
use ferrofin_platform::ports::queue::QueueName;
use ferrofin_platform::{AppState, Embedded};

/// A function crate that serves HTTP, as the devserver mounts it.
#[derive(Clone, Copy, Debug)]
pub struct EndpointGroup {
    /// The crate's folder under `functions/`, which is also its Lambda binary
    /// (`Metadata.BuildProperties.Binary` in template.yaml) and its folder under `events/`.
    pub name: &'static str,
    /// Its routes without middleware (what the devserver merges).
    pub routes: fn(AppState) -> Router,
    /// Its routes under the standard stack (what its Lambda runs).
    pub app: fn(AppState) -> Router,
    /// Its paths for the OpenAPI document.
    pub openapi: fn() -> OpenApi,
}

/// The entry of a crate made with `ferrofin_platform::endpoint_group!`.
macro_rules! group {
    ($name:literal, $krate:ident) => {
        EndpointGroup {
            name: $name,
            routes: $krate::routes,
            app: $krate::app,
            openapi: $krate::openapi,
        }
    };
}

/// Every function that serves HTTP: the one list the devserver mounts and the route-drift tests
/// compare with template.yaml and events/. A new function adds one line here.
const ENDPOINT_GROUPS: &[EndpointGroup] = &[
    group!("health", ferrofin_fn_health),
    group!("auth", ferrofin_fn_auth),
    group!("users", ferrofin_fn_users),
    group!("admin", ferrofin_fn_admin),
    group!("customers", ferrofin_fn_customers),
    group!("accounts", ferrofin_fn_accounts),
    group!("transactions", ferrofin_fn_transactions),
    group!("budgets", ferrofin_fn_budgets),
    group!("wallet", ferrofin_fn_wallet),
    group!("files", ferrofin_fn_files),
    group!("imports", ferrofin_fn_imports),
    group!("risk", ferrofin_fn_risk),
    group!("loans", ferrofin_fn_loans),
    group!("notifications", ferrofin_fn_notifications),
    group!("gamification", ferrofin_fn_gamification),
    group!("investments", ferrofin_fn_investments),
    group!("assistant", ferrofin_fn_assistant),
    EndpointGroup {
        name: "docs",
        routes: docs_routes,
        app: docs_app,
        openapi: docs_openapi,
    },
];

/// Every function that serves HTTP, in the order the devserver mounts them.
pub fn endpoint_groups() -> &'static [EndpointGroup] {
    ENDPOINT_GROUPS
}

fn docs_routes(_: AppState) -> Router {
    ferrofin_fn_docs::routes()
}

fn docs_app(state: AppState) -> Router {
    ferrofin_fn_docs::app(&state.http)
}

/// The docs function's own paths. `ferrofin_fn_docs` exposes only the combined document, so these
/// are its paths that no other group documents.
fn docs_openapi() -> OpenApi {
    let others: Vec<OpenApi> = ENDPOINT_GROUPS
        .iter()
        .filter(|group| group.name != "docs")
        .map(|group| (group.openapi)())
        .collect();
    let mut document = ferrofin_fn_docs::openapi_document();
    document.paths.paths.retain(|path, _| {
        !others
            .iter()
            .any(|other| other.paths.paths.contains_key(path))
    });
    document
}

/// The whole API on the embedded services.
pub fn app(embedded: &Embedded) -> Router {
    with_standard_layers(routes(embedded), &embedded.state().http)
}

/// Every route of the API and the local blob store, without the middleware stack.
pub fn routes(embedded: &Embedded) -> Router {
    let state = embedded.state();
    ENDPOINT_GROUPS
        .iter()
        .fold(Router::new(), |router, group| {
            router.merge((group.routes)(state.clone()))
        })
        .merge(blob_routes(embedded.blobs.clone()))
}

/// Registers every worker on the embedded queue, as the SQS event sources do in AWS, and every
/// event subscriber on the embedded event delivery, as the stream mapping does; then delivers
/// the events an earlier run committed but did not deliver. Links in emails start with
/// `app_base_url` (the local web app).
pub fn register_workers(embedded: &Embedded, app_base_url: &str) {
    let state = embedded.state();
    embedded
        .events
        .start(ferrofin_fn_events_worker::dispatcher(&state));
    embedded.events.resume_in_background(state.table.clone());
    embedded.queue.register(
        QueueName::Email,
        Arc::new(EmailConsumer::new(&state, app_base_url)),
    );
    embedded
        .queue
        .register(QueueName::Jobs, Arc::new(JobsConsumer::new(&state)));
    embedded
        .queue
        .register(QueueName::Imports, Arc::new(ImportConsumer::new(&state)));
    embedded
        .queue
        .register(QueueName::Risk, Arc::new(RiskConsumer::new(&state)));
}

/// Registers the prices worker on the embedded queue, reading daily values from `source` (the
/// devserver's price file, or a test's), and retrying a failing source at once.
pub fn register_prices_worker(embedded: &Embedded, source: Arc<dyn PriceSource>) {
    let retry = RetryPolicy {
        attempts: 3,
        first_delay: std::time::Duration::ZERO,
    };
    embedded.queue.register(
        QueueName::Prices,
        Arc::new(PricesConsumer::new(&embedded.state(), source, retry)),
    );
}
