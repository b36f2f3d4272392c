//! /v1/budgets CRUD: create, list, read, change, delete; ownership, 401 and bad input. Also the
//! helpers the other budget tests use.

use axum::http::{Method, StatusCode};
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};

pub async fn post(app: &TestApp, user: &SignedIn, path: &str, body: &Value) -> TestResponse {
    app.call(Method::POST, path, Some(&user.access_token), Some(body))
        .await
}

pub async fn get(app: &TestApp, user: &SignedIn, path: &str) -> TestResponse {
    app.call(Method::GET, path, Some(&user.access_token), None)
        .await
}

/// Creates a budget and returns its id.
pub async fn create_budget(
    app: &TestApp,
    user: &SignedIn,
    category: &str,
    amount: &str,
    currency: &str,
    rollover: bool,
) -> String {
    let body =
        json!({"category": category, "amount": amount, "currency": currency, "rollover": rollover});
    let response = post(app, user, "/v1/budgets", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()["id"].as_str().expect("id").to_owned()
}

/// Records a transaction through the API.
pub async fn record(
    app: &TestApp,
    user: &SignedIn,
    account: &str,
    date: &str,
    amount: &str,
    currency: &str,
    category: &str,
) {
    let body = json!({"account_id": account, "date": date, "amount": amount, "currency": currency, "description": "Test", "category": category});
    let response = post(app, user, "/v1/transactions", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
}

/// The fields named in a 422's details.
pub fn invalid_fields(response: &TestResponse) -> Vec<String> {
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let details = response.json()["error"]["details"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    details
        .iter()
        .map(|detail| detail["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn budgets_are_created_listed_read_changed_and_deleted() {
    let app = TestApp::new();
    let user = app.signed_up("budget-crud@example.com").await;
    let id = create_budget(&app, &user, "groceries", "400.5", "EUR", true).await;
    let path = format!("/v1/budgets/{id}");
    let read = get(&app, &user, &path).await;
    assert_eq!(read.status, StatusCode::OK);
    let json = read.json();
    assert_eq!(
        (
            json["category"].as_str(),
            json["amount"].as_str(),
            json["currency"].as_str()
        ),
        (Some("groceries"), Some("400.50"), Some("EUR"))
    );
    assert_eq!(json["rollover"], true);

    let changed = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"amount": "350", "currency": "EUR", "rollover": false})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(
        (
            changed.json()["amount"].as_str(),
            changed.json()["rollover"].as_bool()
        ),
        (Some("350.00"), Some(false))
    );

    create_budget(&app, &user, "dining", "100", "EUR", false).await;
    let first = get(&app, &user, "/v1/budgets?limit=1").await.json();
    assert_eq!(first["items"].as_array().map(Vec::len), Some(1));
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = get(&app, &user, &format!("/v1/budgets?limit=1&cursor={cursor}"))
        .await
        .json();
    assert_eq!(second["items"][0]["category"], "dining");
    assert!(second["next_cursor"].is_null());

    let deleted = app
        .call(Method::DELETE, &path, Some(&user.access_token), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    get(&app, &user, &path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    // The category and currency are free again.
    create_budget(&app, &user, "groceries", "10", "EUR", false).await;
}

#[tokio::test]
async fn one_budget_per_category_and_currency() {
    let app = TestApp::new();
    let user = app.signed_up("budget-dup@example.com").await;
    create_budget(&app, &user, "groceries", "100", "EUR", false).await;
    let again = post(
        &app,
        &user,
        "/v1/budgets",
        &json!({"category": "groceries", "amount": "5", "currency": "EUR"}),
    )
    .await;
    again.assert_error(StatusCode::CONFLICT, "CONFLICT");
    create_budget(&app, &user, "groceries", "100", "USD", false).await;
}

#[tokio::test]
async fn budget_routes_need_a_token() {
    let app = TestApp::new();
    let paths = [
        "/v1/budgets",
        "/v1/budgets/x",
        "/v1/budgets/x/progress",
        "/v1/budgets/overview",
    ];
    for path in paths {
        app.call(Method::GET, path, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    let body = json!({"category": "groceries", "amount": "1", "currency": "EUR"});
    app.call(Method::POST, "/v1/budgets", None, Some(&body))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.call(Method::DELETE, "/v1/budgets/x", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}

#[tokio::test]
async fn another_users_budget_is_not_found() {
    let app = TestApp::new();
    let owner = app.signed_up("budget-owner@example.com").await;
    let other = app.signed_up("budget-other@example.com").await;
    let id = create_budget(&app, &owner, "groceries", "100", "EUR", false).await;
    let path = format!("/v1/budgets/{id}");
    get(&app, &other, &path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &other, &format!("{path}/progress?month=2026-11"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let patch = app
        .call(
            Method::PATCH,
            &path,
            Some(&other.access_token),
            Some(&json!({"amount": "1"})),
        )
        .await;
    patch.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let delete = app
        .call(Method::DELETE, &path, Some(&other.access_token), None)
        .await;
    delete.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/budgets").await.json()["items"],
        json!([])
    );
    assert_eq!(
        get(&app, &owner, &path).await.status,
        StatusCode::OK,
        "still there"
    );
}

#[tokio::test]
async fn bad_budget_input_is_refused_with_field_details() {
    let app = TestApp::new();
    let user = app.signed_up("budget-bad@example.com").await;
    let cases = [
        (
            json!({"category": "yachts", "amount": "1", "currency": "EUR"}),
            vec!["category"],
        ),
        (
            json!({"category": "salary", "amount": "1", "currency": "EUR"}),
            vec!["category"],
        ),
        (
            json!({"category": "groceries", "amount": "1.005", "currency": "EUR"}),
            vec!["amount"],
        ),
        (
            json!({"category": "groceries", "amount": "1.5", "currency": "JPY"}),
            vec!["amount"],
        ),
        (
            json!({"category": "groceries", "amount": "0", "currency": "EUR"}),
            vec!["amount"],
        ),
        (
            json!({"category": "groceries", "amount": "1", "currency": "EURO"}),
            vec!["currency"],
        ),
    ];
    for (body, fields) in cases {
        assert_eq!(
            invalid_fields(&post(&app, &user, "/v1/budgets", &body).await),
            fields,
            "{body}"
        );
    }
    let unknown = post(
        &app,
        &user,
        "/v1/budgets",
        &json!({"category": "groceries", "amount": "1", "currency": "EUR", "owner": "x"}),
    )
    .await;
    unknown.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    let id = create_budget(&app, &user, "groceries", "100", "EUR", false).await;
    let path = format!("/v1/budgets/{id}");
    let mismatch = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"amount": "5", "currency": "USD"})),
        )
        .await;
    assert_eq!(invalid_fields(&mismatch), ["currency"]);
    let recategorise = app
        .call(
            Method::PATCH,
            &path,
            Some(&user.access_token),
            Some(&json!({"category": "dining"})),
        )
        .await;
    recategorise.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        get(&app, &user, &path).await.json()["amount"],
        "100.00",
        "nothing changed"
    );
}
