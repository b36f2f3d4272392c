//! Input the API refuses at its shared edge, on the routes where a black-box run found it
//! accepted: amounts with more decimals than the currency allows however long they are (they
//! were rounded past 28 digits), exponents and signs in amount bounds, dates with an expanded
//! year or surrounding spaces, and bodies that are JSON but not an object.

use axum::http::StatusCode;
use ferrofin_tests::{TestApp, customers};
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::ledger_transactions::open_account;

/// 30 decimals: `Decimal`'s own parser rounds it to 2.
const LONG: &str = "1.999999999999999999999999999999";

#[tokio::test]
async fn long_decimals_are_refused_on_every_money_field() {
    let app = TestApp::new();
    let user = app.signed_up("strict-money@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/v1/transactions",
            json!({"account_id": account, "date": "2026-03-01", "amount": LONG, "currency": "EUR", "description": "x"}),
            "amount",
        ),
        (
            "/v1/accounts",
            json!({"kind": "checking", "name": "x", "currency": "EUR", "opening_balance": LONG}),
            "opening_balance",
        ),
        (
            "/v1/budgets",
            json!({"category": "groceries", "amount": LONG, "currency": "EUR", "rollover": false}),
            "amount",
        ),
        (
            "/v1/goals",
            json!({"name": "x", "target_amount": LONG, "currency": "EUR", "target_date": "2027-10-31"}),
            "target_amount",
        ),
    ];
    for (path, body, field) in cases {
        let response = post(&app, &user, path, &body).await;
        assert_eq!(
            invalid_fields(&response),
            [field],
            "{path}: {:?}",
            response.json()
        );
    }
    assert_eq!(
        get(&app, &user, "/v1/transactions").await.json()["items"],
        json!([]),
        "nothing was stored"
    );
}

#[tokio::test]
async fn amount_bounds_take_plain_decimals_only() {
    let app = TestApp::new();
    let user = app.signed_up("strict-bounds@example.com").await;
    for bound in ["1e3", "+5", " 5", "5000000000000", LONG] {
        let rule = json!({"priority": 1, "field": "description", "operator": "contains", "pattern": "coffee", "category": "dining", "min_amount": bound});
        let response = post(&app, &user, "/v1/transactions/rules", &rule).await;
        assert_eq!(invalid_fields(&response), ["min_amount"], "{bound:?}");
        let listing = get(
            &app,
            &user,
            &format!(
                "/v1/transactions?min_amount={}",
                bound.replace('+', "%2B").replace(' ', "%20")
            ),
        )
        .await;
        assert_eq!(invalid_fields(&listing), ["min_amount"], "{bound:?}");
    }
}

#[tokio::test]
async fn dates_are_exactly_yyyy_mm_dd() {
    let app = TestApp::new();
    let user = app.signed_up("strict-dates@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let spend = json!({"account_id": account, "date": "+2024-01-01", "amount": "-1.00", "currency": "EUR", "description": "x"});
    assert_eq!(
        invalid_fields(&post(&app, &user, "/v1/transactions", &spend).await),
        ["date"]
    );
    let padded = get(&app, &user, "/v1/transactions?from=%202026-01-01").await;
    assert_eq!(invalid_fields(&padded), ["from"]);

    let manager = app.customer_manager().await;
    let mut customer = customers::individual("strict@example.com", "QQ123456C");
    customer["date_of_birth"] = json!("+1990-12-10");
    let response = app
        .call(
            axum::http::Method::POST,
            "/v1/customers",
            Some(&manager.access_token),
            Some(&customer),
        )
        .await;
    assert!(
        response.status.is_client_error(),
        "an expanded year is no date of birth: {:?}",
        response.json()
    );
}

#[tokio::test]
async fn a_body_must_be_a_json_object() {
    let app = TestApp::new();
    let user = app.signed_up("strict-body@example.com").await;
    let accounts = post(
        &app,
        &user,
        "/v1/accounts",
        &json!(["checking", "x", "USD", null, "5.00"]),
    )
    .await;
    accounts.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        get(&app, &user, "/v1/accounts").await.json()["items"],
        json!([])
    );
    let login = app
        .post_json(
            "/v1/auth/login",
            &json!(["strict-body@example.com", "password"]),
        )
        .await;
    login.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}

#[tokio::test]
async fn a_missing_field_is_named_in_the_details() {
    let app = TestApp::new();
    let user = app.signed_up("strict-missing@example.com").await;
    let goal = json!({"name": "x", "target_amount": "100.00", "currency": "EUR"});
    let response = post(&app, &user, "/v1/goals", &goal).await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "target_date"
    );
}

#[tokio::test]
async fn a_query_parameter_at_fault_is_named_without_the_parsers_wording() {
    let app = TestApp::new();
    let user = app.signed_up("strict-query@example.com").await;
    for (path, field) in [
        ("/v1/transactions?limit=many", "limit"),
        ("/v1/accounts?colour=red", "colour"),
        ("/v1/customers/groups?limit=-1", "limit"),
    ] {
        let response = get(&app, &user, path).await;
        response.assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
        let body = response.json();
        assert_eq!(
            body["error"]["details"][0]["field"], field,
            "{path}: {body}"
        );
        assert!(
            !body.to_string().contains("deserialize"),
            "{path}: no parser wording in {body}"
        );
    }
}
