//! Lambda entry of the jobs worker: SQS batches of job envelopes.

use std::sync::Arc;

use ferrofin_fn_jobs_worker::JobsConsumer;
use ferrofin_platform::worker::run_sqs_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(JobsConsumer::new(&state))).await
}
