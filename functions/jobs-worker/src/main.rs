//! Lambda entry of the jobs worker: SQS batches of job envelopes.

use std::sync::Arc;

use ferrofin::worker::run_sqs_worker;
use ferrofin::{AppState, config::Config, telemetry};
use ferrofin_jobs_worker::JobsConsumer;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(JobsConsumer::new(&state))).await
}
