//! The opt-in leaderboard. A user's settings (`GAMIFICATION#LEADERBOARD`: opted in, a
//! pseudonym, whether to show their name) decide whether they have board entries: one all-time
//! and one for the current ISO week (UTC), each an item of the user's whose index key puts it in
//! the board's partition sorted by points (see [`keys`]), so a board is read in order from the
//! index — never a scan. An entry holds only the pseudonym, the points and, when the user chose
//! to show it, their name; never an email. A page after the first and a user's own line have
//! their rank from the number of entries ahead of them, counted through the index.
//!
//! Entries change with the user's points (in the subscriber's transaction, which also checks
//! the settings' version) and with the settings (in a transaction that checks the stats'
//! version), so a board never keeps a user who opted out.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Index, Position, Query, SortKey, Table, TableError, Write, attr,
    from_record, string_attr, to_record,
};

use crate::keys;
use crate::stats::{Stats, iso_week};

/// Which board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = LeaderboardPeriod)]
pub enum Period {
    /// Points earned in the current ISO week (UTC).
    Weekly,
    AllTime,
}

/// Whether and how a user appears on the leaderboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderboardSettings {
    pub user_id: UserId,
    pub opted_in: bool,
    pub pseudonym: String,
    /// Show the user's name beside the pseudonym.
    pub show_name: bool,
    pub version: u64,
}

impl LeaderboardSettings {
    /// Out of the board, until the user opts in.
    pub fn defaults(user_id: UserId) -> Self {
        Self {
            user_id,
            opted_in: false,
            pseudonym: String::new(),
            show_name: false,
            version: 0,
        }
    }

    /// The condition that the settings are still as read.
    fn unchanged(&self) -> Condition {
        match self.version {
            0 => Condition::NotExists,
            version => Condition::version_is(version),
        }
    }
}

/// One line of a board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    pub user_id: UserId,
    pub pseudonym: String,
    /// Only when the user chose to show it.
    pub name: Option<String>,
    pub points: u64,
}

fn stats_unchanged(stats: &Stats) -> Condition {
    match stats.version {
        0 => Condition::NotExists,
        version => Condition::version_is(version),
    }
}

/// Reads and writes the settings and the boards.
pub struct Leaderboard {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl Leaderboard {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            clock: state.clock.clone(),
        }
    }

    pub async fn settings(&self, user_id: &UserId) -> Result<LeaderboardSettings, TableError> {
        Ok(
            match self.table.get(&keys::leaderboard_settings(user_id)).await? {
                Some(item) => from_record(item)?,
                None => LeaderboardSettings::defaults(user_id.clone()),
            },
        )
    }

    /// The writes that keep an opted-in user's entries at `stats` (with a check that the
    /// settings are as read), or nothing for a user who is not on the board.
    pub fn entry_writes(
        settings: &LeaderboardSettings,
        name: &str,
        stats: &Stats,
    ) -> Result<Vec<Write>, TableError> {
        if !settings.opted_in {
            return Ok(Vec::new());
        }
        let mut writes = vec![Write::Check {
            key: keys::leaderboard_settings(&settings.user_id),
            condition: settings.unchanged(),
        }];
        writes.extend(entries(settings, name, stats)?);
        Ok(writes)
    }

    /// Stores new settings and puts the user on the board or takes them off it, in one
    /// transaction that also checks the stats are as read; a lost race is
    /// [`TableError::ConditionFailed`].
    pub async fn save(
        &self,
        before: &LeaderboardSettings,
        after: &LeaderboardSettings,
        name: &str,
        stats: &Stats,
    ) -> Result<(), TableError> {
        let mut stored = after.clone();
        stored.version = before.version + 1;
        let mut writes = vec![
            Write::Put {
                item: to_record(&stored, &keys::leaderboard_settings(&after.user_id), None)?,
                condition: before.unchanged(),
            },
            Write::Check {
                key: keys::stats(&after.user_id),
                condition: stats_unchanged(stats),
            },
        ];
        if after.opted_in {
            writes.extend(entries(&stored, name, stats)?);
        } else {
            for key in [
                keys::board_all_time(&after.user_id),
                keys::board_weekly(&after.user_id),
            ] {
                writes.push(Write::Delete {
                    key,
                    condition: Condition::Always,
                });
            }
        }
        self.table.transact(writes).await
    }

    /// The partition of a board now (the weekly board is this ISO week's, UTC).
    pub fn partition(&self, period: Period) -> String {
        match period {
            Period::AllTime => keys::board_all_time_partition(),
            Period::Weekly => keys::board_weekly_partition(&iso_week(self.clock.now())),
        }
    }

    /// One page of a board, most points first, after `start_after` (where the previous page
    /// ended): its entries, the rank of its first entry and where it ended.
    pub async fn page(
        &self,
        partition: &str,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<BoardPage, TableError> {
        let first_rank = match start_after.as_ref().and_then(|at| at.index_key.as_ref()) {
            Some((_, sort)) => self.through(partition, sort).await? + 1,
            None => 1,
        };
        let query = Query {
            index: Index::Gsi1,
            start_after,
            ..Query::partition(partition, limit)
        };
        let page = self.table.query(query).await?;
        let entries = page
            .items
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        Ok(BoardPage {
            entries,
            first_rank,
            next: page.next,
        })
    }

    /// The user's own line on a board and its rank, `None` when they are not on it (not opted
    /// in, or no points this week on the weekly board): their entry item, then the entries
    /// ahead of it counted through the index.
    pub async fn standing(
        &self,
        user_id: &UserId,
        period: Period,
    ) -> Result<Option<(u64, BoardEntry)>, TableError> {
        let key = match period {
            Period::AllTime => keys::board_all_time(user_id),
            Period::Weekly => keys::board_weekly(user_id),
        };
        let Some(item) = self.table.get(&key).await? else {
            return Ok(None);
        };
        let partition = self.partition(period);
        if string_attr(&item, attr::GSI1_PK)? != partition {
            return Ok(None);
        }
        let sort = string_attr(&item, attr::GSI1_SK)?;
        let rank = self.through(&partition, &sort).await?;
        Ok(Some((rank, from_record(item)?)))
    }

    /// How many entries of a board sort up to `sort` included, read through the index in
    /// pages of [`COUNT_PAGE`] (a query of what is ahead, never a scan).
    async fn through(&self, partition: &str, sort: &str) -> Result<u64, TableError> {
        let mut query = Query {
            index: Index::Gsi1,
            sort: SortKey::AtMost(sort.to_owned()),
            ..Query::partition(partition, COUNT_PAGE)
        };
        let mut count = 0;
        loop {
            let page = self.table.query(query.clone()).await?;
            count += page.items.len() as u64;
            match page.next {
                Some(next) => query.start_after = Some(next),
                None => return Ok(count),
            }
        }
    }
}

/// Entries one counting query reads.
const COUNT_PAGE: u32 = 1000;

/// One page of a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardPage {
    pub entries: Vec<BoardEntry>,
    /// The rank of the first entry (1 on the first page).
    pub first_rank: u64,
    /// Where the page ended, when more follow.
    pub next: Option<Position>,
}

/// The user's all-time entry, and their entry of the week of their last points.
fn entries(
    settings: &LeaderboardSettings,
    name: &str,
    stats: &Stats,
) -> Result<Vec<Write>, TableError> {
    let entry = |points| BoardEntry {
        user_id: settings.user_id.clone(),
        pseudonym: settings.pseudonym.clone(),
        name: settings.show_name.then(|| name.to_owned()),
        points,
    };
    let mut boards = vec![(
        keys::board_all_time(&settings.user_id),
        keys::board_all_time_partition(),
        stats.points,
    )];
    if let Some(week) = &stats.week {
        boards.push((
            keys::board_weekly(&settings.user_id),
            keys::board_weekly_partition(week),
            stats.week_points,
        ));
    }
    boards
        .into_iter()
        .map(|(key, partition, points)| {
            let mut item = to_record(&entry(points), &key, None)?;
            item.insert(attr::GSI1_PK.to_owned(), AttributeValue::S(partition));
            item.insert(
                attr::GSI1_SK.to_owned(),
                AttributeValue::S(keys::board_sort(points, &settings.user_id)),
            );
            Ok(Write::Put {
                item,
                condition: Condition::Always,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_opted_in_users_get_entries_and_a_name_only_when_shown() {
        let user = UserId::from("u1");
        let mut settings = LeaderboardSettings::defaults(user.clone());
        let stats = Stats::new(user);
        assert!(
            Leaderboard::entry_writes(&settings, "Ada", &stats)
                .expect("writes")
                .is_empty()
        );
        settings.opted_in = true;
        settings.pseudonym = "fox".to_owned();
        let writes = Leaderboard::entry_writes(&settings, "Ada", &stats).expect("writes");
        assert_eq!(writes.len(), 2, "the check and the all-time entry");
        let Write::Put { item, .. } = &writes[1] else {
            panic!("an entry put");
        };
        let entry: BoardEntry = from_record(item.clone()).expect("entry");
        assert_eq!((entry.pseudonym.as_str(), entry.name), ("fox", None));
    }
}
