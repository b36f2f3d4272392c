//! The devserver's application: every function's routes, mounted under the same paths as in
//! API Gateway, plus the local presigned-URL blob routes, under the standard middleware — the
//! same routers the Lambdas run, on the embedded adapters — and the workers, registered as
//! the consumers of the embedded queue.

use std::sync::Arc;

use axum::Router;
use ferrofin::Embedded;
use ferrofin::adapters::embedded::blob_routes;
use ferrofin::http::with_standard_layers;
use ferrofin::ports::queue::QueueName;
use ferrofin_email_worker::EmailConsumer;
use ferrofin_jobs_worker::JobsConsumer;

/// The whole API on the embedded services.
pub fn app(embedded: &Embedded) -> Router {
    let state = embedded.state();
    let http = state.http.clone();
    let routes = Router::new()
        .merge(ferrofin_health::routes(state.clone()))
        .merge(ferrofin_auth::routes(state.clone()))
        .merge(ferrofin_users::routes(state.clone()))
        .merge(ferrofin_admin::routes(state.clone()))
        .merge(ferrofin_customers::routes(state.clone()))
        .merge(ferrofin_accounts::routes(state.clone()))
        .merge(ferrofin_transactions::routes(state.clone()))
        .merge(ferrofin_budgets::routes(state.clone()))
        .merge(ferrofin_wallet::routes(state))
        .merge(ferrofin_docs::routes())
        .merge(blob_routes(embedded.blobs.clone()));
    with_standard_layers(routes, &http)
}

/// Registers every worker on the embedded queue, as the SQS event sources do in AWS. Links in
/// emails start with `app_base_url` (the local web app).
pub fn register_workers(embedded: &Embedded, app_base_url: &str) {
    let state = embedded.state();
    embedded.queue.register(
        QueueName::Email,
        Arc::new(EmailConsumer::new(&state, app_base_url)),
    );
    embedded
        .queue
        .register(QueueName::Jobs, Arc::new(JobsConsumer::new(&state)));
}
