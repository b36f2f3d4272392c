//! /v1/loans/calculate: the schedule of a loan, an early repayment and a comparison, through
//! the API (the engine's own examples are in shared/loan-calc/tests); sign-in and bad input.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

use crate::budgets_crud::{invalid_fields, post};

/// 10,000 EUR at 12 % over 12 monthly declining-balance equal installments: the textbook
/// annuity of 888.49 (shared/loan-calc's first worked example).
fn loan() -> Value {
    json!({"principal": "10000.00", "currency": "EUR", "annual_interest_rate": "12",
        "number_of_repayments": 12, "repayment_every": 1, "repayment_frequency": "months",
        "interest_method": "declining_balance", "amortization": "equal_installments",
        "interest_calculation_period": "same_as_repayment", "days_in_year": "actual",
        "days_in_month": "actual", "disbursement_date": "2026-01-15"})
}

fn with(mut loan: Value, field: &str, value: Value) -> Value {
    loan[field] = value;
    loan
}

#[tokio::test]
async fn a_schedule_is_calculated_with_its_apr() {
    let app = TestApp::new();
    let user = app.signed_up("calc@example.com").await;
    let response = post(&app, &user, "/v1/loans/calculate", &loan()).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let schedule = response.json();
    let rows = schedule["schedule"].as_array().expect("rows");
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["due_date"], "2026-02-15");
    assert_eq!(rows[0]["interest"], "100.00");
    assert_eq!(rows[0]["total"], "888.49");
    assert_eq!(
        rows[11]["total"], "888.47",
        "the last row takes the remainder"
    );
    assert_eq!(rows[11]["balance"], "0.00");
    assert_eq!(schedule["totals"]["principal"], "10000.00");
    assert_eq!(schedule["totals"]["interest"], "661.86");
    assert_eq!(schedule["apr"], "12.000");
    assert_eq!(schedule["effective_annual_rate"], "12.683");
    assert_eq!(schedule["disbursement"]["net_amount"], "10000.00");

    let flat = with(loan(), "interest_method", json!("flat"));
    let flat = post(&app, &user, "/v1/loans/calculate", &flat).await.json();
    assert_eq!(flat["apr"], "21.457", "12 % flat is not quoted as 12 %");
}

#[tokio::test]
async fn an_early_repayment_shortens_the_loan_and_saves_interest() {
    let app = TestApp::new();
    let user = app.signed_up("calc-early@example.com").await;
    let body = json!({"loan": loan(), "amount": "3000.00", "date": "2026-05-20", "strategy": "reduce_term"});
    let response = post(&app, &user, "/v1/loans/calculate/early-repayment", &body).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let repaid = response.json();
    let rows = repaid["schedule"]["schedule"].as_array().expect("rows");
    assert!(rows.iter().any(|row| row["kind"] == "prepayment"));
    let installments = rows
        .iter()
        .filter(|row| row["kind"] == "installment")
        .count();
    assert!(installments < 12, "{installments} installments");
    assert_eq!(rows.last().expect("a row")["balance"], "0.00");
    let saved: rust_decimal::Decimal = repaid["interest_saved"]
        .as_str()
        .and_then(|saved| saved.parse().ok())
        .expect("a decimal string");
    assert!(saved > rust_decimal::Decimal::ZERO, "{saved}");

    let same_term = json!({"loan": loan(), "amount": "3000.00", "date": "2026-05-20", "strategy": "reduce_installment"});
    let smaller = post(
        &app,
        &user,
        "/v1/loans/calculate/early-repayment",
        &same_term,
    )
    .await
    .json();
    let rows = smaller["schedule"]["schedule"].as_array().expect("rows");
    let installments = rows
        .iter()
        .filter(|row| row["kind"] == "installment")
        .count();
    assert_eq!(installments, 12, "as many installments, smaller ones");
}

#[tokio::test]
async fn loans_are_compared_side_by_side() {
    let app = TestApp::new();
    let user = app.signed_up("calc-compare@example.com").await;
    let flat = with(loan(), "interest_method", json!("flat"));
    let body = json!({"loans": [loan(), flat]});
    let response = post(&app, &user, "/v1/loans/calculate/compare", &body).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let comparisons = response.json()["comparisons"].clone();
    assert_eq!(comparisons[0]["first_regular_installment"], "888.49");
    assert_eq!(comparisons[0]["apr"], "12.000");
    assert_eq!(comparisons[1]["first_regular_installment"], "933.33");
    assert_eq!(comparisons[1]["totals"]["interest"], "1200.00");
}

#[tokio::test]
async fn the_calculator_needs_a_session() {
    let app = TestApp::new();
    for path in [
        "/v1/loans/calculate",
        "/v1/loans/calculate/early-repayment",
        "/v1/loans/calculate/compare",
    ] {
        let response = app.post_json(path, &loan()).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn bad_loans_are_refused_naming_each_field() {
    let app = TestApp::new();
    let user = app.signed_up("calc-bad@example.com").await;
    let cases: Vec<(Value, &[&str])> = vec![
        (with(loan(), "principal", json!("-5")), &["principal"]),
        (with(loan(), "principal", json!("10.001")), &["principal"]),
        (with(loan(), "currency", json!("XXX")), &["currency"]),
        (
            with(loan(), "number_of_repayments", json!(0)),
            &["number_of_repayments"],
        ),
        (
            with(loan(), "annual_interest_rate", json!("101")),
            &["annual_interest_rate"],
        ),
        (
            with(loan(), "grace_on_principal_periods", json!(12)),
            &["grace_on_principal_periods"],
        ),
        (
            with(loan(), "first_repayment_date", json!("2026-01-01")),
            &["first_repayment_date"],
        ),
    ];
    for (body, fields) in cases {
        let response = post(&app, &user, "/v1/loans/calculate", &body).await;
        assert_eq!(invalid_fields(&response), fields, "{body}");
    }
    let unknown = with(loan(), "repayment_frequency", json!("fortnights"));
    let response = post(&app, &user, "/v1/loans/calculate", &unknown).await;
    assert_eq!(invalid_fields(&response), ["repayment_frequency"]);

    let early = |loan: Value, amount: &str, date: &str| json!({"loan": loan, "amount": amount, "date": date, "strategy": "reduce_term"});
    let early_cases: Vec<(Value, &[&str])> = vec![
        (
            early(
                with(loan(), "interest_method", json!("flat")),
                "3000.00",
                "2026-05-20",
            ),
            &["loan.interest_method"],
        ),
        (early(loan(), "3000.00", "2026-01-10"), &["date"]),
        (early(loan(), "50000.00", "2026-05-20"), &["amount"]),
        (early(loan(), "1e3", "2026-05-20"), &["amount"]),
        (
            early(with(loan(), "principal", json!("0")), "1", "2026/05/20"),
            &["loan.principal", "date"],
        ),
    ];
    for (body, fields) in early_cases {
        let response = post(&app, &user, "/v1/loans/calculate/early-repayment", &body).await;
        assert_eq!(invalid_fields(&response), fields, "{body}");
    }

    let six = json!({"loans": vec![loan(); 6]});
    let response = post(&app, &user, "/v1/loans/calculate/compare", &six).await;
    assert_eq!(invalid_fields(&response), ["loans"]);
    let none = post(
        &app,
        &user,
        "/v1/loans/calculate/compare",
        &json!({"loans": []}),
    )
    .await;
    assert_eq!(invalid_fields(&none), ["loans"]);
    let one_bad = json!({"loans": [loan(), with(loan(), "currency", json!("XXX"))]});
    let response = post(&app, &user, "/v1/loans/calculate/compare", &one_bad).await;
    assert_eq!(invalid_fields(&response), ["loans[1].currency"]);
}
