//! The smallest hello-world Lambda on `lambda_runtime`: it answers any event with a tiny JSON value.
//!
//! It is the reference point of the cold-start benchmark (see BENCHMARKS.md): Ferrofin's functions
//! are judged by how close their init time and peak memory stay to this binary's. Keep it minimal —
//! no tracing subscriber, no clients — so it measures only the runtime itself.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

async fn hello(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(json!({ "message": "hello" }))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(hello)).await
}
