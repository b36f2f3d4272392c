//! /v1/wallet: summary, cash flow and net worth from the rollups.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

async fn open(app: &TestApp, user: &SignedIn, kind: &str, currency: &str, opening: &str) -> String {
    app.open_account(user, kind, currency, opening).await
}

async fn record(app: &TestApp, user: &SignedIn, body: Value) {
    app.record_transaction(user, &body).await;
}

fn tx(account: &str, date: &str, amount: &str, currency: &str, category: &str) -> Value {
    json!({"account_id": account, "date": date, "amount": amount, "currency": currency, "description": category, "category": category})
}

async fn get(app: &TestApp, user: &SignedIn, path: &str) -> Value {
    let response = app
        .call(Method::GET, path, Some(&user.access_token), None)
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {:?}",
        response.json()
    );
    response.json()
}

async fn seeded(app: &TestApp) -> SignedIn {
    let user = app.signed_up("wallet@example.com").await;
    let checking = open(app, &user, "checking", "EUR", "1000.00").await;
    let card = open(app, &user, "credit_card", "EUR", "0").await;
    let yen = open(app, &user, "cash", "JPY", "5000").await;
    record(
        app,
        &user,
        tx(&checking, "2026-01-25", "3000.00", "EUR", "salary"),
    )
    .await;
    record(
        app,
        &user,
        tx(&checking, "2026-01-26", "-1200.00", "EUR", "rent"),
    )
    .await;
    record(
        app,
        &user,
        tx(&card, "2026-02-03", "-45.20", "EUR", "dining"),
    )
    .await;
    record(
        app,
        &user,
        tx(&card, "2026-02-10", "-300.00", "EUR", "travel"),
    )
    .await;
    record(app, &user, tx(&yen, "2026-02-11", "-800", "JPY", "dining")).await;
    let transfer = json!({"account_id": checking, "date": "2026-02-15", "amount": "200.00", "currency": "EUR", "description": "pay card", "transfer_to_account_id": card});
    record(app, &user, transfer).await;
    user
}

#[tokio::test]
async fn the_summary_totals_each_currency_and_ignores_transfers() {
    let app = TestApp::new();
    let user = seeded(&app).await;
    let summary = get(
        &app,
        &user,
        "/v1/wallet/summary?from=2026-02-01&to=2026-02-28",
    )
    .await;
    let eur = &summary["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["balance"], "2454.80");
    assert_eq!(eur["income"], "0.00");
    assert_eq!(eur["expenses"], "345.20");
    assert_eq!(eur["net"], "-345.20");
    assert_eq!(
        eur["top_categories"][0],
        json!({"category": "travel", "spent": "300.00"})
    );
    assert_eq!(eur["monthly_trend"][0]["period"], "2026-02");
    let jpy = &summary["currencies"][1];
    assert_eq!(jpy["currency"], "JPY");
    assert_eq!(jpy["expenses"], "800");
    assert_eq!(jpy["balance"], "4200");

    let january = get(
        &app,
        &user,
        "/v1/wallet/summary?from=2026-01-01&to=2026-01-31",
    )
    .await;
    assert_eq!(january["currencies"][0]["income"], "3000.00");
    assert_eq!(january["currencies"][0]["net"], "1800.00");
}

#[tokio::test]
async fn cash_flow_fills_every_period() {
    let app = TestApp::new();
    let user = seeded(&app).await;
    let monthly = get(
        &app,
        &user,
        "/v1/wallet/cashflow?from=2026-01-01&to=2026-03-31&interval=month",
    )
    .await;
    let eur = &monthly["currencies"][0]["points"];
    assert_eq!(eur.as_array().expect("points").len(), 3);
    assert_eq!(
        eur[0],
        json!({"period": "2026-01", "income": "3000.00", "expenses": "1200.00", "net": "1800.00"})
    );
    assert_eq!(eur[2]["net"], "0.00");
    let weekly = get(
        &app,
        &user,
        "/v1/wallet/cashflow?from=2026-02-02&to=2026-02-15&interval=week",
    )
    .await;
    let periods: Vec<&str> = weekly["currencies"][0]["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| p["period"].as_str().expect("period"))
        .collect();
    assert_eq!(periods, ["2026-02-02", "2026-02-09"]);
    let daily = get(
        &app,
        &user,
        "/v1/wallet/cashflow?from=2026-02-03&to=2026-02-04&interval=day",
    )
    .await;
    assert_eq!(daily["currencies"][0]["points"][0]["expenses"], "45.20");
}

#[tokio::test]
async fn net_worth_rebuilds_each_month_end() {
    let app = TestApp::new();
    let user = seeded(&app).await;
    let worth = get(
        &app,
        &user,
        "/v1/wallet/networth?from=2026-01-01&to=2026-02-28",
    )
    .await;
    let eur = &worth["currencies"][0]["points"];
    assert_eq!(
        eur[0],
        json!({"month": "2026-01", "assets": "2800.00", "liabilities": "0.00", "investments": "0.00", "net_worth": "2800.00"})
    );
    assert_eq!(
        eur[1],
        json!({"month": "2026-02", "assets": "2600.00", "liabilities": "145.20", "investments": "0.00", "net_worth": "2454.80"})
    );
}

#[tokio::test]
async fn reports_need_a_token_valid_dates_and_a_bounded_range_and_show_only_your_data() {
    let app = TestApp::new();
    let user = seeded(&app).await;
    let other = app.signed_up("empty@example.com").await;
    let empty = get(
        &app,
        &other,
        "/v1/wallet/summary?from=2026-01-01&to=2026-12-31",
    )
    .await;
    assert_eq!(empty["currencies"], json!([]));
    app.call(
        Method::GET,
        "/v1/wallet/summary?from=2026-01-01&to=2026-01-31",
        None,
        None,
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    for query in [
        "/v1/wallet/summary?from=2026-02-30&to=2026-03-01",
        "/v1/wallet/summary?from=2026-03-01&to=2026-01-01",
        "/v1/wallet/networth?from=2026-03-01&to=2026-01-01",
        "/v1/wallet/cashflow?from=2026-03-01&to=2026-01-01&interval=day",
        "/v1/wallet/cashflow?from=2020-01-01&to=2026-01-01&interval=day",
        "/v1/wallet/cashflow?from=2026-01-01&to=2026-02-01&interval=hour",
        "/v1/wallet/networth?from=2026-01-01&to=2026-02-01&interval=week",
    ] {
        let response = app
            .call(Method::GET, query, Some(&user.access_token), None)
            .await;
        response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    for query in [
        "/v1/wallet/summary?from=2026-01-01",
        "/v1/wallet/summary?from=2026-01-01&to=2026-01-31&interval=day",
    ] {
        app.call(Method::GET, query, Some(&user.access_token), None)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    }
}
