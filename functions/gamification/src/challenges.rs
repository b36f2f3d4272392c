//! The caller's challenge handlers: the challenges open to join (not ended), join, leave.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_gamification::{Challenge, Definitions, Participations};
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::challenges_dto::UserChallengeView;

/// The challenges that have not ended (running or upcoming), oldest first, each with the
/// caller's progress when they joined it.
#[utoipa::path(get, path = "/v1/gamification/challenges", tag = "gamification", operation_id = "listOpenChallenges",
    security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "One page of challenges", body = PageResponse<UserChallengeView>),
        (status = 400, description = "A malformed query parameter or cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<UserChallengeView>>, ApiError> {
    let store = Definitions::<Challenge>::new(&state);
    let joined = Participations::new(&state).all(&user.user_id).await?;
    let now = state.clock.now();
    let load = |limit, start| store.page_matching(limit, start, |c| c.is_open(now));
    let scope = format!("gamification:{}:challenges", user.user_id);
    paged(&state.cursors, &query, &scope, load, |challenge| {
        let mine = joined.iter().find(|j| j.challenge_id == challenge.id);
        Ok(UserChallengeView::new(challenge, mine))
    })
    .await
}

/// Joins a challenge that has not ended; joining again changes nothing. Progress counts what
/// the caller does from now until the challenge ends.
#[utoipa::path(post, path = "/v1/gamification/challenges/{id}/join", tag = "gamification", operation_id = "joinChallenge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id")),
    responses((status = 200, description = "The challenge and the caller's progress", body = UserChallengeView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such challenge", body = ErrorBody),
        (status = 409, description = "The challenge has ended", body = ErrorBody)))]
async fn join(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<UserChallengeView>, ApiError> {
    let (challenge, joined) = Participations::new(&state)
        .join(&user.user_id, &id.into())
        .await?;
    Ok(Json(UserChallengeView::new(challenge, Some(&joined))))
}

/// Leaves a challenge the caller joined and has not completed; its progress is dropped.
#[utoipa::path(delete, path = "/v1/gamification/challenges/{id}/join", tag = "gamification", operation_id = "leaveChallenge",
    security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id")),
    responses((status = 204, description = "Left"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "The caller has not joined this challenge", body = ErrorBody),
        (status = 409, description = "The challenge is completed", body = ErrorBody)))]
async fn leave(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    Participations::new(&state)
        .leave(&user.user_id, &id.into())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(join, leave))
}
