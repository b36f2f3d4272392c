//! The CSV mapping last used for each account: a CSV import that read its file and found rows
//! remembers its mapping for its account, so the next import of the same bank's statement
//! needs none (`mapping` left out of the request).

use std::sync::Arc;

use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Condition, Position, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::page_under;
use ferrofin_statements::CsvMapping;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::ImportError;
use crate::ids::ImportId;
use crate::job::ImportJob;
use crate::keys;

/// An account's remembered mapping, and the import it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RememberedMapping {
    pub account_id: AccountId,
    pub mapping: CsvMapping,
    pub import_id: ImportId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl RememberedMapping {
    /// The write that remembers `job`'s mapping, if it is one to remember.
    pub fn write_for(job: &ImportJob, now: OffsetDateTime) -> Result<Option<Write>, TableError> {
        let Some(mapping) = job.mapping_to_remember() else {
            return Ok(None);
        };
        let remembered = Self {
            account_id: job.account_id.clone(),
            mapping: mapping.clone(),
            import_id: job.id.clone(),
            updated_at: now,
        };
        let key = keys::mapping(&job.user_id, &job.account_id);
        Ok(Some(Write::Put {
            item: to_record(&remembered, &key, None)?,
            condition: Condition::Always,
        }))
    }
}

#[derive(Clone)]
pub struct MappingStore {
    table: Arc<dyn Table>,
}

impl MappingStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// The mapping remembered for the account, if any.
    pub async fn get(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
    ) -> Result<Option<RememberedMapping>, ImportError> {
        let item = self.table.get(&keys::mapping(user_id, account_id)).await?;
        Ok(item.map(from_record).transpose()?)
    }

    /// One page of the user's remembered mappings, by account id.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<RememberedMapping>, Option<Position>), ImportError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::MAPPING_PREFIX,
            false,
            limit,
            start_after,
        )
        .await?)
    }
}
