//! Benchmark of the loans' daily run (issue 10: accrual of 100,000 active loans within one
//! scheduled run's budget): 100,000 active 12-month loans, each five installments late with a
//! late penalty, on the embedded store. The run goes a page of 100 loans per step, as the jobs
//! worker takes one `loans.daily` message per step; the first pass charges five penalties and
//! writes a standing per loan, the second pass of the same day finds nothing to change.
//!
//! Run with `cargo bench -p ferrofin-tests --bench loans_daily [-- LOANS]`; results go in
//! BENCHMARKS.md.

#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use ferrofin_loans::store::LendingStore;
use ferrofin_loans::{Application, Caller, LoanAsk, LoanId, Loans, ProductInput, Products};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::new_id;
use ferrofin_tests::TestApp;
use serde_json::json;
use time::macros::date;

const DEFAULT_LOANS: usize = 100_000;

fn caller(id: &str, levels: Vec<u8>) -> Caller {
    Caller {
        user_id: UserId::from(id),
        reads_all: true,
        approval_levels: levels,
    }
}

/// `count` active loans: one booked through the service, the rest copies of it under new ids.
async fn seeded(app: &TestApp, count: usize) -> Loans {
    let state = app.embedded.state();
    let input: ProductInput = serde_json::from_value(json!({"name": "Bench", "currency": "EUR",
        "principal": {"min": "1000.00", "max": "50000.00"}, "number_of_repayments": {"min": 6, "max": 60},
        "annual_interest_rate": {"min": "5", "max": "20", "default": "12"},
        "terms": {"repayment_every": 1, "repayment_frequency": "months", "interest_method": "declining_balance",
            "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
            "days_in_year": "actual", "days_in_month": "actual"},
        "approval_levels": [{"level": 1}],
        "servicing": {"late_penalty": {"charge": {"percent": "2"}, "grace_days": 5}}}))
    .expect("a product");
    let officer = caller("01BENCHOFFICER", vec![]);
    let product = Products::new(&state)
        .create(&officer.user_id, input.check().expect("valid"))
        .await
        .expect("product");
    let loans = Loans::new(&state);
    let application = Application {
        product_id: product.id,
        customer_id: None,
        payout_account: None,
        ask: LoanAsk {
            principal: "5000.00".into(),
            number_of_repayments: 12,
            annual_interest_rate: None,
            disbursement_date: date!(2026 - 06 - 01),
            first_repayment_date: None,
        },
        purpose: None,
    };
    let loan = loans.apply(&officer, application).await.expect("apply");
    loans.submit(&officer, &loan.id).await.expect("submit");
    let approver = caller("01BENCHAPPROVER", vec![1]);
    loans
        .approve(&approver, &loan.id, "bench".into())
        .await
        .expect("approve");
    let template = loans
        .disburse(&officer, &loan.id, None)
        .await
        .expect("disburse");
    let store = LendingStore::new(&state);
    for _ in 1..count {
        let mut copy = template.clone();
        copy.id = LoanId::from(new_id(state.clock.as_ref()));
        store.create_loan(&copy, Vec::new()).await.expect("copy");
    }
    loans
}

/// Runs the day over every active loan; the number of steps and loans changed, and the time.
async fn run_day(loans: &Loans) -> (usize, u32, Duration) {
    let day = date!(2026 - 11 - 21);
    let start = Instant::now();
    let (mut steps, mut changed, mut after) = (0, 0, None);
    loop {
        let step = loans.daily_step(day, after).await.expect("step");
        steps += 1;
        changed += step.changed;
        match step.next {
            Some(next) => after = Some(next),
            None => return (steps, changed, start.elapsed()),
        }
    }
}

#[tokio::main]
async fn main() {
    let count = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(DEFAULT_LOANS);
    let app = TestApp::new();
    let seeding = Instant::now();
    let loans = seeded(&app, count).await;
    println!(
        "seeded {count} active loans in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    println!("| pass | steps | loans changed | total | per step of 100 | loans/s |");
    println!("|---|---:|---:|---:|---:|---:|");
    for pass in [
        "first (penalties and standing written)",
        "second, same day (nothing to change)",
    ] {
        let (steps, changed, took) = run_day(&loans).await;
        println!(
            "| {pass} | {steps} | {changed} | {:.1} s | {:.1} ms | {:.0} |",
            took.as_secs_f64(),
            took.as_secs_f64() * 1e3 / steps as f64,
            count as f64 / took.as_secs_f64()
        );
    }
}
