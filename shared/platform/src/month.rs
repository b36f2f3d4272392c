//! `Month`: a calendar month (`YYYY-MM`), the period of budgets and rollups.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

use crate::fields::{FIRST_DATE, Invalid, LAST_DATE};

/// A calendar month within the dates the ledger accepts; `YYYY-MM` in JSON and in items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1..=12
    month: u8,
}

impl Month {
    /// Parses `YYYY-MM` (a month between 1970-01 and 2100-12).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let invalid = || "must be a month written YYYY-MM".to_owned();
        let raw = raw.trim();
        let (year, month) = raw.split_once('-').ok_or_else(invalid)?;
        if year.len() != 4
            || month.len() != 2
            || !(year.chars().chain(month.chars())).all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let month: u8 = month.parse().map_err(|_| invalid())?;
        if !(1..=12).contains(&month) {
            return Err(invalid());
        }
        let parsed = Self { year, month };
        if parsed < Self::of(FIRST_DATE) || parsed > Self::of(LAST_DATE) {
            return Err(format!(
                "must be between {} and {}",
                Self::of(FIRST_DATE),
                Self::of(LAST_DATE)
            ));
        }
        Ok(parsed)
    }

    /// The month a date falls in.
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: u8::from(date.month()),
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        let month = time::Month::try_from(self.month).unwrap_or(time::Month::January);
        // A `Month` always holds a valid year and month, so the first day exists.
        Date::from_calendar_date(self.year, month, 1).unwrap_or(FIRST_DATE)
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        self.next().first_day().previous_day().unwrap_or(LAST_DATE)
    }

    /// The `count` months before this one, nearest first.
    pub fn trailing(self, count: usize) -> Vec<Month> {
        std::iter::successors(Some(self.previous()), |month| Some(month.previous()))
            .take(count)
            .collect()
    }

    /// Months from `self` to `later`, counting both (1 when they are the same month; 0 when
    /// `later` is earlier).
    pub fn count_through(self, later: Month) -> i64 {
        let index = |m: Month| i64::from(m.year) * 12 + i64::from(m.month);
        (index(later) - index(self) + 1).max(0)
    }

    /// `raw` when given, else the month `today` falls in; a bad month is a 422 on `month`.
    pub fn or_current(raw: Option<&str>, today: Date) -> Result<Self, Invalid> {
        raw.map_or(Ok(Self::of(today)), Self::parse)
            .map_err(|message| Invalid::field("month", message))
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn months_roll_over_the_year_and_know_their_days() {
        let december = Month::of(date!(2026 - 12 - 15));
        assert_eq!(december.next().first_day(), date!(2027 - 01 - 01));
        assert_eq!(december.last_day(), date!(2026 - 12 - 31));
        assert_eq!(
            Month::of(date!(2028 - 02 - 10)).last_day(),
            date!(2028 - 02 - 29)
        );
        assert_eq!(Month::of(date!(2026 - 03 - 09)).to_string(), "2026-03");
    }

    #[test]
    fn months_parse_only_as_yyyy_mm_in_range() {
        assert_eq!(
            Month::parse("2026-03").map(|m| m.to_string()),
            Ok("2026-03".to_owned())
        );
        for bad in [
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "",
            "2026-03-01",
            "1969-12",
            "2101-01",
            "+026-03",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn previous_and_trailing_cross_year_ends() {
        let january = Month::of(date!(2026 - 01 - 15));
        assert_eq!(january.previous().to_string(), "2025-12");
        let trailing: Vec<String> = january.trailing(3).iter().map(Month::to_string).collect();
        assert_eq!(trailing, ["2025-12", "2025-11", "2025-10"]);
    }

    #[test]
    fn months_are_counted_inclusively() {
        let november = Month::of(date!(2026 - 11 - 21));
        assert_eq!(november.count_through(november), 1);
        assert_eq!(november.count_through(Month::of(date!(2027 - 05 - 01))), 7);
        assert_eq!(november.count_through(Month::of(date!(2026 - 10 - 01))), 0);
    }
}
