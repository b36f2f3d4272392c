//! /v1/accounts.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

async fn open(app: &TestApp, token: &str, body: Value) -> ferrofin_tests::TestResponse {
    app.call(Method::POST, "/v1/accounts", Some(token), Some(&body))
        .await
}

#[tokio::test]
async fn an_account_is_opened_listed_renamed_and_archived() {
    let app = TestApp::new();
    let user = app.signed_up("acc@example.com").await;
    let opened = open(&app, &user.access_token, json!({"kind": "checking", "name": "Main", "currency": "EUR", "opening_balance": "1250.5", "institution": "Bank"})).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.json());
    let account = opened.json();
    assert_eq!(account["balance"], "1250.50");
    assert_eq!(account["opening_balance"], "1250.50");
    let id = account["id"].as_str().expect("id");

    let path = format!("/v1/accounts/{id}");
    let renamed = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"name": "Everyday"})),
        )
        .await;
    assert_eq!(renamed.json()["name"], "Everyday");
    let archived = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"archived": true})),
        )
        .await;
    assert_eq!(archived.json()["archived"], true);
    // A merge patch: null clears the institution; the name cannot be cleared.
    let cleared = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"institution": null})),
        )
        .await;
    assert_eq!(cleared.json()["institution"], serde_json::Value::Null);
    assert_eq!(cleared.json()["name"], "Everyday");
    app.call(
        Method::PATCH,
        &path,
        Some(&user.access_token),
        Some(&json!({"name": null})),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");

    let listed = app
        .call(Method::GET, "/v1/accounts", Some(&user.access_token), None)
        .await
        .json();
    assert_eq!(listed["items"].as_array().expect("items").len(), 0);
    let all = app
        .call(
            Method::GET,
            "/v1/accounts?include_archived=true",
            Some(&user.access_token),
            None,
        )
        .await
        .json();
    assert_eq!(all["items"][0]["id"], id);
}

#[tokio::test]
async fn currencies_keep_their_minor_units() {
    let app = TestApp::new();
    let user = app.signed_up("cur@example.com").await;
    let yen = open(
        &app,
        &user.access_token,
        json!({"kind": "cash", "name": "Yen", "currency": "JPY", "opening_balance": "1500"}),
    )
    .await;
    assert_eq!(yen.json()["balance"], "1500");
    let dinar = open(
        &app,
        &user.access_token,
        json!({"kind": "savings", "name": "KWD", "currency": "KWD", "opening_balance": "1.234"}),
    )
    .await;
    assert_eq!(dinar.json()["balance"], "1.234");
    let too_precise = open(
        &app,
        &user.access_token,
        json!({"kind": "cash", "name": "Yen", "currency": "JPY", "opening_balance": "1.5"}),
    )
    .await;
    too_precise.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn bad_account_input_is_refused() {
    let app = TestApp::new();
    let user = app.signed_up("bad@example.com").await;
    let invalid = open(
        &app,
        &user.access_token,
        json!({"kind": "checking", "name": "", "currency": "XXX", "opening_balance": "abc"}),
    )
    .await;
    invalid.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let body = invalid.json();
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["name", "currency"]);
    open(
        &app,
        &user.access_token,
        json!({"kind": "piggy_bank", "name": "P", "currency": "EUR"}),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let opened = open(
        &app,
        &user.access_token,
        json!({"kind": "cash", "name": "Wallet", "currency": "EUR"}),
    )
    .await
    .json();
    let path = format!("/v1/accounts/{}", opened["id"].as_str().expect("id"));
    app.call(
        Method::PATCH,
        &path,
        Some(&user.access_token),
        Some(&json!({"balance": "1000000"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}

#[tokio::test]
async fn another_users_account_is_not_found_and_a_token_is_required() {
    let app = TestApp::new();
    let owner = app.signed_up("own@example.com").await;
    let other = app.signed_up("oth@example.com").await;
    let opened = open(
        &app,
        &owner.access_token,
        json!({"kind": "cash", "name": "Mine", "currency": "EUR"}),
    )
    .await
    .json();
    let path = format!("/v1/accounts/{}", opened["id"].as_str().expect("id"));
    app.call(Method::GET, &path, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(
        Method::PATCH,
        &path,
        Some(&other.access_token),
        Some(&json!({"name": "Theirs"})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::GET, &path, None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.call(Method::GET, "/v1/accounts", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}
