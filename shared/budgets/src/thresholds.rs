//! Budget thresholds: when a month's spending in a category reaches 80 % and 100 % of what its
//! budget makes available, budgets announce it once per budget x month x threshold with a
//! `budget.threshold_crossed` event (the notifications area turns it into a notification).
//!
//! "Once" is a guard item claimed with `NotExists` in the same table transaction that writes
//! the event, so concurrent or repeated checks announce a crossing exactly once.

use serde::Serialize;

use crate::Budgets;
use crate::budget::Budget;
use crate::error::BudgetError;
use crate::events::BudgetThresholdCrossed;
use crate::keys;
use crate::progress::Progress;
use ferrofin_ledger::categories;
use ferrofin_platform::events::outbox;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::{Condition, TableError, Write, to_record};

/// The thresholds, in percent of the month's available budget.
pub const THRESHOLDS: [u32; 2] = [80, 100];

#[derive(Serialize)]
struct ThresholdGuard<'a> {
    event_type: &'a str,
}

impl Budgets {
    /// The writes that announce each threshold the budget of `category` in `currency` has newly
    /// crossed in `month`: a guard and an event per threshold. No budget: no writes.
    pub async fn threshold_writes(
        &self,
        user_id: &UserId,
        month: Month,
        currency: Currency,
        category: &str,
    ) -> Result<Vec<Write>, BudgetError> {
        let Some(budget) = self
            .budget_store()
            .for_category(user_id, currency, category)
            .await?
        else {
            return Ok(Vec::new());
        };
        let progress = self.progress_of(&budget, month).await?;
        let mut writes = Vec::new();
        for percent in THRESHOLDS
            .into_iter()
            .filter(|percent| progress.reached(*percent))
        {
            let guard_key = keys::budget_threshold_guard(
                &budget.user_id,
                &budget.id,
                &month.to_string(),
                percent,
            );
            if self.table.get(&guard_key).await?.is_some() {
                continue;
            }
            let guard = to_record(
                &ThresholdGuard {
                    event_type: BudgetThresholdCrossed::TYPE,
                },
                &guard_key,
                None,
            )?;
            writes.push(Write::Put {
                item: guard,
                condition: Condition::NotExists,
            });
            writes.push(self.crossing(&budget, month, percent, &progress)?);
        }
        Ok(writes)
    }

    fn crossing(
        &self,
        budget: &Budget,
        month: Month,
        percent: u32,
        progress: &Progress,
    ) -> Result<Write, TableError> {
        let category_name = categories::find(&budget.category)
            .map_or(budget.category.as_str(), |category| category.name);
        let event = BudgetThresholdCrossed {
            user_id: budget.user_id.clone(),
            budget_id: budget.id.clone(),
            category: budget.category.clone(),
            category_name: category_name.to_owned(),
            currency: budget.currency,
            month,
            threshold_percent: percent,
            available_minor: progress.available.minor(),
            spent_minor: progress.actual.minor(),
        };
        outbox::emit(&event, self.clock.as_ref())
    }
}
