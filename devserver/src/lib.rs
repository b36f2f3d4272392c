//! The devserver's application: every function's routes, mounted under the same paths as in
//! API Gateway, plus the local presigned-URL blob routes, under the standard middleware — the
//! same routers the Lambdas run, on the embedded adapters — and the workers, registered as
//! the consumers of the embedded queue.

use std::sync::Arc;

use axum::Router;
use ferrofin_fn_email_worker::EmailConsumer;
use ferrofin_fn_jobs_worker::JobsConsumer;
use ferrofin_platform::Embedded;
use ferrofin_platform::adapters::embedded::blob_routes;
use ferrofin_platform::http::with_standard_layers;
use ferrofin_platform::ports::queue::QueueName;

/// The whole API on the embedded services.
pub fn app(embedded: &Embedded) -> Router {
    let state = embedded.state();
    let http = state.http.clone();
    let routes = Router::new()
        .merge(ferrofin_fn_health::routes(state.clone()))
        .merge(ferrofin_fn_auth::routes(state.clone()))
        .merge(ferrofin_fn_users::routes(state.clone()))
        .merge(ferrofin_fn_admin::routes(state.clone()))
        .merge(ferrofin_fn_customers::routes(state.clone()))
        .merge(ferrofin_fn_accounts::routes(state.clone()))
        .merge(ferrofin_fn_transactions::routes(state.clone()))
        .merge(ferrofin_fn_budgets::routes(state.clone()))
        .merge(ferrofin_fn_wallet::routes(state))
        .merge(ferrofin_fn_docs::routes())
        .merge(blob_routes(embedded.blobs.clone()));
    with_standard_layers(routes, &http)
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
    let (events, table) = (embedded.events.clone(), state.table.clone());
    tokio::spawn(async move {
        if let Err(err) = events.resume(table.as_ref()).await {
            tracing::error!(error = %err, "could not resume the delivery of pending events");
        }
    });
    embedded.queue.register(
        QueueName::Email,
        Arc::new(EmailConsumer::new(&state, app_base_url)),
    );
    embedded
        .queue
        .register(QueueName::Jobs, Arc::new(JobsConsumer::new(&state)));
}
