//! Tracing setup: JSON lines for Lambda (CloudWatch), readable lines for the devserver.
//! The level comes from `RUST_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// JSON logs with the current span's fields (request id) on every line.
pub fn init_json() {
    // A second initialisation (tests, benches) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter())
        .with_current_span(true)
        .with_span_list(false)
        .flatten_event(true)
        .with_target(false)
        .try_init();
}

/// Human-readable logs for local development.
pub fn init_pretty() {
    let _ = tracing_subscriber::fmt()
        .compact()
        .with_env_filter(filter())
        .with_target(false)
        .try_init();
}
