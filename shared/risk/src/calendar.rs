//! The calendar months a window touches, and how many of each month's days it covers: a
//! month is *complete* when the window covers all of its days.

use time::{Date, Month};

/// One calendar month of a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MonthSpan {
    pub year: i32,
    pub month: Month,
    /// Days of the month inside the window.
    pub days_in_window: u8,
    /// Days of the month (29 for a leap February).
    pub days_in_month: u8,
}

impl MonthSpan {
    /// Whether the window covers the whole month.
    pub fn complete(&self) -> bool {
        self.days_in_window == self.days_in_month
    }

    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, u8::from(self.month))
    }
}

/// Every month from `from`'s to `to`'s, in order; empty when `to` is before `from`.
pub(crate) fn months_of(from: Date, to: Date) -> Vec<MonthSpan> {
    let key = |year: i32, month: Month| (year, u8::from(month));
    let (first, last) = (key(from.year(), from.month()), key(to.year(), to.month()));
    let mut spans = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while from <= to && key(year, month) <= last {
        let length = month.length(year);
        let start = if key(year, month) == first {
            from.day()
        } else {
            1
        };
        let end = if key(year, month) == last {
            to.day()
        } else {
            length
        };
        spans.push(MonthSpan {
            year,
            month,
            days_in_window: end - start + 1,
            days_in_month: length,
        });
        if month == Month::December {
            year += 1;
        }
        month = month.next();
    }
    spans
}

/// The position of `date`'s month among [`months_of`]`(from, ..)`; `None` before `from`'s month.
pub(crate) fn month_index(from: Date, date: Date) -> Option<usize> {
    let months = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
    usize::try_from(months(date) - months(from)).ok()
}

/// Days from `from` to `to`, both counted.
pub(crate) fn days_inclusive(from: Date, to: Date) -> u32 {
    u32::try_from((to - from).whole_days() + 1).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn whole_months_are_complete() {
        let spans = months_of(date!(2026 - 01 - 01), date!(2026 - 03 - 31));
        let labels: Vec<String> = spans.iter().map(MonthSpan::label).collect();
        assert_eq!(labels, ["2026-01", "2026-02", "2026-03"]);
        assert!(spans.iter().all(MonthSpan::complete));
        assert_eq!(spans[1].days_in_month, 28);
    }

    #[test]
    fn partial_first_and_last_months_are_not_complete() {
        let spans = months_of(date!(2025 - 12 - 15), date!(2026 - 02 - 10));
        let covered: Vec<(String, u8, bool)> = spans
            .iter()
            .map(|s| (s.label(), s.days_in_window, s.complete()))
            .collect();
        assert_eq!(
            covered,
            [
                ("2025-12".to_owned(), 17, false),
                ("2026-01".to_owned(), 31, true),
                ("2026-02".to_owned(), 10, false),
            ]
        );
    }

    #[test]
    fn a_leap_february_has_29_days() {
        let spans = months_of(date!(2024 - 02 - 01), date!(2024 - 02 - 29));
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].days_in_month, 29);
        assert!(spans[0].complete());
        assert_eq!(
            days_inclusive(date!(2024 - 02 - 01), date!(2024 - 03 - 01)),
            30
        );
    }

    #[test]
    fn one_day_and_reversed_windows() {
        let day = date!(2026 - 05 - 31);
        let spans = months_of(day, day);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].days_in_window, 1);
        assert!(!spans[0].complete());
        assert_eq!(days_inclusive(day, day), 1);
        assert!(months_of(day, date!(2026 - 05 - 30)).is_empty());
    }

    #[test]
    fn month_indices_count_from_the_first_month() {
        let from = date!(2025 - 11 - 20);
        assert_eq!(month_index(from, date!(2025 - 11 - 30)), Some(0));
        assert_eq!(month_index(from, date!(2026 - 01 - 01)), Some(2));
        assert_eq!(month_index(from, date!(2025 - 10 - 31)), None);
    }
}
