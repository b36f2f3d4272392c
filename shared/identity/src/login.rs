//! Password login with lockout, and what follows any first factor: an MFA challenge or a session.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::error::AuthError;
use crate::keys::{self, TokenPurpose};
use crate::rate_limit::RateLimit;
use crate::service::{Identity, IssuedTokens, LoginMethod, RequestMeta};
use crate::users::User;
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::EmailTemplate;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::metrics;
use ferrofin_platform::ports::table::{Condition, from_record, to_record};

/// Failed logins that lock an account.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a lock lasts.
pub const LOCK_DURATION: Duration = Duration::minutes(30);
/// Lifetime of the challenge that a login with MFA returns.
pub const MFA_CHALLENGE_TTL: Duration = Duration::minutes(5);

const LOGIN_PER_IP: RateLimit = RateLimit {
    scope: "login-ip",
    max: 30,
    window: Duration::minutes(15),
};

/// The result of a correct first factor.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Signed in.
    Tokens(IssuedTokens),
    /// A second factor is needed: present the challenge with a code to `login_mfa`.
    MfaRequired { challenge: String, expires_in: i64 },
}

#[derive(Serialize, Deserialize)]
struct Lock {
    #[serde(with = "time::serde::rfc3339")]
    until: OffsetDateTime,
}

impl Identity {
    /// Signs in with email and password.
    pub async fn login(
        &self,
        raw_email: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<LoginOutcome, AuthError> {
        self.limit(&LOGIN_PER_IP, &meta.ip).await?;
        let user = match EmailAddress::parse(raw_email) {
            Ok(email) => self.users.find_by_email(&email).await?,
            Err(_) => None,
        };
        let Some(user) = user else {
            // Same work as a wrong password, so timing does not tell whether the account exists.
            self.hasher.verify_dummy(password);
            metrics::count("LoginFailures", &[]);
            return Err(AuthError::InvalidCredentials);
        };
        self.ensure_not_locked(&user).await?;
        if !self.password_matches(&user, password) {
            return Err(self.record_failed_login(&user, meta).await?);
        }
        self.table
            .delete(&keys::login_failures(&user.id), Condition::Always)
            .await?;
        self.complete_first_factor(&user, LoginMethod::Password, meta)
            .await
    }

    /// Refuses a locked account, saying when it unlocks.
    pub(super) async fn ensure_not_locked(&self, user: &User) -> Result<(), AuthError> {
        if let Some(until) = self.locked_until(&user.id).await? {
            let seconds = (until - self.now()).whole_seconds().max(1);
            return Err(AuthError::AccountLocked {
                retry_after_seconds: u64::try_from(seconds).unwrap_or(1),
            });
        }
        Ok(())
    }

    /// When the user's account unlocks, if it is locked.
    pub(super) async fn locked_until(
        &self,
        user_id: &UserId,
    ) -> Result<Option<OffsetDateTime>, AuthError> {
        match self.table.get(&keys::account_lock(user_id)).await? {
            Some(lock) => Ok(Some(from_record::<Lock>(lock)?.until)),
            None => Ok(None),
        }
    }

    /// Lifts a lock and forgets the failed attempts that led to it.
    pub(super) async fn clear_lock(&self, user_id: &UserId) -> Result<(), AuthError> {
        self.table
            .delete(&keys::account_lock(user_id), Condition::Always)
            .await?;
        self.table
            .delete(&keys::login_failures(user_id), Condition::Always)
            .await?;
        Ok(())
    }

    /// Counts a failed login; the fifth within the lock window locks the account.
    async fn record_failed_login(
        &self,
        user: &User,
        meta: &RequestMeta,
    ) -> Result<AuthError, AuthError> {
        let now = self.now();
        let failures = self
            .table
            .increment(
                &keys::login_failures(&user.id),
                "count",
                1,
                Some(now + LOCK_DURATION),
            )
            .await?;
        metrics::count("LoginFailures", &[]);
        self.audit(
            AuditAction::LoginFailed,
            None,
            Some(&user.id),
            meta,
            serde_json::json!({"failures": failures}),
        )
        .await?;
        if failures < MAX_FAILED_LOGINS {
            return Ok(AuthError::InvalidCredentials);
        }
        let until = now + LOCK_DURATION;
        metrics::count("Lockouts", &[]);
        self.table
            .put(
                to_record(&Lock { until }, &keys::account_lock(&user.id), Some(until))?,
                Condition::Always,
            )
            .await?;
        self.table
            .delete(&keys::login_failures(&user.id), Condition::Always)
            .await?;
        self.audit(
            AuditAction::AccountLocked,
            None,
            Some(&user.id),
            meta,
            serde_json::json!({"until": until.unix_timestamp()}),
        )
        .await?;
        self.email(user, EmailTemplate::AccountLocked { until })
            .await?;
        Ok(AuthError::AccountLocked {
            retry_after_seconds: u64::try_from(LOCK_DURATION.whole_seconds()).unwrap_or(1),
        })
    }

    /// After a correct first factor: refuse unusable accounts, then challenge for MFA or sign in.
    pub(super) async fn complete_first_factor(
        &self,
        user: &User,
        method: LoginMethod,
        meta: &RequestMeta,
    ) -> Result<LoginOutcome, AuthError> {
        if user.status == super::users::UserStatus::Banned {
            return Err(AuthError::AccountDisabled);
        }
        if !user.email_verified {
            return Err(AuthError::EmailNotVerified);
        }
        if user.totp.is_some() {
            let challenge = self
                .tokens
                .issue(
                    TokenPurpose::MfaChallenge,
                    &user.id,
                    "",
                    MFA_CHALLENGE_TTL,
                    self.now(),
                )
                .await?;
            return Ok(LoginOutcome::MfaRequired {
                challenge,
                expires_in: MFA_CHALLENGE_TTL.whole_seconds(),
            });
        }
        Ok(LoginOutcome::Tokens(
            self.start_session(user, method, meta).await?,
        ))
    }
}
