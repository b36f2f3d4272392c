//! Accrual: straight line by days within each period, rounded per period; the period's whole
//! interest from its due date.
//!
//! Installment 1's period is 2024-01-15 → 2024-02-15 (31 days, 30.00 interest); installment
//! 2's 2024-02-15 → 2024-03-15 (29 days, 20.10).
//!
//! | as of | accrued |
//! |---|---|
//! | 2024-01-15 | 0.00 |
//! | 2024-01-16 | round(30.00 × 1/31 = 0.968) = 0.97 |
//! | 2024-01-17 | round(30.00 × 2/31 = 1.935) = 1.94 |
//! | 2024-02-14 | round(30.00 × 30/31 = 29.032) = 29.03 |
//! | 2024-02-15 | 30.00 (due date reached) |
//! | 2024-02-16 | 30.00 + round(20.10 × 1/29 = 0.693) = 30.69 |
//! | 2024-04-15 on | 60.20, the whole interest |

use rust_decimal::Decimal;
use serde_json::json;
use time::Duration;

use crate::common::{d, date, loan, repayment};

#[test]
fn accrued_by_date() {
    let loan = loan(json!({}));
    let accrued = |on: &str| loan.accrued_interest(&[], date(on)).unwrap().to_string();
    assert_eq!(accrued("2024-01-10"), "0.00");
    assert_eq!(accrued("2024-01-15"), "0.00");
    assert_eq!(accrued("2024-01-16"), "0.97");
    assert_eq!(accrued("2024-01-17"), "1.94");
    assert_eq!(accrued("2024-02-14"), "29.03");
    assert_eq!(accrued("2024-02-15"), "30.00");
    assert_eq!(accrued("2024-02-16"), "30.69");
    assert_eq!(accrued("2024-04-15"), "60.20");
    assert_eq!(accrued("2025-01-01"), "60.20");
}

#[test]
fn the_daily_delta_is_idempotent_and_crosses_period_ends() {
    let loan = loan(json!({}));
    let delta = |from: &str, to: &str| {
        loan.accrual_delta(&[], date(from), date(to))
            .unwrap()
            .to_string()
    };
    // A job that recorded "accrued up to 2024-01-17" and runs for 2024-01-17 again adds 0.
    assert_eq!(delta("2024-01-17", "2024-01-17"), "0.00");
    assert_eq!(delta("2024-01-16", "2024-01-17"), "0.97");
    // The last day of period 1 completes it: 30.00 − 29.03.
    assert_eq!(delta("2024-02-14", "2024-02-15"), "0.97");
    // The first day of period 2.
    assert_eq!(delta("2024-02-15", "2024-02-16"), "0.69");
}

#[test]
fn day_by_day_adds_up_to_the_whole_interest() {
    let loan = loan(json!({}));
    let start = date("2024-01-15");
    let days: Decimal = (0..100)
        .map(|day| {
            let from = start + Duration::days(day);
            loan.accrual_delta(&[], from, from + Duration::days(1))
                .unwrap()
        })
        .sum();
    assert_eq!(days, d("60.20"));
}

#[test]
fn an_early_settlement_stops_accrual() {
    // Settled on 2024-03-01 (see the payoff tests): 30.00 + 10.40 accrued, the rest waived.
    let loan = loan(json!({}));
    let history = [
        repayment("r1", "2024-02-15", "1025.07"),
        repayment("payoff", "2024-03-01", "2020.33"),
    ];
    let accrued = |on: &str| loan.accrued_interest(&history, date(on)).unwrap();
    assert_eq!(accrued("2024-03-01"), d("40.40"));
    assert_eq!(accrued("2024-03-20"), d("40.40"));
    assert_eq!(accrued("2024-12-31"), d("40.40"));
}
