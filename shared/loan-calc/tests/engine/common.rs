//! Requests for the integration tests: a base loan (10,000 EUR at 12 % over 12 monthly
//! declining-balance equal installments, disbursed 2024-01-15) with fields replaced.

use ferrofin_loan_calc::{LoanRequest, LoanTerms, Schedule, validate};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The base request as JSON.
pub fn base() -> Value {
    json!({
        "principal": "10000",
        "currency": "EUR",
        "annual_interest_rate": "12",
        "number_of_repayments": 12,
        "repayment_every": 1,
        "repayment_frequency": "months",
        "interest_method": "declining_balance",
        "amortization": "equal_installments",
        "interest_calculation_period": "same_as_repayment",
        "days_in_year": "actual",
        "days_in_month": "actual",
        "disbursement_date": "2024-01-15"
    })
}

/// The base request with `changes` merged in (a `null` removes a field).
pub fn request(changes: Value) -> LoanRequest {
    let mut value = base();
    let object = value.as_object_mut().expect("object");
    for (key, change) in changes.as_object().expect("object of changes") {
        if change.is_null() {
            object.remove(key);
        } else {
            object.insert(key.clone(), change.clone());
        }
    }
    serde_json::from_value(value).expect("a well-formed request")
}

/// Validated terms for a 2-decimal currency.
pub fn terms(changes: Value) -> LoanTerms {
    validate(&request(changes), 2).expect("valid terms")
}

pub fn schedule(changes: Value) -> Schedule {
    Schedule::calculate(&terms(changes))
}

pub fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// One column of the rows, as strings.
pub fn column(schedule: &Schedule, pick: fn(&ferrofin_loan_calc::Row) -> Decimal) -> Vec<String> {
    schedule.rows.iter().map(|r| pick(r).to_string()).collect()
}
