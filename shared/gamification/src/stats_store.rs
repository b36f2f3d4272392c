//! Where a user's [`Stats`] and earned badges are stored: one stats item, versioned, and one
//! item per badge (tier) earned, each written once (`NotExists`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::ports::table::{
    Condition, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::all_under;

use crate::ids::BadgeId;
use crate::keys;
use crate::stats::Stats;

/// A badge, or a tier of one, that a user earned: what it was called then, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarnedBadge {
    pub user_id: UserId,
    pub badge_id: BadgeId,
    pub tier: Option<u64>,
    pub name: String,
    pub description: String,
    pub points: u64,
    /// The event that earned it.
    pub event_id: EventId,
    #[serde(with = "time::serde::rfc3339")]
    pub earned_at: OffsetDateTime,
}

impl EarnedBadge {
    /// The write that records it once.
    pub fn record(&self, award: &str) -> Result<Write, TableError> {
        Ok(Write::Put {
            item: to_record(self, &keys::earned(&self.user_id, award), None)?,
            condition: Condition::NotExists,
        })
    }
}

/// Reads and writes stats and earned badges.
#[derive(Clone)]
pub struct StatsStore {
    table: Arc<dyn Table>,
}

impl StatsStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// The user's stats; new ones (version 0) before their first activity.
    pub async fn get(&self, user_id: &UserId) -> Result<Stats, TableError> {
        Ok(match self.table.get(&keys::stats(user_id)).await? {
            Some(item) => from_record(item)?,
            None => Stats::new(user_id.clone()),
        })
    }

    /// The write that stores `stats` as read at `stats.version`, as the next version.
    pub fn save(stats: &Stats) -> Result<Write, TableError> {
        let condition = match stats.version {
            0 => Condition::NotExists,
            version => Condition::version_is(version),
        };
        let mut stored = stats.clone();
        stored.version += 1;
        Ok(Write::Put {
            item: to_record(&stored, &keys::stats(&stats.user_id), None)?,
            condition,
        })
    }

    /// Every badge (tier) the user earned, in badge order.
    pub async fn earned(&self, user_id: &UserId) -> Result<Vec<EarnedBadge>, TableError> {
        all_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::EARNED_PREFIX,
        )
        .await
    }
}
