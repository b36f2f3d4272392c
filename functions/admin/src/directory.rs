//! The user directory for admins: `GET /v1/admin/users` (search by email prefix, status, role
//! and creation time, paged; index-backed, see `ferrofin_identity::directory`) and
//! `GET /v1/admin/users/{id}` (one account, no secrets).

use axum::Json;
use axum::extract::State;
use ferrofin_identity::administration::UserDetails;
use ferrofin_identity::directory::{UserSearch, UserSummary};
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta, Identity};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;

/// Users matching the filters (`users:read`): by address for an email prefix, otherwise
/// newest first. Prefix: email; exact: status, role; range: created_from/created_to.
#[utoipa::path(get, path = "/v1/admin/users", operation_id = "searchUsers", tag = "admin", security(("bearer" = [])),
    params(UserSearch),
    responses((status = 200, body = PageResponse<UserSummary>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiQuery(search): ApiQuery<UserSearch>,
) -> Result<Json<PageResponse<UserSummary>>, ApiError> {
    admin.require(Permission::UsersRead)?;
    let paging = PageQuery {
        limit: search.limit,
        cursor: search.cursor.clone(),
    };
    let identity = Identity::new(&state);
    let load = |limit, start| identity.search_users(&search, limit, start);
    paged(&state.cursors, &paging, &search.scope(), load, Ok).await
}

/// One user's account (`users:read`; audited `user_viewed`): profile, role, status, lockout,
/// second factor and session count, never a hash, secret or token.
#[utoipa::path(get, path = "/v1/admin/users/{id}", operation_id = "getUser", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UserDetails), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(user_id): ApiPath<UserId>,
) -> Result<Json<UserDetails>, ApiError> {
    admin.require(Permission::UsersRead)?;
    let details = Identity::new(&state)
        .user_details(&admin.user_id, &user_id, &meta)
        .await?;
    Ok(Json(details))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(get_user))
}
