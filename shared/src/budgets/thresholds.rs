//! Budget threshold notifications: when a month's spending in a category reaches 80 % and
//! 100 % of what its budget makes available, the user gets one notification each, once per
//! budget x month x threshold.
//!
//! The transactions service calls [`check_thresholds`] (or [`check_thresholds_on`] from code
//! that holds the table and clock) after a transaction write succeeded; the check reads the
//! budget and the rollup, so the two services share no code path. "Once" is a guard item
//! claimed with `NotExists` in the same table transaction that appends the notification:
//! concurrent or repeated checks produce exactly one notification.

use std::sync::Arc;

use serde::Serialize;

use super::Budgets;
use super::budget::Budget;
use super::month::Month;
use super::notifications::{BUDGET_THRESHOLD, BudgetAlert, Notification};
use super::progress::Progress;
use crate::AppState;
use crate::keys;
use crate::ledger::LedgerError;
use crate::ledger::categories;
use crate::money::Currency;
use crate::ports::clock::Clock;
use crate::ports::table::{Condition, Table, TableError, Write, to_record};

/// The thresholds, in percent of the month's available budget.
pub const THRESHOLDS: [u32; 2] = [80, 100];

/// Checks the budget of `category` in `currency` for `month` (`YYYY-MM`) and notifies each
/// threshold crossed for the first time. No budget for the category: nothing to do.
pub async fn check_thresholds(
    state: &AppState,
    user_id: &str,
    month: &str,
    currency: Currency,
    category: &str,
) -> Result<(), LedgerError> {
    check_thresholds_on(
        &state.table,
        &state.clock,
        user_id,
        month,
        currency,
        category,
    )
    .await
}

/// [`check_thresholds`] for code that holds the table and the clock rather than an `AppState`
/// (such as `ledger::Ledger`).
pub async fn check_thresholds_on(
    table: &Arc<dyn Table>,
    clock: &Arc<dyn Clock>,
    user_id: &str,
    month: &str,
    currency: Currency,
    category: &str,
) -> Result<(), LedgerError> {
    let budgets = Budgets {
        table: table.clone(),
        clock: clock.clone(),
    };
    budgets
        .check_thresholds(user_id, month, currency, category)
        .await
        .map(|_| ())
}

#[derive(Serialize)]
struct ThresholdGuard<'a> {
    notification_id: &'a str,
}

impl Budgets {
    /// The notifications this check created (none when no threshold was newly crossed).
    pub async fn check_thresholds(
        &self,
        user_id: &str,
        month: &str,
        currency: Currency,
        category: &str,
    ) -> Result<Vec<Notification>, LedgerError> {
        let month =
            Month::parse(month).map_err(|message| LedgerError::invalid("month", message))?;
        let Some(budget) = self
            .budget_store()
            .for_category(user_id, currency, category)
            .await?
        else {
            return Ok(Vec::new());
        };
        let progress = self.progress_of(&budget, month).await?;
        let mut created = Vec::new();
        for percent in THRESHOLDS
            .into_iter()
            .filter(|percent| progress.reached(*percent))
        {
            if let Some(notification) = self.notify_once(&budget, month, percent, &progress).await?
            {
                created.push(notification);
            }
        }
        Ok(created)
    }

    async fn notify_once(
        &self,
        budget: &Budget,
        month: Month,
        percent: u32,
        progress: &Progress,
    ) -> Result<Option<Notification>, TableError> {
        let name = categories::find(&budget.category)
            .map_or(budget.category.as_str(), |category| category.name);
        let notification = Notification {
            id: self.new_id(),
            user_id: budget.user_id.clone(),
            kind: BUDGET_THRESHOLD.to_owned(),
            message: format!(
                "You have spent {percent}% of your {name} budget for {month}: {} of {} {}",
                progress.actual.to_decimal_string(),
                progress.available.to_decimal_string(),
                budget.currency
            ),
            budget: Some(BudgetAlert {
                budget_id: budget.id.clone(),
                category: budget.category.clone(),
                currency: budget.currency,
                month: month.to_string(),
                threshold_percent: percent,
                available_minor: progress.available.minor(),
                spent_minor: progress.actual.minor(),
            }),
            created_at: self.clock.now(),
        };
        let guard_key =
            keys::budget_threshold_guard(&budget.user_id, &budget.id, &month.to_string(), percent);
        let guard = to_record(
            &ThresholdGuard {
                notification_id: &notification.id,
            },
            &guard_key,
            None,
        )?;
        let writes = vec![
            Write::Put {
                item: guard,
                condition: Condition::NotExists,
            },
            notification.write()?,
        ];
        match self.table.transact(writes).await {
            Ok(()) => Ok(Some(notification)),
            // Already notified for this budget, month and threshold.
            Err(TableError::ConditionFailed { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }
}
