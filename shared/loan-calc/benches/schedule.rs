//! A 480-period monthly declining-balance schedule with its APR and effective annual rate
//! (the figure in BENCH.md), and the same loan with equal principal and with daily interest,
//! whose uneven cash flows or rates are the costlier cases.

use criterion::{Criterion, criterion_group, criterion_main};
use ferrofin_loan_calc::{LoanRequest, Schedule, validate};

fn request(amortization: &str, interest_period: &str) -> LoanRequest {
    serde_json::from_value(serde_json::json!({
        "principal": "250000.00",
        "currency": "EUR",
        "annual_interest_rate": "4.5",
        "number_of_repayments": 480,
        "repayment_every": 1,
        "repayment_frequency": "months",
        "interest_method": "declining_balance",
        "amortization": amortization,
        "interest_calculation_period": interest_period,
        "days_in_year": "actual",
        "days_in_month": "actual",
        "disbursement_date": "2026-01-15"
    }))
    .expect("request")
}

fn schedule(c: &mut Criterion) {
    for (name, amortization, interest_period) in [
        (
            "480 monthly declining balance + APR",
            "equal_installments",
            "same_as_repayment",
        ),
        (
            "480 monthly equal principal + APR",
            "equal_principal",
            "same_as_repayment",
        ),
        (
            "480 monthly daily interest (actual) + APR",
            "equal_installments",
            "daily",
        ),
    ] {
        let terms = validate(&request(amortization, interest_period), 2).expect("terms");
        c.bench_function(name, |b| {
            b.iter(|| Schedule::calculate(std::hint::black_box(&terms)))
        });
    }
}

criterion_group!(benches, schedule);
criterion_main!(benches);
