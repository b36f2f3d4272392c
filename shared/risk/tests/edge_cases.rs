//! Edge cases of whole assessments: no income, only income, one entry, no entries, short
//! windows, refused input, a zero opening balance, a leap day, a currency without decimals.

use ferrofin_risk::{
    BalanceDays, Cashflow, Confidence, Entry, EntryKind, Factor, Flag, ReadingStatus, RiskBand,
    RiskError, assess, validate,
};
use rust_decimal::Decimal;
use time::Date;
use time::macros::date;

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

fn cashflow(from: Date, to: Date, opening: Option<&str>, entries: Vec<Entry>) -> Cashflow {
    Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: opening.map(d),
        from,
        to,
        entries,
    }
}

fn on(year: i32, month: u8, day: u8) -> Date {
    let month = time::Month::try_from(month).expect("month");
    Date::from_calendar_date(year, month, day).expect("date")
}

fn status(assessment: &ferrofin_risk::Assessment, factor: Factor) -> ReadingStatus {
    assessment
        .contributions
        .iter()
        .find(|c| c.factor == factor)
        .map(|c| c.status)
        .expect("factor")
}

#[test]
fn no_income_counts_against_what_was_spent() {
    let entries = (1..=3)
        .map(|month| {
            let description = format!("Shop {}", ["A", "B", "C"][usize::from(month - 1)]);
            Entry::new(
                on(2026, month, 10),
                d("-100"),
                &description,
                EntryKind::Unknown,
            )
        })
        .collect();
    let a = assess(&cashflow(
        date!(2026 - 01 - 01),
        date!(2026 - 03 - 31),
        Some("500"),
        entries,
    ))
    .expect("assessed");
    assert_eq!(status(&a, Factor::IncomeStability), ReadingStatus::NoIncome);
    assert_eq!(status(&a, Factor::ExpenseRatio), ReadingStatus::NoIncome);
    assert_eq!(
        status(&a, Factor::DebtService),
        ReadingStatus::NothingToMeasure
    );
    assert_eq!(
        status(&a, Factor::CashFlowVolatility),
        ReadingStatus::NothingToMeasure,
        "the net is the same every month"
    );
    // 15 + 20 + largest outflow 100/300 = 0.3333: 5 · 0.1333 / 0.30 = 2.22 → 37.22
    assert_eq!(a.score, 37);
    assert_eq!(a.band, RiskBand::Medium);
    assert_eq!(a.confidence, Confidence::Low);
    assert_eq!(a.flags, [Flag::NoIncome]);
    assert_eq!(a.metrics.savings_rate, None);
    assert_eq!(
        a.reasons[0],
        "There were expenses but no income in the months assessed."
    );
    assert_eq!(
        a.reasons[1],
        "No income was seen in the months assessed, so income counts as fully unstable."
    );
}

#[test]
fn only_income_is_no_risk() {
    let entries = (1..=6)
        .map(|month| Entry::new(on(2026, month, 28), d("2500"), "Salary", EntryKind::Income))
        .collect();
    let a = assess(&cashflow(
        date!(2026 - 01 - 01),
        date!(2026 - 06 - 30),
        Some("0"),
        entries,
    ))
    .expect("assessed");
    assert_eq!(a.score, 0);
    assert_eq!(a.band, RiskBand::Low);
    assert!(a.reasons.is_empty());
    assert_eq!(a.confidence, Confidence::High);
    assert_eq!(a.metrics.expense_ratio, Some(d("0.0000")));
    assert_eq!(a.metrics.savings_rate, Some(d("1.0000")));
    assert_eq!(a.metrics.largest_outflow_share, None);
    assert!(
        a.metrics.recurring_obligations.is_empty(),
        "income never recurs as an obligation"
    );
}

#[test]
fn one_entry_in_a_one_day_window() {
    let day = date!(2026 - 05 - 31);
    let entries = vec![Entry::new(day, d("-12.34"), "Coffee", EntryKind::Unknown)];
    let a = assess(&cashflow(day, day, Some("10"), entries)).expect("assessed");
    assert_eq!(a.months.len(), 1);
    assert!(!a.months[0].complete);
    assert_eq!(
        a.metrics.months_assessed, 1,
        "no complete month: the partial one as it is"
    );
    assert_eq!(a.flags, [Flag::ShortWindow, Flag::NoIncome]);
    assert_eq!(a.confidence, Confidence::Low);
    assert_eq!(
        a.metrics.balance,
        BalanceDays::Known {
            negative_days: 1,
            window_days: 1,
            share: d("1.0000"),
            lowest_balance: d("-2.34"),
            closing_balance: d("-2.34"),
        }
    );
}

#[test]
fn no_entries_are_assessed_and_flagged() {
    let a = assess(&cashflow(
        date!(2026 - 01 - 10),
        date!(2026 - 02 - 20),
        None,
        Vec::new(),
    ))
    .expect("assessed");
    assert_eq!(
        a.flags,
        [
            Flag::NoEntries,
            Flag::ShortWindow,
            Flag::NoIncome,
            Flag::BalanceUnknown
        ]
    );
    assert_eq!(a.confidence, Confidence::Low);
    assert_eq!(a.metrics.months_assessed, 2);
    // only income stability counts: "no income" is maximally unstable
    assert_eq!(a.score, 15);
    assert_eq!(a.reasons.len(), 1);
}

#[test]
fn a_window_under_a_month_is_flagged_short() {
    let entries = vec![
        Entry::new(
            date!(2026 - 01 - 20),
            d("1800"),
            "Salary",
            EntryKind::Income,
        ),
        Entry::new(date!(2026 - 01 - 21), d("-900"), "Rent", EntryKind::Expense),
    ];
    let a = assess(&cashflow(
        date!(2026 - 01 - 05),
        date!(2026 - 01 - 30),
        None,
        entries,
    ))
    .expect("assessed");
    assert_eq!(a.flags, [Flag::ShortWindow, Flag::BalanceUnknown]);
    assert_eq!(a.confidence, Confidence::Low);
    assert_eq!(a.metrics.expense_ratio, Some(d("0.5000")));
}

#[test]
fn partial_months_are_left_out_of_the_metrics() {
    let entries = vec![
        Entry::new(date!(2026 - 01 - 20), d("9000"), "Bonus", EntryKind::Income),
        Entry::new(
            date!(2026 - 02 - 25),
            d("2000"),
            "Salary",
            EntryKind::Income,
        ),
        Entry::new(date!(2026 - 03 - 02), d("-5000"), "Car", EntryKind::Expense),
    ];
    let a = assess(&cashflow(
        date!(2026 - 01 - 15),
        date!(2026 - 03 - 10),
        None,
        entries,
    ))
    .expect("assessed");
    assert_eq!(a.metrics.months_assessed, 1);
    assert_eq!(a.metrics.mean_monthly_income, d("2000.00"));
    assert_eq!(a.metrics.expense_ratio, Some(d("0.0000")));
    assert_eq!(a.months[0].income, d("9000.00"), "shown all the same");
    assert_eq!(
        a.flags,
        [
            Flag::FewMonths,
            Flag::BalanceUnknown,
            Flag::PartialMonthsExcluded
        ]
    );
}

#[test]
fn an_entry_outside_the_window_is_refused() {
    let entries = vec![
        Entry::new(date!(2026 - 01 - 31), d("1"), "In", EntryKind::Income),
        Entry::new(
            date!(2026 - 02 - 01),
            d("-1"),
            "Out of window",
            EntryKind::Expense,
        ),
    ];
    let flow = cashflow(date!(2026 - 01 - 01), date!(2026 - 01 - 31), None, entries);
    let expected = RiskError::EntryOutsideWindow {
        index: 1,
        date: date!(2026 - 02 - 01),
        from: date!(2026 - 01 - 01),
        to: date!(2026 - 01 - 31),
    };
    assert_eq!(assess(&flow), Err(expected.clone()));
    assert_eq!(validate(&flow), Err(expected));
    assert_eq!(
        assess(&flow).err().map(|e| e.to_string()),
        Some("entry 1 is dated 2026-02-01, outside the window 2026-01-01 to 2026-01-31".to_owned())
    );
}

#[test]
fn a_reversed_window_is_refused() {
    let flow = cashflow(
        date!(2026 - 02 - 01),
        date!(2026 - 01 - 31),
        None,
        Vec::new(),
    );
    assert!(matches!(
        assess(&flow),
        Err(RiskError::WindowReversed { .. })
    ));
}

#[test]
fn a_zero_opening_balance_is_known_and_not_negative() {
    let a = assess(&cashflow(
        date!(2026 - 01 - 01),
        date!(2026 - 03 - 31),
        Some("0"),
        Vec::new(),
    ))
    .expect("assessed");
    assert_eq!(
        a.metrics.balance,
        BalanceDays::Known {
            negative_days: 0,
            window_days: 90,
            share: d("0.0000"),
            lowest_balance: d("0.00"),
            closing_balance: d("0.00"),
        }
    );
    assert!(!a.flags.contains(&Flag::BalanceUnknown));
}

#[test]
fn a_leap_day_in_the_window() {
    let entries = vec![
        Entry::new(date!(2024 - 02 - 29), d("-100"), "Leap", EntryKind::Expense),
        Entry::new(
            date!(2024 - 02 - 01),
            d("1000"),
            "Salary",
            EntryKind::Income,
        ),
    ];
    let a = assess(&cashflow(
        date!(2024 - 02 - 01),
        date!(2024 - 02 - 29),
        Some("-50"),
        entries,
    ))
    .expect("assessed");
    assert_eq!(a.months.len(), 1);
    assert_eq!(a.months[0].days_in_month, 29);
    assert!(a.months[0].complete);
    assert_eq!(a.flags, [Flag::FewMonths]);
    assert_eq!(
        a.metrics.balance,
        BalanceDays::Known {
            negative_days: 0,
            window_days: 29,
            share: d("0.0000"),
            lowest_balance: d("850.00"),
            closing_balance: d("850.00"),
        }
    );
}

#[test]
fn figures_take_the_currencys_decimals() {
    let entries = vec![
        Entry::new(
            date!(2026 - 01 - 25),
            d("300000"),
            "Salary",
            EntryKind::Income,
        ),
        Entry::new(
            date!(2026 - 01 - 26),
            d("-100001"),
            "Rent",
            EntryKind::Expense,
        ),
    ];
    let mut flow = cashflow(date!(2026 - 01 - 01), date!(2026 - 03 - 31), None, entries);
    flow.currency = "JPY".to_owned();
    let a = assess(&flow).expect("assessed");
    assert_eq!(a.metrics.mean_monthly_income.to_string(), "100000");
    assert_eq!(
        a.metrics.mean_monthly_expenses.to_string(),
        "33334",
        "33333.67 HALF_EVEN"
    );
    assert_eq!(a.months[0].net.to_string(), "199999");
}

#[test]
fn unknown_outflows_with_debt_words_are_debt_service() {
    let entries = (1..=3)
        .flat_map(|month| {
            [
                Entry::new(on(2026, month, 1), d("2000"), "Pay", EntryKind::Unknown),
                Entry::new(
                    on(2026, month, 3),
                    d("-700"),
                    "Mortgage 4711",
                    EntryKind::Unknown,
                ),
            ]
        })
        .collect();
    let a = assess(&cashflow(
        date!(2026 - 01 - 01),
        date!(2026 - 03 - 31),
        None,
        entries,
    ))
    .expect("assessed");
    assert_eq!(a.metrics.debt_service_ratio, Some(d("0.3500")));
    assert_eq!(
        a.reasons[0],
        "Debt payments take 35 % of income (20 % or less is fine, 50 % or more is high)."
    );
}
