//! Passwords: the policy a new password must meet (docs/architecture.md, "Security baseline": 8..=128 characters, not a
//! common password) and argon2id hashing with the design's cost (m = 19456 KiB, t = 2, p = 1).
//!
//! A login attempt is verified as typed: the policy applies to passwords being set, not to
//! attempts. When the account does not exist, [`PasswordHasher::verify_dummy`] spends the same
//! time as a real check, so response timing does not reveal which emails are registered.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Fewest characters (Unicode scalar values, not bytes) a password may have.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Most characters a password may have; it bounds the work one hash costs.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// argon2id memory cost in KiB (19 MiB).
pub const ARGON2_MEMORY_KIB: u32 = 19_456;
/// argon2id passes over the memory.
pub const ARGON2_ITERATIONS: u32 = 2;
/// argon2id lanes.
pub const ARGON2_PARALLELISM: u32 = 1;

/// Well-known breached passwords, one a line, lower case (see `shared/data`).
static COMMON_PASSWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_lowercase)
        .collect()
});

/// The hash of a random 256-bit token that was then thrown away, made with the costs above;
/// `verify_dummy` checks against it. Regenerate it if the costs change (a test compares them).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$D7VTwUy8zgiHrMURN2s9kw$9p6Cv4u1Elj8BW4iouXk8vgz8ubgade3Xajzo8CdIPc";

/// Why a password was refused, or why hashing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must be at least {min} characters long")]
    TooShort { min: usize },
    #[error("the password must be at most {max} characters long")]
    TooLong { max: usize },
    #[error("this password is too common or too easy to guess; choose another")]
    TooCommon,
    /// An internal failure of the hash function; never shown to the user as is.
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// A password that meets the policy. It never prints itself.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Accepts `raw` as a new password if it has 8..=128 characters, is not a common password
    /// (compared case-insensitively) and is not one character repeated.
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort {
                min: MIN_PASSWORD_CHARS,
            });
        }
        if length > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong {
                max: MAX_PASSWORD_CHARS,
            });
        }
        if is_one_repeated_character(raw) || COMMON_PASSWORDS.contains(&raw.to_lowercase()) {
            return Err(PasswordError::TooCommon);
        }
        Ok(Self(raw.to_owned()))
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl TryFrom<&str> for Password {
    type Error = PasswordError;

    fn try_from(raw: &str) -> Result<Self, Self::Error> {
        Self::parse(raw)
    }
}

fn is_one_repeated_character(raw: &str) -> bool {
    let mut chars = raw.chars();
    match chars.next() {
        Some(first) => chars.all(|next| next == first),
        None => true,
    }
}

/// A stored password hash: the PHC string (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a hash read back from storage. A malformed one simply never verifies.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// Hashes and verifies passwords with argon2id at the design's cost.
#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
}

impl PasswordHasher {
    pub fn new() -> Self {
        // These constants are argon2's own defaults, so the fallback is the same cost.
        let params = Params::new(
            ARGON2_MEMORY_KIB,
            ARGON2_ITERATIONS,
            ARGON2_PARALLELISM,
            None,
        )
        .unwrap_or_default();
        Self {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
        }
    }

    /// Hashes `password` with a fresh random salt.
    pub fn hash(&self, password: &Password) -> Result<PasswordHash, PasswordError> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| PasswordHash(hash.to_string()))
            .map_err(|error| PasswordError::Hashing(error.to_string()))
    }

    /// Whether `attempt` is the password behind `hash`, with the cost recorded in the hash.
    pub fn verify(&self, attempt: &str, hash: &PasswordHash) -> bool {
        self.verify_phc(attempt, hash.as_str())
    }

    /// Spends the time of a real [`verify`](Self::verify), against a hash nobody knows the
    /// password of; call it when the account does not exist.
    pub fn verify_dummy(&self, attempt: &str) {
        // The result is always false and deliberately ignored.
        let _ = self.verify_phc(attempt, DUMMY_HASH);
    }

    fn verify_phc(&self, attempt: &str, phc: &str) -> bool {
        match argon2::password_hash::PasswordHash::new(phc) {
            Ok(parsed) => self
                .argon2
                .verify_password(attempt.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("memory_kib", &ARGON2_MEMORY_KIB)
            .field("iterations", &ARGON2_ITERATIONS)
            .field("parallelism", &ARGON2_PARALLELISM)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        assert!(Password::parse("correct horse battery staple").is_ok());
        assert!(Password::parse("Tr0ub4dor&3x").is_ok());
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // Seven characters but 21 bytes: too short.
        assert_eq!(
            Password::parse("ééééééé").unwrap_err(),
            PasswordError::TooShort { min: 8 }
        );
        // 128 characters of four bytes each: accepted.
        let longest: String = "🦀x".repeat(64);
        assert_eq!(longest.chars().count(), 128);
        assert!(Password::parse(&longest).is_ok());
    }

    #[test]
    fn the_length_bounds_are_inclusive() {
        assert_eq!(
            Password::parse("k3#vLq9").unwrap_err(),
            PasswordError::TooShort { min: 8 }
        );
        assert!(Password::parse("k3#vLq9z").is_ok());
        let at_max = "k3#vLq9z".repeat(16);
        assert!(Password::parse(&at_max).is_ok());
        assert_eq!(
            Password::parse(&format!("{at_max}a")).unwrap_err(),
            PasswordError::TooLong { max: 128 }
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in [
            "password",
            "PassWord1",
            "12345678",
            "qwertyuiop",
            "iloveyou1",
            "FOOTBALL",
        ] {
            assert_eq!(
                Password::parse(common).unwrap_err(),
                PasswordError::TooCommon,
                "{common}"
            );
        }
    }

    #[test]
    fn one_repeated_character_is_refused() {
        assert_eq!(
            Password::parse("zzzzzzzzzz").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("ßßßßßßßßß").unwrap_err(),
            PasswordError::TooCommon
        );
    }

    #[test]
    fn the_common_password_list_is_large_and_only_holds_policy_length_entries() {
        assert!(COMMON_PASSWORDS.len() >= 1_000);
        assert!(
            COMMON_PASSWORDS
                .iter()
                .all(|entry| entry.chars().count() >= MIN_PASSWORD_CHARS)
        );
    }

    #[test]
    fn errors_read_as_user_facing_messages() {
        assert_eq!(
            PasswordError::TooShort { min: 8 }.to_string(),
            "the password must be at least 8 characters long"
        );
        assert_eq!(
            PasswordError::TooLong { max: 128 }.to_string(),
            "the password must be at most 128 characters long"
        );
        assert!(PasswordError::TooCommon.to_string().contains("too common"));
    }

    #[test]
    fn debug_output_never_shows_the_password_or_hash() {
        let password = Password::parse("k3#vLq9z-secret").unwrap();
        assert_eq!(format!("{password:?}"), "Password(<redacted>)");
        let hash = PasswordHash::from_stored("$argon2id$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let hasher = PasswordHasher::new();
        let password = Password::parse("k3#vLq9z-long enough").unwrap();
        let hash = hasher.hash(&password).unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("k3#vLq9z-long enough", &hash));
        assert!(!hasher.verify("k3#vLq9z-long enougH", &hash));
        assert!(!hasher.verify("", &hash));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let hasher = PasswordHasher::new();
        let password = Password::parse("k3#vLq9z-salted").unwrap();
        assert_ne!(
            hasher.hash(&password).unwrap(),
            hasher.hash(&password).unwrap()
        );
    }

    #[test]
    fn a_stored_hash_round_trips_through_its_string() {
        let hasher = PasswordHasher::new();
        let hash = hasher
            .hash(&Password::parse("k3#vLq9z-stored").unwrap())
            .unwrap();
        let stored = PasswordHash::from_stored(hash.as_str().to_owned());
        assert!(hasher.verify("k3#vLq9z-stored", &stored));
    }

    #[test]
    fn a_malformed_stored_hash_never_verifies() {
        let hasher = PasswordHasher::new();
        assert!(!hasher.verify("anything", &PasswordHash::from_stored(String::new())));
        assert!(!hasher.verify(
            "anything",
            &PasswordHash::from_stored("$argon2id$junk".into())
        ));
    }

    #[test]
    fn the_dummy_hash_has_the_same_cost_as_real_hashes() {
        let dummy = argon2::password_hash::PasswordHash::new(DUMMY_HASH).unwrap();
        let dummy_params = Params::try_from(&dummy).unwrap();
        assert_eq!(dummy.algorithm.as_str(), "argon2id");
        assert_eq!(dummy_params.m_cost(), ARGON2_MEMORY_KIB);
        assert_eq!(dummy_params.t_cost(), ARGON2_ITERATIONS);
        assert_eq!(dummy_params.p_cost(), ARGON2_PARALLELISM);
        assert_eq!(dummy_params.output_len(), Some(32));
        // It is a well-formed hash that a dummy attempt runs through in full.
        PasswordHasher::new().verify_dummy("k3#vLq9z-anything");
    }
}
