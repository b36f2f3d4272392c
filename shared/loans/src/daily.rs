//! The daily run: brings every active loan up to a day — the late penalties now due (each
//! installment's once), the interest accrued, the delinquency bucket and the non-performing
//! flag, and the announcements of an installment due soon or overdue (each once) — a page of
//! loans per step. Running a day twice changes nothing (the penalties already
//! charged are not found again, and the standing is the same); a step that ends before the last
//! page answers where the next one starts, so the run goes on in another invocation.

use ferrofin_loan_servicing::LoanEvent;
use ferrofin_platform::job_status::JobId;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::Position;
use serde::{Deserialize, Serialize};
use time::Date;

use ferrofin_loan_servicing::{Installment, LoanState};
use ferrofin_platform::events::outbox;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::Write;
use rust_decimal::Decimal;

use crate::error::LoanError;
use crate::events::{DUE_NOTICE_DAYS, InstallmentOwed, LoanRepaymentDue, LoanRepaymentOverdue};
use crate::ids::LoanId;
use crate::index::LoanList;
use crate::loan::{Loan, LoanStatus, Standing};
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
    /// The run this step belongs to (`None` on the first step, which begins it).
    #[serde(default)]
    pub run: Option<JobId>,
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

    /// Charges the loan's due penalties, records its standing on `date` and announces the
    /// installment now due soon or overdue; `false` when there was nothing to change.
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
            let notices = Notices::of(&before, &state, date);
            if penalties.is_empty()
                && before.standing.as_ref() == Some(&standing)
                && notices.is_empty()
            {
                return Ok(false);
            }
            let mut loan = before.clone();
            loan.bring_up_to(penalties, standing, self.clock.now());
            let announcements = notices.announce(&mut loan, self.clock.as_ref())?;
            match self
                .store
                .save_loan(&before, &mut loan, announcements)
                .await
            {
                Err(LoanError::Changed) => continue,
                other => return other.map(|()| true),
            }
        }
    }
}

/// The installments of a loan to announce on a day: the next one due within
/// [`DUE_NOTICE_DAYS`], the latest one overdue — each unless announced before.
struct Notices {
    due: Option<InstallmentOwed>,
    overdue: Option<(InstallmentOwed, u32)>,
}

impl Notices {
    fn of(loan: &Loan, state: &LoanState, date: Date) -> Self {
        let owed = |installment: &Installment| InstallmentOwed {
            loan_id: loan.id.clone(),
            borrower: loan.applicant.clone(),
            installment: installment.number,
            due_date: installment.due_date,
            outstanding: installment.amounts.total.outstanding.to_string(),
            currency: loan.request.currency.clone(),
        };
        let unpaid = || {
            state
                .installments
                .iter()
                .filter(|installment| installment.amounts.total.outstanding > Decimal::ZERO)
        };
        let after =
            |announced: Option<u32>, number: u32| announced.is_none_or(|last| number > last);
        let due = unpaid()
            .find(|installment| installment.due_date >= date)
            .filter(|installment| (installment.due_date - date).whole_days() <= DUE_NOTICE_DAYS)
            .filter(|installment| after(loan.announced.due, installment.number))
            .map(owed);
        let overdue = unpaid()
            .rfind(|installment| installment.due_date < date)
            .filter(|installment| after(loan.announced.overdue, installment.number))
            .map(|installment| {
                let days = (date - installment.due_date).whole_days();
                (owed(installment), u32::try_from(days).unwrap_or(u32::MAX))
            });
        Self { due, overdue }
    }

    fn is_empty(&self) -> bool {
        self.due.is_none() && self.overdue.is_none()
    }

    /// The outbox writes of the notices; the loan remembers them.
    fn announce(self, loan: &mut Loan, clock: &dyn Clock) -> Result<Vec<Write>, LoanError> {
        let mut writes = Vec::new();
        if let Some(owed) = self.due {
            loan.announced.due = Some(owed.installment);
            writes.push(outbox::emit(&LoanRepaymentDue { owed }, clock)?);
        }
        if let Some((owed, days_overdue)) = self.overdue {
            loan.announced.overdue = Some(owed.installment);
            writes.push(outbox::emit(
                &LoanRepaymentOverdue { owed, days_overdue },
                clock,
            )?);
        }
        Ok(writes)
    }
}
