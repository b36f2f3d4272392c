//! Budget handlers: create, list, read, change, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_budgets::Budgets;
use ferrofin_budgets::budget_service::NewBudget;
use ferrofin_budgets::ids::BudgetId;
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse,
};
use ferrofin_platform::routes;

use crate::budget_dto::{BudgetView, ChangeBudget, CreateBudget};
use ferrofin_platform::http::paged;

/// Creates a monthly budget for an expense category (one per category and currency).
#[utoipa::path(post, path = "/v1/budgets", operation_id = "createBudget", tag = "budgets", security(("bearer" = [])), request_body = CreateBudget,
    responses((status = 201, body = BudgetView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<CreateBudget>,
) -> Result<(StatusCode, Json<BudgetView>), ApiError> {
    let new = NewBudget {
        category: body.category,
        amount: body.amount,
        currency: body.currency,
        rollover: body.rollover,
    };
    let budget = Budgets::new(&state)
        .create_budget(&user.user_id, new)
        .await?;
    Ok((StatusCode::CREATED, Json(budget.into())))
}

/// The caller's budgets, in creation order.
#[utoipa::path(get, path = "/v1/budgets", operation_id = "listBudgets", tag = "budgets", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<BudgetView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<BudgetView>>, ApiError> {
    let budgets = Budgets::new(&state);
    let load = |limit, start| budgets.list_budgets(&user.user_id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("budgets:{}", user.user_id),
        load,
        |budget| Ok(BudgetView::from(budget)),
    )
    .await
}

/// One of the caller's budgets.
#[utoipa::path(get, path = "/v1/budgets/{id}", operation_id = "getBudget", tag = "budgets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Budget id")),
    responses((status = 200, body = BudgetView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<BudgetId>,
) -> Result<Json<BudgetView>, ApiError> {
    Ok(Json(
        Budgets::new(&state)
            .budget(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Changes a budget's amount or rollover.
#[utoipa::path(patch, path = "/v1/budgets/{id}", operation_id = "updateBudget", tag = "budgets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Budget id")), request_body = ChangeBudget,
    responses((status = 200, body = BudgetView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<BudgetId>,
    ApiJson(body): ApiJson<ChangeBudget>,
) -> Result<Json<BudgetView>, ApiError> {
    let changes = body.into_changes()?;
    Ok(Json(
        Budgets::new(&state)
            .change_budget(&user.user_id, &id, changes)
            .await?
            .into(),
    ))
}

/// Deletes a budget (its category and currency become free).
#[utoipa::path(delete, path = "/v1/budgets/{id}", operation_id = "deleteBudget", tag = "budgets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Budget id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<BudgetId>,
) -> Result<StatusCode, ApiError> {
    Budgets::new(&state)
        .delete_budget(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one, change, delete))
}
