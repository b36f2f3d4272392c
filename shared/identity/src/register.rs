//! Registration and email verification.

use crate::events::UserRegistered;
use time::Duration;

use crate::error::AuthError;
use crate::keys::TokenPurpose;
use crate::rate_limit::RateLimit;
use crate::roles::Role;
use crate::service::{Identity, RequestMeta};
use crate::users::{User, UserStoreError};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::EmailTemplate;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::security::password::Password;
use ferrofin_platform::settings::REGISTRATION_OPEN;

/// Lifetime of an email verification link.
pub const VERIFY_EMAIL_TTL: Duration = Duration::hours(24);
/// Most characters in a display name.
pub const MAX_NAME_CHARS: usize = 100;

const REGISTER_PER_IP: RateLimit = RateLimit {
    scope: "register-ip",
    max: 10,
    window: Duration::hours(1),
};
const RESEND_PER_IP: RateLimit = RateLimit {
    scope: "verify-resend-ip",
    max: 10,
    window: Duration::hours(1),
};
const RESEND_PER_ADDRESS: RateLimit = RateLimit {
    scope: "verify-resend",
    max: 3,
    window: Duration::hours(1),
};

/// What a new user gives.
pub struct Registration {
    pub email: String,
    pub password: String,
    pub name: String,
}

/// Checks a display name: trimmed, 1..=100 characters, no control characters.
pub fn parse_name(raw: &str) -> Result<String, AuthError> {
    let name = raw.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(AuthError::invalid(
            "name",
            format!("must be 1 to {MAX_NAME_CHARS} printable characters"),
        ));
    }
    Ok(name.to_owned())
}

/// Parses an address, as a 422 on `field` when invalid.
pub fn parse_email(field: &str, raw: &str) -> Result<EmailAddress, AuthError> {
    EmailAddress::parse(raw).map_err(|err| AuthError::invalid(field, err.to_string()))
}

/// Parses a new password, as a 422 on `field` when it breaks the policy.
pub fn parse_password(field: &str, raw: &str) -> Result<Password, AuthError> {
    Password::parse(raw).map_err(|err| AuthError::invalid(field, err.to_string()))
}

/// Collects the field errors of several parses into one 422.
fn all_fields<A, B, C>(
    a: Result<A, AuthError>,
    b: Result<B, AuthError>,
    c: Result<C, AuthError>,
) -> Result<(A, B, C), AuthError> {
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(c)) => Ok((a, b, c)),
        (a, b, c) => {
            let mut details = Vec::new();
            for err in [a.err(), b.err(), c.err()].into_iter().flatten() {
                match err {
                    AuthError::Validation(more) => details.extend(more),
                    other => return Err(other),
                }
            }
            Err(AuthError::Validation(details))
        }
    }
}

impl Identity {
    /// Registers a user and emails a verification link. An address that is already registered
    /// gets the same answer after the same work (a password hash), so it cannot be probed.
    /// While the `registration.open` setting is off, nobody registers (`403`).
    pub async fn register(
        &self,
        registration: Registration,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        if !self.settings.flag(REGISTRATION_OPEN).await? {
            return Err(AuthError::RegistrationClosed);
        }
        self.limit(&REGISTER_PER_IP, &meta.ip).await?;
        let (email, password, name) = all_fields(
            parse_email("email", &registration.email),
            parse_password("password", &registration.password),
            parse_name(&registration.name),
        )?;
        let hash = self.hash_password(&password)?;
        let now = self.now();
        let user = User::new(
            UserId::generate(self.clock.as_ref()),
            email,
            name,
            hash,
            Role::User,
            false,
            now,
        );
        match self
            .users
            .create(
                &user,
                self.announce(&UserRegistered {
                    user_id: user.id.clone(),
                    role: user.role,
                })?,
            )
            .await
        {
            Err(UserStoreError::EmailTaken) => return Ok(()),
            other => other?,
        }
        self.audit(
            AuditAction::UserRegistered,
            Some(&user.id),
            Some(&user.id),
            meta,
            serde_json::json!({}),
        )
        .await?;
        self.send_verification(&user).await
    }

    pub(super) async fn send_verification(&self, user: &User) -> Result<(), AuthError> {
        let token = self
            .tokens
            .issue(
                TokenPurpose::VerifyEmail,
                &user.id,
                user.email.as_str(),
                VERIFY_EMAIL_TTL,
                self.now(),
            )
            .await?;
        self.email(user, EmailTemplate::VerifyEmail { token }).await
    }

    /// Marks the address a verification token was sent to as verified (once).
    pub async fn verify_email(&self, token: &str, meta: &RequestMeta) -> Result<(), AuthError> {
        let grant = self
            .tokens
            .consume(TokenPurpose::VerifyEmail, token)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        let mut user = self
            .users
            .get(&grant.user_id)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        if user.email.as_str() != grant.subject {
            return Err(AuthError::InvalidToken);
        }
        if !user.email_verified {
            user.email_verified = true;
            self.users.save(&mut user, self.now()).await?;
            self.audit(
                AuditAction::EmailVerified,
                Some(&user.id),
                Some(&user.id),
                meta,
                serde_json::json!({}),
            )
            .await?;
        }
        Ok(())
    }

    /// Sends a new verification link if the address belongs to an unverified account; the
    /// answer is the same either way.
    pub async fn resend_verification(
        &self,
        raw_email: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.limit(&RESEND_PER_IP, &meta.ip).await?;
        let email = parse_email("email", raw_email)?;
        self.limit(&RESEND_PER_ADDRESS, email.as_str()).await?;
        match self.users.find_by_email(&email).await? {
            Some(user) if !user.email_verified => self.send_verification(&user).await,
            _ => Ok(()),
        }
    }
}
