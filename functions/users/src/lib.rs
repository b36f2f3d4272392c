//! The users function: `GET`, `PATCH` and `DELETE /v1/users/me` — the signed-in user's profile.
//! Changing the email address asks for it: the new address replaces the old one once the link
//! sent to it is used; deleting needs the password and ends every session.

mod me;

use ferrofin_platform::http::ApiRouter;

pub use me::{DeleteAccount, Profile, ProfilePatch};

fn api() -> ApiRouter {
    me::routes()
}

ferrofin_platform::endpoint_group!(api);
