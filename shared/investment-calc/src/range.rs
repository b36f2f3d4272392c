//! The ranges a return or a value history is asked for, resolved against a valuation date
//! into a [`Period`]: the days `from..=to`, whose return runs from the close of the day
//! before `from` (the opening value) to the close of `to` (the closing value).
//!
//! | range | `from` | `to` |
//! |---|---|---|
//! | `1d` | the valuation date | the valuation date |
//! | `mtd` | the first of its month | the valuation date |
//! | `ytd` | 1 January of its year | the valuation date |
//! | `1y` | the day after the same date a year earlier (29 February → 28 February) | the valuation date |
//! | `max` | the first activity | the valuation date |
//! | `custom` | as given | as given, not after the valuation date |
//!
//! A period that starts before the first activity starts at the first activity instead (the
//! portfolio did not exist before; this matters for annualising), unless the whole period is
//! before it. A period is *over a year* when its opening close is before the same date a year
//! before `to`: `1y` is not, a range one day longer is.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::error::Error;

/// A range of days, relative to the valuation date or given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "range", rename_all = "snake_case")]
pub enum Range {
    #[serde(rename = "1d")]
    OneDay,
    Mtd,
    Ytd,
    #[serde(rename = "1y")]
    OneYear,
    Max,
    Custom {
        #[serde(with = "crate::text::date")]
        from: Date,
        #[serde(with = "crate::text::date")]
        to: Date,
    },
}

impl Range {
    /// Every range relative to the valuation date (all but `custom`).
    pub const RELATIVE: [Range; 5] = [
        Range::OneDay,
        Range::Mtd,
        Range::Ytd,
        Range::OneYear,
        Range::Max,
    ];

    /// The period this range is on `valuation_date`, for a ledger whose first activity is on
    /// `first_day`.
    pub fn resolve(self, valuation_date: Date, first_day: Date) -> Result<Period, Error> {
        let (from, to) = match self {
            Range::OneDay => (valuation_date, valuation_date),
            Range::Mtd => (
                valuation_date.replace_day(1).map_err(|_| Error::Overflow)?,
                valuation_date,
            ),
            Range::Ytd => (
                Date::from_calendar_date(valuation_date.year(), Month::January, 1)
                    .map_err(|_| Error::Overflow)?,
                valuation_date,
            ),
            Range::OneYear => (
                one_year_before(valuation_date)?
                    .next_day()
                    .ok_or(Error::Overflow)?,
                valuation_date,
            ),
            Range::Max => (first_day, valuation_date),
            Range::Custom { from, to } => {
                let invalid = |problem| Error::InvalidRange {
                    from,
                    to,
                    valuation_date,
                    problem,
                };
                if from > to {
                    return Err(invalid("from is after to"));
                }
                if to > valuation_date {
                    return Err(invalid("to is after the valuation date"));
                }
                (from, to)
            }
        };
        let from = if from < first_day && first_day <= to {
            first_day
        } else {
            from
        };
        Ok(Period { from, to })
    }
}

/// `date` a calendar year earlier; 29 February gives 28 February.
fn one_year_before(date: Date) -> Result<Date, Error> {
    let year = date.year() - 1;
    Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(year, date.month(), date.day() - 1))
        .map_err(|_| Error::Overflow)
}

/// The days `from..=to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    #[serde(with = "crate::text::date")]
    pub from: Date,
    #[serde(with = "crate::text::date")]
    pub to: Date,
}

impl Period {
    /// The days in it, from the opening close to the closing one: `to − from + 1`.
    pub fn days(self) -> u32 {
        u32::try_from((self.to - self.from).whole_days() + 1).unwrap_or(u32::MAX)
    }

    /// The day whose close is the opening value: the day before `from`.
    pub fn opening_day(self) -> Date {
        self.from - Duration::DAY
    }

    /// Whether the period is longer than a calendar year, and its returns are annualised.
    pub fn is_over_a_year(self) -> bool {
        one_year_before(self.to).is_ok_and(|year_before| self.opening_day() < year_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn resolve(range: Range, on: Date) -> Period {
        range.resolve(on, date!(2020 - 01 - 01)).expect("period")
    }

    #[test]
    fn relative_ranges_resolve_against_the_valuation_date() {
        let on = date!(2025 - 06 - 15);
        let period = |from, to| Period { from, to };
        assert_eq!(resolve(Range::OneDay, on), period(on, on));
        assert_eq!(resolve(Range::Mtd, on), period(date!(2025 - 06 - 01), on));
        assert_eq!(resolve(Range::Ytd, on), period(date!(2025 - 01 - 01), on));
        assert_eq!(
            resolve(Range::OneYear, on),
            period(date!(2024 - 06 - 16), on)
        );
        assert_eq!(resolve(Range::Max, on), period(date!(2020 - 01 - 01), on));
        assert_eq!(resolve(Range::OneYear, on).days(), 365);
        // A year back from 29 February 2024 is 28 February 2023; the range then starts 1 March.
        assert_eq!(
            resolve(Range::OneYear, date!(2024 - 02 - 29)).from,
            date!(2023 - 03 - 01)
        );
    }

    #[test]
    fn a_range_before_the_first_activity_starts_at_it() {
        let first = date!(2025 - 03 - 10);
        let ytd = Range::Ytd
            .resolve(date!(2025 - 06 - 15), first)
            .expect("period");
        assert_eq!(ytd.from, first);
        let before = Range::Custom {
            from: date!(2024 - 01 - 01),
            to: date!(2024 - 12 - 31),
        }
        .resolve(date!(2025 - 06 - 15), first)
        .expect("period");
        assert_eq!(before.from, date!(2024 - 01 - 01));
    }

    #[test]
    fn a_year_is_not_over_a_year_and_a_day_more_is() {
        let to = date!(2025 - 06 - 15);
        assert!(
            !Period {
                from: date!(2024 - 06 - 16),
                to
            }
            .is_over_a_year()
        );
        assert!(
            Period {
                from: date!(2024 - 06 - 15),
                to
            }
            .is_over_a_year()
        );
        // A leap year's 366 days are still one year.
        let leap = Period {
            from: date!(2024 - 01 - 01),
            to: date!(2024 - 12 - 31),
        };
        assert_eq!(leap.days(), 366);
        assert!(!leap.is_over_a_year());
    }

    #[test]
    fn a_custom_range_must_be_ordered_and_not_after_the_valuation_date() {
        let on = date!(2025 - 06 - 15);
        let custom = |from, to| Range::Custom { from, to }.resolve(on, date!(2020 - 01 - 01));
        assert!(custom(date!(2025 - 02 - 01), date!(2025 - 01 - 01)).is_err());
        assert!(custom(date!(2025 - 02 - 01), date!(2025 - 07 - 01)).is_err());
        let json = serde_json::json!({"range": "custom", "from": "2025-01-01", "to": "2025-02-01"});
        let range: Range = serde_json::from_value(json).expect("range");
        assert_eq!(
            range,
            Range::Custom {
                from: date!(2025 - 01 - 01),
                to: date!(2025 - 02 - 01)
            }
        );
        assert_eq!(
            serde_json::to_value(Range::OneDay).expect("json")["range"],
            "1d"
        );
    }
}
