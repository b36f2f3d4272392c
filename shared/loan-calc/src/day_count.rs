//! Day counts: how many days a period has and what fraction of a year that is.
//!
//! * `days_in_month: "30"` with monthly repayments counts every month as 30 days (the 30/360
//!   rule: the 31st, and the last day of February, count as the 30th). For weekly and daily
//!   repayments the calendar's days are counted.
//! * `days_in_year` of 360, 364 or 365 divides the days by that number.
//! * `days_in_year: "actual"` splits the period at every 1 January: the days that fall in a leap
//!   year count 1/366 each and the others 1/365 each. A period from 15 Feb 2024 to 15 Mar 2024
//!   is 29/366 of a year, one from 15 Dec 2023 to 15 Jan 2024 is 17/365 + 14/366, and a period
//!   of 2024 that does not hold 29 February is still counted over 366 (every day of a leap year
//!   is a 1/366 share of it), while 2023's days are counted over 365.

use rust_decimal::Decimal;
use time::{Date, Month};

use crate::dates::days_between;
use crate::terms::{DaysInMonth, DaysInYear, Frequency};

/// The day-count convention of a loan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DayCount {
    pub(crate) days_in_year: DaysInYear,
    pub(crate) days_in_month: DaysInMonth,
    pub(crate) frequency: Frequency,
}

impl DayCount {
    /// The days of `start..end` by the convention (30 a month under 30/360).
    pub(crate) fn days(&self, start: Date, end: Date) -> i64 {
        if self.thirty_day_months() {
            days_30_360(start, end)
        } else {
            days_between(start, end)
        }
    }

    /// `start..end` as a fraction of a year.
    pub(crate) fn year_fraction(&self, start: Date, end: Date) -> Decimal {
        let days = Decimal::from(self.days(start, end));
        match self.days_in_year {
            DaysInYear::Days360 => days / Decimal::from(360),
            DaysInYear::Days364 => days / Decimal::from(364),
            DaysInYear::Days365 => days / Decimal::from(365),
            DaysInYear::Actual => {
                let actual_days = days_between(start, end);
                let fraction = actual_year_fraction(start, end);
                if !self.thirty_day_months() || actual_days == 0 {
                    fraction
                } else {
                    // 30-day months over actual years: the counted days, each weighted as the
                    // period's calendar days are (1/366 in a leap year, 1/365 otherwise).
                    days * fraction / Decimal::from(actual_days)
                }
            }
        }
    }

    /// The days in a year for a rate per day: 360, 364, 365, or 365 for "actual".
    pub(crate) fn days_per_year(&self) -> u32 {
        match self.days_in_year {
            DaysInYear::Days360 => 360,
            DaysInYear::Days364 => 364,
            DaysInYear::Days365 | DaysInYear::Actual => 365,
        }
    }

    fn thirty_day_months(&self) -> bool {
        self.days_in_month == DaysInMonth::Days30 && self.frequency == Frequency::Months
    }
}

/// Actual/actual: each calendar year's share of `start..end` over that year's length.
fn actual_year_fraction(start: Date, end: Date) -> Decimal {
    let mut fraction = Decimal::ZERO;
    let mut from = start;
    while from < end {
        let next_year = Date::from_calendar_date(from.year() + 1, Month::January, 1)
            .expect("validated loan dates stay in range");
        let to = end.min(next_year);
        let year_days = if time::util::is_leap_year(from.year()) {
            366
        } else {
            365
        };
        fraction += Decimal::from(days_between(from, to)) / Decimal::from(year_days);
        from = to;
    }
    fraction
}

/// 30/360 days: every month counts 30 days; the 31st and the last day of February count as 30.
fn days_30_360(start: Date, end: Date) -> i64 {
    let day = |d: Date| {
        let last_of_february = d.month() == Month::February
            && d.day() == time::util::days_in_month(d.month(), d.year());
        if last_of_february {
            30
        } else {
            i64::from(d.day().min(30))
        }
    };
    let months = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
    (months(end) - months(start)) * 30 + day(end) - day(start)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn count(days_in_year: DaysInYear, days_in_month: DaysInMonth) -> DayCount {
        DayCount {
            days_in_year,
            days_in_month,
            frequency: Frequency::Months,
        }
    }

    #[test]
    fn actual_years_use_366_only_for_leap_year_days() {
        let actual = count(DaysInYear::Actual, DaysInMonth::Actual);
        // 15 Feb → 15 Mar 2024: 29 days, all in 2024.
        assert_eq!(
            actual.year_fraction(date!(2024 - 02 - 15), date!(2024 - 03 - 15)),
            Decimal::from(29) / Decimal::from(366)
        );
        // 15 Dec 2023 → 15 Jan 2024: 17 days of 2023 over 365, 14 of 2024 over 366.
        assert_eq!(
            actual.year_fraction(date!(2023 - 12 - 15), date!(2024 - 01 - 15)),
            Decimal::from(17) / Decimal::from(365) + Decimal::from(14) / Decimal::from(366)
        );
        // A whole year is exactly 1 either way.
        assert_eq!(
            actual.year_fraction(date!(2024 - 01 - 01), date!(2025 - 01 - 01)),
            Decimal::ONE
        );
        assert_eq!(
            actual.year_fraction(date!(2023 - 01 - 01), date!(2024 - 01 - 01)),
            Decimal::ONE
        );
    }

    #[test]
    fn fixed_years_divide_the_days() {
        let fixed = count(DaysInYear::Days360, DaysInMonth::Actual);
        assert_eq!(
            fixed.year_fraction(date!(2024 - 02 - 15), date!(2024 - 03 - 15)),
            Decimal::from(29) / Decimal::from(360)
        );
    }

    #[test]
    fn thirty_day_months_count_30_a_month() {
        assert_eq!(
            days_30_360(date!(2024 - 01 - 31), date!(2024 - 02 - 29)),
            30
        );
        assert_eq!(
            days_30_360(date!(2024 - 02 - 29), date!(2024 - 03 - 31)),
            30
        );
        assert_eq!(
            days_30_360(date!(2025 - 01 - 15), date!(2025 - 02 - 15)),
            30
        );
        assert_eq!(
            days_30_360(date!(2025 - 01 - 15), date!(2026 - 01 - 15)),
            360
        );
        assert_eq!(
            days_30_360(date!(2025 - 01 - 10), date!(2025 - 02 - 15)),
            35
        );
        let thirty = count(DaysInYear::Days360, DaysInMonth::Days30);
        assert_eq!(
            thirty.year_fraction(date!(2025 - 02 - 15), date!(2025 - 03 - 15)),
            Decimal::from(30) / Decimal::from(360)
        );
    }

    #[test]
    fn thirty_day_months_apply_to_monthly_repayments_only() {
        let weekly = DayCount {
            frequency: Frequency::Weeks,
            ..count(DaysInYear::Days360, DaysInMonth::Days30)
        };
        assert_eq!(weekly.days(date!(2025 - 02 - 25), date!(2025 - 03 - 04)), 7);
    }
}
