//! Computes a queued assessment: reads its source (the ledger window, or the statement file),
//! assesses it and saves the outcome. A source that cannot be assessed (the file is gone or
//! unreadable, the window holds too much, the engine refuses it) fails the assessment, which is
//! final; table and store failures are errors for the queue to retry. An assessment that is no
//! longer queued is left alone, so a message delivered twice computes it once.

use std::sync::Arc;

use ferrofin_files::{FileError, FileId, Files};
use ferrofin_ledger::cashflow::AccountSet;
use ferrofin_ledger::{Ledger, LedgerError};
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_risk::Cashflow;
use time::Date;

use crate::assessment::{AssessmentStatus, ReadSummary};
use crate::error::RiskAssessmentError;
use crate::ids::AssessmentId;
use crate::ledger_window::cashflow;
use crate::source::{Source, statement_format};
use crate::statement::{StatementRequest, read_statement};
use crate::store::AssessmentStore;
use crate::subject::Subject;

/// A source read for the engine, or why it cannot be (with what was read of it).
type Read = Result<(ReadSummary, Cashflow), (Option<ReadSummary>, String)>;

#[derive(Clone)]
pub struct AssessmentRunner {
    store: AssessmentStore,
    ledger: Ledger,
    files: Files,
    blobs: Arc<dyn Blobs>,
    clock: Arc<dyn Clock>,
}

impl AssessmentRunner {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: AssessmentStore::new(state),
            ledger: Ledger::new(state),
            files: Files::new(state),
            blobs: state.blobs.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Computes the assessment if it is still queued (a missing one, e.g. erased with its
    /// user, is nothing to do).
    pub async fn run(
        &self,
        subject: &Subject,
        id: &AssessmentId,
    ) -> Result<(), RiskAssessmentError> {
        let Some(mut assessment) = self.store.get(subject, id).await? else {
            return Ok(());
        };
        if assessment.status != AssessmentStatus::Queued {
            return Ok(());
        }
        let user_id = &assessment.requested_by;
        let read = match assessment.source.clone() {
            Source::Transactions {
                currency,
                from,
                to,
                account_ids,
            } => {
                let set = account_ids.map_or(AccountSet::Liquid, AccountSet::Chosen);
                self.read_ledger(user_id, &set, currency, (from, to))
                    .await?
            }
            Source::Statement {
                file_id,
                mapping,
                currency,
                from,
                to,
                opening_balance_minor,
            } => {
                let request = StatementRequest {
                    format: statement_format(mapping.as_deref()),
                    currency,
                    from,
                    to,
                    opening_balance_minor,
                };
                self.read_statement(user_id, &file_id, request).await?
            }
        };
        let now = self.clock.now();
        match read {
            Ok((read, cashflow)) => match ferrofin_risk::assess(&cashflow) {
                Ok(result) => assessment.complete(read, serde_json::to_value(&result)?, now),
                Err(refused) => assessment.fail(Some(read), refused.to_string(), now),
            },
            Err((read, reason)) => assessment.fail(read, reason, now),
        }
        match self.store.save(&mut assessment, now).await {
            Err(RiskAssessmentError::Conflict) => {
                // Another delivery of the message saved it first.
                match self.store.get(subject, id).await? {
                    Some(current) if current.status != AssessmentStatus::Queued => Ok(()),
                    _ => Err(RiskAssessmentError::Conflict),
                }
            }
            other => other,
        }
    }

    async fn read_ledger(
        &self,
        user_id: &UserId,
        set: &AccountSet,
        currency: Currency,
        (from, to): (Date, Date),
    ) -> Result<Read, RiskAssessmentError> {
        let movements = match self
            .ledger
            .movements(user_id, set, currency, from, to)
            .await
        {
            Ok(movements) => movements,
            Err(LedgerError::Validation(details)) => {
                let reason = details
                    .iter()
                    .map(|detail| format!("{}: {}", detail.field, detail.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                return Ok(Err((None, reason)));
            }
            Err(err) => return Err(err.into()),
        };
        let read = ReadSummary::Transactions {
            account_ids: movements.account_ids.clone(),
            transactions: movements.movements.len() as u64,
        };
        Ok(Ok((read, cashflow(&movements, currency, from, to))))
    }

    async fn read_statement(
        &self,
        user_id: &UserId,
        file_id: &FileId,
        request: StatementRequest,
    ) -> Result<Read, RiskAssessmentError> {
        let file = match self.files.ready(user_id, file_id).await {
            Ok(file) => file,
            Err(FileError::NotFound | FileError::NotReady) => {
                return Ok(Err((None, "the statement file is gone".to_owned())));
            }
            Err(err) => return Err(err.into()),
        };
        let Some(blob) = self.blobs.get(&file.object_key()).await? else {
            return Ok(Err((
                None,
                "the statement file's content is gone".to_owned(),
            )));
        };
        Ok(match read_statement(blob.body, request).await {
            Ok(read) => Ok((ReadSummary::Statement(read.reading), read.cashflow)),
            Err(unassessable) => Err((
                Some(ReadSummary::Statement(unassessable.reading)),
                unassessable.reason,
            )),
        })
    }
}
