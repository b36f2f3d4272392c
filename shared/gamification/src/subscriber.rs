//! Gamification's reaction to other areas' events: counts what the user did (in their time
//! zone's days), awards every badge (tier) whose rule is newly reached and every joined
//! challenge newly completed, appends their points to the ledger, announces `badge.earned` and
//! `challenge.completed`, and keeps an opted-in user's board entries at their points.
//!
//! All of it is one reaction: the dispatcher commits it with its guard, so a redelivered event
//! changes nothing twice; the stats are versioned, so two events of one user never count over
//! each other (the later one reacts again), and each award and ledger entry is written with
//! `NotExists`.

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use ferrofin_identity::users::{User, UserStatus, UserStore};
use ferrofin_platform::AppState;
use ferrofin_platform::events::{ReactError, Reaction, Subscriber, outbox};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Envelope;
use ferrofin_platform::ports::table::Write;

use crate::activity::{self, Occurrences};
use crate::definition::{Badge, Challenge, Definitions};
use crate::events::{BadgeEarned, ChallengeCompleted};
use crate::leaderboard::Leaderboard;
use crate::participation::Participations;
use crate::points::{PointsEntry, PointsReason};
use crate::stats::Stats;
use crate::stats_store::{EarnedBadge, StatsStore};

/// The subscriber's name (part of its guards).
const NAME: &str = "gamification.awards";

/// Evaluates badges and challenges on every event that counts.
pub struct AwardWatch {
    users: UserStore,
    stats: StatsStore,
    badges: Definitions<Badge>,
    challenges: Definitions<Challenge>,
    participations: Participations,
    leaderboard: Leaderboard,
    clock: Arc<dyn Clock>,
}

impl AwardWatch {
    pub fn new(state: &AppState) -> Self {
        Self {
            users: UserStore::new(state.table.clone()),
            stats: StatsStore::new(state),
            badges: Definitions::new(state),
            challenges: Definitions::new(state),
            participations: Participations::new(state),
            leaderboard: Leaderboard::new(state),
            clock: state.clock.clone(),
        }
    }
}

/// What one reaction writes, and the points it gives.
struct Awards<'a> {
    event: &'a Envelope,
    clock: &'a dyn Clock,
    writes: Vec<Write>,
    points: u64,
}

impl Awards<'_> {
    fn at(&self) -> OffsetDateTime {
        self.event.occurred_at
    }

    fn give(
        &mut self,
        user: &User,
        points: u64,
        reason: PointsReason,
        award: String,
        label: String,
    ) -> Result<(), ReactError> {
        let entry = PointsEntry {
            user_id: user.id.clone(),
            points,
            reason,
            award,
            label,
            source_event_id: self.event.id.clone(),
            at: self.at(),
        };
        self.writes.push(entry.append()?);
        self.points += points;
        Ok(())
    }

    fn badge(&mut self, user: &User, badge: &Badge, tier: Option<u64>) -> Result<(), ReactError> {
        let award = badge.award(tier);
        let earned = EarnedBadge {
            user_id: user.id.clone(),
            badge_id: badge.id.clone(),
            tier,
            name: badge.spec.name.clone(),
            description: badge.spec.description.clone(),
            points: badge.spec.points,
            event_id: EventId::from(self.event.id.as_str().to_owned()),
            earned_at: self.at(),
        };
        self.writes.push(earned.record(&award)?);
        let announced = BadgeEarned {
            user_id: user.id.clone(),
            badge_id: badge.id.clone(),
            tier,
            name: badge.spec.name.clone(),
            points: badge.spec.points,
        };
        self.writes.push(outbox::emit(&announced, self.clock)?);
        let label = match tier {
            Some(tier) => format!("{} ({tier})", badge.spec.name),
            None => badge.spec.name.clone(),
        };
        self.give(
            user,
            badge.spec.points,
            PointsReason::BadgeEarned,
            award,
            label,
        )
    }

    fn challenge(&mut self, user: &User, challenge: &Challenge) -> Result<(), ReactError> {
        let announced = ChallengeCompleted {
            user_id: user.id.clone(),
            challenge_id: challenge.id.clone(),
            name: challenge.spec.name.clone(),
            reward_points: challenge.spec.reward_points,
        };
        self.writes.push(outbox::emit(&announced, self.clock)?);
        self.give(
            user,
            challenge.spec.reward_points,
            PointsReason::ChallengeCompleted,
            challenge.id.to_string(),
            challenge.spec.name.clone(),
        )
    }
}

impl AwardWatch {
    /// Awards the badges `occurrences` may have earned, newly reached in `stats`.
    async fn badges(
        &self,
        awards: &mut Awards<'_>,
        user: &User,
        stats: &mut Stats,
        occurrences: &Occurrences,
    ) -> Result<(), ReactError> {
        let day = user.time_zone.today(awards.at());
        for badge in self.badges.all().await? {
            if !badge.spec.rule.concerns(occurrences) {
                continue;
            }
            for tier in badge.spec.rule.reached(stats, day) {
                if stats.earned.insert(badge.award(tier)) {
                    awards.badge(user, &badge, tier)?;
                }
            }
        }
        Ok(())
    }

    /// Counts `occurrences` towards the user's joined challenges; rewards those completed.
    async fn challenges(
        &self,
        awards: &mut Awards<'_>,
        user: &User,
        occurrences: &Occurrences,
    ) -> Result<(), ReactError> {
        let joined: Vec<_> = self
            .participations
            .all(&user.id)
            .await?
            .into_iter()
            .filter(|joined| joined.completed_at.is_none())
            .collect();
        if joined.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = joined.iter().map(|j| j.challenge_id.to_string()).collect();
        let challenges = self.challenges.get_many(&ids).await?;
        for (mut joined, challenge) in joined.into_iter().zip(challenges) {
            let Some(challenge) = challenge else {
                continue;
            };
            let count = occurrences.count_of(challenge.spec.activity);
            let before = joined.progress;
            if count == 0 {
                continue;
            }
            let completed = joined.progress(&challenge, count, awards.at());
            if joined.progress != before || completed {
                awards.writes.push(joined.save()?);
            }
            if completed {
                awards.challenge(user, &challenge)?;
            }
        }
        Ok(())
    }
}

#[async_trait]
impl Subscriber for AwardWatch {
    fn name(&self) -> &'static str {
        NAME
    }

    fn event_types(&self) -> &'static [&'static str] {
        activity::EVENT_TYPES
    }

    /// Nothing for a user who is gone or banned.
    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let Some((user_id, occurrences)) = activity::occurrences(event)? else {
            return Ok(Reaction::nothing());
        };
        let Some(user) = self.users.get(&user_id).await? else {
            return Ok(Reaction::nothing());
        };
        if user.status != UserStatus::Active {
            return Ok(Reaction::nothing());
        }
        let mut stats = self.stats.get(&user_id).await?;
        stats.record(&occurrences, user.time_zone.today(event.occurred_at));
        let mut awards = Awards {
            event,
            clock: self.clock.as_ref(),
            writes: Vec::new(),
            points: 0,
        };
        self.badges(&mut awards, &user, &mut stats, &occurrences)
            .await?;
        self.challenges(&mut awards, &user, &occurrences).await?;
        let Awards {
            mut writes, points, ..
        } = awards;
        if points > 0 {
            stats.add_points(points, event.occurred_at);
            let settings = self.leaderboard.settings(&user_id).await?;
            let mut stored = stats.clone();
            stored.version += 1;
            writes.extend(Leaderboard::entry_writes(&settings, &user.name, &stored)?);
        }
        writes.insert(0, StatsStore::save(&stats)?);
        Ok(Reaction::writes(writes))
    }
}
