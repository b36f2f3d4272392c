//! Runs an import job, one step at a time (and, once undo is asked, removes what it recorded). A step streams the file from the object store into
//! the statement parser (on a blocking thread, memory flat whatever the file size), skips the
//! rows an earlier step handled, and records the others in batches through the ledger; after
//! each batch it saves the counts and the last row handled. Each batch is prepared (checked,
//! categorised, its writes built) while the batch before is written on a task of its own, so
//! both use a core; it is written only once the one before is written and saved. A step that
//! reaches its deadline stops after a batch and answers [`StepOutcome::Continue`]: the caller
//! queues the next step.
//!
//! Every row's reference (its statement id, or its content fingerprint with its occurrence
//! number in the file) is computed from the start of the file in every step, so a row gets the
//! same reference however often it is read, and a batch recorded by a step that died before it
//! saved the job comes back as duplicates of itself: the end state is that of one clean run.

use std::collections::HashMap;
use std::sync::Arc;

use ferrofin_files::Files;
use ferrofin_ledger::accounts::Account;
use ferrofin_ledger::ids::TransactionId;
use ferrofin_ledger::import_batch::{ImportedOutcome, ImportedTransaction, PreparedImport};
use ferrofin_ledger::{Ledger, LedgerError};
use ferrofin_platform::AppState;
use ferrofin_platform::blocking_read::blocking_reader;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::TableError;
use ferrofin_statements::{Occurrences, Options, RowError, StatementRow, parse};
use time::OffsetDateTime;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::ImportError;
use crate::events;
use crate::ids::ImportId;
use crate::job::{ImportJob, ImportRowError, ImportStatus};
use crate::mappings::RememberedMapping;
use crate::rows::imported;
use crate::store::ImportStore;

/// Rows recorded per batch (one job save per batch).
pub const BATCH_ROWS: usize = 500;
/// Parsed rows buffered between the parser and the writer.
const ROWS_IN_FLIGHT: usize = 1_024;

/// What a step left to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// The job is final (completed, failed or cancelled).
    Done,
    /// The deadline came first: run another step.
    Continue,
}

/// What the parser thread hands over.
enum Parsed {
    Row(Box<StatementRow>, String),
    Error(RowError),
    /// The file cannot be read any further.
    Fatal(String),
}

#[derive(Clone)]
pub struct ImportRunner {
    store: ImportStore,
    files: Files,
    ledger: Ledger,
    blobs: Arc<dyn Blobs>,
    clock: Arc<dyn Clock>,
}

impl ImportRunner {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: ImportStore::new(state),
            files: Files::new(state),
            ledger: Ledger::new(state),
            blobs: state.blobs.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Runs the job until it is final or `deadline` passes (checked after each batch).
    pub async fn step(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
        deadline: Option<OffsetDateTime>,
    ) -> Result<StepOutcome, ImportError> {
        let mut job = self.store.get(user_id, import_id).await?;
        if job.status.is_final() {
            return Ok(StepOutcome::Done);
        }
        if job.status == ImportStatus::Undoing {
            return self.undo(job, deadline).await;
        }
        job.status = ImportStatus::Running;
        self.store.save(&mut job, self.clock.now()).await?;
        let account = self.ledger.import_account(user_id, &job.account_id).await;
        let file = self.files.ready(user_id, &job.file_id).await;
        let (account, file) = match (account, file) {
            (Ok(account), Ok(file)) => (account, file),
            (Err(err), _) => {
                return self
                    .failed(job, format!("the account cannot take the import: {err}"))
                    .await;
            }
            (_, Err(err)) => {
                return self
                    .failed(job, format!("the file cannot be read: {err}"))
                    .await;
            }
        };
        let Some(blob) = self.blobs.get(&file.object_key()).await? else {
            return self
                .failed(job, "the file's content is gone".to_owned())
                .await;
        };
        let mut parsed = start_parser(blob.body, &job, account.currency);
        let mut pending = Pending::default();
        let mut writing: Option<Writing> = None;
        while let Some(item) = parsed.recv().await {
            match item {
                Parsed::Fatal(reason) => {
                    self.written(&mut job, writing.take()).await?;
                    return self.failed(job, reason).await;
                }
                // Handled by an earlier step.
                Parsed::Error(RowError { row, .. }) if row <= job.checkpoint_row => continue,
                Parsed::Row(row, _) if row.row <= job.checkpoint_row => continue,
                Parsed::Error(error) => pending.reject(ImportRowError {
                    row: error.row,
                    column: error.column,
                    message: error.message,
                }),
                Parsed::Row(row, fingerprint) => {
                    let number = row.row;
                    match imported(*row, fingerprint, account.currency) {
                        Ok(transaction) => pending.add(number, transaction),
                        Err(error) => pending.reject(error),
                    }
                }
            }
            if pending.len() >= BATCH_ROWS
                && let Some(outcome) = self
                    .next_batch(&mut job, &account, &mut pending, &mut writing, deadline)
                    .await?
            {
                return Ok(outcome);
            }
        }
        let last = self
            .prepare(&job, &account, &mut pending, writing.as_ref())
            .await;
        self.written(&mut job, writing.take()).await?;
        let last = last?.map(|batch| self.start_writing(batch));
        self.written(&mut job, last).await?;
        job.finish(self.clock.now());
        self.save_final(job).await
    }

    /// Removes the transactions the import recorded, a batch record at a time, saving the
    /// count after each; done when none is left.
    async fn undo(
        &self,
        mut job: ImportJob,
        deadline: Option<OffsetDateTime>,
    ) -> Result<StepOutcome, ImportError> {
        loop {
            let step = self
                .ledger
                .undo_import_step(&job.user_id, job.id.as_str())
                .await?;
            if step.finished {
                job.status = ImportStatus::Undone;
                job.undone_at = Some(self.clock.now());
                self.store.save(&mut job, self.clock.now()).await?;
                return Ok(StepOutcome::Done);
            }
            job.counts.removed += step.removed;
            self.store.save(&mut job, self.clock.now()).await?;
            if deadline.is_some_and(|deadline| self.clock.now() >= deadline) {
                return Ok(StepOutcome::Continue);
            }
        }
    }

    /// Prepares the pending rows as a batch while the batch before is written; once that
    /// one is, saves the progress and starts writing the new one. Answers how the step ends
    /// when it ends here: cancelled meanwhile, or past its deadline (the new batch, not
    /// written, is read again by the next step).
    async fn next_batch(
        &self,
        job: &mut ImportJob,
        account: &Account,
        pending: &mut Pending,
        writing: &mut Option<Writing>,
        deadline: Option<OffsetDateTime>,
    ) -> Result<Option<StepOutcome>, ImportError> {
        let next = self.prepare(job, account, pending, writing.as_ref()).await;
        if writing.is_some() {
            self.written(job, writing.take()).await?;
            if !self.save_progress(job).await? {
                return Ok(Some(StepOutcome::Done));
            }
            if deadline.is_some_and(|deadline| self.clock.now() >= deadline) {
                return Ok(Some(StepOutcome::Continue));
            }
        }
        *writing = next?.map(|batch| self.start_writing(batch));
        Ok(None)
    }

    /// Takes the pending rows as a batch and prepares their writes (none for a batch of
    /// refused rows only); `None` when nothing is pending. `writing` is the batch before,
    /// perhaps not written yet.
    async fn prepare(
        &self,
        job: &ImportJob,
        account: &Account,
        pending: &mut Pending,
        writing: Option<&Writing>,
    ) -> Result<Option<Batch>, ImportError> {
        let Some(last_row) = pending.last_row.take() else {
            return Ok(None);
        };
        let rows = std::mem::take(&mut pending.rows);
        let prepared = if rows.is_empty() {
            None
        } else {
            let none = HashMap::new();
            let before = writing.map_or(&none, |writing| &writing.recorded);
            let prepared = self
                .ledger
                .prepare_imported(account, job.id.as_str(), rows, before)
                .await?;
            Some(prepared)
        };
        Ok(Some(Batch {
            prepared,
            errors: std::mem::take(&mut pending.errors),
            last_row,
        }))
    }

    /// Starts writing a prepared batch on a task of its own (another core, while the next
    /// batch is prepared).
    fn start_writing(&self, batch: Batch) -> Writing {
        let (outcomes, recorded, write) = match batch.prepared {
            Some(PreparedImport {
                outcomes,
                recorded,
                writes,
            }) => {
                let ledger = self.ledger.clone();
                let write = tokio::spawn(async move { ledger.write_imported(writes).await });
                (outcomes, recorded, Some(write))
            }
            None => (Vec::new(), HashMap::new(), None),
        };
        Writing {
            write,
            outcomes,
            recorded,
            errors: batch.errors,
            last_row: batch.last_row,
        }
    }

    /// Waits until the batch is written, counts its outcomes and notes its errors; the
    /// checkpoint moves to its last row (the caller saves the job).
    async fn written(
        &self,
        job: &mut ImportJob,
        writing: Option<Writing>,
    ) -> Result<(), ImportError> {
        let Some(writing) = writing else {
            return Ok(());
        };
        if let Some(write) = writing.write {
            match write.await {
                Ok(result) => result?,
                Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
                Err(_) => {
                    return Err(
                        TableError::Unavailable("the batch's write was cancelled".into()).into(),
                    );
                }
            }
        }
        for outcome in writing.outcomes {
            job.counts.processed += 1;
            match outcome {
                // Recorded now, or by an earlier run of this job that stopped before it
                // saved its progress.
                ImportedOutcome::Recorded(_) | ImportedOutcome::AlreadyRecorded(_) => {
                    job.counts.imported += 1;
                }
                ImportedOutcome::Duplicate(_) => job.counts.duplicates += 1,
            }
        }
        for error in writing.errors {
            job.reject(error);
        }
        job.checkpoint_row = writing.last_row;
        Ok(())
    }

    /// Saves the job's progress; `false` when the job was cancelled meanwhile (stop).
    async fn save_progress(&self, job: &mut ImportJob) -> Result<bool, ImportError> {
        match self.store.save(job, self.clock.now()).await {
            Ok(()) => Ok(true),
            Err(ImportError::Conflict) => {
                let current = self.store.get(&job.user_id, &job.id).await?;
                if current.status == ImportStatus::Cancelled {
                    Ok(false)
                } else {
                    Err(ImportError::Conflict)
                }
            }
            Err(err) => Err(err),
        }
    }

    async fn failed(&self, mut job: ImportJob, reason: String) -> Result<StepOutcome, ImportError> {
        job.fail(reason, self.clock.now());
        self.save_final(job).await
    }

    /// Saves a job whose reading ended, with the `import.finished` event and the mapping to
    /// remember for the account, all or nothing. A job cancelled meanwhile stays cancelled
    /// (its cancellation announced the end).
    async fn save_final(&self, mut job: ImportJob) -> Result<StepOutcome, ImportError> {
        let now = self.clock.now();
        let mut also = vec![events::finished(&job, self.clock.as_ref())?];
        also.extend(RememberedMapping::write_for(&job, now)?);
        match self.store.save_with(&mut job, now, also).await {
            Ok(()) => Ok(StepOutcome::Done),
            Err(ImportError::Conflict) => {
                let current = self.store.get(&job.user_id, &job.id).await?;
                if current.status == ImportStatus::Cancelled {
                    Ok(StepOutcome::Done)
                } else {
                    Err(ImportError::Conflict)
                }
            }
            Err(err) => Err(err),
        }
    }
}

/// The rows of a batch: their prepared writes, and the ones refused.
struct Batch {
    prepared: Option<PreparedImport>,
    errors: Vec<ImportRowError>,
    last_row: u64,
}

/// A batch being written, with what to count once it is.
struct Writing {
    write: Option<JoinHandle<Result<(), LedgerError>>>,
    outcomes: Vec<ImportedOutcome>,
    /// The references it records (the next batch takes them as recorded).
    recorded: HashMap<String, TransactionId>,
    errors: Vec<ImportRowError>,
    last_row: u64,
}

/// Rows read since the last batch: the ones to record and the ones refused.
#[derive(Default)]
struct Pending {
    rows: Vec<ImportedTransaction>,
    errors: Vec<ImportRowError>,
    last_row: Option<u64>,
}

impl Pending {
    fn add(&mut self, row: u64, transaction: ImportedTransaction) {
        self.rows.push(transaction);
        self.last_row = Some(row);
    }

    fn reject(&mut self, error: ImportRowError) {
        self.last_row = Some(error.row);
        self.errors.push(error);
    }

    fn len(&self) -> usize {
        self.rows.len() + self.errors.len()
    }
}

/// The parse options of an account in `currency` (every currency the platform knows).
pub(crate) fn parse_options(currency: Currency) -> Options {
    Options::new(currency.code(), Currency::exponent_of)
}

/// Parses the stream on a blocking thread; the rows arrive on the returned channel, each with
/// its reference. Dropping the channel stops the parser.
fn start_parser(
    body: ferrofin_platform::ports::blobs::BlobStream,
    job: &ImportJob,
    currency: Currency,
) -> mpsc::Receiver<Parsed> {
    let (sender, receiver) = mpsc::channel(ROWS_IN_FLIGHT);
    let reader = blocking_reader(body);
    let format = job.format.statement_format();
    let options = parse_options(currency);
    tokio::task::spawn_blocking(move || {
        let rows = match parse(reader, &format, &options) {
            Ok(rows) => rows,
            Err(fatal) => {
                let _ = sender.blocking_send(Parsed::Fatal(fatal.to_string()));
                return;
            }
        };
        let mut occurrences = Occurrences::new();
        for item in rows {
            let (parsed, last) = match item {
                Ok(Ok(row)) => {
                    let fingerprint = occurrences.fingerprint(&row).key();
                    (Parsed::Row(Box::new(row), fingerprint), false)
                }
                Ok(Err(error)) => (Parsed::Error(error), false),
                Err(fatal) => (Parsed::Fatal(fatal.to_string()), true),
            };
            if sender.blocking_send(parsed).is_err() || last {
                return;
            }
        }
    });
    receiver
}
