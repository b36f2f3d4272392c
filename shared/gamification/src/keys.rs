//! Gamification's table keys.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | badge definition | `GAMIFICATION#BADGES` | `BADGE#<badge id>` | |
//! | challenge definition | `GAMIFICATION#CHALLENGES` | `CHALLENGE#<challenge id>` | |
//! | a user's counters, streaks, savings, points and earned badges | `USER#<uid>` | `GAMIFICATION#STATS` | |
//! | a badge (tier) a user earned | `USER#<uid>` | `GAMIFICATION#BADGE#<badge id>[#<tier>]` | |
//! | points ledger entry (append-only) | `USER#<uid>` | `GAMIFICATION#POINTS#<event id>#<award>` | |
//! | a user's part in a challenge | `USER#<uid>` | `GAMIFICATION#JOINED#<challenge id>` | |
//! | leaderboard settings | `USER#<uid>` | `GAMIFICATION#LEADERBOARD` | |
//! | all-time board entry | `USER#<uid>` | `GAMIFICATION#BOARD#ALL_TIME` | `LEADERBOARD#all_time` / `<inverted points>#<uid>` |
//! | weekly board entry | `USER#<uid>` | `GAMIFICATION#BOARD#WEEKLY` | `LEADERBOARD#weekly#<ISO week>` / `<inverted points>#<uid>` |
//!
//! A board partition read forwards lists the most points first: the sort key holds
//! `u64::MAX - points`, zero-padded.

use ferrofin_platform::ids::{EventId, UserId};
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

use crate::ids::{BadgeId, ChallengeId};

pub const BADGES_PARTITION: &str = "GAMIFICATION#BADGES";
pub const BADGE_PREFIX: &str = "BADGE#";
pub const CHALLENGES_PARTITION: &str = "GAMIFICATION#CHALLENGES";
pub const CHALLENGE_PREFIX: &str = "CHALLENGE#";
pub const EARNED_PREFIX: &str = "GAMIFICATION#BADGE#";
pub const POINTS_PREFIX: &str = "GAMIFICATION#POINTS#";
pub const JOINED_PREFIX: &str = "GAMIFICATION#JOINED#";

pub fn badge(id: &BadgeId) -> Key {
    Key::new(BADGES_PARTITION, format!("{BADGE_PREFIX}{id}"))
}

pub fn challenge(id: &ChallengeId) -> Key {
    Key::new(CHALLENGES_PARTITION, format!("{CHALLENGE_PREFIX}{id}"))
}

pub fn stats(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "GAMIFICATION#STATS")
}

/// `award` is the badge id, with `#<tier>` for a tier of a tiered badge.
pub fn earned(user_id: &UserId, award: &str) -> Key {
    Key::new(user_partition(user_id), format!("{EARNED_PREFIX}{award}"))
}

/// One entry per (event, award): a redelivered event finds it taken.
pub fn points(user_id: &UserId, event: &EventId, award: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{POINTS_PREFIX}{event}#{award}"),
    )
}

pub fn joined(user_id: &UserId, challenge: &ChallengeId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{JOINED_PREFIX}{challenge}"),
    )
}

pub fn leaderboard_settings(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "GAMIFICATION#LEADERBOARD")
}

pub fn board_all_time(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "GAMIFICATION#BOARD#ALL_TIME")
}

pub fn board_weekly(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "GAMIFICATION#BOARD#WEEKLY")
}

pub fn board_all_time_partition() -> String {
    "LEADERBOARD#all_time".to_owned()
}

/// `week` is an ISO week, `2026-W49`.
pub fn board_weekly_partition(week: &str) -> String {
    format!("LEADERBOARD#weekly#{week}")
}

/// Most points first when read forwards; ties in user-id order.
pub fn board_sort(points: u64, user_id: &UserId) -> String {
    format!("{:020}#{user_id}", u64::MAX - points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_points_sort_first() {
        let user = UserId::from("u1");
        assert!(board_sort(1_000, &user) < board_sort(999, &user));
        assert!(board_sort(0, &user) > board_sort(1, &user));
        assert_eq!(board_sort(u64::MAX, &user), "00000000000000000000#u1");
    }
}
