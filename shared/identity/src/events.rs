//! Identity's domain events: a user registered, a user signed in. Each is written to the outbox
//! in the transaction that stores the user or the session.

use serde::{Deserialize, Serialize};

use crate::ids::SessionId;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::queue::Message;

use crate::roles::Role;

/// `user.registered`: a user account was created (by sign-up or as the bootstrap admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRegistered {
    pub user_id: UserId,
    pub role: Role,
}

impl Message for UserRegistered {
    const TYPE: &'static str = "user.registered";
    const VERSION: u32 = 1;
}

/// `user.signed_in`: a new session was opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSignedIn {
    pub user_id: UserId,
    pub session_id: SessionId,
    pub user_agent: String,
    /// No earlier live session of the user came from this user agent.
    pub new_device: bool,
}

impl Message for UserSignedIn {
    const TYPE: &'static str = "user.signed_in";
    const VERSION: u32 = 1;
}
