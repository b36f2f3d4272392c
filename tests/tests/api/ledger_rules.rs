//! /v1/transactions/rules and /v1/transactions/recategorize: rules applied on record (priority,
//! first category wins, tags merged), recategorising a range with consistent balances and
//! rollups, bounded steps with a cursor, limits, bad input and access.

use axum::http::{Method, StatusCode};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::listing::TransactionFilter;
use ferrofin_ledger::transaction_service::NewTransaction;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::ledger_categories::call;
use crate::ledger_properties::{recomputed_month_rollups, stored_month_rollups};
use crate::ledger_transactions::{balance, open_account};

const RULES: &str = "/v1/transactions/rules";
const RECATEGORIZE: &str = "/v1/transactions/recategorize";

async fn new_rule(app: &TestApp, user: &SignedIn, body: Value) -> String {
    let created = call(app, user, Method::POST, RULES, Some(&body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    created.json()["id"].as_str().expect("id").to_owned()
}

fn payment(account: &str, date: &str, amount: &str, merchant: &str) -> Value {
    json!({"account_id": account, "date": date, "amount": amount, "currency": "EUR",
        "description": "Card payment", "merchant": merchant, "tags": ["card"]})
}

async fn record(app: &TestApp, user: &SignedIn, body: &Value) -> Value {
    let recorded = call(app, user, Method::POST, "/v1/transactions", Some(body)).await;
    assert_eq!(
        recorded.status,
        StatusCode::CREATED,
        "{:?}",
        recorded.json()
    );
    recorded.json()
}

#[tokio::test]
async fn rules_categorise_and_tag_new_transactions_by_priority() {
    let app = TestApp::new();
    let user = app.signed_up("rules@example.com").await;
    let account = open_account(&app, &user, "EUR", "100").await;
    new_rule(&app, &user, json!({"priority": 20, "field": "merchant", "operator": "contains", "pattern": "mark", "category": "shopping", "tags": ["weekly"]})).await;
    new_rule(&app, &user, json!({"priority": 10, "field": "merchant", "operator": "starts_with", "pattern": "super", "category": "groceries", "tags": ["food"]})).await;
    new_rule(&app, &user, json!({"priority": 5, "field": "description", "operator": "equals", "pattern": "CARD PAYMENT", "min_amount": "-100", "max_amount": "-50", "tags": ["big"]})).await;

    let small = record(
        &app,
        &user,
        &payment(&account, "2026-03-01", "-12.00", "SuperMarket"),
    )
    .await;
    assert_eq!(small["category"], "groceries");
    assert_eq!(small["tags"], json!(["card", "food", "weekly"]));
    let big = record(
        &app,
        &user,
        &payment(&account, "2026-03-02", "-60.00", "Corner market"),
    )
    .await;
    assert_eq!(big["category"], "shopping");
    assert_eq!(big["tags"], json!(["card", "big", "weekly"]));
    let none = record(
        &app,
        &user,
        &payment(&account, "2026-03-03", "-1.00", "Bakery"),
    )
    .await;
    assert_eq!(none["category"], Value::Null);
    let mut chosen = payment(&account, "2026-03-04", "-5.00", "SuperMarket");
    chosen["category"] = json!("dining");
    let chosen = record(&app, &user, &chosen).await;
    assert_eq!(chosen["category"], "dining");
    assert_eq!(chosen["tags"], json!(["card"]));

    let listed = call(&app, &user, Method::GET, RULES, None).await.json();
    let priorities: Vec<&Value> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| &r["priority"])
        .collect();
    assert_eq!(priorities, [&json!(5), &json!(10), &json!(20)]);
}

#[tokio::test]
async fn rules_are_changed_deleted_and_checked() {
    let app = TestApp::new();
    let user = app.signed_up("rule-crud@example.com").await;
    let id = new_rule(&app, &user, json!({"field": "merchant", "operator": "contains", "pattern": "gym", "category": "health", "tags": ["sport"]})).await;
    let path = format!("{RULES}/{id}");
    let fetched = call(&app, &user, Method::GET, &path, None).await.json();
    assert_eq!(fetched["priority"], 100);
    let changed = call(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(&json!({"priority": 1, "category": null, "min_amount": "-20.50"})),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(changed.json()["category"], Value::Null);
    assert_eq!(changed.json()["min_amount"], "-20.5");
    call(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(&json!({"tags": []})),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");

    let invalid = [
        json!({"field": "merchant", "operator": "contains", "pattern": " ", "category": "health"}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a", "category": "nope"}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a"}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a", "tags": ["no spaces"]}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a", "tags": ["x"], "min_amount": "ten"}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a", "tags": ["x"], "min_amount": "5", "max_amount": "1"}),
        json!({"field": "merchant", "operator": "contains", "pattern": "a", "tags": ["x"], "priority": 10_001}),
    ];
    for body in invalid {
        call(&app, &user, Method::POST, RULES, Some(&body))
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    let unknown_operator =
        json!({"field": "merchant", "operator": "matches", "pattern": "a", "tags": ["x"]});
    call(&app, &user, Method::POST, RULES, Some(&unknown_operator))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let unknown_field = json!({"field": "merchant", "operator": "contains", "pattern": "a", "tags": ["x"], "user_id": "me"});
    call(&app, &user, Method::POST, RULES, Some(&unknown_field))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        call(&app, &user, Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    call(&app, &user, Method::GET, &path, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn another_users_rules_are_out_of_reach_and_a_token_is_needed() {
    let app = TestApp::new();
    let owner = app.signed_up("rule-owner@example.com").await;
    let other = app.signed_up("rule-other@example.com").await;
    let id = new_rule(
        &app,
        &owner,
        json!({"field": "merchant", "operator": "contains", "pattern": "gym", "tags": ["sport"]}),
    )
    .await;
    let path = format!("{RULES}/{id}");
    for (method, body) in [
        (Method::GET, None),
        (Method::PATCH, Some(json!({"priority": 1}))),
        (Method::DELETE, None),
    ] {
        call(&app, &other, method, &path, body.as_ref())
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    let listed = call(&app, &other, Method::GET, RULES, None).await.json();
    assert_eq!(listed["items"], json!([]));
    let owners_account = open_account(&app, &owner, "EUR", "0").await;
    let range = json!({"from": "2026-01-01", "to": "2026-12-31", "account_id": owners_account});
    call(&app, &other, Method::POST, RECATEGORIZE, Some(&range))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    for (method, path) in [
        (Method::GET, RULES),
        (Method::GET, path.as_str()),
        (Method::POST, RECATEGORIZE),
    ] {
        app.call(method, path, None, Some(&range))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_user_has_at_most_one_hundred_rules() {
    let app = TestApp::new();
    let user = app.signed_up("many-rules@example.com").await;
    let body = json!({"field": "merchant", "operator": "contains", "pattern": "x", "tags": ["x"]});
    for _ in 0..100 {
        new_rule(&app, &user, body.clone()).await;
    }
    call(&app, &user, Method::POST, RULES, Some(&body))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn recategorize_reapplies_rules_and_keeps_balances_and_rollups_consistent() {
    let app = TestApp::new();
    let user = app.signed_up("recat@example.com").await;
    let account = open_account(&app, &user, "EUR", "100").await;
    let other_account = open_account(&app, &user, "EUR", "0").await;
    for (date, amount, merchant) in [
        ("2026-01-10", "-10", "Fresh Market"),
        ("2026-02-10", "-20", "Fresh Market"),
        ("2026-03-10", "-30", "Fresh Market"),
        ("2026-02-11", "-7", "Cinema"),
    ] {
        record(&app, &user, &payment(&account, date, amount, merchant)).await;
    }
    record(
        &app,
        &user,
        &payment(&other_account, "2026-02-12", "-4", "Fresh Market"),
    )
    .await;
    let market_food =
        crate::ledger_categories::new_category(&app, &user, "Market food", Some("groceries")).await;
    new_rule(&app, &user, json!({"field": "merchant", "operator": "contains", "pattern": "market", "category": market_food, "tags": ["food"]})).await;

    let range = json!({"from": "2026-02-01", "to": "2026-03-31", "account_id": account});
    let answer = call(&app, &user, Method::POST, RECATEGORIZE, Some(&range)).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    assert_eq!(
        answer.json(),
        json!({"examined": 3, "changed": 2, "next_cursor": null})
    );
    let again = call(&app, &user, Method::POST, RECATEGORIZE, Some(&range))
        .await
        .json();
    assert_eq!(again["changed"], 0);

    assert_eq!(balance(&app, &user, &account).await, "33.00");
    let state = app.embedded.state();
    let (live, _) = Ledger::new(&state)
        .list_transactions(&user.user_id, &TransactionFilter::default(), 100, None)
        .await
        .expect("list");
    let categorised: Vec<(String, Option<String>)> = live
        .iter()
        .map(|t| (t.date_string(), t.category.clone()))
        .collect();
    assert!(categorised.contains(&("2026-02-10".to_owned(), Some(market_food.clone()))));
    assert!(categorised.contains(&("2026-01-10".to_owned(), None)));
    assert!(categorised.contains(&("2026-02-12".to_owned(), None)));
    assert_eq!(
        stored_month_rollups(&state, &user.user_id).await,
        recomputed_month_rollups(&live)
    );
}

#[tokio::test]
async fn recategorize_stops_after_five_hundred_and_continues_with_its_cursor() {
    let app = TestApp::new();
    let user = app.signed_up("recat-many@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let ledger = Ledger::new(&app.embedded.state());
    for day in 0..501 {
        let new = NewTransaction {
            account_id: account.as_str().into(),
            date: format!("2026-{:02}-{:02}", day % 12 + 1, day % 28 + 1),
            amount: "-1".into(),
            currency: "EUR".into(),
            description: "Coffee".into(),
            merchant: None,
            category: None,
            tags: vec![],
            notes: None,
            transfer_to_account_id: None,
        };
        ledger
            .record(&user.user_id, new, None)
            .await
            .expect("record");
    }
    new_rule(&app, &user, json!({"field": "description", "operator": "equals", "pattern": "coffee", "category": "dining"})).await;
    let range = json!({"from": "2026-01-01", "to": "2026-12-31"});
    let first = call(&app, &user, Method::POST, RECATEGORIZE, Some(&range))
        .await
        .json();
    assert_eq!(
        (first["examined"].clone(), first["changed"].clone()),
        (json!(500), json!(500))
    );
    let cursor = first["next_cursor"].as_str().expect("cursor").to_owned();

    let mut other_range = json!({"from": "2026-01-02", "to": "2026-12-31", "cursor": cursor});
    call(&app, &user, Method::POST, RECATEGORIZE, Some(&other_range))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    other_range["from"] = json!("2026-01-01");
    let second = call(&app, &user, Method::POST, RECATEGORIZE, Some(&other_range))
        .await
        .json();
    assert_eq!(
        second,
        json!({"examined": 1, "changed": 1, "next_cursor": null})
    );
    assert_eq!(balance(&app, &user, &account).await, "-501.00");
}

#[tokio::test]
async fn bad_recategorize_input_is_refused() {
    let app = TestApp::new();
    let user = app.signed_up("recat-bad@example.com").await;
    for body in [
        json!({"from": "2026-03-01", "to": "2026-02-01"}),
        json!({"from": "March", "to": "2026-02-01"}),
    ] {
        call(&app, &user, Method::POST, RECATEGORIZE, Some(&body))
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    for body in [
        json!({"from": "2026-01-01"}),
        json!({"from": "2026-01-01", "to": "2026-02-01", "all": true}),
    ] {
        call(&app, &user, Method::POST, RECATEGORIZE, Some(&body))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    }
    let tampered = json!({"from": "2026-01-01", "to": "2026-02-01", "cursor": "abc.def"});
    call(&app, &user, Method::POST, RECATEGORIZE, Some(&tampered))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}
