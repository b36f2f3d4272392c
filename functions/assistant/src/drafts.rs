//! Draft handlers: read a draft, confirm it (written through the owning area's service) or
//! discard it.

use axum::Json;
use axum::extract::State;
use ferrofin_assistant::{DraftId, Drafts};
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiPath, ApiRouter, ErrorBody};
use ferrofin_platform::routes;

use crate::drafts_dto::DraftView;

/// One of the caller's drafts.
#[utoipa::path(get, path = "/v1/assistant/drafts/{id}", tag = "assistant", operation_id = "getAssistantDraft",
    security(("bearer" = [])), params(("id" = String, Path, description = "Draft id")),
    responses((status = 200, description = "The draft", body = DraftView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such draft of the caller", body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<DraftId>,
) -> Result<Json<DraftView>, ApiError> {
    Ok(Json(
        Drafts::new(&state).get(&user.user_id, &id).await?.into(),
    ))
}

/// Confirms a pending draft: the write happens now, through the owning area's service and its
/// checks; the draft names the record written.
#[utoipa::path(post, path = "/v1/assistant/drafts/{id}/confirm", tag = "assistant", operation_id = "confirmAssistantDraft",
    security(("bearer" = [])), params(("id" = String, Path, description = "Draft id")),
    responses((status = 200, description = "The confirmed draft with the record written", body = DraftView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such draft of the caller, or the record it changes is gone", body = ErrorBody),
        (status = 409, description = "Already confirmed or discarded, or the area refuses (e.g. the budget exists)", body = ErrorBody),
        (status = 422, description = "The area's checks refuse the fields", body = ErrorBody)))]
async fn confirm(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<DraftId>,
) -> Result<Json<DraftView>, ApiError> {
    Ok(Json(
        Drafts::new(&state)
            .confirm(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Discards a pending draft; nothing is written.
#[utoipa::path(post, path = "/v1/assistant/drafts/{id}/discard", tag = "assistant", operation_id = "discardAssistantDraft",
    security(("bearer" = [])), params(("id" = String, Path, description = "Draft id")),
    responses((status = 200, description = "The discarded draft", body = DraftView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such draft of the caller", body = ErrorBody),
        (status = 409, description = "Already confirmed or discarded", body = ErrorBody)))]
async fn discard(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<DraftId>,
) -> Result<Json<DraftView>, ApiError> {
    Ok(Json(
        Drafts::new(&state)
            .discard(&user.user_id, &id)
            .await?
            .into(),
    ))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(get_one))
        .routes(routes!(confirm))
        .routes(routes!(discard))
}
