//! Lambda entry of the risk worker: SQS batches of `risk.assess` envelopes.

use std::sync::Arc;

use ferrofin_fn_risk_worker::RiskConsumer;
use ferrofin_platform::worker::run_sqs_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(RiskConsumer::new(&state))).await
}
