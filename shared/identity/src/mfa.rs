//! TOTP second factor: setup, enable (with recovery codes), disable, and the login step.

use serde::{Deserialize, Serialize};
use time::Duration;

use crate::error::AuthError;
use crate::keys::{self, TokenPurpose};
use crate::login::LoginOutcome;
use crate::rate_limit::RateLimit;
use crate::service::{Identity, LoginMethod, RequestMeta};
use crate::users::{TotpFactor, User};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::SecurityChange;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, from_record, to_record};
use ferrofin_platform::security::tokens::{recovery_codes, token_hash};
use ferrofin_platform::security::totp::{self, TotpSecret};

/// Issuer shown in authenticator apps.
pub const TOTP_ISSUER: &str = "Ferrofin";
pub const RECOVERY_CODE_COUNT: usize = 10;
/// How long a started setup waits for its confirming code.
pub const TOTP_SETUP_TTL: Duration = Duration::minutes(15);

/// Failed second-factor checks per user (successful ones are not counted).
const MFA_FAILURES_PER_USER: RateLimit = RateLimit {
    scope: "mfa-check",
    max: 5,
    window: Duration::minutes(5),
};

/// A started TOTP setup, for the authenticator app.
#[derive(Debug, PartialEq, Eq)]
pub struct TotpSetup {
    pub secret: String,
    pub otpauth_uri: String,
}

#[derive(Serialize, Deserialize)]
struct PendingSetup {
    secret: String,
}

/// Which second factor matched.
enum SecondFactor {
    Totp { step: u64 },
    RecoveryCode { hash: String },
}

fn match_second_factor(
    factor: &TotpFactor,
    code: &str,
    now: time::OffsetDateTime,
) -> Option<SecondFactor> {
    let code = code.trim();
    if let Ok(secret) = TotpSecret::from_base32(&factor.secret)
        && let Some(step) = totp::verify(&secret, code, now, factor.last_step)
    {
        return Some(SecondFactor::Totp { step });
    }
    let hash = token_hash(&code.to_lowercase());
    factor
        .recovery_code_hashes
        .contains(&hash)
        .then_some(SecondFactor::RecoveryCode { hash })
}

fn use_second_factor(factor: &mut TotpFactor, matched: SecondFactor) {
    match matched {
        SecondFactor::Totp { step } => factor.last_step = Some(step),
        SecondFactor::RecoveryCode { hash } => {
            factor.recovery_code_hashes.retain(|stored| *stored != hash)
        }
    }
}

impl Identity {
    async fn user_of(&self, user_id: &UserId) -> Result<User, AuthError> {
        self.users.get(user_id).await?.ok_or(AuthError::NotFound)
    }

    /// Starts a TOTP setup: a new secret to scan, confirmed by `enable_totp`.
    pub async fn start_totp_setup(&self, user_id: &UserId) -> Result<TotpSetup, AuthError> {
        let user = self.user_of(user_id).await?;
        if user.totp.is_some() {
            return Err(AuthError::Conflict(
                "two-factor authentication is already enabled",
            ));
        }
        let secret = TotpSecret::generate();
        let expires = self.now() + TOTP_SETUP_TTL;
        let pending = PendingSetup {
            secret: secret.to_base32(),
        };
        self.table
            .put(
                to_record(&pending, &keys::totp_setup(user_id), Some(expires))?,
                Condition::Always,
            )
            .await?;
        Ok(TotpSetup {
            secret: secret.to_base32(),
            otpauth_uri: secret.otpauth_uri(user.email.as_str(), TOTP_ISSUER),
        })
    }

    /// Confirms a setup with a current code; returns the one-time recovery codes (shown once).
    pub async fn enable_totp(
        &self,
        user_id: &UserId,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<Vec<String>, AuthError> {
        self.check_limit(&MFA_FAILURES_PER_USER, user_id.as_str())
            .await?;
        let mut user = self.user_of(user_id).await?;
        if user.totp.is_some() {
            return Err(AuthError::Conflict(
                "two-factor authentication is already enabled",
            ));
        }
        let pending = self.table.get(&keys::totp_setup(user_id)).await?;
        let pending: PendingSetup =
            from_record(pending.ok_or(AuthError::Conflict("start the setup first"))?)?;
        let secret = TotpSecret::from_base32(&pending.secret)
            .map_err(|err| AuthError::Internal(err.to_string()))?;
        let step = totp::verify(&secret, code.trim(), self.now(), None)
            .ok_or(AuthError::SecondFactorRefused)?;
        let codes = recovery_codes(RECOVERY_CODE_COUNT);
        user.totp = Some(TotpFactor {
            secret: pending.secret,
            last_step: Some(step),
            recovery_code_hashes: codes.iter().map(|code| token_hash(code)).collect(),
        });
        let enabled = self.security_changed(&user, SecurityChange::MfaEnabled)?;
        self.users
            .save_announcing(&mut user, self.now(), vec![enabled])
            .await?;
        self.table
            .delete(&keys::totp_setup(user_id), Condition::Always)
            .await?;
        self.audit(
            AuditAction::MfaEnabled,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({}),
        )
        .await?;
        Ok(codes)
    }

    /// Turns TOTP off; needs the password and a current code (or a recovery code).
    pub async fn disable_totp(
        &self,
        user_id: &UserId,
        password: &str,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.check_limit(&MFA_FAILURES_PER_USER, user_id.as_str())
            .await?;
        let mut user = self.user_of(user_id).await?;
        if !self.password_matches(&user, password) {
            let refused = AuthError::ReauthenticationFailed;
            return Err(self
                .failed_check(&MFA_FAILURES_PER_USER, user_id.as_str(), refused)
                .await);
        }
        let factor = user.totp.as_ref().ok_or(AuthError::Conflict(
            "two-factor authentication is not enabled",
        ))?;
        if match_second_factor(factor, code, self.now()).is_none() {
            let refused = AuthError::SecondFactorRefused;
            return Err(self
                .failed_check(&MFA_FAILURES_PER_USER, user_id.as_str(), refused)
                .await);
        }
        user.totp = None;
        let disabled = self.security_changed(&user, SecurityChange::MfaDisabled)?;
        self.users
            .save_announcing(&mut user, self.now(), vec![disabled])
            .await?;
        self.audit(
            AuditAction::MfaDisabled,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({}),
        )
        .await
    }

    /// The second login step: a challenge from `login` plus a TOTP or recovery code.
    pub async fn login_with_mfa(
        &self,
        challenge: &str,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<LoginOutcome, AuthError> {
        let grant = self
            .tokens
            .peek(TokenPurpose::MfaChallenge, challenge)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        self.check_limit(&MFA_FAILURES_PER_USER, grant.user_id.as_str())
            .await?;
        let mut user = self
            .user_of(&grant.user_id)
            .await
            .map_err(|_| AuthError::InvalidToken)?;
        let mut factor = user.totp.clone().ok_or(AuthError::InvalidToken)?;
        let Some(matched) = match_second_factor(&factor, code, self.now()) else {
            let user_id = Some(&grant.user_id);
            let stage = serde_json::json!({"stage": "sign_in"});
            self.audit(AuditAction::MfaCheckFailed, user_id, user_id, meta, stage)
                .await?;
            let subject = grant.user_id.as_str();
            return Err(self
                .failed_check(&MFA_FAILURES_PER_USER, subject, AuthError::InvalidCode)
                .await);
        };
        let method = match matched {
            SecondFactor::Totp { .. } => LoginMethod::Totp,
            SecondFactor::RecoveryCode { .. } => LoginMethod::RecoveryCode,
        };
        // The challenge is single use: only the request that consumes it signs in.
        self.tokens
            .consume(TokenPurpose::MfaChallenge, challenge)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        use_second_factor(&mut factor, matched);
        user.totp = Some(factor);
        self.users.save(&mut user, self.now()).await?;
        Ok(LoginOutcome::Tokens(
            self.start_session(&user, method, meta).await?,
        ))
    }
}
