//! Refresh, logout and session management for a signed-in user.

use crate::error::AuthError;
use crate::ids::SessionId;
use crate::roles::Role;
use crate::service::{Identity, IssuedTokens, RequestMeta};
use crate::sessions::{Rotation, Session};
use crate::users::{User, UserStatus};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::Position;
use ferrofin_platform::security::tokens::{random_token, token_hash};

impl Identity {
    /// Exchanges a refresh token for new tokens. A token that was already used revokes its
    /// session (someone holds a stolen copy) and is audited.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        meta: &RequestMeta,
    ) -> Result<IssuedTokens, AuthError> {
        let new_token = random_token();
        let rotation = self
            .sessions
            .rotate(
                &token_hash(refresh_token),
                &token_hash(&new_token),
                self.now(),
            )
            .await?;
        let session = match rotation {
            Rotation::Rotated(session) => session,
            Rotation::Invalid => return Err(AuthError::InvalidRefreshToken),
            Rotation::Reused {
                user_id,
                session_id,
            } => {
                self.audit(
                    AuditAction::RefreshTokenReused,
                    None,
                    Some(&user_id),
                    meta,
                    serde_json::json!({"session_id": session_id}),
                )
                .await?;
                return Err(AuthError::InvalidRefreshToken);
            }
        };
        let user = self.users.get(&session.user_id).await?;
        let Some(user) = user.filter(|user| user.status == UserStatus::Active) else {
            self.sessions.revoke(&session.user_id, &session.id).await?;
            return Err(AuthError::InvalidRefreshToken);
        };
        Ok(IssuedTokens {
            access_token: self.access_token(&user, &session.id)?,
            access_expires_in: ferrofin_platform::security::jwt::ACCESS_TOKEN_TTL.whole_seconds(),
            refresh_token: new_token,
            refresh_expires_at: session.expires,
            session_id: session.id,
        })
    }

    /// Ends one session of the user (404 if it is not theirs or already ended).
    pub async fn revoke_session(
        &self,
        user_id: &UserId,
        session_id: &SessionId,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        if !self.sessions.revoke(user_id, session_id).await? {
            return Err(AuthError::NotFound);
        }
        self.audit(
            AuditAction::SessionRevoked,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({"session_id": session_id}),
        )
        .await
    }

    /// Ends every session of the user, or every other one when `keep` is given.
    pub async fn revoke_all_sessions(
        &self,
        user_id: &UserId,
        keep: Option<&SessionId>,
        meta: &RequestMeta,
    ) -> Result<usize, AuthError> {
        let revoked = self.sessions.revoke_all(user_id, keep).await?;
        self.audit(
            AuditAction::AllSessionsRevoked,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({"revoked": revoked}),
        )
        .await?;
        Ok(revoked)
    }

    /// The user's live sessions, newest first.
    pub async fn list_sessions(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Session>, Option<Position>), AuthError> {
        Ok(self.sessions.page(user_id, limit, start_after).await?)
    }

    /// Bans a user: they cannot sign in, and every session ends at once.
    pub async fn ban(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        if admin_id == user_id {
            return Err(AuthError::Conflict("you cannot ban yourself"));
        }
        let mut user = self.users.get(user_id).await?.ok_or(AuthError::NotFound)?;
        user.status = UserStatus::Banned;
        self.users.save(&mut user, self.now()).await?;
        self.sessions.revoke_all(user_id, None).await?;
        self.audit(
            AuditAction::UserBanned,
            Some(admin_id),
            Some(user_id),
            meta,
            serde_json::json!({}),
        )
        .await
    }

    /// Gives a user another role. Roles travel in access tokens, so the user's sessions end and
    /// the next sign-in carries the new role.
    pub async fn set_role(
        &self,
        admin_id: &UserId,
        user_id: &UserId,
        role: Role,
        meta: &RequestMeta,
    ) -> Result<User, AuthError> {
        if admin_id == user_id {
            return Err(AuthError::Conflict("you cannot change your own role"));
        }
        let mut user = self.users.get(user_id).await?.ok_or(AuthError::NotFound)?;
        let previous = user.role;
        if previous != role {
            user.role = role;
            self.users.save(&mut user, self.now()).await?;
            self.sessions.revoke_all(user_id, None).await?;
            let change = serde_json::json!({"from": previous.as_str(), "to": role.as_str()});
            self.audit(
                AuditAction::RoleChanged,
                Some(admin_id),
                Some(user_id),
                meta,
                change,
            )
            .await?;
        }
        Ok(user)
    }
}
