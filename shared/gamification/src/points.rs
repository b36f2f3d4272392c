//! The points ledger: append-only entries (`USER#<uid>` / `GAMIFICATION#POINTS#<event>#<award>`),
//! each with its points, its reason and the event that earned it. An entry is written with
//! `NotExists` under a key made from its event and award, so an award is counted once however
//! often its event is delivered; the total lives in the user's stats, in the same transaction.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::ports::table::{Condition, Table, TableError, Write, to_record};
use ferrofin_platform::records::page_under;

use crate::keys;

/// Why points were given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsReason {
    BadgeEarned,
    ChallengeCompleted,
}

/// One entry of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    pub user_id: UserId,
    pub points: u64,
    pub reason: PointsReason,
    /// The badge award (`<badge id>[#<tier>]`) or the challenge id.
    pub award: String,
    /// What it is called, for the user.
    pub label: String,
    /// The event that earned it.
    pub source_event_id: EventId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl PointsEntry {
    /// The write that appends the entry once.
    pub fn append(&self) -> Result<Write, TableError> {
        let key = keys::points(&self.user_id, &self.source_event_id, &self.award);
        Ok(Write::Put {
            item: to_record(self, &key, None)?,
            condition: Condition::NotExists,
        })
    }
}

/// Reads a user's ledger.
pub struct PointsLedger {
    table: Arc<dyn Table>,
}

impl PointsLedger {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// The latest `limit` entries, newest first (event ids are ULIDs).
    pub async fn latest(
        &self,
        user_id: &UserId,
        limit: u32,
    ) -> Result<Vec<PointsEntry>, TableError> {
        let (entries, _) = page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::POINTS_PREFIX,
            true,
            limit,
            None,
        )
        .await?;
        Ok(entries)
    }
}
