//! Access tokens: short-lived HS256 JWTs carrying the user id, role and session id
//! (docs/architecture.md, "Security baseline").
//!
//! Each token names its key in the header's `kid` (the first 8 bytes of the key's SHA-256, in
//! hex: an id, not the key). Tokens are signed with the current key and accepted under it or
//! the previous one, so rotating the secret signs nobody out: tokens of the old key live out
//! their 15 minutes (docs/deploy.md, "Rotating the secrets"). A token without `kid` (issued
//! before key ids) is checked against the current key.
//!
//! Verification pins the algorithm to HS256 (`alg: none` and every other algorithm are refused),
//! checks signature, issuer and audience, and then checks the time claims against the `now` the
//! caller passes, with no leeway, so tests can drive it with a steppable clock.

use std::collections::HashSet;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// How long an access token lives.
pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);

/// How far in the future a token's `iat` may lie (clock skew between issuers), in seconds.
const MAX_ISSUED_IN_FUTURE_SECONDS: i64 = 60;

/// The only algorithm tokens are signed and accepted with.
const ALGORITHM: Algorithm = Algorithm::HS256;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    pub role: String,
    /// The session id, checked against the session store on every request.
    pub sid: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds; the token is refused from this second on.
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Why a token was refused or could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Malformed, forged, signed with another key or algorithm, or for another issuer/audience.
    #[error("the access token is invalid")]
    Invalid,
    #[error("the access token has expired")]
    Expired,
    /// An internal failure while signing.
    #[error("signing the access token failed: {0}")]
    Signing(String),
}

/// One HS256 key and its id.
#[derive(Clone)]
struct SigningKey {
    id: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl SigningKey {
    fn of(secret: &[u8]) -> Self {
        let digest = Sha256::digest(secret);
        Self {
            id: digest[..8]
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }
}

/// The signing key (and the one before it), and the expected issuer and audience.
#[derive(Clone)]
pub struct JwtKeys {
    current: SigningKey,
    /// The key before the last rotation: its tokens are accepted until they expire.
    previous: Option<SigningKey>,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl JwtKeys {
    /// Keys for HS256 with `secret` (use at least 32 random bytes), issuing and accepting only
    /// tokens for `issuer` and `audience`.
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(ALGORITHM);
        validation.algorithms = vec![ALGORITHM];
        // Time claims are checked in `verify` against the caller's clock, not the system's.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        validation.required_spec_claims =
            HashSet::from(["exp", "sub", "iss", "aud"].map(String::from));
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        Self {
            current: SigningKey::of(secret),
            previous: None,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// Also accepts the tokens of `previous`, the key before a rotation (signing stays with the
    /// current key).
    pub fn with_previous(self, previous: Option<&[u8]>) -> Self {
        let previous = previous
            .map(SigningKey::of)
            .filter(|key| key.id != self.current.id);
        Self { previous, ..self }
    }

    /// The id (`kid`) of the key tokens are signed with.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// A token for `user_id` in `session_id`, valid from `now` for `ttl`.
    pub fn issue(
        &self,
        user_id: &str,
        role: &str,
        session_id: &str,
        now: OffsetDateTime,
        ttl: Duration,
    ) -> Result<String, JwtError> {
        let expires_at = now
            .checked_add(ttl)
            .ok_or_else(|| JwtError::Signing("the expiry is out of range".to_owned()))?;
        let claims = AccessClaims {
            sub: user_id.to_owned(),
            role: role.to_owned(),
            sid: session_id.to_owned(),
            iat: now.unix_timestamp(),
            exp: expires_at.unix_timestamp(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.current.id.clone());
        jsonwebtoken::encode(&header, &claims, &self.current.encoding)
            .map_err(|error| JwtError::Signing(error.to_string()))
    }

    /// The claims of `token` if it is genuine, for us, and current at `now`.
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<AccessClaims, JwtError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Invalid)?;
        let key = match header.kid.as_deref() {
            None => &self.current,
            Some(kid) => std::iter::once(&self.current)
                .chain(&self.previous)
                .find(|key| key.id == kid)
                .ok_or(JwtError::Invalid)?,
        };
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &key.decoding, &self.validation)
            .map_err(|_| JwtError::Invalid)?
            .claims;
        let now = now.unix_timestamp();
        if claims.iat > now.saturating_add(MAX_ISSUED_IN_FUTURE_SECONDS) {
            return Err(JwtError::Invalid);
        }
        if claims.exp <= now {
            return Err(JwtError::Expired);
        }
        Ok(claims)
    }
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::{Hmac, Mac};
    use sha2::Sha256;
    use time::macros::datetime;

    use super::*;

    const SECRET: &[u8] = b"test-secret-of-at-least-32-bytes!!";
    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

    fn keys() -> JwtKeys {
        JwtKeys::new(SECRET, "ferrofin", "ferrofin-api")
    }

    fn valid_token() -> String {
        keys()
            .issue("user-1", "customer", "session-1", NOW, ACCESS_TOKEN_TTL)
            .unwrap()
    }

    fn encode_json(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    fn payload_json(token: &str) -> String {
        let payload = token.split('.').nth(1).unwrap();
        String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    fn hs256_signature(message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(message.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    #[test]
    fn an_issued_token_verifies_with_its_claims() {
        let claims = keys().verify(&valid_token(), NOW).unwrap();
        assert_eq!(
            claims,
            AccessClaims {
                sub: "user-1".into(),
                role: "customer".into(),
                sid: "session-1".into(),
                iat: NOW.unix_timestamp(),
                exp: (NOW + Duration::minutes(15)).unix_timestamp(),
                iss: "ferrofin".into(),
                aud: "ferrofin-api".into(),
            }
        );
    }

    #[test]
    fn a_token_is_valid_until_the_second_before_exp() {
        let token = valid_token();
        let last_valid = NOW + ACCESS_TOKEN_TTL - Duration::seconds(1);
        assert!(keys().verify(&token, last_valid).is_ok());
    }

    #[test]
    fn an_expired_token_is_refused_from_exp_on() {
        let token = valid_token();
        assert_eq!(
            keys().verify(&token, NOW + ACCESS_TOKEN_TTL),
            Err(JwtError::Expired)
        );
        assert_eq!(
            keys().verify(&token, NOW + Duration::hours(3)),
            Err(JwtError::Expired)
        );
    }

    #[test]
    fn a_token_issued_more_than_a_minute_in_the_future_is_refused() {
        let token = valid_token();
        assert!(keys().verify(&token, NOW - Duration::seconds(60)).is_ok());
        assert_eq!(
            keys().verify(&token, NOW - Duration::seconds(61)),
            Err(JwtError::Invalid)
        );
    }

    #[test]
    fn an_alg_none_token_is_refused() {
        let header = encode_json(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(payload_json(&valid_token()));
        let unsigned = format!("{header}.{payload}.");
        assert_eq!(keys().verify(&unsigned, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = JwtKeys::new(
            b"another-secret-of-at-least-32-bytes",
            "ferrofin",
            "ferrofin-api",
        );
        let forged = other
            .issue("user-1", "admin", "session-1", NOW, ACCESS_TOKEN_TTL)
            .unwrap();
        assert_eq!(keys().verify(&forged, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let token = valid_token();
        let parts: Vec<&str> = token.split('.').collect();
        let promoted = payload_json(&token).replace(r#""role":"customer""#, r#""role":"admin""#);
        assert!(promoted.contains(r#""role":"admin""#));
        let tampered = format!("{}.{}.{}", parts[0], encode_json(&promoted), parts[2]);
        assert_eq!(keys().verify(&tampered, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn a_token_for_another_audience_or_issuer_is_refused() {
        let other_audience = JwtKeys::new(SECRET, "ferrofin", "another-api")
            .issue("user-1", "customer", "session-1", NOW, ACCESS_TOKEN_TTL)
            .unwrap();
        assert_eq!(keys().verify(&other_audience, NOW), Err(JwtError::Invalid));
        let other_issuer = JwtKeys::new(SECRET, "someone-else", "ferrofin-api")
            .issue("user-1", "customer", "session-1", NOW, ACCESS_TOKEN_TTL)
            .unwrap();
        assert_eq!(keys().verify(&other_issuer, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn a_token_with_another_algorithm_in_its_header_is_refused() {
        let payload = encode_json(&payload_json(&valid_token()));
        // HS512 with the right secret: a real signature, but not the pinned algorithm.
        let claims = keys().verify(&valid_token(), NOW).unwrap();
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert_eq!(keys().verify(&hs512, NOW), Err(JwtError::Invalid));
        // RS256 header over an HMAC signature made with the secret (algorithm confusion).
        for alg in ["RS256", "HS384", "ES256"] {
            let header = encode_json(&format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#));
            let message = format!("{header}.{payload}");
            let confused = format!("{message}.{}", hs256_signature(&message));
            assert_eq!(
                keys().verify(&confused, NOW),
                Err(JwtError::Invalid),
                "{alg}"
            );
        }
    }

    #[test]
    fn a_hand_signed_hs256_token_verifies_so_the_refusals_above_are_meaningful() {
        let header = encode_json(r#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = encode_json(&payload_json(&valid_token()));
        let message = format!("{header}.{payload}");
        let token = format!("{message}.{}", hs256_signature(&message));
        assert!(keys().verify(&token, NOW).is_ok());
    }

    #[test]
    fn malformed_tokens_are_invalid() {
        for garbage in ["", "abc", "a.b.c", "a.b", "..", "Bearer x.y.z"] {
            assert_eq!(
                keys().verify(garbage, NOW),
                Err(JwtError::Invalid),
                "{garbage}"
            );
        }
    }

    #[test]
    fn a_token_missing_a_claim_is_invalid() {
        let header = encode_json(r#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = encode_json(
            r#"{"sub":"user-1","role":"admin","iat":1795262400,"exp":1895262400,"iss":"ferrofin","aud":"ferrofin-api"}"#,
        );
        let message = format!("{header}.{payload}");
        let token = format!("{message}.{}", hs256_signature(&message));
        assert_eq!(keys().verify(&token, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn rotating_twice_keeps_tokens_until_they_expire_then_drops_the_oldest_key() {
        const SECOND: &[u8] = b"second-secret-of-at-least-32-bytes";
        const THIRD: &[u8] = b"third-secret-of-at-least-32-bytes!";
        let first = keys();
        let old = valid_token();
        let rotated = JwtKeys::new(SECOND, "ferrofin", "ferrofin-api").with_previous(Some(SECRET));
        assert_ne!(rotated.key_id(), first.key_id());
        // The old key's token still passes, until it expires like any other.
        assert_eq!(rotated.verify(&old, NOW).unwrap().sub, "user-1");
        assert_eq!(
            rotated.verify(&old, NOW + ACCESS_TOKEN_TTL),
            Err(JwtError::Expired)
        );
        let new = rotated
            .issue("user-2", "customer", "session-2", NOW, ACCESS_TOKEN_TTL)
            .unwrap();
        // The new token names the new key: the old key set refuses it.
        assert_eq!(first.verify(&new, NOW), Err(JwtError::Invalid));
        let again = JwtKeys::new(THIRD, "ferrofin", "ferrofin-api").with_previous(Some(SECOND));
        assert_eq!(again.verify(&new, NOW).unwrap().sub, "user-2");
        assert_eq!(again.verify(&old, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn a_token_without_a_key_id_is_checked_against_the_current_key_only() {
        let header = encode_json(r#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = payload_json(&valid_token());
        let message = format!("{header}.{}", encode_json(&payload));
        let token = format!("{message}.{}", hs256_signature(&message));
        assert_eq!(keys().verify(&token, NOW).unwrap().sub, "user-1");
        let rotated = JwtKeys::new(
            b"second-secret-of-at-least-32-bytes",
            "ferrofin",
            "ferrofin-api",
        )
        .with_previous(Some(SECRET));
        assert_eq!(rotated.verify(&token, NOW), Err(JwtError::Invalid));
        let unknown = encode_json(r#"{"alg":"HS256","typ":"JWT","kid":"0000000000000000"}"#);
        let message = format!("{unknown}.{}", encode_json(&payload));
        let forged = format!("{message}.{}", hs256_signature(&message));
        assert_eq!(keys().verify(&forged, NOW), Err(JwtError::Invalid));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert!(!format!("{:?}", keys()).contains("test-secret"));
    }
}
