//! Loans and histories for the integration tests.
//!
//! The base loan: 3,000.00 EUR at 12 % a year, 3 monthly declining-balance equal installments,
//! disbursed 2024-01-15, a 5.00 fee with each installment. `r = 0.01`, `A = 3000 × 0.01 / (1 −
//! 1.01^−3) = 1020.0663 → 1020.07`:
//!
//! | # | due | days | principal | interest | fees | total | balance |
//! |---|---|---|---|---|---|---|---|
//! | 1 | 2024-02-15 | 31 | 990.07 | 30.00 | 5.00 | 1025.07 | 2009.93 |
//! | 2 | 2024-03-15 | 29 | 999.97 | 20.10 | 5.00 | 1025.07 | 1009.96 |
//! | 3 | 2024-04-15 | 31 | 1009.96 | 10.10 | 5.00 | 1025.06 | 0.00 |
//!
//! (row 2: 2009.93 × 0.01 = 20.0993 → 20.10; row 3: 1009.96 × 0.01 = 10.0996 → 10.10, the
//! last row repays the balance.) Totals: principal 3000.00, interest 60.20, fees 15.00.

use ferrofin_loan_calc::{LoanTerms, validate};
use ferrofin_loan_servicing::{
    Loan, LoanEvent, Penalty, Refund, Repayment, Reversal, ServicingSettings,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::Date;

pub fn base_request() -> Value {
    json!({
        "principal": "3000",
        "currency": "EUR",
        "annual_interest_rate": "12",
        "number_of_repayments": 3,
        "repayment_every": 1,
        "repayment_frequency": "months",
        "interest_method": "declining_balance",
        "amortization": "equal_installments",
        "interest_calculation_period": "same_as_repayment",
        "days_in_year": "actual",
        "days_in_month": "actual",
        "disbursement_date": "2024-01-15",
        "fees": [{ "name": "service", "amount": "5", "when": "each_installment" }]
    })
}

/// Validated terms of `request` for a 2-decimal currency.
pub fn terms_of(request: Value) -> LoanTerms {
    validate(&serde_json::from_value(request).expect("a request"), 2).expect("valid terms")
}

/// The base loan serviced with `settings` (JSON, as a product stores them).
pub fn loan(settings: Value) -> Loan {
    loan_of(base_request(), settings)
}

pub fn loan_of(request: Value, settings: Value) -> Loan {
    let settings: ServicingSettings = serde_json::from_value(settings).expect("settings");
    Loan::new(&terms_of(request), settings).expect("settings fit the loan")
}

pub fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

pub fn date(text: &str) -> Date {
    ferrofin_loan_calc::parse_date(text).expect("date")
}

pub fn repayment(id: &str, on: &str, amount: &str) -> LoanEvent {
    LoanEvent::Repayment(Repayment {
        id: id.to_owned(),
        date: date(on),
        amount: d(amount),
    })
}

pub fn reversal(id: &str, on: &str) -> LoanEvent {
    LoanEvent::RepaymentReversal(Reversal {
        repayment_id: id.to_owned(),
        date: date(on),
    })
}

pub fn penalty(installment: u32, on: &str, amount: &str) -> LoanEvent {
    LoanEvent::Penalty(Penalty {
        installment,
        date: date(on),
        amount: d(amount),
    })
}

pub fn refund(id: &str, on: &str, amount: &str) -> LoanEvent {
    LoanEvent::Refund(Refund {
        id: id.to_owned(),
        date: date(on),
        amount: d(amount),
    })
}
