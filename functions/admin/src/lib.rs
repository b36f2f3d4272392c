//! The admin function: `/v1/admin/users/{id}/...` — change a user's role, ban a user, and read a
//! user's audit log. Every route checks its permission through `AuthUser::require`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::Identity;
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditEntry};
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The new role of a user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: Role,
}

/// A user's role after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserRole {
    pub id: String,
    pub role: Role,
}

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Option<String>,
    /// What happened, e.g. `login_failed`, `role_changed`.
    #[schema(value_type = String)]
    pub action: AuditAction,
    pub target: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub metadata: serde_json::Value,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> Self {
        Self {
            id: entry.id,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            ip: entry.ip,
            metadata: entry.metadata,
        }
    }
}

/// Gives a user a role (`users:manage-roles`); their sessions end so the next sign-in carries it.
#[utoipa::path(post, path = "/v1/admin/users/{id}/roles", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")), request_body = RoleChange,
    responses((status = 200, body = UserRole), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_role(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(change): ApiJson<RoleChange>,
) -> Result<Json<UserRole>, ApiError> {
    admin.require(Permission::UsersManageRoles)?;
    let user = Identity::new(&state)
        .set_role(&admin.user_id, &user_id, change.role, &meta)
        .await?;
    Ok(Json(UserRole {
        id: user.id,
        role: user.role,
    }))
}

/// Bans a user (`users:ban`): sign-in is refused and every session ends at once.
#[utoipa::path(post, path = "/v1/admin/users/{id}/ban", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn ban(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    admin.require(Permission::UsersBan)?;
    Identity::new(&state)
        .ban(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's audit log, newest first (`audit:read`).
#[utoipa::path(get, path = "/v1/admin/users/{id}/audit", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id"), PageQuery),
    responses((status = 200, body = PageResponse<AuditEntryView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiPath(user_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<AuditEntryView>>, ApiError> {
    admin.require(Permission::AuditRead)?;
    let scope = format!("admin-audit:{user_id}");
    let request = state.cursors.page_request(&page, &scope)?;
    let (entries, next) = Identity::new(&state)
        .audit
        .page_for_user(&user_id, request.limit, request.start_after)
        .await?;
    let items = entries.into_iter().map(AuditEntryView::from).collect();
    Ok(Json(state.cursors.page_response(
        items,
        next.as_ref(),
        &scope,
    )))
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_role))
        .routes(routes!(ban))
        .routes(routes!(audit_log))
}

ferrofin_platform::endpoint_group!(api);
