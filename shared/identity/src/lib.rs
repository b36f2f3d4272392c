//! Identity: users, sessions with rotating refresh tokens, password/OTP/TOTP sign-in, lockout,
//! rate limits, roles and permissions, and the audit log. Handlers in `functions/auth` and
//! `functions/users` call [`Identity`]; every other function authenticates through
//! [`crate::auth::AuthUser`].

pub mod administration;
pub mod auth;
mod bootstrap;
pub mod client_meta;
pub mod directory;
pub mod email_change;
pub mod erasure;
pub mod error;
pub mod events;
pub mod ids;
pub mod keys;
pub mod login;
pub mod login_code;
pub mod mfa;
pub mod one_time;
pub mod password_flows;
pub mod profile;
pub mod rate_limit;
pub mod register;
pub mod roles;
pub mod service;
mod session_flows;
pub mod sessions;
pub mod users;

pub use auth::AuthUser;
pub use client_meta::ClientMeta;
pub use error::AuthError;
pub use service::{Identity, IssuedTokens, RequestMeta};
