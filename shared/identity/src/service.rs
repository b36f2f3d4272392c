//! `Identity`: the identity services over the ports, and the steps every sign-in shares.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::error::AuthError;
use crate::ids::SessionId;
use crate::one_time::OneTimeTokens;
use crate::rate_limit::{Limited, RateLimit, RateLimiter};
use crate::sessions::{SESSION_LIFETIME, Session, SessionStore};
use crate::users::{User, UserStatus, UserStore};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::email::{EmailTemplate, SecurityChange, SendEmail, queue_email};
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::events::outbox;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::Write;
use ferrofin_platform::settings::RuntimeSettings;

use crate::events::{UserSecurityChanged, UserSignedIn};
use ferrofin_platform::ports::queue::Queue;
use ferrofin_platform::security::jwt::{ACCESS_TOKEN_TTL, JwtKeys};
use ferrofin_platform::security::password::{Password, PasswordHash, PasswordHasher};
use ferrofin_platform::security::tokens::{random_token, token_hash};

/// Who is calling, as far as the network tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: String,
    pub user_agent: String,
}

/// Tokens handed out on a successful sign-in or refresh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedTokens {
    pub access_token: String,
    pub access_expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_at: OffsetDateTime,
    pub session_id: SessionId,
}

/// The identity services.
#[derive(Clone)]
pub struct Identity {
    pub users: UserStore,
    pub sessions: SessionStore,
    pub tokens: OneTimeTokens,
    pub limiter: RateLimiter,
    pub audit: AuditLog,
    pub hasher: Arc<PasswordHasher>,
    pub jwt: Arc<JwtKeys>,
    pub(super) settings: RuntimeSettings,
    pub(super) table: Arc<dyn ferrofin_platform::ports::table::Table>,
    pub(super) queue: Arc<dyn Queue>,
    pub(super) clock: Arc<dyn Clock>,
}

impl Identity {
    pub fn new(state: &AppState) -> Self {
        Self {
            users: UserStore::new(state.table.clone()),
            sessions: SessionStore::new(state.table.clone()),
            tokens: OneTimeTokens::new(state.table.clone()),
            limiter: RateLimiter::new(state.table.clone(), state.clock.clone()),
            audit: AuditLog::new(state.table.clone(), state.clock.clone()),
            hasher: state.password_hasher.clone(),
            jwt: state.jwt.clone(),
            settings: state.settings.clone(),
            table: state.table.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// The outbox write announcing `event`, for the transaction of the change.
    pub(super) fn announce<M: Message>(&self, event: &M) -> Result<Write, AuthError> {
        Ok(outbox::emit(event, self.clock.as_ref())?)
    }

    /// Counts an event against a limit, failing with 429 when over it.
    pub(super) async fn limit(&self, limit: &RateLimit, subject: &str) -> Result<(), AuthError> {
        self.limiter
            .hit(limit, subject)
            .await?
            .map_err(rate_limited)
    }

    /// Refuses when `subject` already failed `limit.max` times in the window (counting
    /// nothing: a limit on failures counts them with [`Self::limit`] when they happen).
    pub(super) async fn check_limit(
        &self,
        limit: &RateLimit,
        subject: &str,
    ) -> Result<(), AuthError> {
        self.limiter
            .check(limit, subject)
            .await?
            .map_err(rate_limited)
    }

    /// Counts a failed check against `limit` and answers `failure`.
    pub(super) async fn failed_check(
        &self,
        limit: &RateLimit,
        subject: &str,
        failure: AuthError,
    ) -> AuthError {
        match self.limiter.hit(limit, subject).await {
            Ok(_) => failure,
            Err(err) => err.into(),
        }
    }

    /// The announcement of a change to how `user`'s account is secured, written with the change
    /// (the notifications area tells the user: these cannot be turned off).
    pub(super) fn security_changed(
        &self,
        user: &User,
        change: SecurityChange,
    ) -> Result<Write, AuthError> {
        self.announce(&UserSecurityChanged {
            user_id: user.id.clone(),
            change,
            at: self.now(),
        })
    }

    /// Queues an email to a user.
    pub(super) async fn email(
        &self,
        user: &User,
        template: EmailTemplate,
    ) -> Result<(), AuthError> {
        self.email_to(&user.email, user, template).await
    }

    /// Queues an email to `user` at an address other than the account's (an address change).
    pub(super) async fn email_to(
        &self,
        address: &EmailAddress,
        user: &User,
        template: EmailTemplate,
    ) -> Result<(), AuthError> {
        let email = SendEmail {
            to: address.to_string(),
            name: Some(user.name.clone()),
            template,
        };
        queue_email(self.queue.as_ref(), self.clock.as_ref(), &email).await?;
        Ok(())
    }

    pub(super) async fn audit(
        &self,
        action: AuditAction,
        actor: Option<&UserId>,
        target: Option<&UserId>,
        meta: &RequestMeta,
        metadata: serde_json::Value,
    ) -> Result<(), AuthError> {
        let ip = (!meta.ip.is_empty()).then_some(meta.ip.as_str());
        self.audit
            .record(action, actor, target.map(UserId::as_str), ip, metadata)
            .await?;
        Ok(())
    }

    /// Hashes a new password for storage.
    pub(super) fn hash_password(&self, password: &Password) -> Result<String, AuthError> {
        self.hasher
            .hash(password)
            .map(|hash| hash.as_str().to_owned())
            .map_err(|err| AuthError::Internal(err.to_string()))
    }

    /// Whether `attempt` is the user's password.
    pub(super) fn password_matches(&self, user: &User, attempt: &str) -> bool {
        self.hasher.verify(
            attempt,
            &PasswordHash::from_stored(user.password_hash.clone()),
        )
    }

    /// Issues an access token for a session.
    pub(super) fn access_token(
        &self,
        user: &User,
        session_id: &SessionId,
    ) -> Result<String, AuthError> {
        self.jwt
            .issue(
                user.id.as_str(),
                user.role.as_str(),
                session_id.as_str(),
                self.now(),
                ACCESS_TOKEN_TTL,
            )
            .map_err(|err| AuthError::Internal(err.to_string()))
    }

    /// Opens a new session for a user who proved who they are by `method`, and records the
    /// login with it.
    pub(super) async fn start_session(
        &self,
        user: &User,
        method: LoginMethod,
        meta: &RequestMeta,
    ) -> Result<IssuedTokens, AuthError> {
        if user.status == UserStatus::Banned {
            return Err(AuthError::AccountDisabled);
        }
        let now = self.now();
        let earlier = self.sessions.list(&user.id).await?;
        let refresh_token = random_token();
        let session = Session {
            id: SessionId::generate(self.clock.as_ref()),
            user_id: user.id.clone(),
            user_agent: meta.user_agent.clone(),
            ip: meta.ip.clone(),
            created_at: now,
            last_used_at: now,
            expires: now + SESSION_LIFETIME,
            refresh_hash: token_hash(&refresh_token),
        };
        let known_device = earlier
            .iter()
            .any(|other| other.user_agent == meta.user_agent);
        let signed_in = self.announce(&UserSignedIn {
            user_id: user.id.clone(),
            session_id: session.id.clone(),
            user_agent: meta.user_agent.clone(),
            ip: meta.ip.clone(),
            new_device: !known_device,
            earlier_sessions: !earlier.is_empty(),
        })?;
        self.sessions.create(&session, signed_in).await?;
        self.audit(
            AuditAction::LoginSucceeded,
            Some(&user.id),
            Some(&user.id),
            meta,
            serde_json::json!({"session_id": session.id, "method": method.name()}),
        )
        .await?;
        Ok(IssuedTokens {
            access_token: self.access_token(user, &session.id)?,
            access_expires_in: ACCESS_TOKEN_TTL.whole_seconds(),
            refresh_token,
            refresh_expires_at: session.expires,
            session_id: session.id,
        })
    }
}

fn rate_limited(limited: Limited) -> AuthError {
    AuthError::RateLimited {
        retry_after_seconds: limited.retry_after_seconds,
    }
}

/// How a user proved who they are when signing in (named in the login's audit entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginMethod {
    Password,
    EmailCode,
    /// The password, then a TOTP code.
    Totp,
    /// The password, then a recovery code.
    RecoveryCode,
}

impl LoginMethod {
    pub fn name(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::EmailCode => "email_code",
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
        }
    }
}
