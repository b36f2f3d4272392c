//! Bodies of the caller's challenge routes: a challenge with where the caller stands in it.

use ferrofin_gamification::{Challenge, Participation};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::admin_dto::ChallengeView;

/// Where the caller stands in a challenge they joined.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ChallengeProgressView)]
pub struct ProgressView {
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
    /// Counted towards the target (at most the target).
    pub progress: u64,
    pub target: u64,
    pub completed: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
}

impl ProgressView {
    pub fn new(joined: &Participation, challenge: &Challenge) -> Self {
        Self {
            joined_at: joined.joined_at,
            progress: joined.progress,
            target: challenge.spec.target,
            completed: joined.completed_at.is_some(),
            completed_at: joined.completed_at,
        }
    }
}

/// A challenge, and the caller's progress when they joined it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserChallengeView {
    #[serde(flatten)]
    pub challenge: ChallengeView,
    /// `null` until the caller joins.
    pub joined: Option<ProgressView>,
}

impl UserChallengeView {
    pub fn new(challenge: Challenge, joined: Option<&Participation>) -> Self {
        Self {
            joined: joined.map(|joined| ProgressView::new(joined, &challenge)),
            challenge: challenge.into(),
        }
    }
}
