//! Lambda entry of the email worker: SQS batches of `email.send` envelopes, sent through SES.

use std::sync::Arc;

use ferrofin_fn_email_worker::{EmailConsumer, WorkerConfig};
use ferrofin_platform::worker::run_sqs_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let worker = WorkerConfig::from_env()?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(EmailConsumer::new(&state, worker.app_base_url))).await
}
