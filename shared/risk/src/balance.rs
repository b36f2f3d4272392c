//! Days with a negative balance, from the running end-of-day balance: the opening balance
//! (before the first day's entries) plus every entry up to and including the day. All entries
//! count here, transfers too: they move the balance even though they are neither income nor
//! spending. A balance of exactly zero is not negative. Without an opening balance nothing is
//! guessed: the result is [`BalanceDays::Unknown`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::calendar::days_inclusive;
use crate::input::Entry;
use crate::present::{money, ratio};
use crate::ser::display;
use crate::stats::capped_ratio;

/// How often the balance ended a day below zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum BalanceDays {
    /// No opening balance was given.
    Unknown,
    Known {
        /// Days of the window whose end-of-day balance was below zero.
        negative_days: u32,
        window_days: u32,
        /// `negative_days / window_days`, four decimals.
        #[serde(serialize_with = "display")]
        share: Decimal,
        /// The lowest end-of-day balance.
        #[serde(serialize_with = "display")]
        lowest_balance: Decimal,
        /// The balance at the end of the window.
        #[serde(serialize_with = "display")]
        closing_balance: Decimal,
    },
}

/// The end-of-day balances of `from..=to` summed up; money rounded to `digits` decimals.
pub(crate) fn balance_days(
    opening: Option<Decimal>,
    from: Date,
    to: Date,
    entries: &[Entry],
    digits: u32,
) -> BalanceDays {
    let Some(opening) = opening else {
        return BalanceDays::Unknown;
    };
    let window_days = days_inclusive(from, to);
    let mut changes: BTreeMap<Date, Decimal> = BTreeMap::new();
    for entry in entries {
        *changes.entry(entry.date).or_default() += entry.amount;
    }
    let mut run = Run::new(opening);
    // `next` is the offset from `from` of the first day not yet counted.
    let mut next: i64 = 0;
    for (date, change) in changes {
        let offset = (date - from).whole_days();
        run.hold(offset - next);
        run.balance += change;
        run.hold(1);
        next = offset + 1;
    }
    run.hold(i64::from(window_days) - next);
    let share = capped_ratio(Decimal::from(run.negative_days), Decimal::from(window_days))
        .unwrap_or(Decimal::ZERO);
    BalanceDays::Known {
        negative_days: run.negative_days,
        window_days,
        share: ratio(share),
        lowest_balance: money(run.lowest.unwrap_or(opening), digits),
        closing_balance: money(run.balance, digits),
    }
}

/// The balance as days pass.
struct Run {
    balance: Decimal,
    negative_days: u32,
    lowest: Option<Decimal>,
}

impl Run {
    fn new(opening: Decimal) -> Self {
        Self {
            balance: opening,
            negative_days: 0,
            lowest: None,
        }
    }

    /// `days` more days end with the current balance.
    fn hold(&mut self, days: i64) {
        let Ok(days) = u32::try_from(days) else {
            return;
        };
        if days == 0 {
            return;
        }
        self.lowest = Some(
            self.lowest
                .map_or(self.balance, |low| low.min(self.balance)),
        );
        if self.balance.is_sign_negative() && !self.balance.is_zero() {
            self.negative_days = self.negative_days.saturating_add(days);
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::input::EntryKind;

    fn entry(date: Date, amount: i64) -> Entry {
        Entry::new(date, Decimal::from(amount), "x", EntryKind::Unknown)
    }

    fn known(days: &BalanceDays) -> (u32, u32, String, String) {
        match days {
            BalanceDays::Known {
                negative_days,
                window_days,
                share,
                lowest_balance,
                ..
            } => (
                *negative_days,
                *window_days,
                share.to_string(),
                lowest_balance.to_string(),
            ),
            BalanceDays::Unknown => panic!("expected a known balance"),
        }
    }

    #[test]
    fn without_an_opening_balance_nothing_is_guessed() {
        let entries = [entry(date!(2026 - 01 - 02), -500)];
        let days = balance_days(
            None,
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 31),
            &entries,
            2,
        );
        assert_eq!(days, BalanceDays::Unknown);
    }

    #[test]
    fn negative_days_run_until_the_balance_recovers() {
        // 100 → −50 on the 10th (unsorted input) → 250 on the 15th → −1 on the 31st.
        let entries = [
            entry(date!(2026 - 01 - 15), 300),
            entry(date!(2026 - 01 - 10), -150),
            entry(date!(2026 - 01 - 31), -251),
        ];
        let days = balance_days(
            Some(Decimal::from(100)),
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 31),
            &entries,
            2,
        );
        assert_eq!(
            known(&days),
            (6, 31, "0.1935".to_owned(), "-50.00".to_owned())
        );
    }

    #[test]
    fn a_zero_balance_is_not_negative() {
        let entries = [
            entry(date!(2026 - 01 - 05), -100),
            entry(date!(2026 - 01 - 05), 40),
        ];
        let zero = balance_days(
            Some(Decimal::ZERO),
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 10),
            &[],
            2,
        );
        assert_eq!(
            known(&zero),
            (0, 10, "0.0000".to_owned(), "0.00".to_owned())
        );
        let same_day = balance_days(
            Some(Decimal::from(60)),
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 10),
            &entries,
            2,
        );
        assert_eq!(
            known(&same_day),
            (0, 10, "0.0000".to_owned(), "0.00".to_owned())
        );
    }

    #[test]
    fn a_negative_opening_balance_counts_from_the_first_day() {
        let entries = [entry(date!(2024 - 03 - 01), 500)];
        let days = balance_days(
            Some(Decimal::from(-10)),
            date!(2024 - 02 - 01),
            date!(2024 - 03 - 01),
            &entries,
            0,
        );
        assert_eq!(
            known(&days),
            (29, 30, "0.9667".to_owned(), "-10".to_owned()),
            "leap year"
        );
    }
}
