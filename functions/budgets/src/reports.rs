//! Budget report handlers: a budget's progress, the month overview and the what-if simulation
//! (threshold notifications are in the notifications function's inbox).

use axum::Json;
use axum::extract::State;
use ferrofin_budgets::Budgets;
use ferrofin_budgets::ids::BudgetId;
use ferrofin_budgets::simulate::Adjustment;
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use ferrofin_platform::month::Month;
use ferrofin_platform::routes;

use crate::budget_dto::{MonthQuery, OverviewView, ProgressView};
use crate::report_dto::{SimulateRequest, SimulationView};

/// Budgeted vs actual vs remaining of one budget in a month, from the month rollup.
#[utoipa::path(get, path = "/v1/budgets/{id}/progress", operation_id = "getBudgetProgress", tag = "budgets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Budget id"), MonthQuery),
    responses((status = 200, body = ProgressView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn progress(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<BudgetId>,
    ApiQuery(query): ApiQuery<MonthQuery>,
) -> Result<Json<ProgressView>, ApiError> {
    let month = Month::or_current(query.month.as_deref(), state.clock.now().date())?;
    let (budget, progress) = Budgets::new(&state)
        .budget_progress(&user.user_id, &id, month)
        .await?;
    Ok(Json(ProgressView::new(
        &budget,
        month.to_string(),
        &progress,
    )))
}

/// Every budget's progress in a month, with totals per currency.
#[utoipa::path(get, path = "/v1/budgets/overview", operation_id = "getBudgetsOverview", tag = "budgets", security(("bearer" = [])), params(MonthQuery),
    responses((status = 200, body = OverviewView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn overview(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<MonthQuery>,
) -> Result<Json<OverviewView>, ApiError> {
    let month = Month::or_current(query.month.as_deref(), state.clock.now().date())?;
    Ok(Json(
        Budgets::new(&state)
            .overview(&user.user_id, month)
            .await?
            .into(),
    ))
}

/// What-if: adjusts category budgets by percent or amount and compares them with projected
/// spending (the trailing three-month average).
#[utoipa::path(post, path = "/v1/budgets/simulate", operation_id = "simulateBudgets", tag = "budgets", security(("bearer" = [])), request_body = SimulateRequest,
    responses((status = 200, body = SimulationView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn simulate(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<SimulateRequest>,
) -> Result<Json<SimulationView>, ApiError> {
    let adjustments: Vec<Adjustment> = body
        .adjustments
        .into_iter()
        .map(|a| Adjustment {
            category: a.category,
            percent: a.percent,
            amount: a.amount,
        })
        .collect();
    let simulation = Budgets::new(&state)
        .simulate(&user.user_id, &body.month, &body.currency, &adjustments)
        .await?;
    Ok(Json(simulation.into()))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(progress))
        .routes(routes!(overview))
        .routes(routes!(simulate))
}
