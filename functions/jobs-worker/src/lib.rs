//! The jobs worker: consumes the jobs queue and runs each job by its message type. Jobs are
//! idempotent and bounded: a long job does one step per message and queues its next step.
//! Today: `user.erase` (erase a deleted user's remaining data and objects).

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_identity::erasure::{EraseUser, erase_step, queue_erasure};
use ferrofin_platform::AppState;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Message, Queue};
use ferrofin_platform::ports::table::Table;

/// Runs the jobs of the jobs queue.
pub struct JobsConsumer {
    table: Arc<dyn Table>,
    blobs: Arc<dyn Blobs>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
}

impl JobsConsumer {
    pub fn new(state: &AppState) -> Self {
        Self {
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
            other => Err(ConsumeError::Permanent(format!(
                "unknown job type {other:?}"
            ))),
        }
    }
}
