//! The jobs worker: consumes the jobs queue and runs each job by its message type. Jobs are
//! idempotent and bounded: a long job does one step per message and queues its next step.
//! Today: `user.erase` (erase a deleted user's remaining data and objects), `loans.daily`
//! (bring active loans up to the day: penalties, accrual, delinquency; scheduled daily) and
//! `notifications.deliver` (send the emails held for quiet hours and digests; every 15 minutes),
//! `investments.purge_portfolio` (remove a deleted portfolio's holdings and activities) and
//! `budgets.close_days` (announce each user's day that ended under a budget; scheduled daily).
//! Every run (an erasure, a day's loans run, a delivery, a purge, a day close) is recorded step
//! by step in the platform's job log, for `GET /v1/admin/jobs`.

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_budgets::{Budgets, CloseBudgetDays};
use ferrofin_identity::erasure::{EraseUser, erase_step};
use ferrofin_investments::PurgePortfolio;
use ferrofin_loans::{Loans, RunDaily};
use ferrofin_notifications::{DeliverHeld, HeldDelivery};
use ferrofin_platform::AppState;
use ferrofin_platform::job_status::{JobKind, JobLog, RunOf, Step};
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{
    ConsumeError, Consumer, Envelope, Message, Queue, QueueName,
};
use ferrofin_platform::ports::table::Table;
use ferrofin_platform::schedule::{Cadence, Schedule};

/// The jobs this worker gets on a schedule (`AWS::Scheduler::Schedule` in template.yaml).
pub const SCHEDULES: &[Schedule] = &[
    Schedule {
        resource: "NotificationsDeliverySchedule",
        cadence: Cadence::EveryMinutes(15),
        queue: QueueName::Jobs,
        message_type: DeliverHeld::TYPE,
        version: DeliverHeld::VERSION,
    },
    Schedule {
        resource: "LoansDailySchedule",
        cadence: Cadence::DailyAt {
            hour: 0,
            minute: 30,
        },
        queue: QueueName::Jobs,
        message_type: RunDaily::TYPE,
        version: RunDaily::VERSION,
    },
    Schedule {
        resource: "BudgetsDayCloseSchedule",
        cadence: Cadence::DailyAt {
            hour: 12,
            minute: 0,
        },
        queue: QueueName::Jobs,
        message_type: CloseBudgetDays::TYPE,
        version: CloseBudgetDays::VERSION,
    },
];

/// Runs the jobs of the jobs queue.
pub struct JobsConsumer {
    budgets: Budgets,
    loans: Loans,
    delivery: HeldDelivery,
    table: Arc<dyn Table>,
    blobs: Arc<dyn Blobs>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
    runs: JobLog,
}

impl JobsConsumer {
    pub fn new(state: &AppState) -> Self {
        Self {
            budgets: Budgets::new(state),
            loans: Loans::new(state),
            delivery: HeldDelivery::new(state),
            table: state.table.clone(),
            blobs: state.blobs.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
            runs: JobLog::new(state.table.clone(), state.clock.clone()),
        }
    }

    /// One step of erasing a user's data; the next is queued until nothing is left.
    async fn erase(&self, job: EraseUser) -> Result<(), ConsumeError> {
        let of = RunOf {
            kind: JobKind::Erasure,
            name: EraseUser::TYPE,
            user_id: Some(&job.user_id),
            run: job.run.clone(),
        };
        self.runs
            .run_step(self.queue.as_ref(), QueueName::Jobs, of, |run| async {
                let done = erase_step(self.table.as_ref(), self.blobs.as_ref(), &job.user_id)
                    .await
                    .map_err(|err| ConsumeError::Transient(err.to_string()))?;
                if done {
                    tracing::info!(user_id = %job.user_id, "user data erased");
                }
                Ok(Step {
                    detail: if done { "erased" } else { "erasing" }.to_owned(),
                    next: (!done).then(|| EraseUser {
                        user_id: job.user_id.clone(),
                        run: Some(run),
                    }),
                })
            })
            .await
    }

    /// One step of the day's run over active loans; the next step is queued with the day fixed,
    /// so a run that crosses midnight finishes the day it started.
    async fn loans_daily(&self, job: RunDaily) -> Result<(), ConsumeError> {
        let of = RunOf {
            kind: JobKind::Scheduled,
            name: RunDaily::TYPE,
            user_id: None,
            run: job.run.clone(),
        };
        let date = job.date.unwrap_or_else(|| self.clock.now().date());
        self.runs
            .run_step(self.queue.as_ref(), QueueName::Jobs, of, |run| async {
                let step = self
                    .loans
                    .daily_step(date, job.after.clone())
                    .await
                    .map_err(|err| ConsumeError::Transient(err.to_string()))?;
                tracing::info!(%date, seen = step.seen, changed = step.changed, "loans daily step");
                Ok(Step {
                    detail: format!("{date}: {} loans seen, {} changed", step.seen, step.changed),
                    next: step.next.map(|after| RunDaily {
                        date: Some(date),
                        after: Some(after),
                        run: Some(run),
                    }),
                })
            })
            .await
    }

    /// One step of the held-email delivery; an hour with more than a step holds queues the next.
    async fn deliver_held(&self, job: DeliverHeld) -> Result<(), ConsumeError> {
        let of = RunOf {
            kind: JobKind::Scheduled,
            name: DeliverHeld::TYPE,
            user_id: None,
            run: job.run,
        };
        self.runs
            .run_step(self.queue.as_ref(), QueueName::Jobs, of, |run| async {
                let step = self
                    .delivery
                    .step()
                    .await
                    .map_err(|err| ConsumeError::Transient(err.to_string()))?;
                tracing::info!(
                    sent = step.sent,
                    released = step.released,
                    "held emails delivered"
                );
                Ok(Step {
                    detail: format!("{} sent, {} released", step.sent, step.released),
                    next: step.more.then_some(DeliverHeld { run: Some(run) }),
                })
            })
            .await
    }

    /// One step of the budgets' daily close; the next step is queued with the run's moment
    /// fixed, so every step closes the same days.
    async fn close_budget_days(&self, job: CloseBudgetDays) -> Result<(), ConsumeError> {
        let of = RunOf {
            kind: JobKind::Scheduled,
            name: CloseBudgetDays::TYPE,
            user_id: None,
            run: job.run.clone(),
        };
        let at = job.at.unwrap_or_else(|| self.clock.now());
        self.runs
            .run_step(self.queue.as_ref(), QueueName::Jobs, of, |run| async {
                let step = self
                    .budgets
                    .close_days_step(at, job.after.clone())
                    .await
                    .map_err(|err| ConsumeError::Transient(err.to_string()))?;
                tracing::info!(
                    seen = step.seen,
                    announced = step.announced,
                    "budgets day close step"
                );
                Ok(Step {
                    detail: format!(
                        "{} budgets seen, {} days under announced",
                        step.seen, step.announced
                    ),
                    next: step.next.map(|after| CloseBudgetDays {
                        at: Some(at),
                        after: Some(after),
                        run: Some(run),
                    }),
                })
            })
            .await
    }

    /// One step of removing a deleted portfolio's items; the next is queued until none is left.
    async fn purge_portfolio(&self, job: PurgePortfolio) -> Result<(), ConsumeError> {
        let of = RunOf {
            kind: JobKind::Deletion,
            name: PurgePortfolio::TYPE,
            user_id: Some(&job.user_id),
            run: job.run.clone(),
        };
        self.runs
            .run_step(self.queue.as_ref(), QueueName::Jobs, of, |run| async {
                let done = job
                    .step(&self.table)
                    .await
                    .map_err(|err| ConsumeError::Transient(err.to_string()))?;
                if done {
                    tracing::info!(portfolio_id = %job.portfolio_id, "deleted portfolio purged");
                }
                Ok(Step {
                    detail: if done { "purged" } else { "purging" }.to_owned(),
                    next: (!done).then(|| PurgePortfolio {
                        run: Some(run),
                        ..job.clone()
                    }),
                })
            })
            .await
    }
}

#[async_trait]
impl Consumer for JobsConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        match envelope.message_type.as_str() {
            EraseUser::TYPE => {
                let job = envelope
                    .open::<EraseUser>()
                    .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
                self.erase(job).await
            }
            RunDaily::TYPE => {
                let run = envelope
                    .open::<RunDaily>()
                    .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
                self.loans_daily(run).await
            }
            DeliverHeld::TYPE => {
                let job = envelope
                    .open::<DeliverHeld>()
                    .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
                self.deliver_held(job).await
            }
            CloseBudgetDays::TYPE => {
                let job = envelope
                    .open::<CloseBudgetDays>()
                    .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
                self.close_budget_days(job).await
            }
            PurgePortfolio::TYPE => {
                let job = envelope
                    .open::<PurgePortfolio>()
                    .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
                self.purge_portfolio(job).await
            }
            other => Err(ConsumeError::Permanent(format!(
                "unknown job type {other:?}"
            ))),
        }
    }
}
