//! Lambda entry of the import worker: SQS batches of `import.run` envelopes.

use std::sync::Arc;

use ferrofin_fn_import_worker::ImportConsumer;
use ferrofin_platform::worker::run_sqs_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(ImportConsumer::new(&state))).await
}
