//! An account's access as an admin repairs it: `POST /v1/admin/users/{id}/unlock` (lift a
//! lockout), `/sign-out` (end every session and refresh token) and `/verification-email` (send
//! a new verification link). Each is audited with the admin as actor.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta, Identity};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiPath, ErrorBody};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;
use serde::Serialize;
use utoipa::ToSchema;

/// How many sessions a forced sign-out ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub revoked: usize,
}

/// Lifts a lockout before it ends (`users:manage`); `409` when the account is not locked.
#[utoipa::path(post, path = "/v1/admin/users/{id}/unlock", operation_id = "unlockUser", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Unlocked"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn unlock(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    admin.require(Permission::UsersManage)?;
    Identity::new(&state)
        .unlock(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs the user out everywhere (`users:manage`): every session ends, its refresh token with
/// it, and the user's access tokens are refused from their next request.
#[utoipa::path(post, path = "/v1/admin/users/{id}/sign-out", operation_id = "signOutUser", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = SignedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn sign_out(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<Json<SignedOut>, ApiError> {
    admin.require(Permission::UsersManage)?;
    let revoked = Identity::new(&state)
        .sign_out_everywhere(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(Json(SignedOut { revoked }))
}

/// Queues a new verification link to the user's address (`users:manage`); `409` when it is
/// already verified.
#[utoipa::path(post, path = "/v1/admin/users/{id}/verification-email", operation_id = "resendUserVerification", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 202, description = "The email is queued"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resend_verification(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    admin.require(Permission::UsersManage)?;
    Identity::new(&state)
        .resend_verification_for(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(unlock))
        .routes(routes!(sign_out))
        .routes(routes!(resend_verification))
}
