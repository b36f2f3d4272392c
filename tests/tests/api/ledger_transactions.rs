//! /v1/transactions: recording, balances, transfers, idempotency, ownership and bad input.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

pub async fn open_account(app: &TestApp, user: &SignedIn, currency: &str, opening: &str) -> String {
    app.open_account(user, "checking", currency, opening).await
}

pub async fn balance(app: &TestApp, user: &SignedIn, account_id: &str) -> String {
    let path = format!("/v1/accounts/{account_id}");
    app.call(Method::GET, &path, Some(&user.access_token), None)
        .await
        .json()["balance"]
        .as_str()
        .expect("balance")
        .to_owned()
}

pub fn spend(account_id: &str, amount: &str) -> Value {
    json!({"account_id": account_id, "date": "2026-03-14", "amount": amount, "currency": "EUR", "description": "Groceries", "merchant": "Market", "category": "groceries", "tags": ["food"]})
}

async fn record(app: &TestApp, user: &SignedIn, body: &Value) -> ferrofin_tests::TestResponse {
    app.call(
        Method::POST,
        "/v1/transactions",
        Some(&user.access_token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn recording_changing_and_deleting_moves_the_balance() {
    let app = TestApp::new();
    let user = app.signed_up("tx@example.com").await;
    let account = open_account(&app, &user, "EUR", "100.00").await;
    let created = record(&app, &user, &spend(&account, "-12.30")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    assert_eq!(created.json()["amount"], "-12.30");
    assert_eq!(balance(&app, &user, &account).await, "87.70");

    let path = format!(
        "/v1/transactions/{}",
        created.json()["id"].as_str().expect("id")
    );
    let fetched = app
        .call(Method::GET, &path, Some(&user.access_token), None)
        .await;
    assert_eq!(fetched.json()["description"], "Groceries");
    let changed = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"amount": "-20", "date": "2026-04-01"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(changed.json()["date"], "2026-04-01");
    assert_eq!(balance(&app, &user, &account).await, "80.00");

    assert_eq!(
        app.call(Method::DELETE, &path, Some(&user.access_token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(balance(&app, &user, &account).await, "100.00");
    app.call(Method::GET, &path, Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn a_patch_is_a_merge_patch_null_clears_and_absent_keeps() {
    let app = TestApp::new();
    let user = app.signed_up("merge@example.com").await;
    let account = open_account(&app, &user, "EUR", "100.00").await;
    let body = json!({"account_id": account, "date": "2026-03-14", "amount": "-12.30", "currency": "EUR",
        "description": "Groceries", "merchant": "Lidl", "category": "groceries", "tags": ["food"],
        "notes": "weekly shop"});
    let created = record(&app, &user, &body).await.json();
    let path = format!("/v1/transactions/{}", created["id"].as_str().expect("id"));
    let patch = |body: Value| {
        let (app, user, path) = (&app, &user, &path);
        async move {
            app.call(Method::PATCH, path, Some(&user.access_token), Some(&body))
                .await
        }
    };

    let cleared =
        patch(json!({"merchant": null, "notes": null, "tags": null, "category": null})).await;
    assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.json());
    let cleared = cleared.json();
    assert_eq!(
        (
            &cleared["merchant"],
            &cleared["notes"],
            &cleared["tags"],
            &cleared["category"]
        ),
        (&Value::Null, &Value::Null, &json!([]), &Value::Null),
        "{cleared}"
    );
    assert_eq!(cleared["description"], "Groceries", "absent fields stay");
    assert_eq!(cleared["amount"], "-12.30");

    let refused = patch(json!({"description": null, "amount": null, "notes": "kept?"})).await;
    refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let refusal = refused.json();
    let fields: Vec<&str> = refusal["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|detail| detail["field"].as_str())
        .collect();
    assert_eq!(fields, ["amount", "description"]);
    let unchanged = app
        .call(Method::GET, &path, Some(&user.access_token), None)
        .await
        .json();
    assert_eq!(
        unchanged["notes"],
        Value::Null,
        "nothing written on a refused patch"
    );
}

#[tokio::test]
async fn a_transfer_writes_both_legs_and_deleting_one_removes_both() {
    let app = TestApp::new();
    let user = app.signed_up("tr@example.com").await;
    let checking = open_account(&app, &user, "EUR", "500").await;
    let savings = open_account(&app, &user, "EUR", "0").await;
    let body = json!({"account_id": checking, "date": "2026-03-01", "amount": "200", "currency": "EUR", "description": "Save", "transfer_to_account_id": savings});
    let created = record(&app, &user, &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    let leg = created.json();
    assert_eq!(leg["amount"], "-200.00");
    assert_eq!(leg["transfer"]["account_id"], savings.as_str());
    assert_eq!(balance(&app, &user, &checking).await, "300.00");
    assert_eq!(balance(&app, &user, &savings).await, "200.00");

    let other = format!(
        "/v1/transactions/{}",
        leg["transfer"]["transaction_id"]
            .as_str()
            .expect("other leg")
    );
    assert_eq!(
        app.call(Method::DELETE, &other, Some(&user.access_token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(balance(&app, &user, &checking).await, "500.00");
    assert_eq!(balance(&app, &user, &savings).await, "0.00");
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_records_once() {
    let app = TestApp::new();
    let user = app.signed_up("id@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let body = spend(&account, "-5.00");
    let send = |body: Value, key: &'static str| {
        let (app, token) = (&app, user.access_token.clone());
        async move {
            app.post_with_idempotency_key("/v1/transactions", &token, key, &body)
                .await
        }
    };
    let first = send(body.clone(), "order-42").await;
    let second = send(body.clone(), "order-42").await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.json()["id"], second.json()["id"]);
    assert_eq!(balance(&app, &user, &account).await, "-5.00");
    let different = send(spend(&account, "-6.00"), "order-42").await;
    different.assert_error(StatusCode::CONFLICT, "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(balance(&app, &user, &account).await, "-5.00");
}

#[tokio::test]
async fn fifty_parallel_records_on_one_account_lose_no_update() {
    let app = TestApp::new();
    let user = app.signed_up("par@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let body = spend(&account, "-1.01");
    let writes = (0..50).map(|_| record(&app, &user, &body));
    let results = futures::future::join_all(writes).await;
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED));
    assert_eq!(balance(&app, &user, &account).await, "-50.50");
}

#[tokio::test]
async fn bad_transaction_input_is_refused_and_nothing_is_written() {
    let app = TestApp::new();
    let user = app.signed_up("bt@example.com").await;
    let account = open_account(&app, &user, "EUR", "10").await;
    let cases = [
        ("currency", json!({"currency": "USD"}), "currency"),
        ("decimals", json!({"amount": "-1.234"}), "amount"),
        ("date", json!({"date": "1950-01-01"}), "date"),
        ("category", json!({"category": "yachts"}), "category"),
        (
            "account",
            json!({"account_id": "01NOSUCHACCOUNT"}),
            "account_id",
        ),
    ];
    for (name, change, field) in cases {
        let mut body = spend(&account, "-1.00");
        for (key, value) in change.as_object().expect("object") {
            body[key] = value.clone();
        }
        let response = record(&app, &user, &body).await;
        response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
        assert_eq!(
            response.json()["error"]["details"][0]["field"],
            field,
            "{name}"
        );
    }
    let mut unknown = spend(&account, "-1.00");
    unknown["balance"] = json!("0");
    record(&app, &user, &unknown)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(balance(&app, &user, &account).await, "10.00");
}

#[tokio::test]
async fn another_users_transactions_and_accounts_are_out_of_reach() {
    let app = TestApp::new();
    let owner = app.signed_up("ow@example.com").await;
    let other = app.signed_up("ot@example.com").await;
    let account = open_account(&app, &owner, "EUR", "10").await;
    let created = record(&app, &owner, &spend(&account, "-1.00")).await.json();
    let path = format!("/v1/transactions/{}", created["id"].as_str().expect("id"));
    app.call(Method::GET, &path, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::DELETE, &path, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    record(&app, &other, &spend(&account, "-1.00"))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let listing = format!("/v1/transactions?account_id={account}");
    app.call(Method::GET, &listing, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::GET, "/v1/transactions", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    assert_eq!(balance(&app, &owner, &account).await, "9.00");
}
