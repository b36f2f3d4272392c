//! Lambda entry of the assistant function: the settings are read (and checked) once, at start.

use std::sync::Arc;

use axum::Extension;
use ferrofin_assistant::AssistantSettings;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let settings = AssistantSettings::from_env()?;
    let state = AppState::aws(&config).await;
    let app = ferrofin_fn_assistant::app(state).layer(Extension(Arc::new(settings)));
    lambda_http::run(app).await
}
