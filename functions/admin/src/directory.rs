//! The user directory for admins: `GET /v1/admin/users` (search by email prefix, status, role
//! and creation time, paged; index-backed, see `ferrofin_identity::directory`) and
//! `GET /v1/admin/users/{id}` (one account, no secrets), and `POST /v1/admin/directory/rebuild`
//! (the directory items of users stored before the directory existed, a page at a time).

use axum::Json;
use axum::extract::State;
use ferrofin_identity::administration::UserDetails;
use ferrofin_identity::directory::{UserSearch, UserSummary};
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta, Identity};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// Where a rebuild resumes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cursor": null}))]
pub struct RebuildRequest {
    /// `next_cursor` of the previous call; absent or null to start.
    pub cursor: Option<String>,
}

/// How far a rebuild went.
#[derive(Debug, Serialize, ToSchema)]
pub struct RebuildProgress {
    /// Users whose directory items were written by this call.
    pub rebuilt: usize,
    /// Pass as `cursor` to go on; absent when every user is done.
    pub next_cursor: Option<String>,
}

/// Users written to the directory a rebuild call handles.
const REBUILD_PAGE: u32 = 100;
/// The cursor scope of a rebuild.
const REBUILD_SCOPE: &str = "admin-directory-rebuild";

/// Writes the directory items of the next 100 users, oldest first (`users:manage`; audited
/// `user_directory_rebuilt`): run until `next_cursor` is null after upgrading a stage whose
/// users predate the directory. Safe to repeat.
#[utoipa::path(post, path = "/v1/admin/directory/rebuild", operation_id = "rebuildUserDirectory", tag = "admin", security(("bearer" = [])),
    request_body = RebuildRequest,
    responses((status = 200, body = RebuildProgress), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn rebuild(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<RebuildRequest>,
) -> Result<Json<RebuildProgress>, ApiError> {
    admin.require(Permission::UsersManage)?;
    let start = request
        .cursor
        .as_deref()
        .map(|cursor| state.cursors.decode(cursor, REBUILD_SCOPE))
        .transpose()?;
    let (rebuilt, next) = Identity::new(&state)
        .rebuild_directory(&admin.user_id, REBUILD_PAGE, start, &meta)
        .await?;
    Ok(Json(RebuildProgress {
        rebuilt,
        next_cursor: next.map(|position| state.cursors.encode(&position, REBUILD_SCOPE)),
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(get_user))
        .routes(routes!(rebuild))
}
