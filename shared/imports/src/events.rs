//! Imports' domain events: `import.finished` when a job's reading ends, whatever the outcome
//! (the notifications area tells the user).

use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::events::outbox;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Message;
use ferrofin_platform::ports::table::{TableError, Write};
use serde::{Deserialize, Serialize};

use crate::ids::ImportId;
use crate::job::{ImportCounts, ImportJob};

/// `import.finished`: an import completed (with or without row errors), failed or was
/// cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFinished {
    pub user_id: UserId,
    pub import_id: ImportId,
    pub account_id: AccountId,
    /// `completed`, `completed_with_errors`, `failed` or `cancelled`.
    pub status: String,
    pub counts: ImportCounts,
    /// Why it failed, when it did.
    pub failure: Option<String>,
}

impl Message for ImportFinished {
    const TYPE: &'static str = "import.finished";
    const VERSION: u32 = 1;
}

/// The outbox write announcing that `job` finished.
pub fn finished(job: &ImportJob, clock: &dyn Clock) -> Result<Write, TableError> {
    outbox::emit(
        &ImportFinished {
            user_id: job.user_id.clone(),
            import_id: job.id.clone(),
            account_id: job.account_id.clone(),
            status: job.status.name().to_owned(),
            counts: job.counts,
            failure: job.failure.clone(),
        },
        clock,
    )
}
