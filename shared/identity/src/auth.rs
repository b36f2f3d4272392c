//! Authentication and authorisation for every route: [`AuthUser`] checks the bearer access
//! token (HS256 pinned, issuer, audience, expiry) and that its session still exists, so logout,
//! logout-all, password resets and bans take effect on the very next request; and it keeps the
//! session's `last_used_at` (at most one write per session every few minutes).
//! [`AuthUser::require`] is the one place a permission is checked.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};

use crate::ids::SessionId;
use crate::roles::{Permission, Role, allows};
use crate::sessions::SessionStore;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ErrorCode, ErrorDetail};
use ferrofin_platform::ids::UserId;

/// The authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthUser {
    pub user_id: UserId,
    pub role: Role,
    pub session_id: SessionId,
}

fn unauthenticated(message: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
        message,
    )
}

impl AuthUser {
    /// Fails with 403 unless the caller's role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if allows(self.role, permission) {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "you do not have permission for this",
        )
        .with_details(vec![ErrorDetail {
            field: "permission".to_owned(),
            message: permission.as_str().to_owned(),
        }]))
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .ok_or_else(|| unauthenticated("a bearer access token is required"))?;
        let claims = state
            .jwt
            .verify(token.trim(), state.clock.now())
            .map_err(|_| unauthenticated("the access token is invalid or has expired"))?;
        let role = Role::parse(&claims.role)
            .ok_or_else(|| unauthenticated("the access token is invalid"))?;
        let user_id = UserId::from(claims.sub);
        let session_id = SessionId::from(claims.sid);
        let sessions = SessionStore::new(state.table.clone());
        let now = state.clock.now();
        let session = sessions
            .get(&user_id, &session_id)
            .await?
            .filter(|session| session.expires > now)
            .ok_or_else(|| unauthenticated("the session has ended; sign in again"))?;
        // Best effort: a request is not refused because its session's use was not recorded.
        if let Err(err) = sessions.touch(&session, now).await {
            tracing::warn!(%err, "the session's last use was not recorded");
        }
        Ok(Self {
            user_id,
            role,
            session_id,
        })
    }
}
