//! Admin handlers: badges and challenges, created, listed, read, replaced and deleted. Every
//! route needs `gamification:manage`; every change is audited in its own table transaction.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_gamification::{Badge, Challenge, Definitions};
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::Permission;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::admin_dto::{BadgeBody, BadgeView, ChallengeBody, ChallengeView};

fn badges(state: &AppState, user: &AuthUser) -> Result<Definitions<Badge>, ApiError> {
    user.require(Permission::GamificationManage)?;
    Ok(Definitions::new(state))
}

fn challenges(state: &AppState, user: &AuthUser) -> Result<Definitions<Challenge>, ApiError> {
    user.require(Permission::GamificationManage)?;
    Ok(Definitions::new(state))
}

/// Creates a badge. Needs `gamification:manage`.
#[utoipa::path(post, path = "/v1/admin/badges", tag = "admin-gamification", operation_id = "createBadge",
    security(("bearer" = [])), request_body = BadgeBody,
    responses((status = 201, description = "The badge", body = BadgeView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A field is invalid (name, points, the rule)", body = ErrorBody)))]
async fn create_badge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<BadgeBody>,
) -> Result<(StatusCode, Json<BadgeView>), ApiError> {
    let store = badges(&state, &user)?;
    let badge = store.create(&user.user_id, body.check()?).await?;
    Ok((StatusCode::CREATED, Json(badge.into())))
}

/// Every badge, oldest first. Needs `gamification:manage`.
#[utoipa::path(get, path = "/v1/admin/badges", tag = "admin-gamification", operation_id = "listBadges",
    security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "One page of badges", body = PageResponse<BadgeView>),
        (status = 400, description = "A malformed query parameter or cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody)))]
async fn list_badges(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<BadgeView>>, ApiError> {
    let store = badges(&state, &user)?;
    let load = |limit, start| store.page(limit, start);
    paged(&state.cursors, &query, "admin:badges", load, |badge| {
        Ok(BadgeView::from(badge))
    })
    .await
}

/// One badge. Needs `gamification:manage`.
#[utoipa::path(get, path = "/v1/admin/badges/{id}", tag = "admin-gamification", operation_id = "getBadge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Badge id")),
    responses((status = 200, description = "The badge", body = BadgeView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such badge", body = ErrorBody)))]
async fn get_badge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<BadgeView>, ApiError> {
    let badge = badges(&state, &user)?.get(&id).await?;
    Ok(Json(badge.into()))
}

/// Replaces a badge; what users earned stays. Needs `gamification:manage`.
#[utoipa::path(put, path = "/v1/admin/badges/{id}", tag = "admin-gamification", operation_id = "replaceBadge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Badge id")), request_body = BadgeBody,
    responses((status = 200, description = "The badge now", body = BadgeView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such badge", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read it and try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn replace_badge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<BadgeBody>,
) -> Result<Json<BadgeView>, ApiError> {
    let store = badges(&state, &user)?;
    let badge = store.replace(&user.user_id, &id, body.check()?).await?;
    Ok(Json(badge.into()))
}

/// Deletes a badge; what users earned stays theirs. Needs `gamification:manage`.
#[utoipa::path(delete, path = "/v1/admin/badges/{id}", tag = "admin-gamification", operation_id = "deleteBadge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Badge id")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such badge", body = ErrorBody)))]
async fn delete_badge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    badges(&state, &user)?.delete(&user.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a challenge. Needs `gamification:manage`.
#[utoipa::path(post, path = "/v1/admin/challenges", tag = "admin-gamification", operation_id = "createChallenge",
    security(("bearer" = [])), request_body = ChallengeBody,
    responses((status = 201, description = "The challenge", body = ChallengeView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A field is invalid (dates, target, reward)", body = ErrorBody)))]
async fn create_challenge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<ChallengeBody>,
) -> Result<(StatusCode, Json<ChallengeView>), ApiError> {
    let store = challenges(&state, &user)?;
    let challenge = store.create(&user.user_id, body.check()?).await?;
    Ok((StatusCode::CREATED, Json(challenge.into())))
}

/// Every challenge, oldest first, ended ones included. Needs `gamification:manage`.
#[utoipa::path(get, path = "/v1/admin/challenges", tag = "admin-gamification", operation_id = "listChallenges",
    security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "One page of challenges", body = PageResponse<ChallengeView>),
        (status = 400, description = "A malformed query parameter or cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody)))]
async fn list_challenges(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ChallengeView>>, ApiError> {
    let store = challenges(&state, &user)?;
    let load = |limit, start| store.page(limit, start);
    paged(
        &state.cursors,
        &query,
        "admin:challenges",
        load,
        |challenge| Ok(ChallengeView::from(challenge)),
    )
    .await
}

/// One challenge. Needs `gamification:manage`.
#[utoipa::path(get, path = "/v1/admin/challenges/{id}", tag = "admin-gamification", operation_id = "getChallenge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id")),
    responses((status = 200, description = "The challenge", body = ChallengeView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such challenge", body = ErrorBody)))]
async fn get_challenge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ChallengeView>, ApiError> {
    let challenge = challenges(&state, &user)?.get(&id).await?;
    Ok(Json(challenge.into()))
}

/// Replaces a challenge; progress and completions stay. Needs `gamification:manage`.
#[utoipa::path(put, path = "/v1/admin/challenges/{id}", tag = "admin-gamification", operation_id = "replaceChallenge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id")), request_body = ChallengeBody,
    responses((status = 200, description = "The challenge now", body = ChallengeView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such challenge", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read it and try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn replace_challenge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChallengeBody>,
) -> Result<Json<ChallengeView>, ApiError> {
    let store = challenges(&state, &user)?;
    let challenge = store.replace(&user.user_id, &id, body.check()?).await?;
    Ok(Json(challenge.into()))
}

/// Deletes a challenge; completions stay. Needs `gamification:manage`.
#[utoipa::path(delete, path = "/v1/admin/challenges/{id}", tag = "admin-gamification", operation_id = "deleteChallenge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "The caller lacks gamification:manage", body = ErrorBody),
        (status = 404, description = "No such challenge", body = ErrorBody)))]
async fn delete_challenge(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    challenges(&state, &user)?
        .delete(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create_badge, list_badges))
        .routes(routes!(get_badge, replace_badge, delete_badge))
        .routes(routes!(create_challenge, list_challenges))
        .routes(routes!(get_challenge, replace_challenge, delete_challenge))
}
