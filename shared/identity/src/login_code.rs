//! Email one-time-code login: 6 digits, 10 minutes, single use, at most 3 codes per 15 minutes
//! per account and 5 wrong entries per code.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::error::AuthError;
use crate::keys;
use crate::login::LoginOutcome;
use crate::rate_limit::RateLimit;
use crate::register::parse_email;
use crate::service::{Identity, LoginMethod, RequestMeta};
use ferrofin_platform::email::EmailTemplate;
use ferrofin_platform::ports::table::{Condition, TableError, from_record, to_record};
use ferrofin_platform::security::tokens::{constant_time_eq, numeric_code, token_hash};

pub const LOGIN_CODE_DIGITS: u32 = 6;
pub const LOGIN_CODE_TTL: Duration = Duration::minutes(10);
pub const MAX_CODE_ATTEMPTS: i64 = 5;

const CODE_REQUESTS_PER_ACCOUNT: RateLimit = RateLimit {
    scope: "login-code",
    max: 3,
    window: Duration::minutes(15),
};
const CODE_REQUESTS_PER_IP: RateLimit = RateLimit {
    scope: "login-code-ip",
    max: 20,
    window: Duration::minutes(15),
};
const CODE_CHECKS_PER_IP: RateLimit = RateLimit {
    scope: "login-code-check-ip",
    max: 30,
    window: Duration::minutes(15),
};

#[derive(Serialize, Deserialize)]
struct LoginCode {
    code_hash: String,
    #[serde(default)]
    attempts: i64,
    #[serde(with = "time::serde::rfc3339")]
    expires: OffsetDateTime,
}

impl Identity {
    /// Emails a login code to an active, verified account. The answer does not say whether the
    /// address has an account; only an account's own request limit answers 429.
    pub async fn request_login_code(
        &self,
        raw_email: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.limit(&CODE_REQUESTS_PER_IP, &meta.ip).await?;
        let email = parse_email("email", raw_email)?;
        let Some(user) = self.users.find_by_email(&email).await? else {
            return Ok(());
        };
        self.limit(&CODE_REQUESTS_PER_ACCOUNT, user.id.as_str())
            .await?;
        if !user.email_verified || user.status != super::users::UserStatus::Active {
            return Ok(());
        }
        let code = numeric_code(LOGIN_CODE_DIGITS);
        let expires = self.now() + LOGIN_CODE_TTL;
        let record = LoginCode {
            code_hash: token_hash(&code),
            attempts: 0,
            expires,
        };
        self.table
            .put(
                to_record(&record, &keys::login_code(&user.id), Some(expires))?,
                Condition::Always,
            )
            .await?;
        let minutes = u32::try_from(LOGIN_CODE_TTL.whole_minutes()).unwrap_or(10);
        self.email(
            &user,
            EmailTemplate::LoginCode {
                code,
                expires_in_minutes: minutes,
            },
        )
        .await
    }

    /// Signs in with an emailed code.
    pub async fn verify_login_code(
        &self,
        raw_email: &str,
        code: &str,
        meta: &RequestMeta,
    ) -> Result<LoginOutcome, AuthError> {
        self.limit(&CODE_CHECKS_PER_IP, &meta.ip).await?;
        let email = parse_email("email", raw_email)?;
        let user = self
            .users
            .find_by_email(&email)
            .await?
            .ok_or(AuthError::InvalidCode)?;
        let key = keys::login_code(&user.id);
        let stored: LoginCode =
            from_record(self.table.get(&key).await?.ok_or(AuthError::InvalidCode)?)?;
        if !constant_time_eq(&stored.code_hash, &token_hash(code.trim())) {
            let attempts = self
                .table
                .increment(&key, "attempts", 1, Some(stored.expires))
                .await?;
            if attempts >= MAX_CODE_ATTEMPTS {
                self.table.delete(&key, Condition::Always).await?;
            }
            return Err(AuthError::InvalidCode);
        }
        // Single use: only the request that deletes the code may sign in with it.
        match self.table.delete(&key, Condition::Exists).await {
            Err(TableError::ConditionFailed { .. }) => return Err(AuthError::InvalidCode),
            other => other?,
        }
        self.ensure_not_locked(&user).await?;
        self.complete_first_factor(&user, LoginMethod::EmailCode, meta)
            .await
    }
}
