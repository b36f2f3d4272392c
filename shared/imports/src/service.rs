//! Starting, reading and cancelling a user's imports. Starting checks the file (the user's,
//! ready, uploaded for `import`) and the account (the user's, not archived), stores the job
//! queued and queues its first step: nothing is read or written before the worker runs.

use std::sync::Arc;

use ferrofin_files::{FileId, FileRecord, Files, Purpose};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::Account;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Queue;
use ferrofin_platform::ports::table::Position;

use crate::error::ImportError;
use crate::ids::ImportId;
use crate::job::{ImportFormat, ImportJob, ImportStatus};
use crate::preview::{ImportPreview, dry_run};
use crate::queue::queue_step;
use crate::store::ImportStore;

/// What to import, as the client asked.
pub struct NewImport {
    pub file_id: FileId,
    pub account_id: AccountId,
    pub format: ImportFormat,
}

#[derive(Clone)]
pub struct Imports {
    store: ImportStore,
    files: Files,
    ledger: Ledger,
    blobs: Arc<dyn Blobs>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
}

impl Imports {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: ImportStore::new(state),
            files: Files::new(state),
            ledger: Ledger::new(state),
            blobs: state.blobs.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Stores the job, queued, and queues its first step.
    pub async fn start(&self, user_id: &UserId, new: NewImport) -> Result<ImportJob, ImportError> {
        self.checked(user_id, &new).await?;
        let job = ImportJob::queued(
            ImportId::generate(self.clock.as_ref()),
            user_id.clone(),
            new.file_id,
            new.account_id,
            new.format,
            self.clock.now(),
        );
        self.store.create(&job).await?;
        queue_step(self.queue.as_ref(), self.clock.as_ref(), user_id, &job.id).await?;
        Ok(job)
    }

    /// The first rows of the file as the import would read them; nothing is stored.
    pub async fn dry_run(
        &self,
        user_id: &UserId,
        new: &NewImport,
    ) -> Result<ImportPreview, ImportError> {
        let (file, account) = self.checked(user_id, new).await?;
        let blob = self
            .blobs
            .get(&file.object_key())
            .await?
            .ok_or_else(|| ImportError::invalid("file_id", "the file's content is gone"))?;
        dry_run(blob.body, &new.format, account.currency).await
    }

    /// The file (the user's, ready, for import) and the account (the user's, usable).
    async fn checked(
        &self,
        user_id: &UserId,
        new: &NewImport,
    ) -> Result<(FileRecord, Account), ImportError> {
        let file = match self.files.get(user_id, &new.file_id).await {
            Err(ferrofin_files::FileError::NotFound) => {
                return Err(ImportError::invalid("file_id", "no such file"));
            }
            other => other?,
        };
        if file.purpose != Purpose::Import {
            return Err(ImportError::invalid(
                "file_id",
                "the file was not uploaded for import",
            ));
        }
        if file.status != ferrofin_files::FileStatus::Ready {
            return Err(ImportError::invalid(
                "file_id",
                "the file has not been completed",
            ));
        }
        let account = self.ledger.import_account(user_id, &new.account_id).await?;
        Ok((file, account))
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
    ) -> Result<ImportJob, ImportError> {
        self.store.get(user_id, import_id).await
    }

    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<ImportJob>, Option<Position>), ImportError> {
        self.store.page(user_id, limit, start_after).await
    }

    /// Cancels a job that has not finished (a running step stops at its next save); a
    /// finished job is answered unchanged.
    pub async fn cancel(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
    ) -> Result<ImportJob, ImportError> {
        loop {
            let mut job = self.store.get(user_id, import_id).await?;
            if job.status.is_final() {
                return Ok(job);
            }
            job.status = ImportStatus::Cancelled;
            job.finished_at = Some(self.clock.now());
            match self.store.save(&mut job, self.clock.now()).await {
                Ok(()) => return Ok(job),
                // The worker saved progress meanwhile: read it again.
                Err(ImportError::Conflict) => continue,
                Err(err) => return Err(err),
            }
        }
    }
}
