//! /v1/assistant with no model (the default): conversations and messages per user (paginated,
//! 404 for another user's), the intent parser's answers with figures and citations, drafts
//! written only when confirmed, 401, bad input and the daily limit's 429.

use std::sync::Arc;

use axum::Extension;
use axum::http::{Method, StatusCode};
use ferrofin_assistant::AssistantSettings;
use ferrofin_platform::settings::ASSISTANT_DAILY_MESSAGE_LIMIT;
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::goals::create_goal;

pub async fn start(app: &TestApp, user: &SignedIn) -> String {
    let response = post(app, user, "/v1/assistant/conversations", &json!({})).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()["id"].as_str().expect("id").to_owned()
}

pub async fn ask(app: &TestApp, user: &SignedIn, conversation: &str, text: &str) -> TestResponse {
    let path = format!("/v1/assistant/conversations/{conversation}/messages");
    post(app, user, &path, &json!({"text": text})).await
}

/// Asks, expecting an answer; returns the answer message.
pub async fn answer(app: &TestApp, user: &SignedIn, conversation: &str, text: &str) -> Value {
    let response = ask(app, user, conversation, text).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{text}: {:?}",
        response.json()
    );
    response.json()["answer"].clone()
}

fn has_figure(answer: &Value, value: &str, currency: &str) -> bool {
    answer["figures"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|figure| figure["value"] == value && figure["currency"] == currency)
}

fn cites(answer: &Value, kind: &str, id: &str) -> bool {
    answer["citations"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|citation| citation["kind"] == kind && citation["id"] == id)
}

pub async fn spend(
    app: &TestApp,
    user: &SignedIn,
    account: &str,
    date: &str,
    amount: &str,
    merchant: &str,
    category: &str,
) -> String {
    let body = json!({"account_id": account, "date": date, "amount": amount, "currency": "EUR",
        "description": format!("Card payment {merchant}"), "merchant": merchant, "category": category});
    app.record_transaction(user, &body).await.json()["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The app with these settings in place of the environment's.
/// Sets the runtime setting `assistant.daily_message_limit`, as an admin would.
async fn daily_limit(app: &TestApp, messages: u32) {
    let state = app.embedded.state();
    let change = std::collections::HashMap::from([(
        ASSISTANT_DAILY_MESSAGE_LIMIT.to_owned(),
        json!(messages),
    )]);
    state
        .settings
        .set(&change, &"01ADMIN".into())
        .await
        .expect("the limit is set");
}

pub fn with_settings(settings: AssistantSettings) -> TestApp {
    let mut app = TestApp::new();
    app.router = app.router.clone().layer(Extension(Arc::new(settings)));
    app
}

#[tokio::test]
async fn conversations_are_started_listed_read_and_deleted_with_their_messages() {
    let app = TestApp::new();
    let user = app.signed_up("talker@example.com").await;
    let titled = post(
        &app,
        &user,
        "/v1/assistant/conversations",
        &json!({"title": "October"}),
    )
    .await;
    assert_eq!(titled.status, StatusCode::CREATED);
    assert_eq!(titled.json()["title"], "October");
    let id = start(&app, &user).await;
    let first = get(&app, &user, "/v1/assistant/conversations?limit=1")
        .await
        .json();
    assert_eq!(first["items"][0]["id"], id.as_str(), "newest first");
    assert_eq!(first["items"][0]["title"], "New conversation");
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = get(
        &app,
        &user,
        &format!("/v1/assistant/conversations?limit=1&cursor={cursor}"),
    )
    .await
    .json();
    assert_eq!(second["items"][0]["title"], "October");
    assert!(second["next_cursor"].is_null());

    answer(&app, &user, &id, "What is my net worth?").await;
    answer(&app, &user, &id, "What are my account balances?").await;
    let messages_path = format!("/v1/assistant/conversations/{id}/messages");
    let page = get(&app, &user, &format!("{messages_path}?limit=3"))
        .await
        .json();
    let roles: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["role"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        roles,
        ["user", "assistant", "user"],
        "oldest first, question before answer"
    );
    assert_eq!(page["items"][0]["text"], "What is my net worth?");
    let cursor = page["next_cursor"].as_str().expect("more");
    let rest = get(
        &app,
        &user,
        &format!("{messages_path}?limit=3&cursor={cursor}"),
    )
    .await
    .json();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        get(&app, &user, &format!("/v1/assistant/conversations/{id}"))
            .await
            .json()["id"],
        id.as_str()
    );

    let deleted = app
        .call(
            Method::DELETE,
            &format!("/v1/assistant/conversations/{id}"),
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    get(&app, &user, &format!("/v1/assistant/conversations/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &user, &messages_path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn the_parser_answers_the_common_questions_from_the_tools() {
    let app = TestApp::new();
    let user = app.signed_up("parser@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "1000.00").await;
    let lidl = spend(
        &app,
        &user,
        &account,
        "2026-10-03",
        "-45.50",
        "Lidl",
        "groceries",
    )
    .await;
    spend(
        &app,
        &user,
        &account,
        "2026-10-12",
        "-30.00",
        "Aldi",
        "groceries",
    )
    .await;
    spend(
        &app,
        &user,
        &account,
        "2026-10-20",
        "-20.00",
        "Luigi",
        "dining",
    )
    .await;
    spend(
        &app,
        &user,
        &account,
        "2026-11-02",
        "-60.00",
        "Lidl",
        "groceries",
    )
    .await;
    let goal = create_goal(&app, &user, &json!({"name": "Holiday", "target_amount": "1500", "currency": "EUR", "target_date": "2027-07-01"})).await;
    let goal_id = goal["id"].as_str().expect("goal id");
    let budget = post(
        &app,
        &user,
        "/v1/budgets",
        &json!({"category": "groceries", "amount": "300.00", "currency": "EUR"}),
    )
    .await
    .json();
    let budget_id = budget["id"].as_str().expect("budget id");
    let id = start(&app, &user).await;

    let groceries = answer(
        &app,
        &user,
        &id,
        "How much did I spend on groceries last month?",
    )
    .await;
    assert_eq!(groceries["answered_by"], "parser");
    assert_eq!(groceries["tools"], json!(["spending_by_category"]));
    assert!(
        groceries["text"]
            .as_str()
            .unwrap_or_default()
            .contains("75.50 EUR"),
        "{groceries}"
    );
    assert!(has_figure(&groceries, "75.50", "EUR"), "{groceries}");

    let worth = answer(&app, &user, &id, "What is my net worth?").await;
    assert!(
        worth["text"]
            .as_str()
            .unwrap_or_default()
            .contains("844.50 EUR"),
        "{worth}"
    );
    assert!(
        has_figure(&worth, "844.50", "EUR") && cites(&worth, "account", &account),
        "{worth}"
    );

    let holiday = answer(&app, &user, &id, "Am I on track for my holiday goal?").await;
    assert!(
        holiday["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Holiday"),
        "{holiday}"
    );
    assert!(cites(&holiday, "goal", goal_id), "{holiday}");
    assert!(has_figure(&holiday, "1500.00", "EUR"), "{holiday}");

    let top = answer(&app, &user, &id, "Top 5 merchants this year").await;
    let text = top["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("1. Lidl 105.50 EUR") && text.contains("2. Aldi 30.00 EUR"),
        "{top}"
    );

    let budgets = answer(&app, &user, &id, "How are my budgets this month?").await;
    assert!(
        cites(&budgets, "budget", budget_id) && has_figure(&budgets, "60.00", "EUR"),
        "{budgets}"
    );

    let found = answer(&app, &user, &id, "Find transactions at Lidl last month").await;
    assert!(cites(&found, "transaction", &lidl), "{found}");
    assert_eq!(
        found["citations"].as_array().map(Vec::len),
        Some(1),
        "{found}"
    );

    let flow = answer(&app, &user, &id, "What was my cash flow last month?").await;
    assert!(has_figure(&flow, "95.50", "EUR"), "{flow}");

    let balances = answer(&app, &user, &id, "What are my account balances?").await;
    assert!(cites(&balances, "account", &account), "{balances}");

    for (question, expected) in [
        ("When is my next loan payment?", "no loan payments"),
        ("Show my recent imports", "not imported"),
        (
            "How is my portfolio doing this year?",
            "no investment portfolios",
        ),
        (
            "Search my notes for birthday",
            "Nothing in your transactions",
        ),
    ] {
        let reply = answer(&app, &user, &id, question).await;
        assert!(
            reply["text"]
                .as_str()
                .unwrap_or_default()
                .contains(expected),
            "{question}: {reply}"
        );
    }

    let unknown = answer(&app, &user, &id, "Write me a poem about the sea").await;
    assert!(
        unknown["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("I can't answer that"),
        "{unknown}"
    );
    assert_eq!(unknown["tools"], json!([]));
}

#[tokio::test]
async fn the_parser_drafts_recategorising_the_newest_matching_transaction() {
    let app = TestApp::new();
    let user = app.signed_up("recat@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "100.00").await;
    let older = spend(
        &app,
        &user,
        &account,
        "2026-11-01",
        "-5.00",
        "Lidl",
        "groceries",
    )
    .await;
    let newest = spend(
        &app,
        &user,
        &account,
        "2026-11-20",
        "-7.00",
        "Lidl",
        "groceries",
    )
    .await;
    // Another user's newer Lidl payment is never a match.
    let other = app.signed_up("recat-other@example.com").await;
    let theirs = app.open_account(&other, "checking", "EUR", "100.00").await;
    spend(
        &app,
        &other,
        &theirs,
        "2026-11-21",
        "-9.00",
        "Lidl",
        "groceries",
    )
    .await;
    let id = start(&app, &user).await;

    let exchange = ask(
        &app,
        &user,
        &id,
        "Recategorise my last Lidl payment as dining",
    )
    .await
    .json();
    let answer = &exchange["answer"];
    assert_eq!(
        answer["tools"],
        json!(["search_transactions", "draft_recategorize"]),
        "{answer}"
    );
    assert!(cites(answer, "transaction", &newest), "{answer}");
    let draft = &exchange["drafts"][0];
    assert_eq!(
        draft["fields"]["transaction_id"],
        newest.as_str(),
        "{draft}"
    );
    let draft_id = draft["id"].as_str().expect("draft id");
    let transaction = |id: String| {
        let (app, user) = (&app, &user);
        async move {
            get(app, user, &format!("/v1/transactions/{id}"))
                .await
                .json()
        }
    };
    assert_eq!(transaction(newest.clone()).await["category"], "groceries");

    let confirmed = post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{draft_id}/confirm"),
        &json!({}),
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.json());
    assert_eq!(transaction(newest).await["category"], "dining");
    assert_eq!(transaction(older).await["category"], "groceries");

    let none = answer_text(
        &app,
        &user,
        &id,
        "Recategorise my last Zalando payment as dining",
    )
    .await;
    assert!(
        none.contains("no transaction matching \"Zalando\""),
        "{none}"
    );
}

async fn answer_text(app: &TestApp, user: &SignedIn, conversation: &str, text: &str) -> String {
    answer(app, user, conversation, text).await["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_drafted_write_happens_only_when_the_user_confirms_it() {
    let app = TestApp::new();
    let user = app.signed_up("drafter@example.com").await;
    let id = start(&app, &user).await;
    let response = ask(&app, &user, &id, "Create a budget of 300 EUR for groceries").await;
    assert_eq!(response.status, StatusCode::CREATED);
    let exchange = response.json();
    let draft = exchange["drafts"][0].clone();
    assert_eq!(draft["kind"], "create_budget");
    assert_eq!(draft["status"], "pending");
    assert_eq!(draft["fields"]["amount"], "300");
    let draft_id = draft["id"].as_str().expect("draft id");
    assert_eq!(exchange["answer"]["drafts"], json!([draft_id]));
    assert_eq!(
        get(&app, &user, "/v1/budgets").await.json()["items"],
        json!([]),
        "nothing written yet"
    );

    let confirmed = post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{draft_id}/confirm"),
        &json!({}),
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.json());
    let confirmed = confirmed.json();
    assert_eq!(
        (
            confirmed["status"].as_str(),
            confirmed["result"]["kind"].as_str()
        ),
        (Some("confirmed"), Some("budget"))
    );
    let budgets = get(&app, &user, "/v1/budgets").await.json();
    assert_eq!(budgets["items"][0]["id"], confirmed["result"]["id"]);
    assert_eq!(budgets["items"][0]["amount"], "300.00");
    post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{draft_id}/confirm"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");

    // The area's own checks apply on confirmation: a second budget for groceries is a 409, and
    // the draft stays pending, then is discarded.
    let again = ask(&app, &user, &id, "Create a budget of 100 EUR for groceries")
        .await
        .json();
    let second = again["drafts"][0]["id"]
        .as_str()
        .expect("draft id")
        .to_owned();
    post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{second}/confirm"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
    assert_eq!(
        get(&app, &user, &format!("/v1/assistant/drafts/{second}"))
            .await
            .json()["status"],
        "pending"
    );
    let discarded = post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{second}/discard"),
        &json!({}),
    )
    .await;
    assert_eq!(discarded.json()["status"], "discarded");
    post(
        &app,
        &user,
        &format!("/v1/assistant/drafts/{second}/confirm"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
    assert_eq!(
        get(&app, &user, "/v1/budgets").await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn another_users_conversations_and_drafts_are_not_found() {
    let app = TestApp::new();
    let owner = app.signed_up("owner@example.com").await;
    let other = app.signed_up("other@example.com").await;
    let id = start(&app, &owner).await;
    let exchange = ask(
        &app,
        &owner,
        &id,
        "Create a budget of 300 EUR for groceries",
    )
    .await
    .json();
    let draft = exchange["drafts"][0]["id"]
        .as_str()
        .expect("draft")
        .to_owned();
    let conversation = format!("/v1/assistant/conversations/{id}");
    for (method, path) in [
        (Method::GET, conversation.clone()),
        (Method::DELETE, conversation.clone()),
        (Method::GET, format!("{conversation}/messages")),
        (Method::GET, format!("/v1/assistant/drafts/{draft}")),
        (
            Method::POST,
            format!("/v1/assistant/drafts/{draft}/confirm"),
        ),
        (
            Method::POST,
            format!("/v1/assistant/drafts/{draft}/discard"),
        ),
    ] {
        app.call(method, &path, Some(&other.access_token), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    ask(&app, &other, &id, "What is my net worth?")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/assistant/conversations")
            .await
            .json()["items"],
        json!([])
    );
    assert_eq!(
        get(&app, &owner, &format!("/v1/assistant/drafts/{draft}"))
            .await
            .json()["status"],
        "pending"
    );
}

#[tokio::test]
async fn every_route_needs_a_signed_in_user_and_bad_input_is_refused() {
    let app = TestApp::new();
    for (method, path) in [
        (Method::POST, "/v1/assistant/conversations"),
        (Method::GET, "/v1/assistant/conversations"),
        (Method::GET, "/v1/assistant/conversations/x"),
        (Method::DELETE, "/v1/assistant/conversations/x"),
        (Method::POST, "/v1/assistant/conversations/x/messages"),
        (Method::GET, "/v1/assistant/conversations/x/messages"),
        (Method::GET, "/v1/assistant/usage"),
        (Method::GET, "/v1/assistant/drafts/x"),
        (Method::POST, "/v1/assistant/drafts/x/confirm"),
        (Method::POST, "/v1/assistant/drafts/x/discard"),
    ] {
        app.call(method, path, None, Some(&json!({"text": "hi"})))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    let user = app.signed_up("careless@example.com").await;
    let id = start(&app, &user).await;
    assert_eq!(
        invalid_fields(&ask(&app, &user, &id, "   ").await),
        ["text"]
    );
    assert_eq!(
        invalid_fields(&ask(&app, &user, &id, &"x".repeat(2_001)).await),
        ["text"]
    );
    let long_title = json!({"title": "t".repeat(101)});
    assert_eq!(
        invalid_fields(&post(&app, &user, "/v1/assistant/conversations", &long_title).await),
        ["title"]
    );
    post(
        &app,
        &user,
        &format!("/v1/assistant/conversations/{id}/messages"),
        &json!({"text": "hi", "user_id": "someone"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    get(&app, &user, "/v1/assistant/conversations?cursor=forged")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    get(&app, &user, "/v1/assistant/conversations?limit=0")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    ask(&app, &user, "nope", "hi")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let clarify = answer(&app, &user, &id, "create a budget").await;
    assert!(
        clarify["text"]
            .as_str()
            .unwrap_or_default()
            .contains("I need an expense category"),
        "{clarify}"
    );
    assert_eq!(clarify["drafts"], json!([]));
}

#[tokio::test]
async fn the_daily_message_limit_answers_429_until_the_next_day() {
    let app = TestApp::new();
    daily_limit(&app, 2).await;
    let user = app.signed_up("chatty@example.com").await;
    let id = start(&app, &user).await;
    answer(&app, &user, &id, "What is my net worth?").await;
    answer(&app, &user, &id, "What is my net worth?").await;
    let limited = ask(&app, &user, &id, "What is my net worth?").await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    // 12:00 UTC: twelve hours to the next day.
    assert_eq!(limited.header("retry-after"), Some("43200"));
    let usage = get(&app, &user, "/v1/assistant/usage").await.json();
    assert_eq!(
        (usage["messages"].as_u64(), usage["daily_limit"].as_u64()),
        (Some(2), Some(2))
    );
    // Another user has their own allowance.
    let other = app.signed_up("quiet@example.com").await;
    let theirs = start(&app, &other).await;
    answer(&app, &other, &theirs, "What is my net worth?").await;
    app.clock.advance(time::Duration::hours(12));
    // The access token has expired meanwhile: sign in again.
    let user = app.login(&user.email).await;
    answer(&app, &user, &id, "What is my net worth?").await;
}

#[tokio::test]
async fn spending_over_days_counts_exactly_those_days_of_the_months_at_its_ends() {
    let app = TestApp::new();
    let user = app.signed_up("ranges@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "100.00").await;
    // The last 60 days of 2026-11-21: 2026-09-23 to 2026-11-21, October whole.
    for (date, amount, category) in [
        ("2026-09-20", "-1.00", "groceries"),
        ("2026-09-25", "-2.00", "groceries"),
        ("2026-10-10", "-4.00", "groceries"),
        ("2026-10-11", "-16.00", "dining"),
        ("2026-11-05", "-8.00", "groceries"),
    ] {
        spend(&app, &user, &account, date, amount, "Shop", category).await;
    }
    let id = start(&app, &user).await;
    let spent = answer(
        &app,
        &user,
        &id,
        "How much did I spend on groceries in the last 60 days?",
    )
    .await;
    assert!(has_figure(&spent, "14.00", "EUR"), "{spent}");
    assert!(
        spent["text"]
            .as_str()
            .is_some_and(|text| text.contains("from 2026-09-23 to 2026-11-21")),
        "{spent}"
    );
}

/// Sets the user's stored time zone.
async fn live_in(app: &TestApp, user: &SignedIn, zone: &str) {
    let response = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"time_zone": zone})),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.json());
}

#[tokio::test]
async fn days_are_the_users_own_in_their_time_zone() {
    let app = TestApp::new();
    daily_limit(&app, 1).await;
    let user = app.signed_up("auckland@example.com").await;
    // 2026-11-21 12:00 UTC is 2026-11-22 01:00 in Auckland (NZDT, UTC+13).
    live_in(&app, &user, "Pacific/Auckland").await;
    let account = app.open_account(&user, "checking", "EUR", "100.00").await;
    spend(
        &app,
        &user,
        &account,
        "2026-11-21",
        "-5.00",
        "Lidl",
        "groceries",
    )
    .await;
    spend(
        &app,
        &user,
        &account,
        "2026-11-22",
        "-12.00",
        "Lidl",
        "groceries",
    )
    .await;
    let id = start(&app, &user).await;

    let today = answer(&app, &user, &id, "How much did I spend on groceries today?").await;
    assert!(has_figure(&today, "12.00", "EUR"), "{today}");
    assert!(!has_figure(&today, "17.00", "EUR"), "{today}");

    // The one message of the day is used; the next day starts at Auckland's midnight,
    // 2026-11-22 11:00 UTC: 23 hours on.
    let limited = ask(&app, &user, &id, "What is my net worth?").await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert_eq!(limited.header("retry-after"), Some("82800"));
    let usage = get(&app, &user, "/v1/assistant/usage").await.json();
    assert_eq!(usage["messages"], 1, "{usage}");
}

#[tokio::test]
async fn the_next_loan_payment_is_the_callers_own_loans_first_installment_owed() {
    let app = TestApp::new();
    let bank = crate::loans_lifecycle::bank(&app).await;
    let user = app.signed_up("assistant-borrower@example.com").await;
    let mine = json!({"product_id": bank.product_id, "principal": "5000.00", "number_of_repayments": 12,
        "disbursement_date": "2026-12-15"});
    let loan = post(&app, &user, "/v1/loans", &mine).await.json();
    let loan_id = loan["id"].as_str().expect("id").to_owned();
    crate::loans_lifecycle::step(&app, &user, &loan_id, "submit", &json!({})).await;
    crate::loans_lifecycle::step(
        &app,
        &bank.approver,
        &loan_id,
        "approve",
        &json!({"comment": "ok"}),
    )
    .await;
    crate::loans_lifecycle::step(&app, &bank.officer, &loan_id, "disburse", &json!({})).await;

    let id = start(&app, &user).await;
    let next = answer(&app, &user, &id, "When is my next loan payment?").await;
    let text = next["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("installment 1") && text.contains("due on 2027-01-15"),
        "{next}"
    );
    assert!(cites(&next, "loan", &loan_id), "{next}");
    assert_eq!(next["figures"][0]["currency"], "EUR", "{next}");

    // The officer who disbursed it may read every loan, but asks as a user like any other.
    let staff = start(&app, &bank.officer).await;
    let theirs = answer(&app, &bank.officer, &staff, "When is my next loan payment?").await;
    assert!(
        theirs["text"]
            .as_str()
            .unwrap_or_default()
            .contains("no loan payments"),
        "{theirs}"
    );
}

#[tokio::test]
async fn questions_sent_together_cannot_pass_the_limit_together() {
    let app = TestApp::new();
    daily_limit(&app, 3).await;
    let user = app.signed_up("burst@example.com").await;
    let id = start(&app, &user).await;
    let asked =
        futures::future::join_all((0..6).map(|_| ask(&app, &user, &id, "What is my net worth?")))
            .await;
    let mut statuses: Vec<u16> = asked
        .iter()
        .map(|response| response.status.as_u16())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 201, 201, 429, 429, 429]);
    let messages = get(
        &app,
        &user,
        &format!("/v1/assistant/conversations/{id}/messages"),
    )
    .await
    .json();
    assert_eq!(
        messages["items"].as_array().map(Vec::len),
        Some(6),
        "three questions, three answers"
    );
}

#[tokio::test]
async fn the_parser_drafts_goals_and_rules_that_confirming_creates() {
    let app = TestApp::new();
    let user = app.signed_up("parser-drafts@example.com").await;
    let id = start(&app, &user).await;
    let mut written = Vec::new();
    for (question, kind) in [
        (
            "Create a goal Holiday of 1500 EUR by 2027-07-01",
            "create_goal",
        ),
        ("Always categorise Lidl as groceries", "create_rule"),
    ] {
        let exchange = ask(&app, &user, &id, question).await.json();
        assert_eq!(exchange["drafts"][0]["kind"], kind, "{exchange}");
        let draft = exchange["drafts"][0]["id"].as_str().expect("draft");
        let confirmed = post(
            &app,
            &user,
            &format!("/v1/assistant/drafts/{draft}/confirm"),
            &json!({}),
        )
        .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.json());
        written.push(
            confirmed.json()["result"]["id"]
                .as_str()
                .expect("written")
                .to_owned(),
        );
    }
    let goals = get(&app, &user, "/v1/goals").await.json();
    assert_eq!(
        (
            goals["items"][0]["id"].as_str(),
            goals["items"][0]["name"].as_str()
        ),
        (Some(written[0].as_str()), Some("Holiday"))
    );
    let rules = get(&app, &user, "/v1/transactions/rules").await.json();
    assert_eq!(rules["items"][0]["id"], written[1].as_str());
    assert_eq!(
        (
            rules["items"][0]["pattern"].as_str(),
            rules["items"][0]["category"].as_str()
        ),
        (Some("Lidl"), Some("groceries"))
    );
}

#[tokio::test]
async fn portfolio_performance_reads_the_callers_portfolios_on_stored_prices() {
    let app = TestApp::new();
    let user = app.signed_up("investor-assistant@example.com").await;
    let created = post(
        &app,
        &user,
        "/v1/investments/portfolios",
        &json!({"name": "Main", "base_currency": "EUR", "lot_method": "fifo"}),
    )
    .await;
    let portfolio = created.json()["id"].as_str().expect("portfolio").to_owned();
    let holding = post(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{portfolio}/holdings"),
        &json!({"symbol": "TWR", "account": "broker", "currency": "EUR", "asset_class": "equity"}),
    )
    .await;
    let holding = holding.json()["id"].as_str().expect("holding").to_owned();
    app.settle().await;
    for (date, price) in [("2026-11-17", "100"), ("2026-11-19", "110")] {
        let bought = post(&app, &user, &format!("/v1/investments/portfolios/{portfolio}/activities"),
            &json!({"holding_id": holding, "date": date, "kind": "buy", "quantity": "10", "unit_price": price})).await;
        assert_eq!(bought.status, StatusCode::CREATED, "{:?}", bought.json());
    }
    let id = start(&app, &user).await;
    let doing = answer(&app, &user, &id, "How is my portfolio doing this month?").await;
    assert_eq!(doing["tools"], json!(["portfolio_performance"]));
    assert!(cites(&doing, "portfolio", &portfolio), "{doing}");
    // The close of 20 Nov (carried to today): 20 x 106.59.
    assert!(has_figure(&doing, "2131.80", "EUR"), "{doing}");

    let other = app.signed_up("not-an-investor@example.com").await;
    let theirs = start(&app, &other).await;
    let none = answer(
        &app,
        &other,
        &theirs,
        "How is my portfolio doing this month?",
    )
    .await;
    assert!(
        none["text"]
            .as_str()
            .unwrap_or_default()
            .contains("no investment portfolios"),
        "{none}"
    );
}

#[tokio::test]
async fn recent_imports_and_notes_are_read_from_the_callers_own_records() {
    let app = TestApp::new();
    let user = app.signed_up("importing-assistant@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "0").await;
    let file = crate::files::uploaded(&app, &user, crate::imports::CSV, "text/csv", "import").await;
    let queued =
        crate::imports::start(&app, &user, &crate::imports::csv_import(&file, &account)).await;
    let import_id = queued["id"].as_str().expect("import").to_owned();
    app.settle().await;
    let note = json!({"account_id": account, "date": "2026-11-10", "amount": "-25.00", "currency": "EUR",
        "description": "Gift", "notes": "birthday present for Sam", "category": "shopping"});
    let gift = app.record_transaction(&user, &note).await.json()["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let id = start(&app, &user).await;
    let imports = answer(&app, &user, &id, "Show my recent imports").await;
    let text = imports["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(&import_id) && text.contains("completed_with_errors (3 imported"),
        "{imports}"
    );
    assert!(
        cites(&imports, "import", &import_id) && cites(&imports, "account", &account),
        "{imports}"
    );

    let notes = answer(&app, &user, &id, "Search my notes for birthday").await;
    assert!(
        notes["text"]
            .as_str()
            .unwrap_or_default()
            .contains("(note: birthday present for Sam)"),
        "{notes}"
    );
    assert_eq!(
        notes["citations"],
        json!([{"kind": "transaction", "id": gift}])
    );

    let other = app.signed_up("no-imports@example.com").await;
    let theirs = start(&app, &other).await;
    for (question, nothing) in [
        ("Show my recent imports", "not imported"),
        ("Search my notes for birthday", "Nothing in your"),
    ] {
        let reply = answer(&app, &other, &theirs, question).await;
        assert!(
            reply["text"].as_str().unwrap_or_default().contains(nothing),
            "{question}: {reply}"
        );
    }
}
