//! The import worker: consumes the imports queue and runs one step of the named import job per
//! message. A step stops after the batch that passes its time budget and queues the next step,
//! so a file of any size is imported across as many invocations as it needs; a message that
//! arrives twice finds the job's checkpoint (or the job final) and changes nothing twice.
//! Table or store failures are transient (SQS retries, then the dead-letter queue); a file that
//! cannot be read fails the job, which is final.

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_imports::{ImportRunner, RunImport, StepOutcome, queue_step};
use ferrofin_platform::AppState;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Message, Queue};
use time::Duration;

/// How long one step runs before it queues the next (the function's timeout is 300 s).
pub const STEP_BUDGET: Duration = Duration::seconds(240);

pub struct ImportConsumer {
    runner: ImportRunner,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
}

impl ImportConsumer {
    pub fn new(state: &AppState) -> Self {
        Self {
            runner: ImportRunner::new(state),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }
}

#[async_trait]
impl Consumer for ImportConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        if envelope.message_type != RunImport::TYPE {
            return Err(ConsumeError::Permanent(format!(
                "unknown message type {:?}",
                envelope.message_type
            )));
        }
        let run = envelope
            .open::<RunImport>()
            .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
        let deadline = self.clock.now() + STEP_BUDGET;
        let outcome = self
            .runner
            .step(&run.user_id, &run.import_id, Some(deadline))
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))?;
        if outcome == StepOutcome::Continue {
            queue_step(
                self.queue.as_ref(),
                self.clock.as_ref(),
                &run.user_id,
                &run.import_id,
            )
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))?;
        }
        tracing::info!(import_id = %run.import_id, ?outcome, "import step done");
        Ok(())
    }
}
