//! A user as an admin changes them: `POST /v1/admin/users/{id}/roles` (give a role),
//! `POST /v1/admin/users/{id}/ban` and `POST /v1/admin/users/{id}/unban`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::Identity;
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ErrorBody};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The new role of a user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "loan_officer"}))]
pub struct RoleChange {
    pub role: Role,
}

/// A user's role after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserRole {
    #[schema(value_type = String)]
    pub id: UserId,
    pub role: Role,
}

/// Gives a user a role (`users:manage-roles`); their sessions end so the next sign-in carries it.
#[utoipa::path(post, path = "/v1/admin/users/{id}/roles", operation_id = "setUserRole", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")), request_body = RoleChange,
    responses((status = 200, body = UserRole), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_role(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
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
#[utoipa::path(post, path = "/v1/admin/users/{id}/ban", operation_id = "banUser", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn ban(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    admin.require(Permission::UsersBan)?;
    Identity::new(&state)
        .ban(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts a ban (`users:ban`): the user may sign in again; `409` when they are not banned.
#[utoipa::path(post, path = "/v1/admin/users/{id}/unban", operation_id = "unbanUser", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Unbanned"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn unban(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    admin.require(Permission::UsersBan)?;
    Identity::new(&state)
        .unban(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(set_role))
        .routes(routes!(ban))
        .routes(routes!(unban))
}
