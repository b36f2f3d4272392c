//! POST /v1/budgets/simulate: the arithmetic (a case table of exact decimal strings, with
//! HALF_EVEN ties), and bad input.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::budgets_crud::{create_budget, invalid_fields, post, record};
use crate::ledger_transactions::open_account;

/// A user with EUR and JPY budgets and spending in the three months before 2026-12.
async fn household(app: &TestApp) -> SignedIn {
    let user = app.signed_up("simulate@example.com").await;
    let eur = open_account(app, &user, "EUR", "10000").await;
    let jpy = open_account(app, &user, "JPY", "100000").await;
    for (category, amount) in [
        ("groceries", "10.25"),
        ("dining", "10.35"),
        ("rent", "400"),
        ("utilities", "100"),
    ] {
        create_budget(app, &user, category, amount, "EUR", false).await;
    }
    for (category, amount) in [("groceries", "125"), ("dining", "135")] {
        create_budget(app, &user, category, amount, "JPY", true).await;
    }
    let spending = [
        (&eur, "EUR", "groceries", ["-10.00", "-10.00", "-10.01"]),
        (&eur, "EUR", "dining", ["-0.01", "-0.01", "0"]),
        (&eur, "EUR", "rent", ["-400", "0", "0"]),
        (&jpy, "JPY", "groceries", ["-1", "-1", "0"]),
        (&jpy, "JPY", "dining", ["-100", "-100", "-101"]),
    ];
    for (account, currency, category, amounts) in spending {
        for (date, amount) in ["2026-11-15", "2026-10-15", "2026-09-15"]
            .iter()
            .zip(amounts)
            .filter(|(_, a)| *a != "0")
        {
            record(app, &user, account, date, amount, currency, category).await;
        }
    }
    // Outside the trailing window: the month itself and four months before.
    record(app, &user, &eur, "2026-12-01", "-50", "EUR", "utilities").await;
    record(app, &user, &eur, "2026-08-15", "-999", "EUR", "rent").await;
    user
}

fn lines(json: &Value) -> Vec<[String; 5]> {
    let text = |value: &Value| value.as_str().unwrap_or("?").to_owned();
    let lines = json["lines"].as_array().cloned().unwrap_or_default();
    lines
        .iter()
        .map(|l| {
            [
                text(&l["category"]),
                text(&l["original"]),
                text(&l["adjusted"]),
                text(&l["projected"]),
                text(&l["surplus"]),
            ]
        })
        .collect()
}

#[tokio::test]
async fn simulation_arithmetic_case_table() {
    let app = TestApp::new();
    let user = household(&app).await;
    // (currency, adjustments, lines [category, original, adjusted, projected, surplus], totals)
    let cases = [
        (
            "EUR",
            json!([{"category": "groceries", "percent": "10"}, {"category": "dining", "percent": "-10"}, {"category": "rent", "amount": "-100.50"}]),
            vec![
                ["dining", "10.35", "9.32", "0.01", "9.31"], // 9.315 -> 9.32; 0.02 / 3 -> 0.01
                ["groceries", "10.25", "11.28", "10.00", "1.28"], // 11.275 -> 11.28; 30.01 / 3 -> 10.00
                ["rent", "400.00", "299.50", "133.33", "166.17"], // 400 / 3 -> 133.33
                ["utilities", "100.00", "100.00", "0.00", "100.00"], // unadjusted, no spending
            ],
            ["520.60", "420.10", "143.34", "276.76"],
        ),
        (
            "EUR",
            json!([{"category": "groceries", "percent": "-10"}, {"category": "dining", "percent": "12.5"}, {"category": "rent", "percent": "-100"}, {"category": "utilities", "percent": "1000"}]),
            vec![
                ["dining", "10.35", "11.64", "0.01", "11.63"], // 11.64375 -> 11.64
                ["groceries", "10.25", "9.22", "10.00", "-0.78"], // 9.225 -> 9.22 (tie, even)
                ["rent", "400.00", "0.00", "133.33", "-133.33"],
                ["utilities", "100.00", "1100.00", "0.00", "1100.00"],
            ],
            ["520.60", "1120.86", "143.34", "977.52"],
        ),
        (
            "JPY",
            json!([{"category": "groceries", "percent": "-10"}, {"category": "dining", "percent": "10"}]),
            vec![
                ["dining", "135", "148", "100", "48"], // 148.5 -> 148 (tie, even); 301 / 3 -> 100
                ["groceries", "125", "112", "1", "111"], // 112.5 -> 112 (tie, even); 2 / 3 -> 1
            ],
            ["260", "260", "101", "159"],
        ),
    ];
    for (currency, adjustments, expected_lines, totals) in cases {
        let body = json!({"month": "2026-12", "currency": currency, "adjustments": adjustments});
        let response = post(&app, &user, "/v1/budgets/simulate", &body).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
        let json = response.json();
        let expected: Vec<[String; 5]> = expected_lines
            .iter()
            .map(|line| line.map(str::to_owned))
            .collect();
        assert_eq!(lines(&json), expected, "{body}");
        let t = &json["totals"];
        let actual = [
            t["original"].clone(),
            t["adjusted"].clone(),
            t["projected"].clone(),
            t["surplus"].clone(),
        ];
        assert_eq!(actual, totals.map(|v| json!(v)), "{body}");
    }
}

#[tokio::test]
async fn bad_simulations_are_refused_with_field_details() {
    let app = TestApp::new();
    let user = household(&app).await;
    let one = |adjustment: Value| json!({"month": "2026-12", "currency": "EUR", "adjustments": [adjustment]});
    let cases = [
        (
            one(json!({"category": "groceries", "percent": "-100.01"})),
            "adjustments[0].percent",
        ),
        (
            one(json!({"category": "groceries", "percent": "1000.5"})),
            "adjustments[0].percent",
        ),
        (
            one(json!({"category": "groceries", "percent": "10.125"})),
            "adjustments[0].percent",
        ),
        (
            one(json!({"category": "groceries", "amount": "1.005"})),
            "adjustments[0].amount",
        ),
        (
            one(json!({"category": "groceries", "amount": "-20"})),
            "adjustments[0]",
        ),
        (
            one(json!({"category": "groceries", "amount": "1", "percent": "1"})),
            "adjustments[0]",
        ),
        (one(json!({"category": "groceries"})), "adjustments[0]"),
        (
            one(json!({"category": "yachts", "percent": "1"})),
            "adjustments[0].category",
        ),
        (
            one(json!({"category": "travel", "percent": "1"})),
            "adjustments[0].category",
        ),
        (
            json!({"month": "2026-12", "currency": "EUR", "adjustments": []}),
            "adjustments",
        ),
        (
            json!({"month": "12/2026", "currency": "EUR", "adjustments": [{"category": "rent", "percent": "1"}]}),
            "month",
        ),
        (
            json!({"month": "2026-12", "currency": "EURO", "adjustments": [{"category": "rent", "percent": "1"}]}),
            "currency",
        ),
        (
            json!({"month": "2026-12", "currency": "EUR", "adjustments": [{"category": "rent", "percent": "1"}, {"category": "rent", "amount": "1"}]}),
            "adjustments[1].category",
        ),
    ];
    for (body, field) in cases {
        assert_eq!(
            invalid_fields(&post(&app, &user, "/v1/budgets/simulate", &body).await),
            [field],
            "{body}"
        );
    }
    let unknown = one(json!({"category": "rent", "percent": "1", "factor": 2}));
    post(&app, &user, "/v1/budgets/simulate", &unknown)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    let anonymous = app
        .call(
            Method::POST,
            "/v1/budgets/simulate",
            None,
            Some(&one(json!({"category": "rent", "percent": "1"}))),
        )
        .await;
    anonymous.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}
