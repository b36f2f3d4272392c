//! Identity's table keys: users, sessions, tokens, codes, lockout and rate-limit counters.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | email uniqueness guard | `EMAIL#<email>` | `EMAIL` | |
//! | session | `USER#<id>` | `SESSION#<sid>` | |
//! | refresh token (by hash) | `REFRESH#<hash>` | `REFRESH` | |
//! | one-time token (verify, reset, MFA challenge) | `TOKEN#<purpose>#<hash>` | `TOKEN` | |
//! | email login code | `USER#<id>` | `LOGIN_CODE` | |
//! | pending TOTP setup | `USER#<id>` | `TOTP_SETUP` | |
//! | failed-login counter / lock | `USER#<id>` | `LOGIN_FAILURES` / `LOCK` | |
//! | rate-limit window | `RATE#<scope>#<subject>` | `WINDOW#<start>` | |
//! | user directory item (summary, see `directory`) | `USERIDX#<ALL, STATUS#<s>, ROLE#<r>, EMAIL#<first character>>` | `<created epoch, 12 digits>#<id>` (`EMAIL`: `<address>#<id>`) | |

use crate::ids::SessionId;
use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub fn user(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "PROFILE")
}

/// Partition of the user listing index (admins list users by creation time).
pub const USERS_INDEX_PARTITION: &str = "USERS";

pub fn users_index_sort(created_at: &str, user_id: &UserId) -> String {
    format!("{created_at}#{user_id}")
}

/// Partition of one user directory path (`ALL`, `STATUS#banned`, `EMAIL#a`, ...).
pub fn user_index_partition(path: &str) -> String {
    format!("USERIDX#{path}")
}

/// Sort key of a directory item ordered by creation: fixed-width epoch seconds, then the id.
pub fn user_index_created_sort(created_epoch: i64, user_id: &UserId) -> String {
    format!("{}#{user_id}", user_index_created_bound(created_epoch))
}

/// The creation-time part of a directory sort key, for range bounds.
pub fn user_index_created_bound(created_epoch: i64) -> String {
    format!("{created_epoch:012}")
}

pub fn email_guard(normalized_email: &str) -> Key {
    Key::new(format!("EMAIL#{normalized_email}"), "EMAIL")
}

pub const SESSION_PREFIX: &str = "SESSION#";

pub fn session(user_id: &UserId, session_id: &SessionId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{SESSION_PREFIX}{session_id}"),
    )
}

pub fn refresh_token(token_hash: &str) -> Key {
    Key::new(format!("REFRESH#{token_hash}"), "REFRESH")
}

/// What a one-time token is for; part of its key, so a token of one purpose is useless for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    PasswordReset,
    MfaChallenge,
    /// Confirms a new address (sent to it); the subject is the new address.
    EmailChange,
    /// Undoes an email change (sent to the old address); the subject is both addresses.
    EmailChangeUndo,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "VERIFY_EMAIL",
            Self::PasswordReset => "PASSWORD_RESET",
            Self::MfaChallenge => "MFA_CHALLENGE",
            Self::EmailChange => "EMAIL_CHANGE",
            Self::EmailChangeUndo => "EMAIL_CHANGE_UNDO",
        }
    }
}

pub fn one_time_token(purpose: TokenPurpose, token_hash: &str) -> Key {
    Key::new(format!("TOKEN#{}#{token_hash}", purpose.as_str()), "TOKEN")
}

pub fn login_code(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "LOGIN_CODE")
}

pub fn totp_setup(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "TOTP_SETUP")
}

pub fn login_failures(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "LOGIN_FAILURES")
}

pub fn account_lock(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "LOCK")
}

pub fn rate_window(scope: &str, subject: &str, window_start: i64) -> Key {
    Key::new(
        format!("RATE#{scope}#{subject}"),
        format!("WINDOW#{window_start}"),
    )
}
