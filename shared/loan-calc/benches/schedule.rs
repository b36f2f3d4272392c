//! A 480-period monthly declining-balance schedule with its APR and effective annual rate.

use criterion::{Criterion, criterion_group, criterion_main};
use ferrofin_loan_calc::{LoanRequest, Schedule, validate};

fn request() -> LoanRequest {
    serde_json::from_str(
        r#"{
            "principal": "250000.00",
            "currency": "EUR",
            "annual_interest_rate": "4.5",
            "number_of_repayments": 480,
            "repayment_every": 1,
            "repayment_frequency": "months",
            "interest_method": "declining_balance",
            "amortization": "equal_installments",
            "interest_calculation_period": "same_as_repayment",
            "days_in_year": "actual",
            "days_in_month": "actual",
            "disbursement_date": "2026-01-15"
        }"#,
    )
    .expect("request")
}

fn schedule(c: &mut Criterion) {
    let terms = validate(&request(), 2).expect("terms");
    c.bench_function("480 monthly declining balance + APR", |b| {
        b.iter(|| Schedule::calculate(std::hint::black_box(&terms)))
    });
}

criterion_group!(benches, schedule);
criterion_main!(benches);
