//! Worked examples, derived by hand in the comments (and in docs/loan-calculation.md).

use crate::common;

use common::{column, d, schedule};
use serde_json::json;

#[test]
fn declining_balance_equal_installments_is_the_standard_annuity() {
    // 10,000 at 12 % a year over 12 months: r = 0.12 / 12 = 0.01,
    // A = 10000 × 0.01 / (1 − 1.01^−12) = 888.48788… → 888.49 (the textbook figure).
    // Row 1: interest 10000 × 0.01 = 100.00, principal 788.49, balance 9211.51.
    // Row 2: interest 92.1151 → 92.12, principal 796.37, balance 8415.14. …
    // Row 12 repays the 879.67 left with 8.80 of interest: 888.47.
    // Total interest = 11 × 888.49 + 888.47 − 10000 = 661.86.
    let s = schedule(json!({}));
    assert_eq!(s.rows.len(), 12);
    assert!(s.rows[..11].iter().all(|r| r.total == d("888.49")));
    assert_eq!(s.rows[0].interest, d("100.00"));
    assert_eq!(s.rows[1].interest, d("92.12"));
    assert_eq!(s.rows[1].balance, d("8415.14"));
    assert_eq!(s.rows[11].principal, d("879.67"));
    assert_eq!(s.rows[11].interest, d("8.80"));
    assert_eq!(s.rows[11].total, d("888.47"));
    assert_eq!(s.rows[11].balance.to_string(), "0.00");
    assert_eq!(s.totals.interest, d("661.86"));
    assert_eq!(s.totals.total, d("10661.86"));
    // No fees: the APR is the nominal rate; (1.01)^12 − 1 = 12.6825 %.
    assert_eq!(s.apr.map(|r| r.to_string()).as_deref(), Some("12.000"));
    assert_eq!(
        s.effective_annual_rate.map(|r| r.to_string()).as_deref(),
        Some("12.683")
    );
}

#[test]
fn due_dates_step_months_from_the_disbursement() {
    let s = schedule(json!({ "disbursement_date": "2024-01-31" }));
    let dates: Vec<String> = s.rows.iter().map(|r| r.due_date.to_string()).collect();
    assert_eq!(
        dates[..4],
        ["2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]
    );
    assert_eq!(dates[11], "2025-01-31");
}

#[test]
fn flat_interest_is_not_quoted_as_its_rate() {
    // 12 % flat over 12 months: interest = 10000 × 0.12 × 12/12 = 1200.00, 100.00 a month;
    // principal 10000 / 12 = 833.33 a month, the last 833.37; installment 933.33.
    // The IRR of 10,000 against 12 × 933.33 is 1.788 % a month: APR 21.457 %, nearly twice
    // the flat rate (the well-known "12 % flat ≈ 21.5 % APR").
    let s = schedule(json!({ "interest_method": "flat" }));
    assert_eq!(s.totals.interest, d("1200.00"));
    assert!(s.rows.iter().all(|r| r.interest == d("100.00")));
    assert!(s.rows[..11].iter().all(|r| r.total == d("933.33")));
    assert_eq!(s.rows[11].principal, d("833.37"));
    assert_eq!(s.apr.map(|r| r.to_string()).as_deref(), Some("21.457"));
    assert!(s.effective_annual_rate > s.apr);
}

#[test]
fn flat_interest_counts_days_in_year_when_daily() {
    // Daily flat from 2024-03-01 to 2025-03-01: 306 days of 2024 (after 29 Feb) over 366 and
    // 59 days of 2025 over 365: 0.836066 + 0.161644 = 0.997710 of a year,
    // 10000 × 0.12 × 0.997710 = 1197.252… → 1197.25.
    let actual = schedule(
        json!({ "interest_method": "flat", "interest_calculation_period": "daily",
        "disbursement_date": "2024-03-01" }),
    );
    assert_eq!(actual.totals.interest, d("1197.25"));
    let days_360 = schedule(
        json!({ "interest_method": "flat", "interest_calculation_period": "daily",
        "disbursement_date": "2024-03-01", "days_in_year": "360" }),
    );
    // 365 days / 360 × 1200 = 1216.67
    assert_eq!(days_360.totals.interest, d("1216.67"));
}

#[test]
fn equal_principal_repays_833_33_a_month() {
    // Principal 10000 / 12 = 833.33 (the last 833.37); interest 1 % of the balance:
    // 100.00, 91.67, 83.33, … ; total = 100 × (12 + 11 + … + 1) / 12 = 650.00.
    let s = schedule(json!({ "amortization": "equal_principal" }));
    assert!(s.rows[..11].iter().all(|r| r.principal == d("833.33")));
    assert_eq!(s.rows[11].principal, d("833.37"));
    assert_eq!(
        column(&s, |r| r.interest)[..4],
        ["100.00", "91.67", "83.33", "75.00"]
    );
    assert_eq!(s.totals.interest, d("650.00"));
    assert_eq!(s.apr.map(|r| r.to_string()).as_deref(), Some("12.000"));
}

#[test]
fn daily_interest_counts_366_only_for_leap_year_days() {
    // One repayment, 10,000 at 12 %, interest = 10000 × 0.12 × year fraction:
    // 2024-02-15 → 2024-03-15 holds 29 Feb: 29 / 366 → 95.0819… → 95.08.
    // 2023-02-15 → 2023-03-15: 28 / 365 → 92.0547… → 92.05.
    // 2023-12-15 → 2024-01-15: 17 / 365 + 14 / 366 → 55.8904… + 45.9016… → 101.79.
    for (disbursed, first, interest) in [
        ("2024-02-15", "2024-03-15", "95.08"),
        ("2023-02-15", "2023-03-15", "92.05"),
        ("2023-12-15", "2024-01-15", "101.79"),
    ] {
        let s = schedule(json!({
            "number_of_repayments": 1,
            "interest_calculation_period": "daily",
            "disbursement_date": disbursed,
            "first_repayment_date": first,
        }));
        assert_eq!(s.rows[0].interest, d(interest), "{disbursed}");
    }
}

#[test]
fn daily_interest_over_360_days_is_not_leap_aware() {
    // 29 days / 360 × 1200 = 96.666… → 96.67.
    let s = schedule(json!({
        "number_of_repayments": 1,
        "interest_calculation_period": "daily",
        "days_in_year": "360",
        "disbursement_date": "2024-02-15",
    }));
    assert_eq!(s.rows[0].interest, d("96.67"));
}

#[test]
fn thirty_360_gives_every_month_the_same_interest() {
    // 30/360: every month is 30 days of a 360-day year, so every period bears exactly
    // 12 % × 30 / 360 = 1 %, February included: the schedule is the 888.49 annuity.
    let thirty = schedule(json!({
        "interest_calculation_period": "daily",
        "days_in_year": "360",
        "days_in_month": "30",
        "disbursement_date": "2024-01-31",
    }));
    assert!(thirty.rows[..11].iter().all(|r| r.total == d("888.49")));
    assert_eq!(thirty.totals.interest, d("661.86"));
    // With actual days the February period (29 days) bears less than March (31).
    let actual = schedule(json!({
        "interest_calculation_period": "daily",
        "days_in_year": "360",
        "disbursement_date": "2024-01-31",
    }));
    assert_ne!(actual.rows[0].interest, d("100.00"));
}

#[test]
fn principal_grace_pays_interest_only_then_the_annuity_over_the_rest() {
    // Two periods of interest only (100.00 each), then 10000 over 10 periods at 1 %:
    // A = 10000 × 0.01 / (1 − 1.01^−10) = 1055.82.
    let s = schedule(json!({ "grace_on_principal_periods": 2 }));
    assert_eq!(column(&s, |r| r.principal)[..2], ["0.00", "0.00"]);
    assert_eq!(column(&s, |r| r.total)[..2], ["100.00", "100.00"]);
    assert!(s.rows[2..11].iter().all(|r| r.total == d("1055.82")));
    assert_eq!(s.totals.principal, d("10000.00"));
}

#[test]
fn interest_grace_defers_interest_to_the_first_installment_after_it() {
    // The 888.49 annuity's interest of periods 1 and 2 (100.00 + 92.12) is not collected
    // then; the principal parts do not change. Period 3 collects 192.12 + its own 84.15.
    let s = schedule(json!({ "grace_on_interest_periods": 2 }));
    assert_eq!(
        column(&s, |r| r.interest)[..4],
        ["0.00", "0.00", "276.27", "76.11"]
    );
    assert_eq!(
        column(&s, |r| r.total)[..4],
        ["788.49", "796.37", "1080.61", "888.49"]
    );
    // Deferred, not waived: the total interest is the annuity's.
    assert_eq!(s.totals.interest, d("661.86"));
}

#[test]
fn the_installment_multiple_rounds_the_level_installment() {
    // 888.49 → 890 (multiple of 10); the last installment takes what is left:
    // 11 × 890 = 9790 paid; the last row repays the balance left with its interest.
    let s = schedule(json!({ "rounding": { "installment_multiple": "10" } }));
    assert!(s.rows[..11].iter().all(|r| r.total == d("890.00")));
    assert!(s.rows[11].total < d("890.00"));
    assert_eq!(s.totals.principal, d("10000.00"));
}

#[test]
fn weekly_repayments_use_52_periods_a_year() {
    // 5,200 at 10.4 % over 52 weeks: 0.2 % a week. 1.002^52 = 1.1094852…,
    // A = 5200 × 0.002 / (1 − 1 / 1.1094852) = 10.4 / 0.0986811… = 105.38999… → 105.39.
    let s = schedule(json!({
        "principal": "5200",
        "annual_interest_rate": "10.4",
        "number_of_repayments": 52,
        "repayment_frequency": "weeks",
    }));
    assert_eq!(s.rows[0].interest, d("10.40"));
    assert_eq!(s.rows[0].total, d("105.39"));
    assert_eq!(s.rows[1].due_date.to_string(), "2024-01-29");
    assert_eq!(s.apr.map(|r| r.to_string()).as_deref(), Some("10.400"));
}

#[test]
fn fees_raise_the_apr_and_reduce_the_amount_paid_out() {
    // A 1 % disbursement fee (100.00) and 2.00 an installment: the borrower receives
    // 9,900.00 and pays 12 × 890.49 (the last 890.47).
    let s = schedule(json!({ "fees": [
        { "name": "arrangement", "percent": "1", "when": "disbursement" },
        { "name": "service", "amount": "2", "when": "each_installment" },
    ]}));
    assert_eq!(s.disbursement.fees, d("100.00"));
    assert_eq!(s.disbursement.net_amount, d("9900.00"));
    assert!(
        s.rows[..11]
            .iter()
            .all(|r| r.fees == d("2.00") && r.total == d("890.49"))
    );
    assert_eq!(s.totals.fees, d("124.00"));
    assert_eq!(s.totals.total, d("10785.86"));
    // The APR discounts the cash flows to the net amount: check it independently, at the
    // unrounded monthly rate, with a plain present value.
    let apr = s.apr.expect("apr");
    assert!(apr > d("14") && apr < d("15"), "{apr}");
    let monthly = apr / d("1200");
    let mut factor = d("1");
    let mut value = -s.disbursement.net_amount;
    for row in &s.rows {
        factor /= d("1") + monthly;
        value += row.total * factor;
    }
    // The APR is rounded to 3 decimals: the present value is within what that moves.
    assert!(value.abs() < d("0.5"), "{value}");
}

#[test]
fn percent_installment_fees_are_of_principal_and_interest() {
    // 0.5 % of 888.49 = 4.44245 → 4.44.
    let s = schedule(json!({ "fees": [
        { "name": "insurance", "percent": "0.5", "when": "each_installment" },
    ]}));
    assert_eq!(s.rows[0].fees, d("4.44"));
    assert_eq!(s.rows[0].total, d("892.93"));
}

#[test]
fn a_longer_first_period_is_placed_by_its_days_in_the_apr() {
    // First repayment 2024-03-01 instead of 2024-02-15: with `daily` the first period bears
    // 46 days of interest (46/366 × 1200 = 150.82); the APR places the first payment 1 whole
    // period and 15/29 of the next after the disbursement (Regulation Z's odd days).
    let s = schedule(json!({
        "interest_calculation_period": "daily",
        "first_repayment_date": "2024-03-01",
    }));
    assert_eq!(s.rows[0].interest, d("150.82"));
    assert_eq!(s.rows[1].due_date.to_string(), "2024-04-01");
    let apr = s.apr.expect("apr");
    assert!((apr - d("12")).abs() < d("0.1"), "{apr}");
}

#[test]
fn the_schedule_serialises_decimals_and_dates_as_strings() {
    let s = schedule(json!({ "number_of_repayments": 1 }));
    let value = serde_json::to_value(&s).expect("json");
    assert_eq!(
        value,
        json!({
            "currency": "EUR",
            "disbursement": {
                "date": "2024-01-15",
                "principal": "10000.00",
                "fees": "0.00",
                "net_amount": "10000.00"
            },
            "schedule": [{
                "number": 1,
                "kind": "installment",
                "due_date": "2024-02-15",
                "principal": "10000.00",
                "interest": "100.00",
                "fees": "0.00",
                "penalties": "0.00",
                "total": "10100.00",
                "balance": "0.00"
            }],
            "totals": {
                "principal": "10000.00",
                "interest": "100.00",
                "fees": "0.00",
                "penalties": "0.00",
                "total": "10100.00"
            },
            "apr": "12.000",
            "effective_annual_rate": "12.683"
        })
    );
}

#[test]
fn a_zero_decimal_currency_rounds_to_whole_units() {
    let terms = ferrofin_loan_calc::validate(
        &common::request(json!({ "principal": "1000000", "currency": "JPY" })),
        0,
    )
    .expect("terms");
    let s = ferrofin_loan_calc::Schedule::calculate(&terms);
    // 1,000,000 × 0.01 / (1 − 1.01^−12) = 88,848.79 → 88,849.
    assert_eq!(s.rows[0].total.to_string(), "88849");
    assert_eq!(s.totals.principal.to_string(), "1000000");
}

#[test]
fn the_same_terms_always_give_the_same_schedule() {
    let first = schedule(json!({ "interest_calculation_period": "daily" }));
    let again = schedule(json!({ "interest_calculation_period": "daily" }));
    assert_eq!(first, again);
}
