//! PATCH is JSON Merge Patch (RFC 7396) on categories, rules and goals as on transactions and
//! accounts: a member left out stays, `null` clears what may be empty, and `null` on a field
//! every record has is a 422 naming it, with nothing written.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

async fn call(app: &TestApp, user: &SignedIn, method: Method, path: &str, body: &Value) -> Value {
    let response = app
        .call(method, path, Some(&user.access_token), Some(body))
        .await;
    assert!(
        response.status.is_success(),
        "{path}: {} {:?}",
        response.status,
        response.json()
    );
    response.json()
}

/// The fields a refused patch names.
async fn refused(app: &TestApp, user: &SignedIn, path: &str, body: &Value) -> Vec<String> {
    let response = app
        .call(Method::PATCH, path, Some(&user.access_token), Some(body))
        .await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    response.json()["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|detail| detail["field"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_category_rule_and_goal_take_merge_patches() {
    let app = TestApp::new();
    let user = app.signed_up("patches@example.com").await;

    let category = call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions/categories",
        &json!({"name": "Pet food", "kind": "expense", "parent": "shopping"}),
    )
    .await;
    let path = format!(
        "/v1/transactions/categories/{}",
        category["id"].as_str().expect("id")
    );
    let top = call(&app, &user, Method::PATCH, &path, &json!({"parent": null})).await;
    assert_eq!(
        (&top["parent"], &top["name"]),
        (&Value::Null, &json!("Pet food")),
        "{top}"
    );
    assert_eq!(
        refused(&app, &user, &path, &json!({"name": null})).await,
        ["name"]
    );

    let rule = call(
        &app,
        &user,
        Method::POST,
        "/v1/transactions/rules",
        &json!({"field": "merchant", "operator": "contains", "pattern": "gym", "category": "health",
            "max_amount": "100", "tags": ["sport"]}),
    )
    .await;
    let path = format!(
        "/v1/transactions/rules/{}",
        rule["id"].as_str().expect("id")
    );
    let cleared = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        &json!({"max_amount": null, "tags": null}),
    )
    .await;
    assert_eq!(
        (
            &cleared["max_amount"],
            &cleared["tags"],
            &cleared["pattern"]
        ),
        (&Value::Null, &json!([]), &json!("gym")),
        "{cleared}"
    );
    assert_eq!(
        refused(
            &app,
            &user,
            &path,
            &json!({"pattern": null, "priority": null})
        )
        .await,
        ["priority", "pattern"]
    );

    let account = app.open_account(&user, "savings", "EUR", "0").await;
    let goal = call(&app, &user, Method::POST, "/v1/goals",
        &json!({"name": "Car", "target_amount": "5000", "currency": "EUR", "target_date": "2027-06-01",
            "account_id": account})).await;
    let path = format!("/v1/goals/{}", goal["id"].as_str().expect("id"));
    let unlinked = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        &json!({"account_id": null}),
    )
    .await;
    assert_eq!(
        (&unlinked["account_id"], &unlinked["name"]),
        (&Value::Null, &json!("Car")),
        "{unlinked}"
    );
    assert_eq!(
        refused(
            &app,
            &user,
            &path,
            &json!({"target_date": null, "name": "Van"})
        )
        .await,
        ["target_date"]
    );
    let kept = app
        .call(Method::GET, &path, Some(&user.access_token), None)
        .await
        .json();
    assert_eq!(kept["name"], "Car", "nothing written on a refused patch");
}

#[tokio::test]
async fn a_profile_and_a_budget_refuse_null_on_fields_they_always_have() {
    let app = TestApp::new();
    let user = app.signed_up("profile-patch@example.com").await;
    assert_eq!(
        refused(
            &app,
            &user,
            "/v1/users/me",
            &json!({"name": null, "time_zone": null})
        )
        .await,
        ["name", "time_zone"]
    );
    let zoned = call(
        &app,
        &user,
        Method::PATCH,
        "/v1/users/me",
        &json!({"time_zone": "Europe/Lisbon"}),
    )
    .await;
    assert_eq!(zoned["time_zone"], "Europe/Lisbon");

    let budget = call(
        &app,
        &user,
        Method::POST,
        "/v1/budgets",
        &json!({"category": "groceries", "amount": "300.00", "currency": "EUR"}),
    )
    .await;
    let path = format!("/v1/budgets/{}", budget["id"].as_str().expect("id"));
    assert_eq!(
        refused(&app, &user, &path, &json!({"amount": null})).await,
        ["amount"]
    );
    let raised = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        &json!({"rollover": true}),
    )
    .await;
    assert_eq!(
        (&raised["amount"], &raised["rollover"]),
        (&json!("300.00"), &json!(true))
    );
}
