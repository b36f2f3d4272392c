//! Bodies of the caller's own routes: their standing (points, level, streaks, badges,
//! challenges), their leaderboard settings, and a leaderboard.

use ferrofin_gamification::leaderboard::{BoardEntry, BoardPage};
use ferrofin_gamification::levels::Level;
use ferrofin_gamification::points::{PointsEntry, PointsReason};
use ferrofin_gamification::{Activity, EarnedBadge, LeaderboardSettings, Period};
use ferrofin_platform::fields::{FieldErrors, Invalid};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::challenges_dto::UserChallengeView;

/// A level (see the level table in the gamification docs).
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelView {
    pub number: u32,
    pub name: String,
    /// The points this level starts at.
    pub from: u64,
    /// The points of the next level; `null` at the top.
    pub next_at: Option<u64>,
}

impl From<Level> for LevelView {
    fn from(level: Level) -> Self {
        Self {
            number: level.number,
            name: level.name.to_owned(),
            from: level.from,
            next_at: level.next_at,
        }
    }
}

/// Consecutive days (the caller's days, in their time zone) with an activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreakView {
    pub activity: Activity,
    /// 0 once a whole day passed without it.
    pub current: u32,
    pub longest: u32,
    /// `YYYY-MM-DD`.
    pub last_day: String,
}

/// Consecutive days (the caller's days) that ended under one of their budgets.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetStreakView {
    pub budget_id: String,
    /// 0 once a day after `last_day` closed without being under it (a day closes the next
    /// day, so this counts until the day after that has passed).
    pub current: u32,
    pub longest: u32,
    /// `YYYY-MM-DD`: the last day that ended under it.
    pub last_day: String,
}

/// A badge (tier) the caller earned.
#[derive(Debug, Serialize, ToSchema)]
pub struct EarnedBadgeView {
    pub badge_id: String,
    /// The tier, for a tiered badge.
    pub tier: Option<u64>,
    pub name: String,
    pub description: String,
    pub points: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub earned_at: OffsetDateTime,
}

impl From<EarnedBadge> for EarnedBadgeView {
    fn from(earned: EarnedBadge) -> Self {
        Self {
            badge_id: earned.badge_id.to_string(),
            tier: earned.tier,
            name: earned.name,
            description: earned.description,
            points: earned.points,
            earned_at: earned.earned_at,
        }
    }
}

/// An entry of the points ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointsEntryView {
    pub points: u64,
    /// `badge_earned` or `challenge_completed`.
    #[schema(value_type = String)]
    pub reason: PointsReason,
    pub label: String,
    /// The domain event that earned them.
    pub source_event_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl From<PointsEntry> for PointsEntryView {
    fn from(entry: PointsEntry) -> Self {
        Self {
            points: entry.points,
            reason: entry.reason,
            label: entry.label,
            source_event_id: entry.source_event_id.to_string(),
            at: entry.at,
        }
    }
}

/// The caller's leaderboard settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderboardSettingsView {
    pub opted_in: bool,
    #[schema(pattern = "^[A-Za-z0-9_-]{3,24}$")]
    pub pseudonym: Option<String>,
    pub show_name: bool,
}

impl From<&LeaderboardSettings> for LeaderboardSettingsView {
    fn from(settings: &LeaderboardSettings) -> Self {
        Self {
            opted_in: settings.opted_in,
            pseudonym: (!settings.pseudonym.is_empty()).then(|| settings.pseudonym.clone()),
            show_name: settings.show_name,
        }
    }
}

/// Where the caller stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub points: u64,
    /// Points in the current ISO week (UTC).
    pub week_points: u64,
    pub level: LevelView,
    pub streaks: Vec<StreakView>,
    /// Per budget, the days in a row that ended under it.
    pub budget_streaks: Vec<BudgetStreakView>,
    pub badges: Vec<EarnedBadgeView>,
    /// Joined challenges that have not ended, with progress.
    pub challenges: Vec<UserChallengeView>,
    /// The latest points, newest first.
    pub recent_points: Vec<PointsEntryView>,
    pub leaderboard: LeaderboardSettingsView,
}

/// The caller's leaderboard settings, replaced as a whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"opted_in": true, "pseudonym": "thrifty_fox", "show_name": false}))]
pub struct PutLeaderboardSettings {
    pub opted_in: bool,
    /// 3 to 24 of `A-Z a-z 0-9 _ -`; required to opt in.
    #[schema(pattern = "^[A-Za-z0-9_-]{3,24}$")]
    pub pseudonym: Option<String>,
    /// Show the caller's name beside the pseudonym (default false).
    #[serde(default)]
    pub show_name: bool,
}

fn pseudonym(raw: &str) -> Result<String, &'static str> {
    let valid = (3..=24).contains(&raw.chars().count())
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(raw.to_owned())
    } else {
        Err("must be 3 to 24 of A-Z, a-z, 0-9, _ and -")
    }
}

impl PutLeaderboardSettings {
    /// `before` with the body applied, checked.
    pub fn apply(&self, before: &LeaderboardSettings) -> Result<LeaderboardSettings, Invalid> {
        let mut errors = FieldErrors::default();
        let pseudonym = match &self.pseudonym {
            Some(raw) => errors.take("pseudonym", pseudonym(raw)),
            None if self.opted_in => {
                errors.push("pseudonym", "required to opt in");
                None
            }
            None => None,
        };
        errors.finish()?;
        Ok(LeaderboardSettings {
            opted_in: self.opted_in,
            pseudonym: pseudonym.unwrap_or_default(),
            show_name: self.show_name,
            ..before.clone()
        })
    }
}

/// Which leaderboard, and which page of it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LeaderboardQuery {
    /// `weekly` (this ISO week, UTC) or `all_time` (default).
    pub period: Option<Period>,
    /// How many from the top (or after `cursor`), 1..=100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (of the same board).
    pub cursor: Option<String>,
}

impl LeaderboardQuery {
    pub fn period(&self) -> Period {
        self.period.unwrap_or(Period::AllTime)
    }

    pub fn limit(&self) -> Result<u32, Invalid> {
        match self.limit {
            None => Ok(10),
            Some(limit @ 1..=100) => Ok(limit),
            Some(_) => Err(Invalid::field("limit", "must be 1 to 100")),
        }
    }
}

/// One line of a leaderboard: a pseudonym, never an email; a name only when its user chose.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardEntryView {
    /// 1 for the most points.
    pub rank: u64,
    pub pseudonym: String,
    pub name: Option<String>,
    pub points: u64,
    /// This line is the caller's.
    pub you: bool,
}

impl BoardEntryView {
    fn new(entry: BoardEntry, rank: u64, caller: &str) -> Self {
        Self {
            rank,
            you: entry.user_id.as_str() == caller,
            pseudonym: entry.pseudonym,
            name: entry.name,
            points: entry.points,
        }
    }
}

/// One page of a leaderboard, and the caller's own line wherever it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderboardView {
    pub period: Period,
    pub entries: Vec<BoardEntryView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// The caller's rank and points on this board, even when outside this page; `null` when
    /// they are not on it (not opted in, or no points this week on the weekly board).
    pub me: Option<BoardEntryView>,
}

impl LeaderboardView {
    pub fn new(
        period: Period,
        page: BoardPage,
        next_cursor: Option<String>,
        me: Option<(u64, BoardEntry)>,
        caller: &str,
    ) -> Self {
        let entries = page
            .entries
            .into_iter()
            .zip(page.first_rank..)
            .map(|(entry, rank)| BoardEntryView::new(entry, rank, caller))
            .collect();
        Self {
            period,
            entries,
            next_cursor,
            me: me.map(|(rank, entry)| BoardEntryView::new(entry, rank, caller)),
        }
    }
}
