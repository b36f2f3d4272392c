//! Lambda entry of the prices worker: SQS batches of `prices.refresh` and `prices.fetch`.

use std::sync::Arc;

use ferrofin_fn_prices_worker::{PricesConsumer, source_from_env};
use ferrofin_investments::RetryPolicy;
use ferrofin_platform::worker::run_sqs_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let source = source_from_env(|name| std::env::var(name).ok())?;
    let state = AppState::aws(&config).await;
    run_sqs_worker(Arc::new(PricesConsumer::new(
        &state,
        source,
        RetryPolicy::default(),
    )))
    .await
}
