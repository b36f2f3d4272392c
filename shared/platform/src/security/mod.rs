//! Security primitives of the identity service (docs/architecture.md, "Security baseline"): the password policy and argon2id
//! hashing, HS256 access tokens, TOTP codes for MFA, and random tokens and codes with their
//! stored hashes, and signed tokens (cursors, links in emails).
//!
//! Nothing here touches storage or the clock: callers pass `now` and store what they get back
//! (a password hash, a token hash, the last used TOTP step).

pub mod jwt;
pub mod password;
pub mod signed;
pub mod tokens;
pub mod totp;

pub use jwt::{ACCESS_TOKEN_TTL, AccessClaims, JwtError, JwtKeys};
pub use password::{Password, PasswordError, PasswordHash, PasswordHasher};
pub use signed::Signer;
pub use tokens::{constant_time_eq, numeric_code, random_token, recovery_codes, token_hash};
pub use totp::{TotpError, TotpSecret};
