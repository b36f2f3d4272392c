//! Gamification's domain events: a badge (or a tier of one) earned, a challenge completed.
//! Each is written to the outbox in the transaction that records the award; the notifications
//! area tells the user.

use serde::{Deserialize, Serialize};

use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::queue::Message;

use crate::ids::{BadgeId, ChallengeId};

/// `badge.earned`: a user earned a badge, or a tier of a tiered badge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeEarned {
    pub user_id: UserId,
    pub badge_id: BadgeId,
    /// The tier reached, for a tiered badge.
    pub tier: Option<u64>,
    pub name: String,
    pub points: u64,
}

impl Message for BadgeEarned {
    const TYPE: &'static str = "badge.earned";
    const VERSION: u32 = 1;
}

/// `challenge.completed`: a user reached a challenge's target within its dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeCompleted {
    pub user_id: UserId,
    pub challenge_id: ChallengeId,
    pub name: String,
    pub reward_points: u64,
}

impl Message for ChallengeCompleted {
    const TYPE: &'static str = "challenge.completed";
    const VERSION: u32 = 1;
}
