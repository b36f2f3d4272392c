//! A user's part in a challenge (`USER#<uid>` / `GAMIFICATION#JOINED#<challenge id>`): when they
//! joined, their progress towards the target and when they completed it. Progress counts only
//! what was done after joining and within the challenge's dates; a completed challenge stays
//! completed (it cannot be left, so its reward is given once).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{
    Condition, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::all_under;

use crate::definition::{Challenge, Definitions};
use crate::error::GamificationError;
use crate::ids::ChallengeId;
use crate::keys;

/// Where a user stands in a challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub user_id: UserId,
    pub challenge_id: ChallengeId,
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
    /// Counted towards the target (at most the target).
    pub progress: u64,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
    pub version: u64,
}

impl Participation {
    /// The write that stores it after a change, if nobody changed it since it was read.
    pub fn save(&self) -> Result<Write, TableError> {
        let mut stored = self.clone();
        stored.version += 1;
        Ok(Write::Put {
            item: to_record(
                &stored,
                &keys::joined(&self.user_id, &self.challenge_id),
                None,
            )?,
            condition: Condition::version_is(self.version),
        })
    }

    /// Counts `count` done at `at` towards `challenge`; answers whether that completed it.
    pub fn progress(&mut self, challenge: &Challenge, count: u64, at: OffsetDateTime) -> bool {
        if self.completed_at.is_some() || at < self.joined_at || !challenge.counts_at(at) {
            return false;
        }
        self.progress = (self.progress + count).min(challenge.spec.target);
        if self.progress >= challenge.spec.target {
            self.completed_at = Some(at);
            return true;
        }
        false
    }
}

/// Joining and leaving challenges.
pub struct Participations {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
    challenges: Definitions<Challenge>,
}

impl Participations {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            clock: state.clock.clone(),
            challenges: Definitions::new(state),
        }
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        challenge_id: &ChallengeId,
    ) -> Result<Option<Participation>, TableError> {
        self.table
            .get(&keys::joined(user_id, challenge_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Every challenge the user joined (a handful), oldest first.
    pub async fn all(&self, user_id: &UserId) -> Result<Vec<Participation>, TableError> {
        all_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::JOINED_PREFIX,
        )
        .await
    }

    /// Joins a challenge that has not ended; joining again changes nothing.
    pub async fn join(
        &self,
        user_id: &UserId,
        challenge_id: &ChallengeId,
    ) -> Result<(Challenge, Participation), GamificationError> {
        let challenge = self.challenges.get(challenge_id.as_str()).await?;
        if let Some(joined) = self.get(user_id, challenge_id).await? {
            return Ok((challenge, joined));
        }
        let now = self.clock.now();
        if !challenge.is_open(now) {
            return Err(GamificationError::Conflict("the challenge has ended"));
        }
        let joined = Participation {
            user_id: user_id.clone(),
            challenge_id: challenge_id.clone(),
            joined_at: now,
            progress: 0,
            completed_at: None,
            version: 1,
        };
        let item = to_record(&joined, &keys::joined(user_id, challenge_id), None)?;
        match self.table.put(item, Condition::NotExists).await {
            // Joined concurrently: that participation stands.
            Err(TableError::ConditionFailed { .. }) => {
                let existing = self.get(user_id, challenge_id).await?;
                Ok((challenge, existing.unwrap_or(joined)))
            }
            other => other.map(|()| (challenge, joined)).map_err(Into::into),
        }
    }

    /// Leaves a challenge the user joined and has not completed.
    pub async fn leave(
        &self,
        user_id: &UserId,
        challenge_id: &ChallengeId,
    ) -> Result<(), GamificationError> {
        loop {
            let joined = self
                .get(user_id, challenge_id)
                .await?
                .ok_or(GamificationError::NotFound("participation"))?;
            if joined.completed_at.is_some() {
                return Err(GamificationError::Conflict(
                    "a completed challenge cannot be left",
                ));
            }
            let deleted = self
                .table
                .delete(
                    &keys::joined(user_id, challenge_id),
                    Condition::version_is(joined.version),
                )
                .await;
            match deleted {
                Err(TableError::ConditionFailed { .. }) => continue,
                other => return other.map_err(Into::into),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::Activity;
    use crate::definition::ChallengeSpec;
    use time::macros::datetime;

    fn challenge() -> Challenge {
        Challenge {
            id: ChallengeId::from("c1"),
            spec: ChallengeSpec {
                name: "Ten in November".to_owned(),
                description: String::new(),
                activity: Activity::TransactionRecorded,
                target: 10,
                reward_points: 50,
                starts_at: datetime!(2026-11-01 00:00 UTC),
                ends_at: datetime!(2026-12-01 00:00 UTC),
            },
            created_at: datetime!(2026-10-01 00:00 UTC),
            updated_at: datetime!(2026-10-01 00:00 UTC),
            version: 1,
        }
    }

    #[test]
    fn progress_counts_within_the_dates_after_joining_and_completes_once() {
        let mut joined = Participation {
            user_id: UserId::from("u1"),
            challenge_id: ChallengeId::from("c1"),
            joined_at: datetime!(2026-11-10 00:00 UTC),
            progress: 0,
            completed_at: None,
            version: 1,
        };
        let challenge = challenge();
        assert!(!joined.progress(&challenge, 5, datetime!(2026-11-09 00:00 UTC)));
        assert!(!joined.progress(&challenge, 5, datetime!(2026-12-01 00:00 UTC)));
        assert_eq!(joined.progress, 0);
        assert!(!joined.progress(&challenge, 9, datetime!(2026-11-11 00:00 UTC)));
        assert!(joined.progress(&challenge, 3, datetime!(2026-11-12 00:00 UTC)));
        assert_eq!(joined.progress, 10);
        assert!(!joined.progress(&challenge, 3, datetime!(2026-11-13 00:00 UTC)));
    }
}
