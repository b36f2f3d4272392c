//! Lambda entry of the docs function (no AWS service needed).

use ferrofin_platform::{config::http_settings_from_env, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    let http = http_settings_from_env()?;
    lambda_http::run(ferrofin_fn_docs::app(&http)).await
}
