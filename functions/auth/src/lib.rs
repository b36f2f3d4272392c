//! The auth function: `/v1/auth/*` — registration and email verification, password, email-code
//! and TOTP sign-in, refresh-token rotation, sessions, and password change and reset.

mod account;
pub mod dto;
mod sign_in;

use axum::Router;
use ferrofin::AppState;
use ferrofin::http::with_standard_layers;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in::register))
        .routes(routes!(sign_in::verify_email))
        .routes(routes!(sign_in::resend_verification))
        .routes(routes!(sign_in::login))
        .routes(routes!(sign_in::request_login_code))
        .routes(routes!(sign_in::verify_login_code))
        .routes(routes!(sign_in::login_mfa))
        .routes(routes!(sign_in::refresh))
        .routes(routes!(account::logout))
        .routes(routes!(account::logout_all))
        .routes(routes!(account::list_sessions))
        .routes(routes!(account::revoke_session))
        .routes(routes!(account::change_password))
        .routes(routes!(account::forgot_password))
        .routes(routes!(account::verify_reset_token))
        .routes(routes!(account::reset_password))
        .routes(routes!(account::totp_setup))
        .routes(routes!(account::totp_enable))
        .routes(routes!(account::totp_disable))
}

/// The function's routes, without middleware (the devserver merges these).
pub fn routes(state: AppState) -> Router {
    api().split_for_parts().0.with_state(state)
}

/// The function's paths for the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().split_for_parts().1
}

/// The routes under the standard middleware: what the Lambda runs.
pub fn app(state: AppState) -> Router {
    let http = state.http.clone();
    with_standard_layers(routes(state), &http)
}
