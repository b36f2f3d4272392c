//! A user's running figures, kept in one item (`USER#<uid>` / `GAMIFICATION#STATS`) so each
//! event changes them in one versioned write: how many times each activity happened, its
//! streak of consecutive days and its longest, each budget's streak of days ended under it, the
//! counts of the last [`WINDOW_DAYS_MAX`] days, what was put towards goals per currency, the
//! badges earned and the points.
//!
//! Days are the user's days, in their time zone. Empty maps are left out of the item: DynamoDB
//! Streams cannot describe an empty map attribute.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use ferrofin_platform::fields::{date_text, format_date};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;

use crate::activity::{Activity, Occurrences};

/// The longest window a "times within days" rule may look back over.
pub const WINDOW_DAYS_MAX: u32 = 90;

/// Consecutive days with an activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    #[serde(with = "date_text")]
    pub last_day: Date,
    pub current: u32,
    pub longest: u32,
}

impl Streak {
    fn start(day: Date) -> Self {
        Self {
            last_day: day,
            current: 1,
            longest: 1,
        }
    }

    /// The activity happened on `day`: the next day extends the streak, a gap restarts it, the
    /// same or an earlier day changes nothing.
    fn record(&mut self, day: Date) {
        if day <= self.last_day {
            return;
        }
        self.current = if self.last_day.next_day() == Some(day) {
            self.current + 1
        } else {
            1
        };
        self.last_day = day;
        self.longest = self.longest.max(self.current);
    }

    /// The streak as it stands on `today`: still alive until a whole day passes without it.
    pub fn current_on(&self, today: Date) -> u32 {
        if today <= self.last_day || self.last_day.next_day() == Some(today) {
            self.current
        } else {
            0
        }
    }

    /// A streak of closed days (days under a budget, announced after they end) as it stands on
    /// `today`: the last day that can have closed is yesterday, so it is alive until the day
    /// after that has passed too.
    pub fn closed_days_on(&self, today: Date) -> u32 {
        self.current_on(today.previous_day().unwrap_or(today))
    }
}

/// A user's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub user_id: UserId,
    /// Times each activity happened, by activity name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub streaks: BTreeMap<String, Streak>,
    /// Budget id -> consecutive days that ended under it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub budget_streaks: BTreeMap<String, Streak>,
    /// Activity name -> `YYYY-MM-DD` -> times that day, for the last [`WINDOW_DAYS_MAX`] days.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub days: BTreeMap<String, BTreeMap<String, u64>>,
    /// Currency code -> minor units put towards goals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub saved: BTreeMap<String, i64>,
    /// Awards held: a badge id, or `<badge id>#<tier>` for a tier.
    #[serde(default)]
    pub earned: BTreeSet<String>,
    #[serde(default)]
    pub points: u64,
    /// The ISO week (`2026-W49`, UTC) of `week_points`.
    #[serde(default)]
    pub week: Option<String>,
    #[serde(default)]
    pub week_points: u64,
    #[serde(default)]
    pub version: u64,
}

impl Stats {
    pub fn new(user_id: UserId) -> Self {
        Self {
            user_id,
            counts: BTreeMap::new(),
            streaks: BTreeMap::new(),
            budget_streaks: BTreeMap::new(),
            days: BTreeMap::new(),
            saved: BTreeMap::new(),
            earned: BTreeSet::new(),
            points: 0,
            week: None,
            week_points: 0,
            version: 0,
        }
    }

    /// Counts what happened on `day`.
    pub fn record(&mut self, occurrences: &Occurrences, day: Date) {
        let oldest = format_date(day - Duration::days(i64::from(WINDOW_DAYS_MAX) - 1));
        for (activity, count) in &occurrences.counts {
            let name = activity.name().to_owned();
            *self.counts.entry(name.clone()).or_default() += count;
            self.streaks
                .entry(name.clone())
                .and_modify(|streak| streak.record(day))
                .or_insert_with(|| Streak::start(day));
            let days = self.days.entry(name).or_default();
            *days.entry(format_date(day)).or_default() += count;
            days.retain(|kept, _| *kept >= oldest);
        }
        if let Some(under) = &occurrences.under_budget {
            self.budget_streaks
                .entry(under.budget_id.clone())
                .and_modify(|streak| streak.record(under.day))
                .or_insert_with(|| Streak::start(under.day));
        }
        if let Some(saved) = occurrences.saved {
            *self
                .saved
                .entry(saved.currency.code().to_owned())
                .or_default() += saved.minor;
        }
    }

    pub fn count(&self, activity: Activity) -> u64 {
        self.counts.get(activity.name()).copied().unwrap_or(0)
    }

    pub fn streak(&self, activity: Activity) -> Option<&Streak> {
        self.streaks.get(activity.name())
    }

    /// The longest current streak of days under one budget, as it stands on `today`.
    pub fn under_budget_on(&self, today: Date) -> u32 {
        self.budget_streaks
            .values()
            .map(|streak| streak.closed_days_on(today))
            .max()
            .unwrap_or(0)
    }

    /// Times `activity` happened in the `days` days that end with `day`.
    pub fn times_within(&self, activity: Activity, days: u32, day: Date) -> u64 {
        let from = format_date(day - Duration::days(i64::from(days.max(1)) - 1));
        let to = format_date(day);
        self.days.get(activity.name()).map_or(0, |counted| {
            counted.range(from..=to).map(|(_, count)| count).sum()
        })
    }

    pub fn saved(&self, currency: Currency) -> i64 {
        self.saved.get(currency.code()).copied().unwrap_or(0)
    }

    /// Adds points earned at `at`; the week's points start again in a new week.
    pub fn add_points(&mut self, points: u64, at: OffsetDateTime) {
        let week = iso_week(at);
        if self.week.as_deref() != Some(week.as_str()) {
            self.week = Some(week);
            self.week_points = 0;
        }
        self.points += points;
        self.week_points += points;
    }

    /// The week's points as they stand at `now` (none in a week without points).
    pub fn points_in_week_of(&self, now: OffsetDateTime) -> u64 {
        if self.week.as_deref() == Some(iso_week(now).as_str()) {
            self.week_points
        } else {
            0
        }
    }
}

/// The ISO week of `at` in UTC, `2026-W49`: the weekly leaderboard's period.
pub fn iso_week(at: OffsetDateTime) -> String {
    let (year, week, _) = at.to_offset(time::UtcOffset::UTC).date().to_iso_week_date();
    format!("{year}-W{week:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn signed_in() -> Occurrences {
        Occurrences {
            counts: vec![(Activity::SignedIn, 1)],
            ..Occurrences::default()
        }
    }

    #[test]
    fn a_streak_grows_day_by_day_and_restarts_after_a_gap() {
        let mut stats = Stats::new(UserId::from("u1"));
        for day in [
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 02),
            date!(2026 - 11 - 02),
            date!(2026 - 11 - 03),
        ] {
            stats.record(&signed_in(), day);
        }
        let streak = stats.streak(Activity::SignedIn).expect("streak").clone();
        assert_eq!((streak.current, streak.longest), (3, 3));
        assert_eq!(streak.current_on(date!(2026 - 11 - 04)), 3);
        assert_eq!(streak.current_on(date!(2026 - 11 - 05)), 0);
        stats.record(&signed_in(), date!(2026 - 11 - 06));
        let streak = stats.streak(Activity::SignedIn).expect("streak");
        assert_eq!((streak.current, streak.longest), (1, 3));
        assert_eq!(stats.count(Activity::SignedIn), 5);
    }

    #[test]
    fn a_window_counts_only_its_days() {
        let mut stats = Stats::new(UserId::from("u1"));
        stats.record(&signed_in(), date!(2026 - 11 - 01));
        stats.record(&signed_in(), date!(2026 - 11 - 05));
        stats.record(&signed_in(), date!(2026 - 11 - 07));
        assert_eq!(
            stats.times_within(Activity::SignedIn, 7, date!(2026 - 11 - 07)),
            3
        );
        assert_eq!(
            stats.times_within(Activity::SignedIn, 3, date!(2026 - 11 - 07)),
            2
        );
        assert_eq!(
            stats.times_within(Activity::SignedIn, 1, date!(2026 - 11 - 07)),
            1
        );
    }

    #[test]
    fn each_budget_keeps_its_own_streak_of_days_under_it() {
        let under = |budget: &str, day| Occurrences {
            under_budget: Some(crate::activity::UnderBudget {
                budget_id: budget.to_owned(),
                day,
            }),
            ..Occurrences::default()
        };
        let mut stats = Stats::new(UserId::from("u1"));
        for day in [
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 02),
            date!(2026 - 11 - 03),
        ] {
            stats.record(&under("food", day), day);
        }
        stats.record(&under("fun", date!(2026 - 11 - 03)), date!(2026 - 11 - 03));
        assert_eq!(stats.under_budget_on(date!(2026 - 11 - 04)), 3);
        // A day missed restarts that budget's streak; its longest stays.
        stats.record(&under("food", date!(2026 - 11 - 05)), date!(2026 - 11 - 05));
        let food = &stats.budget_streaks["food"];
        assert_eq!((food.current, food.longest), (1, 3));
        assert_eq!(stats.under_budget_on(date!(2026 - 11 - 05)), 1);
        assert!(stats.streaks.is_empty(), "no activity was counted");
    }

    #[test]
    fn week_points_start_again_each_iso_week() {
        let mut stats = Stats::new(UserId::from("u1"));
        stats.add_points(10, datetime!(2026-11-30 10:00 UTC));
        stats.add_points(5, datetime!(2026-12-06 23:00 UTC));
        assert_eq!((stats.points, stats.week_points), (15, 15));
        stats.add_points(1, datetime!(2026-12-07 00:00 UTC));
        assert_eq!((stats.points, stats.week_points), (16, 1));
        assert_eq!(stats.week.as_deref(), Some("2026-W50"));
        assert_eq!(stats.points_in_week_of(datetime!(2026-12-14 00:00 UTC)), 0);
    }
}
