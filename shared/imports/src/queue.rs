//! The message that runs one step of an import job on the imports queue.

use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Message, Queue, QueueError, QueueName, send_message};
use serde::{Deserialize, Serialize};

use crate::ids::ImportId;

/// `import.run`: run (or continue) the import job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunImport {
    pub user_id: UserId,
    pub import_id: ImportId,
}

impl Message for RunImport {
    const TYPE: &'static str = "import.run";
    const VERSION: u32 = 1;
}

/// Queues a step of the job.
pub async fn queue_step(
    queue: &dyn Queue,
    clock: &dyn Clock,
    user_id: &UserId,
    import_id: &ImportId,
) -> Result<(), QueueError> {
    let run = RunImport {
        user_id: user_id.clone(),
        import_id: import_id.clone(),
    };
    send_message(queue, QueueName::Imports, &run, clock).await
}
