//! The worked examples of `docs/risk.md`, figure for figure.

use ferrofin_risk::{
    Assessment, BalanceDays, Cadence, Cashflow, Confidence, Entry, EntryKind, Flag, MonthFlow,
    Obligation, RiskBand, assess,
};
use rust_decimal::Decimal;
use time::Date;
use time::macros::date;

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

fn entry(date: Date, amount: &str, description: &str, kind: EntryKind) -> Entry {
    Entry::new(date, d(amount), description, kind)
}

fn month(label: &str, days: (u8, u8), figures: [&str; 4]) -> MonthFlow {
    let [income, expenses, debt_payments, net] = figures.map(d);
    MonthFlow {
        month: label.to_owned(),
        days_in_window: days.0,
        days_in_month: days.1,
        complete: days.0 == days.1,
        income,
        expenses,
        debt_payments,
        net,
    }
}

fn obligation(
    counterparty: &str,
    cadence: Cadence,
    count: u32,
    dates: (Date, Date),
    amounts: (&str, &str),
) -> Obligation {
    Obligation {
        counterparty: counterparty.to_owned(),
        cadence,
        count,
        first: dates.0,
        last: dates.1,
        typical_amount: d(amounts.0),
        monthly_amount: d(amounts.1),
    }
}

/// The points of the seven factors, in factor order.
fn points(assessment: &Assessment) -> Vec<String> {
    assessment
        .contributions
        .iter()
        .map(|c| c.points.to_string())
        .collect()
}

fn ratio(value: Option<Decimal>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

fn salaried() -> Cashflow {
    let mut entries = Vec::new();
    for (month, groceries) in [(1, "-800.00"), (2, "-600.00"), (3, "-700.00")] {
        let day = |day: u8| {
            Date::from_calendar_date(2026, time::Month::try_from(month).expect("month"), day)
                .expect("date")
        };
        entries.push(
            entry(day(1), "-1000.00", "Rent", EntryKind::Expense)
                .with_counterparty("Acme Properties"),
        );
        entries.push(
            entry(day(5), "-750.00", "Car loan", EntryKind::DebtPayment)
                .with_counterparty("Car Bank"),
        );
        entries.push(
            entry(day(15), groceries, "Groceries", EntryKind::Expense)
                .with_counterparty("Supermarket"),
        );
        entries.push(
            entry(day(25), "3000.00", "Salary", EntryKind::Income)
                .with_counterparty("Employer GmbH"),
        );
    }
    Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: Some(d("2600.00")),
        from: date!(2026 - 01 - 01),
        to: date!(2026 - 03 - 31),
        entries,
    }
}

#[test]
fn example_1_salaried_with_rent_and_a_car_loan() {
    let a = assess(&salaried()).expect("assessed");
    assert_eq!(
        a.months,
        [
            month(
                "2026-01",
                (31, 31),
                ["3000.00", "2550.00", "750.00", "450.00"]
            ),
            month(
                "2026-02",
                (28, 28),
                ["3000.00", "2350.00", "750.00", "650.00"]
            ),
            month(
                "2026-03",
                (31, 31),
                ["3000.00", "2450.00", "750.00", "550.00"]
            ),
        ]
    );
    let m = &a.metrics;
    assert_eq!(m.months_assessed, 3);
    assert_eq!(m.mean_monthly_income, d("3000.00"));
    assert_eq!(m.mean_monthly_expenses, d("2450.00"));
    assert_eq!(m.mean_monthly_debt_payments, d("750.00"));
    assert_eq!(m.income_stddev, d("0.00"));
    assert_eq!(ratio(m.income_variation), "0.0000");
    assert_eq!(ratio(m.expense_ratio), "0.8167");
    assert_eq!(ratio(m.savings_rate), "0.1833");
    assert_eq!(ratio(m.debt_service_ratio), "0.2500");
    assert_eq!(
        m.balance,
        BalanceDays::Known {
            negative_days: 0,
            window_days: 90,
            share: d("0.0000"),
            lowest_balance: d("50.00"),
            closing_balance: d("4250.00"),
        }
    );
    assert_eq!(m.largest_outflow, d("1000.00"));
    assert_eq!(ratio(m.largest_outflow_share), "0.1361");
    assert_eq!(m.net_stddev, d("81.65"));
    assert_eq!(ratio(m.cash_flow_volatility), "0.0272");
    assert_eq!(
        m.recurring_obligations,
        [
            obligation(
                "Acme Properties",
                Cadence::Monthly,
                3,
                (date!(2026 - 01 - 01), date!(2026 - 03 - 01)),
                ("1000.00", "1000.00"),
            ),
            obligation(
                "Car Bank",
                Cadence::Monthly,
                3,
                (date!(2026 - 01 - 05), date!(2026 - 03 - 05)),
                ("750.00", "750.00"),
            ),
        ]
    );
    assert_eq!(m.recurring_monthly_total, d("1750.00"));
    assert_eq!(ratio(m.recurring_ratio), "0.5833");
    assert_eq!(
        points(&a),
        ["0.00", "7.78", "4.17", "0.00", "0.00", "0.00", "9.44"]
    );
    assert_eq!(a.score, 21);
    assert_eq!(a.band, RiskBand::Low);
    assert_eq!(a.confidence, Confidence::Medium);
    assert!(a.flags.is_empty());
    assert_eq!(
        a.reasons,
        [
            "Recurring obligations take 58 % of monthly income (30 % or less is fine, 60 % or more is high).",
            "Expenses take 82 % of income (70 % or less is fine, 100 % or more is high).",
            "Debt payments take 25 % of income (20 % or less is fine, 50 % or more is high).",
        ]
    );
}

fn freelancer() -> Cashflow {
    let row = |date: Date, amount: &str, description: &str| {
        entry(date, amount, description, EntryKind::Unknown)
    };
    let rent = |date: Date, month: &str| {
        row(date, "-800.00", &format!("Rent 2026-{month}")).with_counterparty("Berg Hausverwaltung")
    };
    let mut entries = vec![
        rent(date!(2026 - 01 - 01), "01"),
        row(date!(2026 - 01 - 02), "1000.00", "Invoice 2025-117").with_counterparty("Client A"),
        row(date!(2026 - 01 - 10), "-1200.00", "Laptop").with_counterparty("Tech Store"),
        row(date!(2026 - 01 - 15), "-200.00", "Credit card repayment"),
        rent(date!(2026 - 02 - 01), "02"),
        row(date!(2026 - 02 - 03), "2500.00", "Invoice 2026-004").with_counterparty("Client B"),
        row(date!(2026 - 02 - 12), "-400.00", "Groceries").with_counterparty("Supermarket"),
        row(date!(2026 - 02 - 16), "-220.00", "Credit card repayment"),
        entry(
            date!(2026 - 02 - 20),
            "-1000.00",
            "To savings",
            EntryKind::Transfer,
        ),
        row(date!(2026 - 02 - 24), "1500.00", "Invoice 2026-009").with_counterparty("Client C"),
        rent(date!(2026 - 03 - 01), "03"),
        row(date!(2026 - 03 - 05), "2500.00", "Invoice 2026-015").with_counterparty("Client A"),
        row(date!(2026 - 03 - 12), "-500.00", "Groceries").with_counterparty("Supermarket"),
        row(date!(2026 - 03 - 16), "-190.00", "Credit card repayment"),
        rent(date!(2026 - 04 - 01), "04"),
        row(date!(2026 - 04 - 03), "3000.00", "Invoice 2026-021").with_counterparty("Client B"),
    ];
    for day in [6, 13, 20, 27] {
        let date = Date::from_calendar_date(2026, time::Month::March, day).expect("date");
        entries.push(row(
            date,
            "-100.00",
            &format!("DAYCARE SUNSHINE REF 03{day:02}"),
        ));
    }
    Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: None,
        from: date!(2026 - 01 - 01),
        to: date!(2026 - 04 - 10),
        entries,
    }
}

#[test]
fn example_2_irregular_freelancer_from_a_bank_statement() {
    let a = assess(&freelancer()).expect("assessed");
    assert_eq!(
        a.months,
        [
            month(
                "2026-01",
                (31, 31),
                ["1000.00", "2200.00", "200.00", "-1200.00"]
            ),
            month(
                "2026-02",
                (28, 28),
                ["4000.00", "1420.00", "220.00", "2580.00"]
            ),
            month(
                "2026-03",
                (31, 31),
                ["2500.00", "1890.00", "190.00", "610.00"]
            ),
            month(
                "2026-04",
                (10, 30),
                ["3000.00", "800.00", "0.00", "2200.00"]
            ),
        ]
    );
    let m = &a.metrics;
    assert_eq!(m.months_assessed, 3);
    assert_eq!(m.mean_monthly_income, d("2500.00"));
    assert_eq!(m.mean_monthly_expenses, d("1836.67"));
    assert_eq!(m.mean_monthly_debt_payments, d("203.33"));
    assert_eq!(m.income_stddev, d("1224.74"));
    assert_eq!(ratio(m.income_variation), "0.4899");
    assert_eq!(ratio(m.expense_ratio), "0.7347");
    assert_eq!(ratio(m.savings_rate), "0.2653");
    assert_eq!(ratio(m.debt_service_ratio), "0.0813");
    assert_eq!(m.balance, BalanceDays::Unknown);
    assert_eq!(m.largest_outflow, d("1200.00"));
    assert_eq!(ratio(m.largest_outflow_share), "0.2178");
    assert_eq!(m.net_stddev, d("1543.64"));
    assert_eq!(ratio(m.cash_flow_volatility), "0.6175");
    assert_eq!(
        m.recurring_obligations,
        [
            obligation(
                "Berg Hausverwaltung",
                Cadence::Monthly,
                4,
                (date!(2026 - 01 - 01), date!(2026 - 04 - 01)),
                ("800.00", "800.00"),
            ),
            obligation(
                "DAYCARE SUNSHINE REF 0327",
                Cadence::Weekly,
                4,
                (date!(2026 - 03 - 06), date!(2026 - 03 - 27)),
                ("100.00", "433.33"),
            ),
            obligation(
                "Credit card repayment",
                Cadence::Monthly,
                3,
                (date!(2026 - 01 - 15), date!(2026 - 03 - 16)),
                ("200.00", "200.00"),
            ),
        ]
    );
    assert_eq!(m.recurring_monthly_total, d("1433.33"));
    assert_eq!(ratio(m.recurring_ratio), "0.5733");
    assert_eq!(
        points(&a),
        ["14.62", "2.31", "0.00", "0.00", "0.30", "10.00", "9.11"]
    );
    assert_eq!(a.score, 36);
    assert_eq!(a.band, RiskBand::Medium);
    assert_eq!(a.confidence, Confidence::Medium);
    assert_eq!(a.flags, [Flag::BalanceUnknown, Flag::PartialMonthsExcluded]);
    assert_eq!(
        a.reasons,
        [
            "Monthly income varies by 49 % around its mean (10 % or less is steady, 50 % or more is unstable).",
            "Monthly net cash flow swings by 62 % of monthly income (10 % or less is steady, 50 % or more is high).",
            "Recurring obligations take 57 % of monthly income (30 % or less is fine, 60 % or more is high).",
        ]
    );
}

fn overdrawn() -> Cashflow {
    let mut entries = Vec::new();
    for month in [
        time::Month::February,
        time::Month::March,
        time::Month::April,
    ] {
        let day = |day: u8| Date::from_calendar_date(2026, month, day).expect("date");
        entries.push(
            entry(day(1), "2000.00", "Salary", EntryKind::Income).with_counterparty("Employer"),
        );
        entries.push(
            entry(day(2), "-800.00", "Rent", EntryKind::Expense).with_counterparty("Landlord"),
        );
        entries.push(
            entry(day(3), "-450.00", "Instalment", EntryKind::DebtPayment)
                .with_counterparty("QuickCash"),
        );
    }
    for (date, amount, description) in [
        (date!(2026 - 02 - 14), "-500.00", "Electronics"),
        (date!(2026 - 02 - 20), "-400.00", "Car repair"),
        (date!(2026 - 03 - 15), "-600.00", "Holiday"),
        (date!(2026 - 04 - 10), "-300.00", "Dentist"),
        (date!(2026 - 04 - 22), "-500.00", "Furniture"),
    ] {
        entries.push(entry(date, amount, description, EntryKind::Expense));
    }
    Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: Some(d("0.00")),
        from: date!(2026 - 02 - 01),
        to: date!(2026 - 04 - 30),
        entries,
    }
}

#[test]
fn example_3_overdraft_days() {
    let a = assess(&overdrawn()).expect("assessed");
    assert_eq!(
        a.months,
        [
            month(
                "2026-02",
                (28, 28),
                ["2000.00", "2150.00", "450.00", "-150.00"]
            ),
            month(
                "2026-03",
                (31, 31),
                ["2000.00", "1850.00", "450.00", "150.00"]
            ),
            month(
                "2026-04",
                (30, 30),
                ["2000.00", "2050.00", "450.00", "-50.00"]
            ),
        ]
    );
    let m = &a.metrics;
    assert_eq!(m.mean_monthly_income, d("2000.00"));
    assert_eq!(m.mean_monthly_expenses, d("2016.67"));
    assert_eq!(m.mean_monthly_debt_payments, d("450.00"));
    assert_eq!(ratio(m.income_variation), "0.0000");
    assert_eq!(ratio(m.expense_ratio), "1.0083");
    assert_eq!(ratio(m.savings_rate), "-0.0083");
    assert_eq!(ratio(m.debt_service_ratio), "0.2250");
    assert_eq!(
        m.balance,
        BalanceDays::Known {
            negative_days: 18,
            window_days: 89,
            share: d("0.2022"),
            lowest_balance: d("-150.00"),
            closing_balance: d("-50.00"),
        }
    );
    assert_eq!(m.largest_outflow, d("800.00"));
    assert_eq!(ratio(m.largest_outflow_share), "0.1322");
    assert_eq!(m.net_stddev, d("124.72"));
    assert_eq!(ratio(m.cash_flow_volatility), "0.0624");
    assert_eq!(
        m.recurring_obligations,
        [
            obligation(
                "Landlord",
                Cadence::Monthly,
                3,
                (date!(2026 - 02 - 02), date!(2026 - 04 - 02)),
                ("800.00", "800.00"),
            ),
            obligation(
                "QuickCash",
                Cadence::Monthly,
                3,
                (date!(2026 - 02 - 03), date!(2026 - 04 - 03)),
                ("450.00", "450.00"),
            ),
        ]
    );
    assert_eq!(m.recurring_monthly_total, d("1250.00"));
    assert_eq!(ratio(m.recurring_ratio), "0.6250");
    assert_eq!(
        points(&a),
        ["0.00", "20.00", "2.08", "12.13", "0.00", "0.00", "10.00"]
    );
    assert_eq!(a.score, 44);
    assert_eq!(a.band, RiskBand::Medium);
    assert_eq!(a.confidence, Confidence::Medium);
    assert!(a.flags.is_empty());
    assert_eq!(
        a.reasons,
        [
            "Expenses take 101 % of income (70 % or less is fine, 100 % or more is high).",
            "The balance ended 18 of 89 days below zero (20 % of days; none is fine, 25 % or more is high).",
            "Recurring obligations take 62 % of monthly income (30 % or less is fine, 60 % or more is high).",
        ]
    );
}

/// The order of the entries does not matter.
#[test]
fn the_examples_in_another_order_give_the_same_assessment() {
    for example in [salaried(), freelancer(), overdrawn()] {
        let expected = assess(&example).expect("assessed");
        let mut reversed = example.clone();
        reversed.entries.reverse();
        assert_eq!(assess(&reversed).expect("assessed"), expected);
        let mut rotated = example;
        rotated.entries.rotate_left(5);
        assert_eq!(assess(&rotated).expect("assessed"), expected);
    }
}

/// What a function stores and returns: decimals as strings, dates as `YYYY-MM-DD`.
#[test]
fn an_assessment_serialises_with_decimals_as_strings() {
    let json = serde_json::to_value(assess(&freelancer()).expect("assessed")).expect("json");
    assert_eq!(json["from"], "2026-01-01");
    assert_eq!(json["score"], 36);
    assert_eq!(json["band"], "medium");
    assert_eq!(json["confidence"], "medium");
    assert_eq!(
        json["flags"],
        serde_json::json!(["balance_unknown", "partial_months_excluded"])
    );
    assert_eq!(json["metrics"]["mean_monthly_income"], "2500.00");
    assert_eq!(json["metrics"]["income_variation"], "0.4899");
    assert_eq!(
        json["metrics"]["balance"],
        serde_json::json!({"status": "unknown"})
    );
    assert_eq!(
        json["metrics"]["recurring_obligations"][1],
        serde_json::json!({
            "counterparty": "DAYCARE SUNSHINE REF 0327",
            "cadence": "weekly",
            "count": 4,
            "first": "2026-03-06",
            "last": "2026-03-27",
            "typical_amount": "100.00",
            "monthly_amount": "433.33",
        })
    );
    assert_eq!(
        json["contributions"][3],
        serde_json::json!({
            "factor": "negative_balance",
            "status": "unknown",
            "value": null,
            "weight": 15,
            "zero_at": "0.00",
            "full_at": "0.25",
            "points": "0.00",
        })
    );
    assert_eq!(
        json["months"][3],
        serde_json::json!({
            "month": "2026-04",
            "days_in_window": 10,
            "days_in_month": 30,
            "complete": false,
            "income": "3000.00",
            "expenses": "800.00",
            "debt_payments": "0.00",
            "net": "2200.00",
        })
    );
    let overdrawn = serde_json::to_value(assess(&overdrawn()).expect("assessed")).expect("json");
    assert_eq!(
        overdrawn["metrics"]["balance"],
        serde_json::json!({
            "status": "known",
            "negative_days": 18,
            "window_days": 89,
            "share": "0.2022",
            "lowest_balance": "-150.00",
            "closing_balance": "-50.00",
        })
    );
}
