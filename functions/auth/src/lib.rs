//! The auth function: `/v1/auth/*` — registration and email verification, password, email-code
//! and TOTP sign-in, refresh-token rotation, sessions, and password change and reset.

mod account;
pub mod dto;
mod sign_in;

use ferrofin_platform::AppState;
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

ferrofin_platform::endpoint_group!(api);
