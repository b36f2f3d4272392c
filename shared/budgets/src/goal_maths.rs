//! A goal's numbers on a day, all in `Decimal`/minor units:
//!
//! - progress: `saved / target` in percent, two decimals HALF_EVEN (above 100 when exceeded);
//! - still needed: `target - saved`, at least zero;
//! - months left: calendar months from this month to the target date's month, both counted
//!   (a goal due later this month has one month left); zero once the date has passed;
//! - required monthly saving: `still needed / months left`, rounded *up* to the minor unit so
//!   that saving it every month reaches the target; everything still needed once the date has
//!   passed;
//! - on track: the goal is reached, or (before the date) saved is at least the straight-line
//!   pace from the start date to the target date, `target x elapsed days / total days`,
//!   rounded HALF_EVEN to the minor unit (the `expected_saved` shown). Past the date and not
//!   reached: not on track.

use rust_decimal::{Decimal, RoundingStrategy};
use time::Date;

use crate::rounding::{half_even, percent_of, to_money};
use ferrofin_platform::money::{AmountError, Money};
use ferrofin_platform::month::Month;

/// A goal's progress on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalProgress {
    pub percent: Decimal,
    pub still_needed: Money,
    pub months_left: i64,
    pub required_monthly: Money,
    pub expected_saved: Money,
    pub on_track: bool,
}

/// The numbers of a goal of `target` with `saved` so far, started on `start`, due on `due`, seen on `today`.
pub fn goal_progress(
    target: Money,
    saved: Money,
    start: Date,
    today: Date,
    due: Date,
) -> Result<GoalProgress, AmountError> {
    let currency = target.currency();
    let still_needed = Money::from_minor(
        target.minor().saturating_sub(saved.minor()).max(0),
        currency,
    );
    let months_left = if today > due {
        0
    } else {
        Month::of(today).count_through(Month::of(due))
    };
    let required_monthly = if months_left == 0 {
        still_needed
    } else {
        to_money(
            still_needed.to_decimal() / Decimal::from(months_left),
            currency,
            RoundingStrategy::ToPositiveInfinity,
        )?
    };
    let total_days = (due - start).whole_days();
    let elapsed_days = (today - start).whole_days().clamp(0, total_days.max(0));
    let expected_saved = if total_days <= 0 {
        target
    } else {
        let pace = Decimal::from(elapsed_days) / Decimal::from(total_days);
        half_even(
            target
                .to_decimal()
                .checked_mul(pace)
                .ok_or(AmountError::TooLarge)?,
            currency,
        )?
    };
    let reached = saved.minor() >= target.minor();
    Ok(GoalProgress {
        percent: percent_of(saved.minor(), target.minor()).unwrap_or(Decimal::ZERO),
        still_needed,
        months_left,
        required_monthly,
        expected_saved,
        on_track: reached || (today <= due && saved.minor() >= expected_saved.minor()),
    })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use ferrofin_platform::money::Currency;

    fn money(text: &str, code: &str) -> Money {
        Money::parse(text, Currency::parse(code).expect("currency")).expect("amount")
    }

    #[test]
    fn goal_maths_case_table() {
        // (target, saved, currency, start, today, due) -> (percent, still needed, months left, required monthly, expected, on track)
        let cases = [
            (
                (
                    "1200.00",
                    "0",
                    "USD",
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                    date!(2027 - 10 - 31),
                ),
                ("0.00", "1200.00", 12, "100.00", "0.00", true),
            ),
            (
                (
                    "1000.00",
                    "250",
                    "USD",
                    date!(2026 - 01 - 01),
                    date!(2026 - 07 - 02),
                    date!(2026 - 12 - 31),
                ),
                ("25.00", "750.00", 6, "125.00", "500.00", false),
            ),
            (
                (
                    "1000.00",
                    "500",
                    "USD",
                    date!(2026 - 01 - 01),
                    date!(2026 - 07 - 02),
                    date!(2026 - 12 - 31),
                ),
                ("50.00", "500.00", 6, "83.34", "500.00", true),
            ),
            (
                (
                    "100.00",
                    "0",
                    "USD",
                    date!(2026 - 11 - 01),
                    date!(2026 - 11 - 21),
                    date!(2027 - 01 - 15),
                ),
                ("0.00", "100.00", 3, "33.34", "26.67", false),
            ),
            (
                (
                    "1000",
                    "1",
                    "JPY",
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                    date!(2027 - 01 - 01),
                ),
                ("0.10", "999", 3, "333", "0", true),
            ),
            (
                (
                    "1000.00",
                    "1100",
                    "USD",
                    date!(2026 - 01 - 01),
                    date!(2026 - 03 - 01),
                    date!(2026 - 12 - 31),
                ),
                ("110.00", "0.00", 10, "0.00", "162.09", true),
            ),
            (
                (
                    "1000.00",
                    "500",
                    "USD",
                    date!(2026 - 01 - 01),
                    date!(2027 - 01 - 10),
                    date!(2026 - 12 - 31),
                ),
                ("50.00", "500.00", 0, "500.00", "1000.00", false),
            ),
            (
                (
                    "80.00",
                    "0.01",
                    "USD",
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 30),
                ),
                ("0.01", "79.99", 1, "79.99", "0.00", true),
            ),
            (
                (
                    "80.00",
                    "0.03",
                    "USD",
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                ),
                ("0.04", "79.97", 1, "79.97", "80.00", false),
            ),
            (
                (
                    "1.000",
                    "0.001",
                    "KWD",
                    date!(2026 - 11 - 21),
                    date!(2026 - 11 - 21),
                    date!(2027 - 02 - 28),
                ),
                ("0.10", "0.999", 4, "0.250", "0.000", true),
            ),
        ];
        for ((target, saved, code, start, today, due), expected) in cases {
            let progress =
                goal_progress(money(target, code), money(saved, code), start, today, due)
                    .expect("fits");
            let actual = (
                progress.percent.to_string(),
                progress.still_needed.to_decimal_string(),
                progress.months_left,
                progress.required_monthly.to_decimal_string(),
                progress.expected_saved.to_decimal_string(),
                progress.on_track,
            );
            let expected = (
                expected.0.to_owned(),
                expected.1.to_owned(),
                expected.2,
                expected.3.to_owned(),
                expected.4.to_owned(),
                expected.5,
            );
            assert_eq!(
                actual, expected,
                "{target} {saved} {code} {start} {today} {due}"
            );
        }
    }
}
