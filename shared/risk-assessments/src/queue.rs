//! The message that has the risk worker compute one assessment.

use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Message, Queue, QueueError, QueueName, send_message};
use serde::{Deserialize, Serialize};

use crate::ids::AssessmentId;
use crate::subject::Subject;

/// `risk.assess`: compute the assessment (nothing happens to one already computed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunAssessment {
    pub subject: Subject,
    pub assessment_id: AssessmentId,
}

impl Message for RunAssessment {
    const TYPE: &'static str = "risk.assess";
    const VERSION: u32 = 1;
}

/// Queues the computation of an assessment.
pub async fn queue_assessment(
    queue: &dyn Queue,
    clock: &dyn Clock,
    subject: &Subject,
    assessment_id: &AssessmentId,
) -> Result<(), QueueError> {
    let run = RunAssessment {
        subject: subject.clone(),
        assessment_id: assessment_id.clone(),
    };
    send_message(queue, QueueName::Risk, &run, clock).await
}
