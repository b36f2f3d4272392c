//! Lambda entry of the auth function. With `BOOTSTRAP_ADMIN_EMAIL` set, the first cold start
//! creates that admin (if missing) and emails them a password-reset link.

use ferrofin_identity::Identity;
use ferrofin_platform::{AppState, config::Config, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    let config = Config::from_env()?;
    let state = AppState::aws(&config).await;
    if let Some(email) = std::env::var("BOOTSTRAP_ADMIN_EMAIL")
        .ok()
        .filter(|email| !email.is_empty())
    {
        let created = Identity::new(&state)
            .bootstrap_admin_by_email(&email)
            .await
            .map_err(|err| err.to_string())?;
        tracing::info!(created, "admin bootstrap checked");
    }
    lambda_http::run(ferrofin_fn_auth::app(state)).await
}
