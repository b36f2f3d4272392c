//! Every bad input is refused with the field at fault named; all faults are listed at once.

use crate::common;

use common::request;
use ferrofin_loan_calc::{FieldError, LoanRequest, validate};
use serde_json::json;

fn faults(changes: serde_json::Value, decimals: u32) -> Vec<String> {
    match validate(&request(changes), decimals) {
        Ok(_) => Vec::new(),
        Err(error) => error.errors.into_iter().map(|e| e.field).collect(),
    }
}

#[test]
fn the_base_request_is_valid() {
    assert!(faults(json!({}), 2).is_empty());
}

#[test]
fn each_bad_field_is_named() {
    for (changes, field) in [
        (json!({ "principal": "0" }), "principal"),
        (json!({ "principal": "-5" }), "principal"),
        (json!({ "principal": "1e4" }), "principal"),
        (json!({ "principal": " 100" }), "principal"),
        (json!({ "principal": "100.001" }), "principal"),
        (json!({ "principal": "1000000000001" }), "principal"),
        (json!({ "currency": "eur" }), "currency"),
        (
            json!({ "annual_interest_rate": "100.01" }),
            "annual_interest_rate",
        ),
        (
            json!({ "annual_interest_rate": "-1" }),
            "annual_interest_rate",
        ),
        (json!({ "number_of_repayments": 0 }), "number_of_repayments"),
        (
            json!({ "number_of_repayments": 601 }),
            "number_of_repayments",
        ),
        (json!({ "repayment_every": 0 }), "repayment_every"),
        (
            json!({ "number_of_repayments": 600, "repayment_every": 2 }),
            "repayment_every",
        ),
        (
            json!({ "disbursement_date": "2024-02-30" }),
            "disbursement_date",
        ),
        (
            json!({ "disbursement_date": "1899-12-31" }),
            "disbursement_date",
        ),
        (
            json!({ "first_repayment_date": "2024-01-15" }),
            "first_repayment_date",
        ),
        (
            json!({ "first_repayment_date": "2024-01-01" }),
            "first_repayment_date",
        ),
        (
            json!({ "first_repayment_date": "2025-02-15" }),
            "first_repayment_date",
        ),
        (
            json!({ "first_repayment_date": "15/02/2024" }),
            "first_repayment_date",
        ),
        (
            json!({ "grace_on_principal_periods": 12 }),
            "grace_on_principal_periods",
        ),
        (
            json!({ "grace_on_interest_periods": 13 }),
            "grace_on_interest_periods",
        ),
        (
            json!({ "rounding": { "installment_multiple": "0" } }),
            "rounding.installment_multiple",
        ),
        (
            json!({ "rounding": { "installment_multiple": "0.001" } }),
            "rounding.installment_multiple",
        ),
        (
            json!({ "fees": [{ "name": "x", "percent": "101", "when": "disbursement" }] }),
            "fees[0].percent",
        ),
        (
            json!({ "fees": [{ "name": "x", "amount": "1.234", "when": "disbursement" }] }),
            "fees[0].amount",
        ),
        (
            json!({ "fees": [{ "name": "x", "amount": "-1", "when": "disbursement" }] }),
            "fees[0].amount",
        ),
        (
            json!({ "fees": [{ "name": " ", "amount": "1", "when": "disbursement" }] }),
            "fees[0].name",
        ),
        (
            json!({ "fees": [{ "name": "x", "when": "disbursement" }] }),
            "fees[0]",
        ),
        (
            json!({ "fees": [{ "name": "x", "amount": "1", "percent": "1", "when": "disbursement" }] }),
            "fees[0]",
        ),
        (
            json!({ "fees": [{ "name": "x", "percent": "100", "when": "disbursement" }] }),
            "fees",
        ),
    ] {
        assert_eq!(faults(changes.clone(), 2), [field], "{changes}");
    }
}

#[test]
fn every_fault_is_listed_with_a_message() {
    let error = validate(
        &request(json!({
            "principal": "abc",
            "annual_interest_rate": "150",
            "number_of_repayments": 0,
            "fees": [
                { "name": "ok", "amount": "1", "when": "each_installment" },
                { "name": "bad", "percent": "x", "when": "each_installment" },
            ],
        })),
        2,
    )
    .expect_err("invalid");
    let fields: Vec<&str> = error.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "principal",
            "annual_interest_rate",
            "number_of_repayments",
            "fees[1].percent"
        ]
    );
    assert_eq!(
        error.errors[1],
        FieldError {
            field: "annual_interest_rate".to_owned(),
            message: "must be between 0 and 100 (percent per year)".to_owned(),
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("invalid loan terms: principal: must be a decimal")
    );
}

#[test]
fn decimals_follow_the_currency() {
    // 0.5 is fine for a 2-decimal currency, not for a 0-decimal one.
    assert!(faults(json!({ "principal": "100.5" }), 2).is_empty());
    assert_eq!(faults(json!({ "principal": "100.5" }), 0), ["principal"]);
    // Trailing zeros do not count.
    assert!(faults(json!({ "principal": "100.500" }), 2).is_empty());
    assert_eq!(faults(json!({}), 5), ["decimals"]);
}

#[test]
fn unknown_fields_and_values_are_refused_by_deserialisation() {
    let mut value = common::base();
    value["interest_rate"] = json!("12");
    assert!(serde_json::from_value::<LoanRequest>(value).is_err());
    let mut value = common::base();
    value["days_in_year"] = json!("366");
    assert!(serde_json::from_value::<LoanRequest>(value).is_err());
    let mut value = common::base();
    value["principal"] = json!(10000);
    assert!(serde_json::from_value::<LoanRequest>(value).is_err());
    let mut value = common::base();
    value["fees"] = json!([{ "name": "x", "amount": "1", "when": "monthly" }]);
    assert!(serde_json::from_value::<LoanRequest>(value).is_err());
}

#[test]
fn a_request_serialises_back_to_the_same_json() {
    let original = request(json!({
        "first_repayment_date": "2024-03-01",
        "rounding": { "mode": "half_up", "installment_multiple": "5" },
        "fees": [{ "name": "x", "percent": "1", "when": "disbursement" }],
    }));
    let again: LoanRequest =
        serde_json::from_value(serde_json::to_value(&original).expect("json")).expect("request");
    assert_eq!(again, original);
}
