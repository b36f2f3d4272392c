//! The budgets function: `/v1/budgets` — monthly category budgets (CRUD, progress and month
//! overview from the rollups, the 80 % / 100 % notifications, what-if simulation) — and
//! `/v1/goals` — savings goals with contributions and progress. Handlers parse, call
//! `ferrofin::budgets` and map the result.

mod budget_dto;
mod budgets;
mod goal_dto;
mod goals;
mod report_dto;
mod reports;

use std::future::Future;

use axum::Json;
use ferrofin::AppState;
use ferrofin::http::{ApiError, PageQuery, PageResponse};
use ferrofin::ledger::LedgerError;
use ferrofin::ports::table::Position;
use utoipa_axum::router::OpenApiRouter;

pub use budget_dto::{
    BudgetView, ChangeBudget, CreateBudget, MonthQuery, OverviewView, ProgressFigures, ProgressView,
};
pub use goal_dto::{
    ChangeGoal, Contribute, ContributionCreated, ContributionView, CreateGoal, GoalProgressView,
    GoalView,
};
pub use report_dto::{AdjustmentRequest, NotificationView, SimulateRequest, SimulationView};

/// One page of a list bound to `scope` (its owner and name): checks the paging parameters,
/// loads the page and signs where it ended.
async fn paged<T, V, Load, Loading>(
    state: &AppState,
    query: &PageQuery,
    scope: String,
    load: Load,
    view: impl FnMut(T) -> Result<V, ApiError>,
) -> Result<Json<PageResponse<V>>, ApiError>
where
    Load: FnOnce(u32, Option<Position>) -> Loading,
    Loading: Future<Output = Result<(Vec<T>, Option<Position>), LedgerError>>,
{
    let page = state.cursors.page_request(query, &scope)?;
    let (items, next) = load(page.limit, page.start_after).await?;
    let items = items
        .into_iter()
        .map(view)
        .collect::<Result<Vec<V>, ApiError>>()?;
    Ok(Json(state.cursors.page_response(
        items,
        next.as_ref(),
        &scope,
    )))
}

fn api() -> OpenApiRouter<AppState> {
    budgets::routes()
        .merge(reports::routes())
        .merge(goals::routes())
}

ferrofin::endpoint_group!(api);
