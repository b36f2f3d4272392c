//! Budgets and goals: monthly category budgets read against the month rollups (progress,
//! overview, 80 % / 100 % threshold events, what-if simulation) and savings goals with
//! contributions, and the daily close that announces each day a user ended under a budget.
//! All arithmetic is in minor units or `rust_decimal`, with explicit rounding.

pub mod budget;
pub mod budget_service;
pub mod day_close;
pub mod error;
pub mod events;
pub mod goal;
pub mod goal_maths;
pub mod goal_service;
pub mod ids;
pub mod keys;
pub mod progress;
pub mod rounding;
pub mod simulate;
pub mod simulation_maths;
pub mod spending;
pub mod subscriber;
pub mod thresholds;

use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use day_close::CloseBudgetDays;
pub use events::{BudgetCreated, BudgetDayUnder, BudgetThresholdCrossed, GoalContributed};
pub use subscriber::ThresholdWatch;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{Position, Table, TableError};
use ferrofin_platform::records::page_under;

/// The budgets and goals services over the table and the clock.
#[derive(Clone)]
pub struct Budgets {
    pub(crate) table: Arc<dyn Table>,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Budgets {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            clock: state.clock.clone(),
        }
    }

    /// One page of the records under `prefix` in the user's partition, and where it ended.
    pub(crate) async fn page_of<T: DeserializeOwned>(
        &self,
        user_id: &UserId,
        prefix: String,
        newest_first: bool,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<T>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            &prefix,
            newest_first,
            limit,
            start_after,
        )
        .await
    }
}
