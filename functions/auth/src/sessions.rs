//! The signed-in user's sessions: log out (this one or all), list them, end one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::Identity;
use ferrofin_identity::ids::SessionId;
use ferrofin_identity::sessions::Session;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A signed-in device.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    #[schema(value_type = String)]
    pub id: SessionId,
    pub user_agent: String,
    pub ip: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_used_at: OffsetDateTime,
    /// The session this request was made with.
    pub current: bool,
}

impl SessionView {
    pub fn of(session: Session, current_id: &SessionId) -> Self {
        Self {
            current: session.id == *current_id,
            id: session.id,
            user_agent: session.user_agent,
            ip: session.ip,
            created_at: session.created_at,
            last_used_at: session.last_used_at,
        }
    }
}

/// Ends the current session.
#[utoipa::path(post, path = "/v1/auth/logout", operation_id = "logOut", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_session(&user.user_id, &user.session_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the user, this one included.
#[utoipa::path(post, path = "/v1/auth/logout-all", operation_id = "logOutEverywhere", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout_all(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_all_sessions(&user.user_id, None, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user's signed-in devices, newest first; the current one is marked.
#[utoipa::path(get, path = "/v1/auth/sessions", operation_id = "listSessions", tag = "auth", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = PageResponse<SessionView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_sessions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<SessionView>>, ApiError> {
    let identity = Identity::new(&state);
    let load = |limit, start| identity.list_sessions(&user.user_id, limit, start);
    let scope = format!("sessions:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |session| {
        Ok(SessionView::of(session, &user.session_id))
    })
    .await
}

/// Ends one of the user's sessions (404 when it is not theirs).
#[utoipa::path(delete, path = "/v1/auth/sessions/{id}", operation_id = "revokeSession", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "Session id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_session(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(session_id): ApiPath<SessionId>,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_session(&user.user_id, &session_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(logout))
        .routes(routes!(logout_all))
        .routes(routes!(list_sessions))
        .routes(routes!(revoke_session))
}
