//! Budget progress and the month overview (from the rollups, with rollover), and the 80 % /
//! 100 % threshold notifications: once per budget x month x threshold.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::budgets_crud::{create_budget, get, invalid_fields, record};
use crate::ledger_transactions::open_account;

fn figures(json: &Value) -> Vec<&str> {
    [
        "budgeted",
        "rollover",
        "available",
        "actual",
        "remaining",
        "percent_used",
    ]
    .iter()
    .map(|name| json[*name].as_str().unwrap_or("null"))
    .collect()
}

/// The user's budget alerts, newest first, once the events so far are delivered.
async fn alerts(app: &TestApp, user: &SignedIn) -> Vec<(String, u64)> {
    app.settle().await;
    let list = get(app, user, "/v1/notifications").await.json();
    let items = list["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|n| {
            (
                n["data"]["month"].as_str().unwrap_or_default().to_owned(),
                n["data"]["threshold_percent"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn progress_and_overview_read_the_month_rollups_with_rollover() {
    let app = TestApp::new();
    let user = app.signed_up("progress@example.com").await;
    let account = open_account(&app, &user, "EUR", "5000").await;
    let groceries = create_budget(&app, &user, "groceries", "100", "EUR", true).await;
    create_budget(&app, &user, "dining", "50", "EUR", false).await;
    record(
        &app,
        &user,
        &account,
        "2026-10-05",
        "-70.00",
        "EUR",
        "groceries",
    )
    .await;
    record(
        &app,
        &user,
        &account,
        "2026-11-02",
        "-50.00",
        "EUR",
        "groceries",
    )
    .await;
    record(
        &app,
        &user,
        &account,
        "2026-11-10",
        "-30.00",
        "EUR",
        "groceries",
    )
    .await;
    record(
        &app,
        &user,
        &account,
        "2026-11-11",
        "-60.00",
        "EUR",
        "dining",
    )
    .await;
    record(
        &app,
        &user,
        &account,
        "2026-11-12",
        "-999.00",
        "EUR",
        "travel",
    )
    .await;

    let progress = get(
        &app,
        &user,
        &format!("/v1/budgets/{groceries}/progress?month=2026-11"),
    )
    .await;
    assert_eq!(progress.status, StatusCode::OK, "{:?}", progress.json());
    let json = progress.json();
    assert_eq!(
        (json["month"].as_str(), json["currency"].as_str()),
        (Some("2026-11"), Some("EUR"))
    );
    assert_eq!(
        figures(&json),
        ["100.00", "30.00", "130.00", "80.00", "50.00", "61.54"]
    );
    let current = get(&app, &user, &format!("/v1/budgets/{groceries}/progress"))
        .await
        .json();
    assert_eq!(current["month"], "2026-11", "the current month by default");
    let october = get(
        &app,
        &user,
        &format!("/v1/budgets/{groceries}/progress?month=2026-10"),
    )
    .await
    .json();
    assert_eq!(
        figures(&october),
        ["100.00", "100.00", "200.00", "70.00", "130.00", "35.00"]
    );

    let overview = get(&app, &user, "/v1/budgets/overview?month=2026-11")
        .await
        .json();
    let items = overview["items"].as_array().expect("items");
    assert_eq!(
        items
            .iter()
            .map(|item| item["category"].as_str().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["dining", "groceries"]
    );
    assert_eq!(
        figures(&items[0]),
        ["50.00", "0.00", "50.00", "60.00", "-10.00", "120.00"]
    );
    assert_eq!(overview["totals"][0]["currency"], "EUR");
    assert_eq!(
        figures(&overview["totals"][0]),
        ["150.00", "30.00", "180.00", "140.00", "40.00", "77.78"]
    );
}

#[tokio::test]
async fn bad_months_are_refused() {
    let app = TestApp::new();
    let user = app.signed_up("progress-bad@example.com").await;
    let id = create_budget(&app, &user, "groceries", "100", "EUR", false).await;
    for month in ["2026-13", "2026-1", "november", "1969-12"] {
        assert_eq!(
            invalid_fields(&get(&app, &user, &format!("/v1/budgets/overview?month={month}")).await),
            ["month"],
            "{month}"
        );
        assert_eq!(
            invalid_fields(
                &get(
                    &app,
                    &user,
                    &format!("/v1/budgets/{id}/progress?month={month}")
                )
                .await
            ),
            ["month"],
            "{month}"
        );
    }
    get(&app, &user, "/v1/budgets/overview?monthly=2026-11")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
}

#[tokio::test]
async fn crossing_80_and_100_percent_notifies_once_per_month_and_threshold() {
    let app = TestApp::new();
    let user = app.signed_up("alerts@example.com").await;
    let other = app.signed_up("alerts-other@example.com").await;
    let account = open_account(&app, &user, "EUR", "5000").await;
    create_budget(&app, &user, "groceries", "100", "EUR", false).await;

    record(
        &app,
        &user,
        &account,
        "2026-11-02",
        "-70.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    assert_eq!(alerts(&app, &user).await, [], "79.99 % or less: nothing");

    record(
        &app,
        &user,
        &account,
        "2026-11-03",
        "-10.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    assert_eq!(
        alerts(&app, &user).await,
        [("2026-11".to_owned(), 80)],
        "exactly 80 %: one alert, once"
    );

    record(
        &app,
        &user,
        &account,
        "2026-11-04",
        "-25.00",
        "EUR",
        "groceries",
    )
    .await;
    // Every event is delivered twice at once (TestApp): still one alert per threshold.
    app.settle().await;
    record(
        &app,
        &user,
        &account,
        "2026-11-05",
        "-5.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    assert_eq!(
        alerts(&app, &user).await,
        [("2026-11".to_owned(), 100), ("2026-11".to_owned(), 80)]
    );

    record(
        &app,
        &user,
        &account,
        "2026-10-05",
        "-150.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    record(
        &app,
        &user,
        &account,
        "2026-11-06",
        "-50.00",
        "EUR",
        "dining",
    )
    .await;
    app.settle().await;
    let expected = [
        ("2026-10", 100),
        ("2026-10", 80),
        ("2026-11", 100),
        ("2026-11", 80),
    ]
    .map(|(m, p)| (m.to_owned(), p));
    assert_eq!(
        alerts(&app, &user).await,
        expected,
        "another month alerts again; no budget, no alert"
    );

    let page = get(&app, &user, "/v1/notifications?limit=3").await.json();
    assert_eq!(
        page["items"][0]["body"],
        "You have spent 100% of your Groceries budget for 2026-10: 150.00 of 100.00 EUR."
    );
    assert_eq!(page["items"][0]["title"], "Budget at 100%");
    assert_eq!(page["items"][0]["kind"], "budget.threshold");
    assert_eq!(page["items"][0]["data"]["spent"], "150.00");
    let cursor = page["next_cursor"].as_str().expect("more");
    let rest = get(
        &app,
        &user,
        &format!("/v1/notifications?limit=3&cursor={cursor}"),
    )
    .await
    .json();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    let foreign = get(&app, &other, &format!("/v1/notifications?cursor={cursor}")).await;
    foreign.assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    assert_eq!(alerts(&app, &other).await, []);
    assert_eq!(
        json!(null),
        get(&app, &other, "/v1/notifications").await.json()["next_cursor"]
    );
}

#[tokio::test]
async fn recording_spending_through_the_api_notifies_each_threshold_once() {
    let app = TestApp::new();
    let user = app.signed_up("hook@example.com").await;
    let account = open_account(&app, &user, "EUR", "1000").await;
    create_budget(&app, &user, "groceries", "100", "EUR", false).await;
    record(
        &app,
        &user,
        &account,
        "2026-03-02",
        "-85.00",
        "EUR",
        "groceries",
    )
    .await;
    assert_eq!(alerts(&app, &user).await, [("2026-03".to_owned(), 80)]);
    record(
        &app,
        &user,
        &account,
        "2026-03-09",
        "-20.00",
        "EUR",
        "groceries",
    )
    .await;
    record(
        &app,
        &user,
        &account,
        "2026-03-10",
        "-5.00",
        "EUR",
        "groceries",
    )
    .await;
    let mut seen = alerts(&app, &user).await;
    seen.sort();
    assert_eq!(
        seen,
        [("2026-03".to_owned(), 80), ("2026-03".to_owned(), 100)]
    );
}
