//! What an admin does to another user's account: search the directory, read one account (no
//! secrets), lift a ban or a lockout, sign the user out everywhere, send a new verification
//! link. Each change is audited with the admin as actor. Bans and role changes are in
//! `session_flows`.

use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::directory::{UserSearch, UserSummary};
use crate::error::AuthError;
use crate::service::{Identity, RequestMeta};
use crate::users::{User, UserStatus};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::Position;

/// One account as an admin sees it: the directory summary and the state of its sign-in, never
/// a password hash, TOTP secret, recovery code or token.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct UserDetails {
    #[serde(flatten)]
    pub summary: UserSummary,
    /// An address change waiting for its confirmation.
    pub pending_email: Option<String>,
    pub mfa_enabled: bool,
    /// Until when failed sign-ins keep the account locked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub locked_until: Option<OffsetDateTime>,
    pub active_sessions: usize,
    pub default_currency: String,
    pub locale: String,
    #[schema(value_type = String)]
    pub time_zone: String,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Identity {
    /// One page of the users matching `search`.
    pub async fn search_users(
        &self,
        search: &UserSearch,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<UserSummary>, Option<Position>), AuthError> {
        Ok(self.users.search(search, limit, start_after).await?)
    }

    /// Writes the directory items of one page of users (see `UserStore::reindex_page`);
    /// audited `user_directory_rebuilt` with the count.
    pub async fn rebuild_directory(
        &self,
        admin_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
        meta: &RequestMeta,
    ) -> Result<(usize, Option<Position>), AuthError> {
        let (count, next) = self.users.reindex_page(limit, start_after).await?;
        let rebuilt = json!({"users": count});
        self.audit(
            AuditAction::UserDirectoryRebuilt,
            Some(admin_id),
            None,
            meta,
            rebuilt,
        )
        .await?;
        Ok((count, next))
    }

    /// A user's account for an admin (audited: it is personal data).
    pub async fn user_details(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<UserDetails, AuthError> {
        let user = self.target(user_id).await?;
        let details = UserDetails {
            summary: UserSummary::of(&user),
            pending_email: user
                .pending_email
                .as_ref()
                .map(|pending| pending.address.as_str().to_owned()),
            mfa_enabled: user.totp.is_some(),
            locked_until: self.locked_until(user_id).await?,
            active_sessions: self.sessions.list(user_id).await?.len(),
            default_currency: user.default_currency.clone(),
            locale: user.locale.clone(),
            time_zone: user.time_zone.as_str().to_owned(),
            updated_at: user.updated_at,
        };
        self.audit(
            AuditAction::UserViewed,
            Some(admin_id),
            Some(user_id),
            meta,
            json!({}),
        )
        .await?;
        Ok(details)
    }

    /// Lifts a ban: the user may sign in again (`409` when they are not banned).
    pub async fn unban(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let mut user = self.target(user_id).await?;
        if user.status != UserStatus::Banned {
            return Err(AuthError::Conflict("the user is not banned"));
        }
        user.status = UserStatus::Active;
        self.users.save(&mut user, self.now()).await?;
        self.audit(
            AuditAction::UserUnbanned,
            Some(admin_id),
            Some(user_id),
            meta,
            json!({}),
        )
        .await
    }

    /// Lifts a lockout before it ends and forgets the failed attempts (`409` when the account
    /// is not locked).
    pub async fn unlock(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.target(user_id).await?;
        let Some(until) = self.locked_until(user_id).await? else {
            return Err(AuthError::Conflict("the account is not locked"));
        };
        self.clear_lock(user_id).await?;
        let lock = json!({"until": until.unix_timestamp()});
        self.audit(
            AuditAction::AccountUnlocked,
            Some(admin_id),
            Some(user_id),
            meta,
            lock,
        )
        .await
    }

    /// Ends every session of the user, and with them their refresh tokens; answers how many
    /// ended. The user's access tokens stop working on their next request.
    pub async fn sign_out_everywhere(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<usize, AuthError> {
        self.target(user_id).await?;
        let revoked = self.sessions.revoke_all(user_id, None).await?;
        let count = json!({"revoked": revoked});
        self.audit(
            AuditAction::AllSessionsRevoked,
            Some(admin_id),
            Some(user_id),
            meta,
            count,
        )
        .await?;
        Ok(revoked)
    }

    /// Emails the user a new verification link (`409` when the address is already verified).
    pub async fn resend_verification_for(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let user = self.target(user_id).await?;
        if user.email_verified {
            return Err(AuthError::Conflict("the address is already verified"));
        }
        self.send_verification(&user).await?;
        self.audit(
            AuditAction::VerificationResent,
            Some(admin_id),
            Some(user_id),
            meta,
            json!({}),
        )
        .await
    }

    /// The user an admin acts on (`404` when there is none).
    async fn target(&self, user_id: &UserId) -> Result<User, AuthError> {
        self.users.get(user_id).await?.ok_or(AuthError::NotFound)
    }
}
