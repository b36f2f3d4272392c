//! /v1/goals: CRUD, contributions, linked accounts, ownership, 401 and bad input; helpers for
//! the goal maths tests.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::ledger_transactions::open_account;

pub async fn create_goal(app: &TestApp, user: &SignedIn, body: &Value) -> Value {
    let response = post(app, user, "/v1/goals", body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()
}

pub async fn contribute(
    app: &TestApp,
    user: &SignedIn,
    goal_id: &str,
    amount: &str,
    currency: &str,
    date: &str,
) -> ferrofin_tests::TestResponse {
    let body = json!({"amount": amount, "currency": currency, "date": date});
    post(
        app,
        user,
        &format!("/v1/goals/{goal_id}/contributions"),
        &body,
    )
    .await
}

pub fn numbers(goal: &Value) -> (String, String, String, i64, String, bool) {
    let p = &goal["progress"];
    let text = |v: &Value| v.as_str().unwrap_or("?").to_owned();
    (
        text(&goal["saved"]),
        text(&p["percent"]),
        text(&p["still_needed"]),
        p["months_left"].as_i64().unwrap_or(-1),
        text(&p["required_monthly"]),
        p["on_track"].as_bool().unwrap_or_default(),
    )
}

#[tokio::test]
async fn goals_are_created_contributed_to_changed_and_deleted() {
    let app = TestApp::new();
    let user = app.signed_up("goals@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let body = json!({"name": "Emergency fund", "target_amount": "1200", "currency": "EUR", "target_date": "2027-10-31", "account_id": account});
    let goal = create_goal(&app, &user, &body).await;
    let id = goal["id"].as_str().expect("id").to_owned();
    assert_eq!(
        (goal["start_date"].as_str(), goal["account_id"].as_str()),
        (Some("2026-11-21"), Some(account.as_str()))
    );
    assert_eq!(
        numbers(&goal),
        (
            "0.00".into(),
            "0.00".into(),
            "1200.00".into(),
            12,
            "100.00".into(),
            true
        )
    );

    let first = contribute(&app, &user, &id, "100.10", "EUR", "2026-11-01").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
    assert_eq!(first.json()["contribution"]["amount"], "100.10");
    assert_eq!(first.json()["goal"]["saved"], "100.10");
    contribute(&app, &user, &id, "200", "EUR", "2026-11-21").await;
    let read = get(&app, &user, &format!("/v1/goals/{id}")).await.json();
    // 300.10 of 1200: 25.0083 % -> 25.01; 899.90 / 12 = 74.991... -> 75.00 (up).
    assert_eq!(
        numbers(&read),
        (
            "300.10".into(),
            "25.01".into(),
            "899.90".into(),
            12,
            "75.00".into(),
            true
        )
    );

    let listed = get(
        &app,
        &user,
        &format!("/v1/goals/{id}/contributions?limit=1"),
    )
    .await
    .json();
    assert_eq!(listed["items"][0]["date"], "2026-11-21", "newest first");
    let cursor = listed["next_cursor"].as_str().expect("second page");
    let rest = get(
        &app,
        &user,
        &format!("/v1/goals/{id}/contributions?limit=1&cursor={cursor}"),
    )
    .await
    .json();
    assert_eq!(rest["items"][0]["amount"], "100.10");

    let path = format!("/v1/goals/{id}");
    let changed = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"name": "Rainy day", "target_amount": "600", "account_id": null})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(
        (
            changed.json()["name"].as_str(),
            changed.json()["account_id"].as_str()
        ),
        (Some("Rainy day"), None)
    );
    assert_eq!(
        changed.json()["progress"]["percent"],
        "50.02",
        "300.10 / 600 = 50.0166 %"
    );
    assert_eq!(
        get(&app, &user, "/v1/goals").await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let deleted = app
        .call(Method::DELETE, &path, Some(&user.access_token), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    get(&app, &user, &path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &user, &format!("{path}/contributions"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn goals_belong_to_their_owner() {
    let app = TestApp::new();
    let owner = app.signed_up("goal-owner@example.com").await;
    let other = app.signed_up("goal-other@example.com").await;
    let body = json!({"name": "Trip", "target_amount": "500", "currency": "EUR", "target_date": "2027-06-01"});
    let id = create_goal(&app, &owner, &body).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = format!("/v1/goals/{id}");
    get(&app, &other, &path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &other, &format!("{path}/contributions"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    contribute(&app, &other, &id, "1", "EUR", "2026-11-21")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(
        Method::PATCH,
        &path,
        Some(&other.access_token),
        Some(&json!({"name": "Mine"})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::DELETE, &path, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/goals").await.json()["items"],
        json!([])
    );
    assert_eq!(
        get(&app, &owner, &path).await.json()["saved"],
        "0.00",
        "untouched"
    );
    // Linking another user's account is refused like an unknown one.
    let foreign = open_account(&app, &other, "EUR", "0").await;
    let link = json!({"name": "X", "target_amount": "1", "currency": "EUR", "target_date": "2027-01-01", "account_id": foreign});
    assert_eq!(
        invalid_fields(&post(&app, &owner, "/v1/goals", &link).await),
        ["account_id"]
    );
    for path in ["/v1/goals", "/v1/goals/x", "/v1/goals/x/contributions"] {
        app.call(Method::GET, path, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn bad_goal_input_is_refused_with_field_details() {
    let app = TestApp::new();
    let user = app.signed_up("goal-bad@example.com").await;
    let usd_account = open_account(&app, &user, "USD", "0").await;
    let goal = |changes: Value| {
        let mut body = json!({"name": "Goal", "target_amount": "100", "currency": "EUR", "target_date": "2027-01-01"});
        body.as_object_mut()
            .expect("object")
            .extend(changes.as_object().cloned().unwrap_or_default());
        body
    };
    let cases = [
        (
            goal(json!({"target_amount": "1.001"})),
            vec!["target_amount"],
        ),
        (goal(json!({"target_amount": "0"})), vec!["target_amount"]),
        (
            goal(json!({"currency": "JPY", "target_amount": "1.5"})),
            vec!["target_amount"],
        ),
        (goal(json!({"currency": "XXX"})), vec!["currency"]),
        (
            goal(json!({"target_date": "2026-11-20"})),
            vec!["target_date"],
        ),
        (
            goal(json!({"target_date": "2027-02-30"})),
            vec!["target_date"],
        ),
        (goal(json!({"name": "  "})), vec!["name"]),
        (goal(json!({"account_id": usd_account})), vec!["account_id"]),
        (goal(json!({"account_id": "nope"})), vec!["account_id"]),
    ];
    for (body, fields) in cases {
        assert_eq!(
            invalid_fields(&post(&app, &user, "/v1/goals", &body).await),
            fields,
            "{body}"
        );
    }
    post(&app, &user, "/v1/goals", &goal(json!({"saved": "100"})))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");

    let id = create_goal(&app, &user, &goal(json!({}))).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let contributions = [
        (("10", "USD", "2026-11-21"), "currency"),
        (("10.001", "EUR", "2026-11-21"), "amount"),
        (("-10", "EUR", "2026-11-21"), "amount"),
        (("10", "EUR", "2026-11-22"), "date"),
        (("10", "EUR", "21/11/2026"), "date"),
    ];
    for ((amount, currency, date), field) in contributions {
        assert_eq!(
            invalid_fields(&contribute(&app, &user, &id, amount, currency, date).await),
            [field],
            "{amount} {currency} {date}"
        );
    }
    let path = format!("/v1/goals/{id}");
    let patch = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"currency": "USD", "target_amount": "5"})),
        )
        .await;
    assert_eq!(invalid_fields(&patch), ["currency"]);
    let goal = get(&app, &user, &path).await.json();
    assert_eq!(
        (goal["saved"].as_str(), goal["target_amount"].as_str()),
        (Some("0.00"), Some("100.00")),
        "nothing half-written"
    );
}
