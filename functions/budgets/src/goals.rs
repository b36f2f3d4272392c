//! Goal handlers: create, list, read (with progress), change, delete, and contributions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_budgets::Budgets;
use ferrofin_budgets::goal::Goal;
use ferrofin_budgets::goal_service::{NewContribution, NewGoal};
use ferrofin_budgets::ids::GoalId;
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse,
};
use ferrofin_platform::routes;

use crate::goal_dto::{
    ChangeGoal, Contribute, ContributionCreated, ContributionView, CreateGoal, GoalView,
};
use ferrofin_platform::http::paged;

fn view(budgets: &Budgets, goal: Goal) -> Result<GoalView, ApiError> {
    let progress = budgets.progress_of_goal(&goal)?;
    Ok(GoalView::new(goal, progress))
}

/// Creates a savings goal.
#[utoipa::path(post, path = "/v1/goals", operation_id = "createGoal", tag = "goals", security(("bearer" = [])), request_body = CreateGoal,
    responses((status = 201, body = GoalView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<CreateGoal>,
) -> Result<(StatusCode, Json<GoalView>), ApiError> {
    let budgets = Budgets::new(&state);
    let new = NewGoal {
        name: body.name,
        target_amount: body.target_amount,
        currency: body.currency,
        target_date: body.target_date,
        account_id: body.account_id,
    };
    let goal = budgets.create_goal(&user.user_id, new).await?;
    Ok((StatusCode::CREATED, Json(view(&budgets, goal)?)))
}

/// The caller's goals, in creation order, with their progress.
#[utoipa::path(get, path = "/v1/goals", operation_id = "listGoals", tag = "goals", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<GoalView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<GoalView>>, ApiError> {
    let budgets = Budgets::new(&state);
    let load = |limit, start| budgets.list_goals(&user.user_id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("goals:{}", user.user_id),
        load,
        |goal| view(&budgets, goal),
    )
    .await
}

/// One of the caller's goals with progress %, amount still needed, required monthly saving
/// and the on-track flag.
#[utoipa::path(get, path = "/v1/goals/{id}", operation_id = "getGoal", tag = "goals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Goal id")),
    responses((status = 200, body = GoalView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GoalId>,
) -> Result<Json<GoalView>, ApiError> {
    let budgets = Budgets::new(&state);
    let goal = budgets.goal(&user.user_id, &id).await?;
    Ok(Json(view(&budgets, goal)?))
}

/// Renames a goal, or changes its target, date or linked account.
#[utoipa::path(patch, path = "/v1/goals/{id}", operation_id = "updateGoal", tag = "goals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Goal id")), request_body = ChangeGoal,
    responses((status = 200, body = GoalView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GoalId>,
    ApiJson(body): ApiJson<ChangeGoal>,
) -> Result<Json<GoalView>, ApiError> {
    let budgets = Budgets::new(&state);
    let changes = body.into_changes()?;
    let goal = budgets.change_goal(&user.user_id, &id, changes).await?;
    Ok(Json(view(&budgets, goal)?))
}

/// Deletes a goal and its contributions.
#[utoipa::path(delete, path = "/v1/goals/{id}", operation_id = "deleteGoal", tag = "goals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Goal id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GoalId>,
) -> Result<StatusCode, ApiError> {
    Budgets::new(&state).delete_goal(&user.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a contribution to a goal.
#[utoipa::path(post, path = "/v1/goals/{id}/contributions", operation_id = "contributeToGoal", tag = "goals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Goal id")), request_body = Contribute,
    responses((status = 201, body = ContributionCreated), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn contribute(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GoalId>,
    ApiJson(body): ApiJson<Contribute>,
) -> Result<(StatusCode, Json<ContributionCreated>), ApiError> {
    let budgets = Budgets::new(&state);
    let new = NewContribution {
        amount: body.amount,
        currency: body.currency,
        date: body.date,
    };
    let (contribution, goal) = budgets.contribute(&user.user_id, &id, new).await?;
    let created = ContributionCreated {
        contribution: contribution.into(),
        goal: view(&budgets, goal)?,
    };
    Ok((StatusCode::CREATED, Json(created)))
}

/// A goal's contributions, newest date first.
#[utoipa::path(get, path = "/v1/goals/{id}/contributions", operation_id = "listGoalContributions", tag = "goals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Goal id"), PageQuery),
    responses((status = 200, body = PageResponse<ContributionView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn contributions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GoalId>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ContributionView>>, ApiError> {
    let budgets = Budgets::new(&state);
    let load = |limit, start| budgets.contributions(&user.user_id, &id, limit, start);
    let scope = format!("goal-contributions:{}:{id}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |item| {
        Ok(ContributionView::from(item))
    })
    .await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one, change, delete))
        .routes(routes!(contribute, contributions))
}
