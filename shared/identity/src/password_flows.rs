//! Password change (signed in) and the forgotten-password flow.

use time::Duration;

use crate::error::AuthError;
use crate::ids::SessionId;
use crate::keys::TokenPurpose;
use crate::rate_limit::RateLimit;
use crate::register::{parse_email, parse_password};
use crate::service::{Identity, RequestMeta};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::{EmailTemplate, SecurityChange};
use ferrofin_platform::ids::UserId;

/// Lifetime of a password-reset link.
pub const RESET_TOKEN_TTL: Duration = Duration::minutes(30);

const FORGOT_PER_IP: RateLimit = RateLimit {
    scope: "forgot-ip",
    max: 10,
    window: Duration::hours(1),
};
const FORGOT_PER_ADDRESS: RateLimit = RateLimit {
    scope: "forgot",
    max: 3,
    window: Duration::hours(1),
};
const RESET_PER_IP: RateLimit = RateLimit {
    scope: "reset-ip",
    max: 20,
    window: Duration::hours(1),
};

impl Identity {
    /// Changes the password of a signed-in user and ends their other sessions.
    pub async fn change_password(
        &self,
        user_id: &UserId,
        session_id: &SessionId,
        current: &str,
        new: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let mut user = self.users.get(user_id).await?.ok_or(AuthError::NotFound)?;
        if !self.password_matches(&user, current) {
            return Err(AuthError::ReauthenticationFailed);
        }
        let new = parse_password("new_password", new)?;
        user.password_hash = self.hash_password(&new)?;
        let changed = self.security_changed(&user, SecurityChange::PasswordChanged)?;
        self.users
            .save_announcing(&mut user, self.now(), vec![changed])
            .await?;
        self.sessions.revoke_all(user_id, Some(session_id)).await?;
        self.audit(
            AuditAction::PasswordChanged,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({}),
        )
        .await
    }

    /// Emails a reset link if the address has an account; the answer is the same either way.
    pub async fn forgot_password(
        &self,
        raw_email: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.limit(&FORGOT_PER_IP, &meta.ip).await?;
        let email = parse_email("email", raw_email)?;
        self.limit(&FORGOT_PER_ADDRESS, email.as_str()).await?;
        let Some(user) = self.users.find_by_email(&email).await? else {
            return Ok(());
        };
        let token = self
            .tokens
            .issue(
                TokenPurpose::PasswordReset,
                &user.id,
                user.email.as_str(),
                RESET_TOKEN_TTL,
                self.now(),
            )
            .await?;
        let minutes = u32::try_from(RESET_TOKEN_TTL.whole_minutes()).unwrap_or(30);
        self.email(
            &user,
            EmailTemplate::PasswordReset {
                token,
                expires_in_minutes: minutes,
            },
        )
        .await
    }

    /// Whether a reset token is still valid (for the reset form).
    pub async fn check_reset_token(
        &self,
        token: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.limit(&RESET_PER_IP, &meta.ip).await?;
        self.tokens
            .peek(TokenPurpose::PasswordReset, token)
            .await?
            .map(|_| ())
            .ok_or(AuthError::InvalidToken)
    }

    /// Sets a new password with a reset token (once), ends every session and lifts a lock.
    pub async fn reset_password(
        &self,
        token: &str,
        new: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.limit(&RESET_PER_IP, &meta.ip).await?;
        let new = parse_password("new_password", new)?;
        let grant = self
            .tokens
            .consume(TokenPurpose::PasswordReset, token)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        let mut user = self
            .users
            .get(&grant.user_id)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        user.password_hash = self.hash_password(&new)?;
        self.users.save(&mut user, self.now()).await?;
        self.sessions.revoke_all(&user.id, None).await?;
        self.clear_lock(&user.id).await?;
        self.audit(
            AuditAction::PasswordReset,
            Some(&user.id),
            Some(&user.id),
            meta,
            serde_json::json!({}),
        )
        .await
    }
}
