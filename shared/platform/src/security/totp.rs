//! Authenticator-app codes (RFC 6238 TOTP: HMAC-SHA-1, 30 s steps, 6 digits), computed with
//! totp-rs.
//!
//! [`verify`] accepts the previous, current and next step (clock drift of up to 30 s either
//! way) and returns the step that matched; the caller stores it and passes it back as
//! `last_used_step`, so the same code (or an older one) cannot be replayed.

use subtle::ConstantTimeEq as _;
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, TOTP};

use super::tokens::fill_random;

/// Digits in a code.
pub const TOTP_DIGITS: usize = 6;
/// Seconds in a time step.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Bytes in a generated secret (160 bits, RFC 4226's recommendation).
const GENERATED_SECRET_BYTES: usize = 20;
/// Fewest bytes an imported secret may have (128 bits, RFC 4226's minimum).
const MIN_SECRET_BYTES: usize = 16;

/// Why a secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("the TOTP secret is not valid base32")]
    InvalidBase32,
    #[error("the TOTP secret must have at least {min_bits} bits")]
    TooShort { min_bits: usize },
}

/// The secret shared with the user's authenticator app. It never prints itself.
#[derive(Clone)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// A new random 160-bit secret.
    pub fn generate() -> Self {
        let mut bytes = vec![0_u8; GENERATED_SECRET_BYTES];
        fill_random(&mut bytes);
        Self(bytes)
    }

    /// Reads a base32 secret (RFC 4648), as stored or as shown to the user; case, spaces,
    /// dashes and `=` padding are ignored.
    pub fn from_base32(encoded: &str) -> Result<Self, TotpError> {
        let normalised: String = encoded
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if normalised.is_empty() {
            return Err(TotpError::InvalidBase32);
        }
        let bytes = Secret::Encoded(normalised)
            .to_bytes()
            .map_err(|_| TotpError::InvalidBase32)?;
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(TotpError::TooShort {
                min_bits: MIN_SECRET_BYTES * 8,
            });
        }
        Ok(Self(bytes))
    }

    /// The secret in unpadded upper-case base32, for storage and manual entry.
    pub fn to_base32(&self) -> String {
        Secret::Raw(self.0.clone()).to_encoded().to_string()
    }

    /// The `otpauth://` URI an authenticator app reads from a QR code.
    pub fn otpauth_uri(&self, account_email: &str, issuer: &str) -> String {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}\
             &algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECONDS}",
            account = percent_encode(account_email),
            secret = self.to_base32(),
        )
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// Encodes everything but RFC 3986 unreserved characters and `@` (allowed in a path and query).
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The time step `at` falls in (0 before the Unix epoch).
fn time_step(at: OffsetDateTime) -> u64 {
    u64::try_from(at.unix_timestamp()).unwrap_or(0) / TOTP_STEP_SECONDS
}

/// The code of `digits` digits for time step `step`.
fn code_for_step(secret: &[u8], digits: usize, step: u64) -> String {
    let totp = TOTP::new_unchecked(
        Algorithm::SHA1,
        digits,
        0,
        TOTP_STEP_SECONDS,
        secret.to_vec(),
        None,
        String::new(),
    );
    totp.generate(step.saturating_mul(TOTP_STEP_SECONDS))
}

/// The code an authenticator shows at `at`.
pub fn code_at(secret: &TotpSecret, at: OffsetDateTime) -> String {
    code_for_step(&secret.0, TOTP_DIGITS, time_step(at))
}

/// The time step `code` is valid for, if it matches the previous, current or next step at `now`
/// and that step is later than `last_used_step`. Spaces inside the code are ignored.
pub fn verify(
    secret: &TotpSecret,
    code: &str,
    now: OffsetDateTime,
    last_used_step: Option<u64>,
) -> Option<u64> {
    let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != TOTP_DIGITS || !typed.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let current = time_step(now);
    let window = [
        current.checked_sub(1),
        Some(current),
        current.checked_add(1),
    ];
    let mut accepted = None;
    // Every step in the window is computed and compared, whatever matched before.
    for step in window.into_iter().flatten() {
        let expected = code_for_step(&secret.0, TOTP_DIGITS, step);
        let matches = bool::from(expected.as_bytes().ct_eq(typed.as_bytes()));
        let unused = last_used_step.is_none_or(|used| step > used);
        if matches && unused && accepted.is_none() {
            accepted = Some(step);
        }
    }
    accepted
}

#[cfg(test)]
mod tests {
    use time::Duration;
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00:10 UTC);

    fn rfc_secret() -> TotpSecret {
        TotpSecret(b"12345678901234567890".to_vec())
    }

    #[test]
    fn codes_match_the_rfc_6238_sha1_test_vectors() {
        let vectors: [(u64, &str); 6] = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (unix, expected) in vectors {
            let step = unix / TOTP_STEP_SECONDS;
            assert_eq!(
                code_for_step(&rfc_secret().0, 8, step),
                expected,
                "t={unix}"
            );
        }
    }

    #[test]
    fn six_digit_codes_are_the_last_six_digits_of_the_rfc_vectors() {
        let at = OffsetDateTime::from_unix_timestamp(1_111_111_109).unwrap();
        assert_eq!(code_at(&rfc_secret(), at), "081804");
        let at = OffsetDateTime::from_unix_timestamp(59).unwrap();
        assert_eq!(code_at(&rfc_secret(), at), "287082");
    }

    #[test]
    fn the_current_code_verifies_and_returns_its_step() {
        let secret = TotpSecret::generate();
        let code = code_at(&secret, NOW);
        assert_eq!(verify(&secret, &code, NOW, None), Some(time_step(NOW)));
    }

    #[test]
    fn codes_one_step_either_side_are_accepted_but_not_two() {
        let secret = TotpSecret::generate();
        let step = Duration::seconds(30);
        for (offset, accepted) in [(-2, false), (-1, true), (1, true), (2, false)] {
            let code = code_at(&secret, NOW + step * offset);
            assert_eq!(
                verify(&secret, &code, NOW, None).is_some(),
                accepted,
                "{offset}"
            );
        }
    }

    #[test]
    fn a_code_cannot_be_used_twice() {
        let secret = TotpSecret::generate();
        let code = code_at(&secret, NOW);
        let used = verify(&secret, &code, NOW, None).unwrap();
        assert_eq!(verify(&secret, &code, NOW, Some(used)), None);
        assert_eq!(
            verify(&secret, &code, NOW + Duration::seconds(20), Some(used)),
            None
        );
    }

    #[test]
    fn an_older_code_is_refused_after_a_newer_one_was_used() {
        let secret = TotpSecret::generate();
        let previous = code_at(&secret, NOW - Duration::seconds(30));
        let current_step = time_step(NOW);
        assert_eq!(verify(&secret, &previous, NOW, Some(current_step)), None);
        assert_eq!(
            verify(&secret, &previous, NOW, Some(current_step - 2)),
            Some(current_step - 1)
        );
    }

    #[test]
    fn wrong_or_malformed_codes_are_refused() {
        let secret = TotpSecret::generate();
        let code = code_at(&secret, NOW);
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        let window_codes: Vec<String> = (-1..=1)
            .map(|offset| code_at(&secret, NOW + Duration::seconds(30 * offset)))
            .collect();
        if !window_codes.contains(&wrong) {
            assert_eq!(verify(&secret, &wrong, NOW, None), None);
        }
        for malformed in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(verify(&secret, malformed, NOW, None), None, "{malformed}");
        }
    }

    #[test]
    fn spaces_inside_a_code_are_ignored() {
        let secret = TotpSecret::generate();
        let code = code_at(&secret, NOW);
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert!(verify(&secret, &spaced, NOW, None).is_some());
    }

    #[test]
    fn generated_secrets_are_160_bits_and_distinct() {
        let first = TotpSecret::generate();
        assert_eq!(first.0.len(), 20);
        assert_eq!(first.to_base32().len(), 32);
        assert_ne!(first.to_base32(), TotpSecret::generate().to_base32());
    }

    #[test]
    fn a_secret_round_trips_through_base32() {
        let secret = TotpSecret::generate();
        let encoded = secret.to_base32();
        let decoded = TotpSecret::from_base32(&encoded).unwrap();
        assert_eq!(decoded.0, secret.0);
        let relaxed = format!("{} {}==", encoded[..16].to_lowercase(), &encoded[16..]);
        assert_eq!(TotpSecret::from_base32(&relaxed).unwrap().0, secret.0);
    }

    #[test]
    fn the_rfc_secret_has_its_well_known_base32_form() {
        assert_eq!(rfc_secret().to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn bad_or_short_base32_secrets_are_refused() {
        assert!(matches!(
            TotpSecret::from_base32(""),
            Err(TotpError::InvalidBase32)
        ));
        assert!(matches!(
            TotpSecret::from_base32("not base32!"),
            Err(TotpError::InvalidBase32)
        ));
        assert!(matches!(
            TotpSecret::from_base32("01189998"),
            Err(TotpError::InvalidBase32)
        ));
        assert!(matches!(
            TotpSecret::from_base32("GEZDGNBVGY3TQOJQ"),
            Err(TotpError::TooShort { min_bits: 128 })
        ));
    }

    #[test]
    fn the_otpauth_uri_names_issuer_account_and_parameters() {
        let uri = rfc_secret().otpauth_uri("ada@example.com", "Ferrofin");
        assert_eq!(
            uri,
            "otpauth://totp/Ferrofin:ada@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Ferrofin&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_otpauth_uri_percent_encodes_spaces_and_separators() {
        let uri = rfc_secret().otpauth_uri("a+b@example.com", "Ferrofin Dev: EU");
        assert!(uri.starts_with("otpauth://totp/Ferrofin%20Dev%3A%20EU:a%2Bb@example.com?"));
        assert!(uri.contains("&issuer=Ferrofin%20Dev%3A%20EU&"));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        assert_eq!(format!("{:?}", rfc_secret()), "TotpSecret(<redacted>)");
    }
}
