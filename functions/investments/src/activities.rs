//! Activity handlers: add (through the ledger check), list, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_investments::ids::{ActivityId, PortfolioId};
use ferrofin_investments::{InvestmentError, Investments};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::activity_dto::{ActivityView, CreateActivity};

/// Adds an activity to one of the portfolio's holdings. One the ledger cannot take (a sale or
/// transfer out of more than is held then) is a 422 naming it, and nothing is stored.
#[utoipa::path(post, path = "/v1/investments/portfolios/{id}/activities", tag = "investments", operation_id = "createActivity",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")), request_body = CreateActivity,
    responses((status = 201, description = "The activity", body = ActivityView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read and try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A missing or bad field, an unknown holding, or an activity the ledger cannot take", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiJson(body): ApiJson<CreateActivity>,
) -> Result<(StatusCode, Json<ActivityView>), ApiError> {
    let new = body.into_new().map_err(InvestmentError::from)?;
    let activity = Investments::new(&state)
        .add_activity(&user.user_id, &id, new)
        .await?;
    Ok((StatusCode::CREATED, Json(activity.into())))
}

/// The portfolio's activities, in the order they were added.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/activities", tag = "investments", operation_id = "listActivities",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id"), PageQuery),
    responses((status = 200, description = "One page of activities", body = PageResponse<ActivityView>),
        (status = 400, description = "An unknown or malformed query parameter, or an invalid cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ActivityView>>, ApiError> {
    let investments = Investments::new(&state);
    let load = |limit, start| investments.list_activities(&user.user_id, &id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("activities:{}:{id}", user.user_id),
        load,
        |activity| Ok(ActivityView::from(activity)),
    )
    .await
}

/// Deletes an activity, unless a later one needs it (a buy a later sale sold is a 422).
#[utoipa::path(delete, path = "/v1/investments/portfolios/{id}/activities/{activity_id}", tag = "investments", operation_id = "deleteActivity",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Portfolio id"), ("activity_id" = String, Path, description = "Activity id")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio or activity of the caller", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read and try again", body = ErrorBody),
        (status = 422, description = "The ledger cannot do without it", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((id, activity_id)): ApiPath<(PortfolioId, ActivityId)>,
) -> Result<StatusCode, ApiError> {
    Investments::new(&state)
        .delete_activity(&user.user_id, &id, &activity_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(delete))
}
