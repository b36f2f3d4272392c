//! Import jobs in the user's partition (`USER#<uid>` / `IMPORT#<id>`), newest first.

use std::sync::Arc;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, Position, Table, TableError, Write, from_record};
use ferrofin_platform::records::{page_under, save_versioned_with, versioned_record};
use time::OffsetDateTime;

use crate::error::ImportError;
use crate::ids::ImportId;
use crate::job::ImportJob;
use crate::keys;

#[derive(Clone)]
pub struct ImportStore {
    table: Arc<dyn Table>,
}

impl ImportStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// Stores a new job.
    pub async fn create(&self, job: &ImportJob) -> Result<(), ImportError> {
        let item = versioned_record(job)?;
        Ok(self.table.put(item, Condition::NotExists).await?)
    }

    /// One of the user's jobs.
    pub async fn get(
        &self,
        user_id: &UserId,
        import_id: &ImportId,
    ) -> Result<ImportJob, ImportError> {
        let item = self
            .table
            .get(&keys::import(user_id, import_id))
            .await?
            .ok_or(ImportError::NotFound)?;
        Ok(from_record(item)?)
    }

    /// Saves `job` if nobody saved it since it was read; [`ImportError::Conflict`] otherwise.
    pub async fn save(&self, job: &mut ImportJob, now: OffsetDateTime) -> Result<(), ImportError> {
        self.save_with(job, now, Vec::new()).await
    }

    /// [`Self::save`] with `also` in the same table transaction.
    pub async fn save_with(
        &self,
        job: &mut ImportJob,
        now: OffsetDateTime,
        also: Vec<Write>,
    ) -> Result<(), ImportError> {
        match save_versioned_with(self.table.as_ref(), job, now, also).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { at: None | Some(0) }) => Err(ImportError::Conflict),
            Err(err) => Err(err.into()),
        }
    }

    /// Stores a new job with `also` (an idempotency claim) in one table transaction; a failed
    /// condition is [`ImportError::Conflict`].
    pub async fn create_with(&self, job: &ImportJob, also: Vec<Write>) -> Result<(), ImportError> {
        let mut writes = vec![Write::Put {
            item: versioned_record(job)?,
            condition: Condition::NotExists,
        }];
        writes.extend(also);
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(ImportError::Conflict),
            Err(err) => Err(err.into()),
        }
    }

    /// One page of the user's jobs, newest first.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<ImportJob>, Option<Position>), ImportError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::IMPORT_PREFIX,
            true,
            limit,
            start_after,
        )
        .await?)
    }
}
