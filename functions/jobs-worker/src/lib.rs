//! The jobs worker: consumes the jobs queue and runs each job by its message type. Jobs are
//! idempotent and bounded: a long job does one step per message and queues its next step.
//! Today: `user.erase` (erase a deleted user's remaining data and objects), `loans.daily`
//! (bring active loans up to the day: penalties, accrual, delinquency; scheduled daily) and
//! `notifications.deliver` (send the emails held for quiet hours and digests; every 15 minutes).

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_identity::erasure::{EraseUser, erase_step, queue_erasure};
use ferrofin_loans::{Loans, RunDaily};
use ferrofin_notifications::{DeliverHeld, HeldDelivery};
use ferrofin_platform::AppState;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{
    ConsumeError, Consumer, Envelope, Message, Queue, QueueName, send_message,
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
];

/// Runs the jobs of the jobs queue.
pub struct JobsConsumer {
    loans: Loans,
    delivery: HeldDelivery,
    table: Arc<dyn Table>,
    blobs: Arc<dyn Blobs>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
}

impl JobsConsumer {
    pub fn new(state: &AppState) -> Self {
        Self {
            loans: Loans::new(state),
            delivery: HeldDelivery::new(state),
            table: state.table.clone(),
            blobs: state.blobs.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }

    async fn erase(&self, job: EraseUser) -> Result<(), ConsumeError> {
        let done = erase_step(self.table.as_ref(), self.blobs.as_ref(), &job.user_id)
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))?;
        if done {
            tracing::info!(user_id = %job.user_id, "user data erased");
            return Ok(());
        }
        queue_erasure(self.queue.as_ref(), self.clock.as_ref(), &job.user_id)
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))
    }
}

impl JobsConsumer {
    /// One step of the day's run over active loans; the next step is queued with the day fixed,
    /// so a run that crosses midnight finishes the day it started.
    async fn loans_daily(&self, run: RunDaily) -> Result<(), ConsumeError> {
        let date = run.date.unwrap_or_else(|| self.clock.now().date());
        let step = self
            .loans
            .daily_step(date, run.after)
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))?;
        tracing::info!(%date, seen = step.seen, changed = step.changed, "loans daily step");
        let Some(after) = step.next else {
            return Ok(());
        };
        let next = RunDaily {
            date: Some(date),
            after: Some(after),
        };
        send_message(
            self.queue.as_ref(),
            QueueName::Jobs,
            &next,
            self.clock.as_ref(),
        )
        .await
        .map_err(|err| ConsumeError::Transient(err.to_string()))
    }
}

impl JobsConsumer {
    /// One step of the held-email delivery; an hour with more than a step holds queues the next.
    async fn deliver_held(&self) -> Result<(), ConsumeError> {
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
        if !step.more {
            return Ok(());
        }
        send_message(
            self.queue.as_ref(),
            QueueName::Jobs,
            &DeliverHeld::default(),
            self.clock.as_ref(),
        )
        .await
        .map_err(|err| ConsumeError::Transient(err.to_string()))
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
            DeliverHeld::TYPE => self.deliver_held().await,
            other => Err(ConsumeError::Permanent(format!(
                "unknown job type {other:?}"
            ))),
        }
    }
}
