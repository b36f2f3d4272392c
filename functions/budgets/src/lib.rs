//! The budgets function: `/v1/budgets` — monthly category budgets (CRUD, progress and month
//! overview from the rollups, what-if simulation) — and
//! `/v1/goals` — savings goals with contributions and progress. Handlers parse, call
//! `ferrofin_budgets` and map the result.

mod budget_dto;
mod budgets;
mod goal_dto;
mod goals;
mod report_dto;
mod reports;

use ferrofin_platform::http::ApiRouter;

pub use budget_dto::{
    BudgetView, ChangeBudget, CreateBudget, MonthQuery, OverviewView, ProgressFigures, ProgressView,
};
pub use goal_dto::{
    ChangeGoal, Contribute, ContributionCreated, ContributionView, CreateGoal, GoalProgressView,
    GoalView,
};
pub use report_dto::{AdjustmentRequest, SimulateRequest, SimulationView};

fn api() -> ApiRouter {
    budgets::routes()
        .merge(reports::routes())
        .merge(goals::routes())
}

ferrofin_platform::endpoint_group!(api);
