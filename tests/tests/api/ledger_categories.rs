//! /v1/transactions/categories: the defaults plus the caller's own categories — creation,
//! listing, changes, the two-level tree, use by transactions, deletion rules, limits and access.

use axum::http::{Method, StatusCode};
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};

use crate::ledger_transactions::{open_account, spend};

const CATEGORIES: &str = "/v1/transactions/categories";

pub async fn create_category(app: &TestApp, user: &SignedIn, body: &Value) -> TestResponse {
    app.call(
        Method::POST,
        CATEGORIES,
        Some(&user.access_token),
        Some(body),
    )
    .await
}

pub async fn new_category(
    app: &TestApp,
    user: &SignedIn,
    name: &str,
    parent: Option<&str>,
) -> String {
    let body = json!({"name": name, "kind": "expense", "parent": parent});
    let created = create_category(app, user, &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    created.json()["id"].as_str().expect("id").to_owned()
}

fn with_category(account: &str, category: &str) -> Value {
    let mut body = spend(account, "-9.90");
    body["category"] = json!(category);
    body
}

pub async fn call(
    app: &TestApp,
    user: &SignedIn,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> TestResponse {
    app.call(method, path, Some(&user.access_token), body).await
}

#[tokio::test]
async fn user_categories_are_listed_after_the_defaults_and_usable_by_transactions() {
    let app = TestApp::new();
    let user = app.signed_up("cat@example.com").await;
    let pets = new_category(&app, &user, "  Pets ", None).await;
    let food = new_category(&app, &user, "Pet food", Some(&pets)).await;

    let list = call(&app, &user, Method::GET, CATEGORIES, None)
        .await
        .json();
    let items = list["items"].as_array().expect("items");
    assert_eq!(items[0]["default"], true);
    let own: Vec<&Value> = items.iter().filter(|c| c["default"] == false).collect();
    assert_eq!(own.len(), 2);
    assert_eq!(own[0]["name"], "Pets");
    assert_eq!(own[0]["parent"], Value::Null);
    assert_eq!(own[1]["parent"], pets.as_str());

    let account = open_account(&app, &user, "EUR", "0").await;
    let recorded = call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions",
        Some(&with_category(&account, &food)),
    )
    .await;
    assert_eq!(
        recorded.status,
        StatusCode::CREATED,
        "{:?}",
        recorded.json()
    );
    assert_eq!(recorded.json()["category"], food.as_str());

    let path = format!("{CATEGORIES}/{food}");
    let moved = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(&json!({"name": "Animal food", "parent": "shopping"})),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json());
    assert_eq!(moved.json()["name"], "Animal food");
    assert_eq!(moved.json()["parent"], "shopping");
    let top = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(&json!({"parent": null})),
    )
    .await;
    assert_eq!(top.json()["parent"], Value::Null);
    let fetched = call(&app, &user, Method::GET, &path, None).await;
    assert_eq!(fetched.json()["name"], "Animal food");
    assert_eq!(fetched.json()["default"], false);
}

#[tokio::test]
async fn a_category_in_use_cannot_be_deleted_until_nothing_uses_it() {
    let app = TestApp::new();
    let user = app.signed_up("del@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let pets = new_category(&app, &user, "Pets", None).await;
    let path = format!("{CATEGORIES}/{pets}");

    let recorded = call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions",
        Some(&with_category(&account, &pets)),
    )
    .await;
    let transaction = format!(
        "/v1/transactions/{}",
        recorded.json()["id"].as_str().expect("id")
    );
    call(&app, &user, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let moved = call(
        &app,
        &user,
        Method::PATCH,
        &transaction,
        Some(&json!({"category": "groceries"})),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK);

    let child = new_category(&app, &user, "Vet", Some(&pets)).await;
    call(&app, &user, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let child_path = format!("{CATEGORIES}/{child}");
    assert_eq!(
        call(&app, &user, Method::DELETE, &child_path, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    let rule =
        json!({"field": "merchant", "operator": "contains", "pattern": "zoo", "category": pets});
    let rule = call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions/rules",
        Some(&rule),
    )
    .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{:?}", rule.json());
    call(&app, &user, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let rule_path = format!(
        "/v1/transactions/rules/{}",
        rule.json()["id"].as_str().expect("id")
    );
    call(&app, &user, Method::DELETE, &rule_path, None).await;

    assert_eq!(
        call(&app, &user, Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions",
        Some(&with_category(&account, &pets)),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn bad_category_input_is_refused() {
    let app = TestApp::new();
    let user = app.signed_up("badcat@example.com").await;
    let parent = new_category(&app, &user, "Home", None).await;
    let child = new_category(&app, &user, "Garden", Some(&parent)).await;
    let invalid = [
        json!({"name": " ", "kind": "expense"}),
        json!({"name": "x".repeat(61), "kind": "expense"}),
        json!({"name": "Bonus", "kind": "income", "parent": "groceries"}),
        json!({"name": "Deep", "kind": "expense", "parent": child}),
        json!({"name": "Lost", "kind": "expense", "parent": "no-such-category"}),
    ];
    for body in invalid {
        create_category(&app, &user, &body)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    create_category(&app, &user, &json!({"name": "A", "kind": "savings"}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    create_category(
        &app,
        &user,
        &json!({"name": "A", "kind": "expense", "colour": "red"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    let path = format!("{CATEGORIES}/{parent}");
    for body in [json!({"parent": parent}), json!({"parent": "dining"})] {
        call(&app, &user, Method::PATCH, &path, Some(&body))
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    call(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(&json!({"kind": "income"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}

#[tokio::test]
async fn another_users_categories_are_out_of_reach() {
    let app = TestApp::new();
    let owner = app.signed_up("owner-cat@example.com").await;
    let other = app.signed_up("other-cat@example.com").await;
    let pets = new_category(&app, &owner, "Pets", None).await;
    let path = format!("{CATEGORIES}/{pets}");
    for (method, body) in [
        (Method::GET, None),
        (Method::PATCH, Some(json!({"name": "Mine"}))),
        (Method::DELETE, None),
    ] {
        call(&app, &other, method, &path, body.as_ref())
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    let listed = call(&app, &other, Method::GET, CATEGORIES, None)
        .await
        .json();
    assert!(
        listed["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|c| c["default"] == true)
    );
    let account = open_account(&app, &other, "EUR", "0").await;
    call(
        &app,
        &other,
        Method::POST,
        "/v1/transactions",
        Some(&with_category(&account, &pets)),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    create_category(
        &app,
        &other,
        &json!({"name": "Sub", "kind": "expense", "parent": pets}),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    for method in [Method::GET, Method::POST] {
        app.call(
            method,
            CATEGORIES,
            None,
            Some(&json!({"name": "A", "kind": "expense"})),
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_user_has_at_most_two_hundred_categories() {
    let app = TestApp::new();
    let user = app.signed_up("many-cat@example.com").await;
    for i in 0..200 {
        new_category(&app, &user, &format!("C{i}"), None).await;
    }
    let body = json!({"name": "One more", "kind": "expense"});
    create_category(&app, &user, &body)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let list = call(&app, &user, Method::GET, CATEGORIES, None)
        .await
        .json();
    let last = list["items"]
        .as_array()
        .and_then(|items| items.last())
        .cloned()
        .expect("last");
    let path = format!("{CATEGORIES}/{}", last["id"].as_str().expect("id"));
    assert_eq!(
        call(&app, &user, Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        create_category(&app, &user, &body).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn every_listed_category_can_be_read_by_its_id() {
    let app = TestApp::new();
    let user = app.signed_up("read-cats@example.com").await;
    let made = app
        .call(
            Method::POST,
            "/v1/transactions/categories",
            Some(&user.access_token),
            Some(&json!({"name": "Pets", "kind": "expense"})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.json());
    let listed = app
        .call(
            Method::GET,
            "/v1/transactions/categories?limit=100",
            Some(&user.access_token),
            None,
        )
        .await
        .json();
    let items = listed["items"].as_array().expect("items");
    assert!(items.iter().any(|c| c["default"] == true));
    for category in items {
        let path = format!(
            "/v1/transactions/categories/{}",
            category["id"].as_str().expect("id")
        );
        let read = app
            .call(Method::GET, &path, Some(&user.access_token), None)
            .await;
        assert_eq!(read.status, StatusCode::OK, "{path}");
        assert_eq!(&read.json(), category, "{path}");
    }
    let missing = app
        .call(
            Method::GET,
            "/v1/transactions/categories/no-such-category",
            Some(&user.access_token),
            None,
        )
        .await;
    missing.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}
