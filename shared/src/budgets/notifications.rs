//! The user's notification list (`USER#<uid>` / `NOTIFICATION#<ulid>`), newest first. For now
//! it holds the budget threshold alerts; other kinds can join with their own `kind`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Budgets;
use crate::keys;
use crate::ledger::LedgerError;
use crate::money::Currency;
use crate::ports::table::{Condition, Position, TableError, Write, to_record};

/// `kind` of a budget threshold notification.
pub const BUDGET_THRESHOLD: &str = "budget.threshold";

/// What a budget alert is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetAlert {
    pub budget_id: String,
    pub category: String,
    pub currency: Currency,
    /// `YYYY-MM`.
    pub month: String,
    /// 80 or 100.
    pub threshold_percent: u32,
    /// What was available in the month (budget plus rollover), minor units.
    pub available_minor: i64,
    /// What had been spent when the threshold was crossed, minor units.
    pub spent_minor: i64,
}

/// One notification of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub message: String,
    pub budget: Option<BudgetAlert>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Notification {
    /// The write that appends it to its user's list.
    pub fn write(&self) -> Result<Write, TableError> {
        let item = to_record(self, &keys::notification(&self.user_id, &self.id), None)?;
        Ok(Write::Put {
            item,
            condition: Condition::NotExists,
        })
    }
}

impl Budgets {
    /// One page of the user's notifications, newest first.
    pub async fn notifications(
        &self,
        user_id: &str,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Notification>, Option<Position>), LedgerError> {
        Ok(self
            .page_of(
                user_id,
                keys::NOTIFICATION_PREFIX.to_owned(),
                true,
                limit,
                start_after,
            )
            .await?)
    }
}
