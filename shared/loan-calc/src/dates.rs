//! Due dates. Monthly repayments step whole months from an anchor and clamp the day to the end
//! of a short month while keeping the anchor's day (Jan 31 → Feb 28 → Mar 31); weekly and daily
//! repayments step days.

use time::{Date, Duration, Month};

use crate::terms::{Frequency, LoanTerms};

/// `date` moved by `months` (either way), on `anchor_day` or the last day of a shorter month.
pub(crate) fn add_months(date: Date, months: i32, anchor_day: u8) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let year = index.div_euclid(12);
    let month = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .expect("a month index modulo 12 is a month");
    let day = anchor_day.min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("validated loan dates stay in range")
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

/// The regular grid of repayment dates: `point(0)` is the first due date, `point(k)` is `k`
/// repayment periods later (or earlier, for negative `k`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grid {
    origin: Date,
    /// The day of month monthly dates keep (the disbursement's day when the first repayment
    /// date is the default, else the first repayment date's).
    anchor_day: u8,
    every: u32,
    frequency: Frequency,
}

impl Grid {
    pub(crate) fn of(terms: &LoanTerms) -> Self {
        let (every, frequency) = (terms.repayment_every, terms.repayment_frequency);
        match terms.first_repayment_date {
            Some(first) => Self {
                origin: first,
                anchor_day: first.day(),
                every,
                frequency,
            },
            None => {
                let from_disbursement = Self::regular(terms.disbursement_date, every, frequency);
                Self {
                    origin: from_disbursement.point(1),
                    ..from_disbursement
                }
            }
        }
    }

    /// The grid through `origin` with its day as the anchor.
    pub(crate) fn regular(origin: Date, every: u32, frequency: Frequency) -> Self {
        Self {
            origin,
            anchor_day: origin.day(),
            every,
            frequency,
        }
    }

    /// The date `k` repayment periods from the first due date.
    pub(crate) fn point(&self, k: i32) -> Date {
        let every = i32::try_from(self.every).expect("validated repayment_every fits");
        match self.frequency {
            Frequency::Months => add_months(self.origin, k * every, self.anchor_day),
            Frequency::Weeks => self.origin + Duration::days(i64::from(k * every) * 7),
            Frequency::Days => self.origin + Duration::days(i64::from(k * every)),
        }
    }

    /// The index `k` of the grid point on or before `date`.
    pub(crate) fn index_at_or_before(&self, date: Date) -> i32 {
        let every = i64::from(self.every);
        let estimate = match self.frequency {
            Frequency::Months => {
                let months = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
                (months(date) - months(self.origin)).div_euclid(every)
            }
            Frequency::Weeks => days_between(self.origin, date).div_euclid(7 * every),
            Frequency::Days => days_between(self.origin, date).div_euclid(every),
        };
        let mut k = i32::try_from(estimate).expect("validated loan dates stay in range");
        while self.point(k) > date {
            k -= 1;
        }
        while self.point(k + 1) <= date {
            k += 1;
        }
        k
    }

    /// The due dates of `count` repayments.
    pub(crate) fn due_dates(&self, count: u32) -> Vec<Date> {
        (0..i32::try_from(count).expect("validated count fits"))
            .map(|k| self.point(k))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn month_ends_clamp_but_keep_the_anchor() {
        let jan31 = date!(2025 - 01 - 31);
        assert_eq!(add_months(jan31, 1, 31), date!(2025 - 02 - 28));
        assert_eq!(add_months(jan31, 2, 31), date!(2025 - 03 - 31));
        assert_eq!(add_months(jan31, 13, 31), date!(2026 - 02 - 28));
        assert_eq!(
            add_months(date!(2024 - 01 - 31), 1, 31),
            date!(2024 - 02 - 29)
        );
        assert_eq!(
            add_months(date!(2025 - 03 - 31), -1, 31),
            date!(2025 - 02 - 28)
        );
        assert_eq!(
            add_months(date!(2025 - 01 - 15), -1, 15),
            date!(2024 - 12 - 15)
        );
    }

    fn grid(origin: Date, anchor_day: u8, every: u32, frequency: Frequency) -> Grid {
        Grid {
            origin,
            anchor_day,
            every,
            frequency,
        }
    }

    #[test]
    fn grid_points_step_by_the_frequency() {
        let monthly = grid(date!(2025 - 01 - 31), 31, 1, Frequency::Months);
        assert_eq!(
            monthly.due_dates(4),
            vec![
                date!(2025 - 01 - 31),
                date!(2025 - 02 - 28),
                date!(2025 - 03 - 31),
                date!(2025 - 04 - 30)
            ]
        );
        let fortnightly = grid(date!(2025 - 01 - 01), 1, 2, Frequency::Weeks);
        assert_eq!(fortnightly.point(2), date!(2025 - 01 - 29));
        assert_eq!(fortnightly.point(-1), date!(2024 - 12 - 18));
        let ten_days = grid(date!(2025 - 01 - 01), 1, 10, Frequency::Days);
        assert_eq!(ten_days.point(3), date!(2025 - 01 - 31));
    }

    #[test]
    fn the_index_of_a_date_is_the_grid_point_on_or_before_it() {
        let monthly = grid(date!(2025 - 03 - 31), 31, 1, Frequency::Months);
        assert_eq!(monthly.index_at_or_before(date!(2025 - 03 - 31)), 0);
        assert_eq!(monthly.index_at_or_before(date!(2025 - 03 - 30)), -1);
        assert_eq!(monthly.index_at_or_before(date!(2025 - 02 - 28)), -1);
        assert_eq!(monthly.index_at_or_before(date!(2025 - 02 - 27)), -2);
        assert_eq!(monthly.index_at_or_before(date!(2025 - 05 - 01)), 1);
        let quarterly = grid(date!(2025 - 01 - 15), 15, 3, Frequency::Months);
        assert_eq!(quarterly.index_at_or_before(date!(2025 - 04 - 14)), 0);
        assert_eq!(quarterly.index_at_or_before(date!(2025 - 04 - 15)), 1);
        assert_eq!(quarterly.index_at_or_before(date!(2024 - 12 - 01)), -1);
        let weekly = grid(date!(2025 - 01 - 08), 8, 1, Frequency::Weeks);
        assert_eq!(weekly.index_at_or_before(date!(2025 - 01 - 07)), -1);
        assert_eq!(weekly.index_at_or_before(date!(2025 - 01 - 22)), 2);
    }
}
