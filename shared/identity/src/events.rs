//! Identity's domain events: a user registered, a user signed in, how an account is secured
//! changed. Each is written to the outbox in the transaction that stores the user or the
//! session; the notifications area tells the user.

use serde::{Deserialize, Serialize};

use time::OffsetDateTime;

use crate::ids::SessionId;
use ferrofin_platform::email::SecurityChange;
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
    /// The address the sign-in came from.
    #[serde(default)]
    pub ip: String,
    /// No earlier live session of the user came from this user agent.
    pub new_device: bool,
    /// The user had other live sessions (a first sign-in after registering is no news).
    #[serde(default)]
    pub earlier_sessions: bool,
}

impl Message for UserSignedIn {
    const TYPE: &'static str = "user.signed_in";
    const VERSION: u32 = 1;
}

/// `user.security_changed`: how the account is secured changed (password, second factor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSecurityChanged {
    pub user_id: UserId,
    pub change: SecurityChange,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Message for UserSecurityChanged {
    const TYPE: &'static str = "user.security_changed";
    const VERSION: u32 = 1;
}
