//! Signed tokens: a payload and its HMAC-SHA256 over a scope (`payload.signature`, both
//! base64url), so a token cannot be forged, altered, or used for another purpose or owner. The
//! payload is readable by whoever holds the token; put nothing secret in it. Cursors and the
//! links in emails (unsubscribe) are signed this way, each under its own scope.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Signs tokens with one secret and checks them against it and, after a rotation, the
/// previous one.
#[derive(Clone)]
pub struct Signer {
    secret: Arc<[u8]>,
    /// The secret before the last rotation: what it signed still verifies.
    previous: Option<Arc<[u8]>>,
}

impl Signer {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            secret: Arc::from(secret),
            previous: None,
        }
    }

    /// Also accepts what `previous` signed (signing stays with the current secret); a previous
    /// secret equal to the current one is none.
    pub fn with_previous(self, previous: Option<&[u8]>) -> Self {
        let previous = previous
            .filter(|previous| **previous != *self.secret)
            .map(Arc::from);
        Self { previous, ..self }
    }

    fn mac(secret: &[u8], scope: &str, payload: &str) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        mac.update(scope.as_bytes());
        mac.update(b"\n");
        mac.update(payload.as_bytes());
        mac
    }

    /// `payload` signed for `scope`.
    pub fn sign(&self, scope: &str, payload: &[u8]) -> String {
        let payload = URL_SAFE_NO_PAD.encode(payload);
        let signature = URL_SAFE_NO_PAD.encode(
            Self::mac(&self.secret, scope, &payload)
                .finalize()
                .into_bytes(),
        );
        format!("{payload}.{signature}")
    }

    /// The payload of a token signed for `scope` with the secret or the previous one; `None`
    /// when it was not.
    pub fn verify(&self, scope: &str, token: &str) -> Option<Vec<u8>> {
        let (payload, signature) = token.split_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let genuine = std::iter::once(&self.secret)
            .chain(&self.previous)
            .any(|secret| {
                Self::mac(secret, scope, payload)
                    .verify_slice(&signature)
                    .is_ok()
            });
        genuine
            .then(|| URL_SAFE_NO_PAD.decode(payload).ok())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_scope_and_secret() {
        let signer = Signer::new(b"0123456789abcdef0123456789abcdef");
        let token = signer.sign("unsubscribe", b"payload");
        assert_eq!(
            signer.verify("unsubscribe", &token),
            Some(b"payload".to_vec())
        );
        assert_eq!(signer.verify("cursor", &token), None);
        let other = Signer::new(b"another secret of thirty-two bytes");
        assert_eq!(other.verify("unsubscribe", &token), None);
        let (payload, _) = token.split_once('.').expect("two parts");
        let forged = format!("{payload}.{}", URL_SAFE_NO_PAD.encode([0u8; 32]));
        assert_eq!(signer.verify("unsubscribe", &forged), None);
        assert_eq!(signer.verify("unsubscribe", "not a token"), None);
    }

    #[test]
    fn after_a_rotation_the_previous_secrets_tokens_verify_until_the_next() {
        let (first, second, third) = (
            b"first secret of thirty-two bytes!".as_slice(),
            b"second secret of thirty-two bytes".as_slice(),
            b"third secret of thirty-two bytes!".as_slice(),
        );
        let old = Signer::new(first).sign("cursor", b"page 2");
        let rotated = Signer::new(second).with_previous(Some(first));
        assert_eq!(rotated.verify("cursor", &old), Some(b"page 2".to_vec()));
        let new = rotated.sign("cursor", b"page 3");
        assert_eq!(
            Signer::new(second).verify("cursor", &new),
            Some(b"page 3".to_vec())
        );
        let again = Signer::new(third).with_previous(Some(second));
        assert_eq!(again.verify("cursor", &old), None);
        assert_eq!(again.verify("cursor", &new), Some(b"page 3".to_vec()));
    }
}
