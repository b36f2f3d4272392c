//! The auth function: `/v1/auth/*` — registration and email verification, password, email-code
//! and TOTP sign-in, refresh-token rotation, sessions, password change and reset, and the links
//! that confirm or undo an email change.

mod email_change;
mod mfa;
mod passwords;
mod sessions;
mod shared_dto;
mod sign_in;
mod sign_in_dto;

use ferrofin_platform::http::ApiRouter;

fn api() -> ApiRouter {
    sign_in::routes()
        .merge(sessions::routes())
        .merge(passwords::routes())
        .merge(mfa::routes())
        .merge(email_change::routes())
}

ferrofin_platform::endpoint_group!(api);
