//! The daily close of budgets: a scheduled job (`budgets.close_days`, daily at 12:00 UTC, when
//! every time zone's previous day has ended) pages through the roster of budgets
//! ([`BUDGETS_PER_STEP`] per step, the next step queued by the jobs worker with the run's
//! moment fixed) and, for each budget of an active user, takes the user's previous day in their
//! IANA time zone: when the month's spending in the budget's category (the month rollup as it
//! stands at the close) is within what the month has available, it announces
//! `budget.day_under` with a guard per budget and day in one transaction, so a repeated step or
//! run announces a day once. A budget created after the day ended is not closed for it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use ferrofin_identity::users::{UserStatus, UserStore};
use ferrofin_platform::events::outbox;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::job_status::JobId;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::{Condition, Position, TableError, Write, to_record};
use ferrofin_platform::time_zone::TimeZoneName;

use crate::Budgets;
use crate::budget::Budget;
use crate::events::BudgetDayUnder;
use crate::keys;

/// Budgets one step closes (each: the budget, at most two rollups, one transaction).
pub const BUDGETS_PER_STEP: u32 = 50;

/// How long a closed day's guard is kept: longer than any redelivery or late run.
const GUARD_DAYS: i64 = 40;

/// The daily close, or one of its later steps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloseBudgetDays {
    /// The run's moment, fixed by its first step (the schedule sends none: now).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
    /// Where the previous step ended on the roster.
    #[serde(default)]
    pub after: Option<Position>,
    /// The run in the job log (`None` on the first step, which begins it).
    #[serde(default)]
    pub run: Option<JobId>,
}

impl Message for CloseBudgetDays {
    const TYPE: &'static str = "budgets.close_days";
    const VERSION: u32 = 1;
}

/// What one step did, and where the next starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayCloseStep {
    pub seen: u32,
    pub announced: u32,
    pub next: Option<Position>,
}

/// A closed day's guard (its key is all it says).
#[derive(Serialize)]
struct ClosedDay {}

impl Budgets {
    /// Closes the previous day (each user's, at `at`) of a page of budgets after `after`.
    pub async fn close_days_step(
        &self,
        at: OffsetDateTime,
        after: Option<Position>,
    ) -> Result<DayCloseStep, TableError> {
        let (entries, next) = self.budget_store().roster(BUDGETS_PER_STEP, after).await?;
        let users = UserStore::new(self.table.clone());
        let mut zones: HashMap<UserId, Option<TimeZoneName>> = HashMap::new();
        let mut announced = 0;
        for entry in &entries {
            if !zones.contains_key(&entry.user_id) {
                let zone = users
                    .get(&entry.user_id)
                    .await?
                    .filter(|user| user.status == UserStatus::Active)
                    .map(|user| user.time_zone);
                zones.insert(entry.user_id.clone(), zone);
            }
            let Some(Some(zone)) = zones.get(&entry.user_id) else {
                continue;
            };
            let Some(day) = zone.today(at).previous_day() else {
                continue;
            };
            let Some(budget) = self
                .budget_store()
                .get(&entry.user_id, &entry.budget_id)
                .await?
            else {
                continue;
            };
            if zone.today(budget.created_at) > day {
                continue;
            }
            if self.close_day(&budget, day, at).await? {
                announced += 1;
            }
        }
        Ok(DayCloseStep {
            seen: u32::try_from(entries.len()).unwrap_or(u32::MAX),
            announced,
            next,
        })
    }

    /// Announces `budget.day_under` for `day` if the budget's month is within what it has
    /// available; `false` when it is over, or the day was announced already.
    async fn close_day(
        &self,
        budget: &Budget,
        day: Date,
        at: OffsetDateTime,
    ) -> Result<bool, TableError> {
        let progress = self.progress_of(budget, Month::of(day)).await?;
        if progress.remaining.minor() < 0 {
            return Ok(false);
        }
        let under = BudgetDayUnder {
            user_id: budget.user_id.clone(),
            budget_id: budget.id.clone(),
            category: budget.category.clone(),
            currency: budget.currency,
            day,
            available_minor: progress.available.minor(),
            spent_minor: progress.actual.minor(),
        };
        let guard = keys::budget_day_guard(&budget.user_id, &budget.id, day);
        let writes = vec![
            Write::Put {
                item: to_record(&ClosedDay {}, &guard, Some(at + Duration::days(GUARD_DAYS)))?,
                condition: Condition::NotExists,
            },
            outbox::emit(&under, self.clock.as_ref())?,
        ];
        match self.table.transact(writes).await {
            Ok(()) => Ok(true),
            Err(TableError::ConditionFailed { .. }) => Ok(false),
            Err(err) => Err(err),
        }
    }
}
