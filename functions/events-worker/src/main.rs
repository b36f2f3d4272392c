//! Lambda entry of the events worker: DynamoDB stream batches of outbox items.

use ferrofin_fn_events_worker::dispatcher;
use ferrofin_platform::events::stream::run_stream_worker;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    run_stream_worker(dispatcher(&state)).await
}
