//! The users function: `GET`, `PATCH` and `DELETE /v1/users/me` — the signed-in user's profile.
//! Changing the email address sends a verification link to the new address and marks it
//! unverified; deleting needs the password and ends every session.

mod me;

use ferrofin_platform::http::ApiRouter;

pub use me::{DeleteAccount, Profile, ProfilePatch};

fn api() -> ApiRouter {
    me::routes()
}

ferrofin_platform::endpoint_group!(api);
