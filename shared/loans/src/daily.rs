//! The daily run: brings every active loan up to a day — the late penalties now due (each
//! installment's once), the interest accrued, the delinquency bucket and the non-performing
//! flag — a page of loans per step. Running a day twice changes nothing (the penalties already
//! charged are not found again, and the standing is the same); a step that ends before the last
//! page answers where the next one starts, so the run goes on in another invocation.

use ferrofin_loan_servicing::LoanEvent;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::Position;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::LoanError;
use crate::ids::LoanId;
use crate::index::LoanList;
use crate::loan::{LoanStatus, Standing};
use crate::loans::{Loans, history_problem, serviced};

/// Active loans one step brings up to the day.
pub const LOANS_PER_STEP: u32 = 100;

/// `loans.daily`: run the day over the active loans from `after` on. Scheduled with no day
/// (today, by the worker's clock) and no position (from the first loan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunDaily {
    #[serde(default, with = "ferrofin_platform::fields::date_text::option")]
    pub date: Option<Date>,
    #[serde(default)]
    pub after: Option<Position>,
}

impl Message for RunDaily {
    const TYPE: &'static str = "loans.daily";
    const VERSION: u32 = 1;
}

/// What a step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyStep {
    /// Active loans looked at.
    pub seen: u32,
    /// Loans that changed (a penalty, a new standing).
    pub changed: u32,
    /// Where the next step starts; `None` when the day is done.
    pub next: Option<Position>,
}

impl Loans {
    /// Brings one page of active loans up to `date`.
    pub async fn daily_step(
        &self,
        date: Date,
        after: Option<Position>,
    ) -> Result<DailyStep, LoanError> {
        let active = LoanList::Status(LoanStatus::Active);
        let (page, next) = self.store.page(&active, LOANS_PER_STEP, after).await?;
        let mut changed = 0;
        for summary in &page {
            if self.bring_up_to(&summary.id, date).await? {
                changed += 1;
            }
        }
        Ok(DailyStep {
            seen: u32::try_from(page.len()).unwrap_or(u32::MAX),
            changed,
            next,
        })
    }

    /// Charges the loan's due penalties and records its standing on `date`; `false` when there
    /// was nothing to change.
    async fn bring_up_to(&self, id: &LoanId, date: Date) -> Result<bool, LoanError> {
        loop {
            let before = self.store.loan(id).await?;
            if before.status != LoanStatus::Active {
                return Ok(false);
            }
            let serviced = serviced(&before)?;
            let penalties: Vec<LoanEvent> = serviced
                .penalties_to_apply(&before.events, date)
                .map_err(history_problem)?
                .into_iter()
                .map(LoanEvent::Penalty)
                .collect();
            let mut events = before.events.clone();
            events.extend(penalties.iter().cloned());
            let state = serviced.state(&events, date).map_err(history_problem)?;
            let standing = Standing {
                as_of: date,
                accrued_interest: state.accrued_interest.to_string(),
                days_overdue: state.delinquency.days_overdue,
                bucket: state.delinquency.bucket,
                non_performing: state.delinquency.non_performing,
            };
            if penalties.is_empty() && before.standing.as_ref() == Some(&standing) {
                return Ok(false);
            }
            let mut loan = before.clone();
            loan.bring_up_to(penalties, standing, self.clock.now());
            match self.store.save_loan(&before, &mut loan, Vec::new()).await {
                Err(LoanError::Changed) => continue,
                other => return other.map(|()| true),
            }
        }
    }
}
