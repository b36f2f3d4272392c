//! Unsubscribe links: a token signed for one user and one kind, so following the link turns
//! that kind's email off without signing in, and cannot touch anyone else's preferences.

use serde::{Deserialize, Serialize};

use ferrofin_platform::ids::UserId;
use ferrofin_platform::security::Signer;

use crate::kind::NotificationKind;

/// The signing scope of unsubscribe tokens (no other token verifies as one).
const SCOPE: &str = "notifications.unsubscribe";

/// Whom and what a token unsubscribes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeClaims {
    #[serde(rename = "u")]
    pub user_id: UserId,
    #[serde(rename = "k")]
    pub kind: NotificationKind,
}

/// The token of a link that turns `kind`'s email off for `user_id`.
pub fn token(signer: &Signer, user_id: &UserId, kind: NotificationKind) -> String {
    let claims = UnsubscribeClaims {
        user_id: user_id.clone(),
        kind,
    };
    signer.sign(SCOPE, &serde_json::to_vec(&claims).unwrap_or_default())
}

/// What a token unsubscribes; `None` when it was not made by [`token`] with this secret.
pub fn read(signer: &Signer, token: &str) -> Option<UnsubscribeClaims> {
    let payload = signer.verify(SCOPE, token)?;
    serde_json::from_slice(&payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_user_and_kind_and_cannot_be_altered() {
        let signer = Signer::new(b"0123456789abcdef0123456789abcdef");
        let user = UserId::from("u1");
        let made = token(&signer, &user, NotificationKind::GoalReached);
        let claims = read(&signer, &made).expect("valid");
        assert_eq!(claims.user_id, user);
        assert_eq!(claims.kind, NotificationKind::GoalReached);
        let tampered = made.replacen('e', "f", 1);
        assert!(tampered == made || read(&signer, &tampered).is_none());
        assert!(read(&signer, "abc.def").is_none());
    }
}
