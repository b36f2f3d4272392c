//! The risk worker: consumes the risk queue and computes the named assessment per message. A
//! message that arrives twice finds the assessment computed and changes nothing. Table or
//! store failures are transient (SQS retries, then the dead-letter queue); a source that cannot
//! be assessed fails the assessment, which is final.

use async_trait::async_trait;
use ferrofin_platform::AppState;
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Message};
use ferrofin_risk_assessments::{AssessmentRunner, RunAssessment};

pub struct RiskConsumer {
    runner: AssessmentRunner,
}

impl RiskConsumer {
    pub fn new(state: &AppState) -> Self {
        Self {
            runner: AssessmentRunner::new(state),
        }
    }
}

#[async_trait]
impl Consumer for RiskConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        if envelope.message_type != RunAssessment::TYPE {
            return Err(ConsumeError::Permanent(format!(
                "unknown message type {:?}",
                envelope.message_type
            )));
        }
        let run = envelope
            .open::<RunAssessment>()
            .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
        self.runner
            .run(&run.subject, &run.assessment_id)
            .await
            .map_err(|err| ConsumeError::Transient(err.to_string()))?;
        tracing::info!(assessment_id = %run.assessment_id, "risk assessment computed");
        Ok(())
    }
}
