//! Starting, reading, cancelling and undoing a user's imports. Starting checks the file (the
//! user's, ready, uploaded for `import`) and the account (the user's, not archived), takes the
//! account's remembered mapping when a CSV import gives none, stores the job queued (with its
//! `Idempotency-Key` claim) and queues its first step: nothing is read or written before the
//! worker runs. Undoing queues a step too: the worker removes what the import recorded.

use std::sync::Arc;

use ferrofin_files::{FileId, FileRecord, Files, Purpose};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::Account;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::AppState;
use ferrofin_platform::idempotency::{self, IdempotencyKey, Replay};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Queue;
use ferrofin_platform::ports::table::{Position, Table, Write};
use ferrofin_statements::CsvMapping;
use serde::Serialize;

use crate::error::ImportError;
use crate::events;
use crate::ids::ImportId;
use crate::job::{ImportFormat, ImportJob, ImportStatus};
use crate::mappings::{MappingStore, RememberedMapping};
use crate::preview::{ImportPreview, dry_run};
use crate::queue::queue_step;
use crate::store::ImportStore;

/// Scope of imports' `Idempotency-Key` records.
const IDEMPOTENCY_SCOPE: &str = "imports";

/// How the client asked to read the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum FormatChoice {
    /// CSV with this mapping, or with the account's remembered one.
    Csv(Option<Box<CsvMapping>>),
    Ofx,
}

/// What to import, as the client asked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewImport {
    pub file_id: FileId,
    pub account_id: AccountId,
    pub format: FormatChoice,
}

#[derive(Clone)]
pub struct Imports {
    store: ImportStore,
    mappings: MappingStore,
    table: Arc<dyn Table>,
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
            mappings: MappingStore::new(state),
            table: state.table.clone(),
            files: Files::new(state),
            ledger: Ledger::new(state),
            blobs: state.blobs.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Stores the job, queued, and queues its first step. With a key, a repeat of the same
    /// request answers the job the first one created; the key with another request is a 409.
    pub async fn start(
        &self,
        user_id: &UserId,
        new: NewImport,
        key: Option<IdempotencyKey>,
    ) -> Result<ImportJob, ImportError> {
        if let Some(key) = &key
            && let Some(job) = self.replayed(user_id, key).await?
        {
            return Ok(job);
        }
        let (_, account) = self.checked(user_id, &new).await?;
        let format = self.format(user_id, &account.id, new.format).await?;
        let now = self.clock.now();
        let job = ImportJob::queued(
            ImportId::generate(self.clock.as_ref()),
            user_id.clone(),
            new.file_id,
            new.account_id,
            format,
            now,
        );
        let claim = key
            .as_ref()
            .map(|key| {
                idempotency::claim(
                    user_id,
                    IDEMPOTENCY_SCOPE,
                    key,
                    vec![job.id.to_string()],
                    now,
                )
            })
            .transpose()?;
        match self
            .store
            .create_with(&job, claim.into_iter().collect())
            .await
        {
            Ok(()) => {}
            // The same request with the same key, at the same time: answer the one that won.
            Err(ImportError::Conflict) if key.is_some() => {
                if let Some(key) = &key
                    && let Some(job) = self.replayed(user_id, key).await?
                {
                    return Ok(job);
                }
                return Err(ImportError::Conflict);
            }
            Err(err) => return Err(err),
        }
        queue_step(self.queue.as_ref(), self.clock.as_ref(), user_id, &job.id).await?;
        Ok(job)
    }

    /// The job an earlier request with `key` created, its step queued again while it waits
    /// (the first request may have failed to queue it); `None` for a new key.
    async fn replayed(
        &self,
        user_id: &UserId,
        key: &IdempotencyKey,
    ) -> Result<Option<ImportJob>, ImportError> {
        match idempotency::replay(self.table.as_ref(), user_id, IDEMPOTENCY_SCOPE, key).await? {
            None => Ok(None),
            Some(Replay::Different) => Err(ImportError::KeyReused),
            Some(Replay::Same(ids)) => {
                let id = ids.first().ok_or(ImportError::NotFound)?;
                let job = self
                    .store
                    .get(user_id, &ImportId::from(id.as_str()))
                    .await?;
                if job.status == ImportStatus::Queued {
                    queue_step(self.queue.as_ref(), self.clock.as_ref(), user_id, &job.id).await?;
                }
                Ok(Some(job))
            }
        }
    }

    /// The format to read with: CSV without a mapping takes the account's remembered one.
    async fn format(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        choice: FormatChoice,
    ) -> Result<ImportFormat, ImportError> {
        match choice {
            FormatChoice::Ofx => Ok(ImportFormat::Ofx),
            FormatChoice::Csv(Some(mapping)) => Ok(ImportFormat::Csv { mapping }),
            FormatChoice::Csv(None) => match self.mappings.get(user_id, account_id).await? {
                Some(remembered) => Ok(ImportFormat::Csv {
                    mapping: Box::new(remembered.mapping),
                }),
                None => Err(ImportError::invalid(
                    "mapping",
                    "required for csv: no mapping is remembered for this account yet",
                )),
            },
        }
    }

    /// The first rows of the file as the import would read them; nothing is stored.
    pub async fn dry_run(
        &self,
        user_id: &UserId,
        new: &NewImport,
    ) -> Result<ImportPreview, ImportError> {
        let (file, account) = self.checked(user_id, new).await?;
        let format = self
            .format(user_id, &account.id, new.format.clone())
            .await?;
        let blob = self
            .blobs
            .get(&file.object_key())
            .await?
            .ok_or_else(|| ImportError::invalid("file_id", "the file's content is gone"))?;
        let mut preview = dry_run(blob.body, &format, account.currency).await?;
        let rows: Vec<_> = preview.rows.iter().map(|(_, row)| row.clone()).collect();
        preview.marks = self.ledger.preview_imported(&account, &rows).await?;
        Ok(preview)
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

    /// The user's remembered CSV mappings, one per account.
    pub async fn mappings(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<RememberedMapping>, Option<Position>), ImportError> {
        self.mappings.page(user_id, limit, start_after).await
    }

    /// Cancels a job that is still reading its file (what it imported so far stays); any
    /// other job is answered unchanged.
    pub async fn cancel(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
    ) -> Result<ImportJob, ImportError> {
        let (job, _) = self
            .update(user_id, import_id, |job| {
                if !job.status.is_importing() {
                    return Ok(None);
                }
                job.status = ImportStatus::Cancelled;
                job.finished_at = Some(self.clock.now());
                Ok(Some(vec![events::finished(job, self.clock.as_ref())?]))
            })
            .await?;
        Ok(job)
    }

    /// Undoes a job whose reading ended: queues the removal of every transaction it recorded
    /// (the job goes `undoing`, then `undone`). Undoing or undone: answered unchanged. Still
    /// reading: a 409 (cancel it first).
    pub async fn undo(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
    ) -> Result<ImportJob, ImportError> {
        let (job, changed) = self
            .update(user_id, import_id, |job| {
                if matches!(job.status, ImportStatus::Undoing | ImportStatus::Undone) {
                    return Ok(None);
                }
                if !job.status.can_undo() {
                    return Err(ImportError::StillRunning);
                }
                job.status = ImportStatus::Undoing;
                Ok(Some(Vec::new()))
            })
            .await?;
        if changed {
            queue_step(self.queue.as_ref(), self.clock.as_ref(), user_id, &job.id).await?;
        }
        Ok(job)
    }

    /// Reads the job and lets `change` change it: `Some(writes)` saves it with those writes
    /// in the same table transaction, `None` leaves it as it is. Read again and changed again
    /// when the worker saved the job meanwhile. Answers the job and whether it was saved.
    async fn update(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
        change: impl Fn(&mut ImportJob) -> Result<Option<Vec<Write>>, ImportError>,
    ) -> Result<(ImportJob, bool), ImportError> {
        loop {
            let mut job = self.store.get(user_id, import_id).await?;
            let Some(also) = change(&mut job)? else {
                return Ok((job, false));
            };
            match self.store.save_with(&mut job, self.clock.now(), also).await {
                Ok(()) => return Ok((job, true)),
                Err(ImportError::Conflict) => continue,
                Err(err) => return Err(err),
            }
        }
    }
}
