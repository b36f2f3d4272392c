//! Asking for, reading and listing assessments. Asking checks the source (the window; the
//! user's accounts; a statement file of the requester's, ready, uploaded as `statement`; for a
//! customer, that the customer exists), stores the assessment queued (with its
//! `Idempotency-Key` claim) and queues its computation: nothing is read before the worker runs.

use std::sync::Arc;

use ferrofin_customers::ids::CustomerId;
use ferrofin_customers::{CustomerError, Customers};
use ferrofin_files::{FileError, FileStatus, Files, Purpose};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::cashflow::AccountSet;
use ferrofin_platform::AppState;
use ferrofin_platform::fields::Invalid;
use ferrofin_platform::idempotency::{self, IdempotencyKey, Replay};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Queue;
use ferrofin_platform::ports::table::{Position, Table};

use crate::assessment::RiskAssessment;
use crate::error::RiskAssessmentError;
use crate::ids::AssessmentId;
use crate::queue::queue_assessment;
use crate::source::Source;
use crate::store::AssessmentStore;
use crate::subject::Subject;

/// Scope of the `Idempotency-Key` records of assessment requests.
const IDEMPOTENCY_SCOPE: &str = "risk-assessments";

/// Who is asking, and whether they may reach customers' assessments (`risk:customers`).
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: UserId,
    pub reaches_customers: bool,
}

#[derive(Clone)]
pub struct RiskAssessments {
    store: AssessmentStore,
    table: Arc<dyn Table>,
    ledger: Ledger,
    files: Files,
    customers: Customers,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
}

impl RiskAssessments {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: AssessmentStore::new(state),
            table: state.table.clone(),
            ledger: Ledger::new(state),
            files: Files::new(state),
            customers: Customers::new(state),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Stores the assessment of `source`, about the caller or about `customer` (the handler
    /// has checked `risk:customers`), queued, and queues its computation. With a key, a repeat of the
    /// same request answers the assessment the first one stored.
    pub async fn request(
        &self,
        caller: &Caller,
        source: Source,
        customer: Option<CustomerId>,
        key: Option<IdempotencyKey>,
    ) -> Result<RiskAssessment, RiskAssessmentError> {
        if let Some(key) = &key
            && let Some(assessment) = self.replayed(caller, key).await?
        {
            return Ok(assessment);
        }
        let subject = self.subject(caller, customer, &source).await?;
        self.check_source(&caller.user_id, &source).await?;
        let now = self.clock.now();
        let assessment = RiskAssessment::queued(
            AssessmentId::generate(self.clock.as_ref()),
            subject,
            caller.user_id.clone(),
            source,
            now,
        );
        let claim = key
            .as_ref()
            .map(|key| {
                idempotency::claim(
                    &caller.user_id,
                    IDEMPOTENCY_SCOPE,
                    key,
                    vec![assessment.id.to_string()],
                    now,
                )
            })
            .transpose()?;
        match self
            .store
            .create_with(&assessment, claim.into_iter().collect())
            .await
        {
            Ok(()) => {}
            // The same request with the same key at the same time: answer the one that won.
            Err(RiskAssessmentError::Conflict) if key.is_some() => {
                if let Some(key) = &key
                    && let Some(assessment) = self.replayed(caller, key).await?
                {
                    return Ok(assessment);
                }
                return Err(RiskAssessmentError::Conflict);
            }
            Err(err) => return Err(err),
        }
        self.queue_computation(&assessment).await?;
        Ok(assessment)
    }

    async fn queue_computation(
        &self,
        assessment: &RiskAssessment,
    ) -> Result<(), RiskAssessmentError> {
        Ok(queue_assessment(
            self.queue.as_ref(),
            self.clock.as_ref(),
            &assessment.subject,
            &assessment.id,
        )
        .await?)
    }

    /// The assessment an earlier request with `key` stored, its computation queued again while
    /// it waits (the first request may have failed to queue it); `None` for a new key.
    async fn replayed(
        &self,
        caller: &Caller,
        key: &IdempotencyKey,
    ) -> Result<Option<RiskAssessment>, RiskAssessmentError> {
        match idempotency::replay(self.table.as_ref(), &caller.user_id, IDEMPOTENCY_SCOPE, key)
            .await?
        {
            None => Ok(None),
            Some(Replay::Different) => Err(RiskAssessmentError::KeyReused),
            Some(Replay::Same(ids)) => {
                let id = ids.first().ok_or(RiskAssessmentError::NotFound)?;
                let assessment = self.get(caller, &AssessmentId::from(id.as_str())).await?;
                if assessment.status == crate::AssessmentStatus::Queued {
                    self.queue_computation(&assessment).await?;
                }
                Ok(Some(assessment))
            }
        }
    }

    /// Whom the assessment is about: the caller, or an existing customer of a statement.
    async fn subject(
        &self,
        caller: &Caller,
        customer: Option<CustomerId>,
        source: &Source,
    ) -> Result<Subject, RiskAssessmentError> {
        let Some(customer_id) = customer else {
            return Ok(Subject::User(caller.user_id.clone()));
        };
        if matches!(source, Source::Transactions { .. }) {
            return Err(Invalid::field(
                "customer_id",
                "a customer's assessment reads a statement they gave (source statement)",
            )
            .into());
        }
        match self.customers.get(&customer_id, false).await {
            Ok(_) => Ok(Subject::Customer(customer_id)),
            Err(CustomerError::NotFound) => {
                Err(Invalid::field("customer_id", "no such customer").into())
            }
            Err(err) => Err(err.into()),
        }
    }

    /// The window, and the accounts or the file the source names.
    async fn check_source(
        &self,
        user_id: &UserId,
        source: &Source,
    ) -> Result<(), RiskAssessmentError> {
        source.check(self.clock.now().date())?;
        match source {
            Source::Transactions {
                currency,
                account_ids,
                ..
            } => {
                if let Some(ids) = account_ids {
                    let set = AccountSet::Chosen(ids.clone());
                    self.ledger.account_set(user_id, &set, *currency).await?;
                }
                Ok(())
            }
            Source::Statement { file_id, .. } => {
                let file = match self.files.get(user_id, file_id).await {
                    Err(FileError::NotFound) => {
                        return Err(Invalid::field("file_id", "no such file").into());
                    }
                    other => other?,
                };
                if file.purpose != Purpose::Statement {
                    return Err(Invalid::field(
                        "file_id",
                        "the file was not uploaded as a statement (purpose statement)",
                    )
                    .into());
                }
                if file.status != FileStatus::Ready {
                    return Err(Invalid::field("file_id", "the file has not been completed").into());
                }
                Ok(())
            }
        }
    }

    /// The caller's assessment, or a customer's when the caller reaches customers.
    pub async fn get(
        &self,
        caller: &Caller,
        id: &AssessmentId,
    ) -> Result<RiskAssessment, RiskAssessmentError> {
        let own = Subject::User(caller.user_id.clone());
        if let Some(assessment) = self.store.get(&own, id).await? {
            return Ok(assessment);
        }
        if caller.reaches_customers
            && let Some(customer_id) = self.store.customer_of(id).await?
        {
            let subject = Subject::Customer(customer_id);
            return self
                .store
                .get(&subject, id)
                .await?
                .ok_or(RiskAssessmentError::NotFound);
        }
        Err(RiskAssessmentError::NotFound)
    }

    /// One page of the subject's assessments, newest first (the caller checks that it may
    /// read them).
    pub async fn page(
        &self,
        subject: &Subject,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<RiskAssessment>, Option<Position>), RiskAssessmentError> {
        self.store.page(subject, limit, start_after).await
    }
}
