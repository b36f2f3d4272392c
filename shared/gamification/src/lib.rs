//! Gamification: points, levels, badges, challenges and an opt-in leaderboard, made from other
//! areas' domain events and never called from their code.
//!
//! - Badges ([`Badge`]) and challenges ([`Challenge`]) are data that admins keep
//!   ([`Definitions`]); a badge's [`Rule`] is one of: first occurrence, tiered thresholds,
//!   consecutive days, times within a window, a savings amount reached.
//! - [`AwardWatch`] subscribes to sign-ins, transactions, budgets and goals, keeps each user's
//!   [`Stats`] (counts, streaks with their longest, recent days, savings — days in the user's
//!   IANA time zone), awards badges and challenge rewards once, appends their points to the
//!   append-only [`points`] ledger and announces [`BadgeEarned`] and [`ChallengeCompleted`].
//! - Levels come from points by the table in [`levels`].
//! - The [`leaderboard`] holds only users who opted in, under a pseudonym, read in order from
//!   the index.

pub mod activity;
pub mod definition;
pub mod error;
pub mod events;
pub mod ids;
pub mod keys;
pub mod leaderboard;
pub mod levels;
pub mod participation;
pub mod points;
pub mod rule;
pub mod stats;
pub mod stats_store;
pub mod subscriber;

pub use activity::Activity;
pub use definition::{Badge, BadgeSpec, Challenge, ChallengeSpec, Definitions};
pub use error::GamificationError;
pub use events::{BadgeEarned, ChallengeCompleted};
pub use leaderboard::{Leaderboard, LeaderboardSettings, Period};
pub use participation::{Participation, Participations};
pub use points::PointsLedger;
pub use rule::Rule;
pub use stats::Stats;
pub use stats_store::{EarnedBadge, StatsStore};
pub use subscriber::AwardWatch;
