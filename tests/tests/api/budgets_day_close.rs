//! The budgets' daily close (`budgets.close_days` on the jobs queue, as the schedule sends it):
//! each user's previous day in their time zone that ended under a budget is announced once
//! (`budget.day_under`), and the gamification subscriber keeps the streak per budget and awards
//! an `under_budget` badge; a day over the budget breaks the streak; bad rules are 422.

use axum::http::StatusCode;
use ferrofin_budgets::CloseBudgetDays;
use ferrofin_platform::ports::queue::{QueueName, send_message};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::budgets_crud::{create_budget, invalid_fields, post, record};
use crate::gamification::{admin, badge_names, call, create_badge, me};
use crate::ledger_transactions::open_account;

/// Runs the daily close at `at`, as the schedule does, and lets its events be handled (the
/// callers sign in again: their tokens expire as the clock moves on).
async fn close_days(app: &TestApp, at: OffsetDateTime) {
    app.clock.set(at);
    let state = app.embedded.state();
    send_message(
        state.queue.as_ref(),
        QueueName::Jobs,
        &CloseBudgetDays::default(),
        app.clock.as_ref(),
    )
    .await
    .expect("queued");
    app.settle().await;
}

/// The user's streak of days under `budget`, as `GET /v1/gamification/me` shows it.
async fn budget_streak(app: &TestApp, user: &SignedIn, budget: &str) -> Option<Value> {
    me(app, user).await["budget_streaks"]
        .as_array()
        .expect("budget_streaks")
        .iter()
        .find(|streak| streak["budget_id"] == budget)
        .cloned()
}

#[tokio::test]
async fn a_day_under_a_budget_is_announced_once_for_the_users_own_day() {
    let app = TestApp::new();
    let kiwi = app.signed_up("kiwi@example.com").await;
    let zone = call(
        &app,
        &kiwi,
        axum::http::Method::PATCH,
        "/v1/users/me",
        Some(&json!({"time_zone": "Pacific/Auckland"})),
    )
    .await;
    assert_eq!(zone.status, StatusCode::OK, "{:?}", zone.json());
    let utc = app.signed_up("utc@example.com").await;
    // Created 2026-11-21 12:00 UTC: 22 Nov 01:00 in Auckland.
    let kiwi_budget = create_budget(&app, &kiwi, "groceries", "100", "EUR", false).await;
    let utc_budget = create_budget(&app, &utc, "groceries", "100", "EUR", false).await;
    app.settle().await;

    // At 2026-11-22 12:00 UTC it is 23 Nov 01:00 in Auckland: Auckland's 22 Nov ended, and
    // UTC's 21 Nov.
    let at = datetime!(2026-11-22 12:00 UTC);
    close_days(&app, at).await;
    close_days(&app, at).await;
    let (kiwi, utc) = (
        app.login("kiwi@example.com").await,
        app.login("utc@example.com").await,
    );
    app.settle().await;
    let kiwi_streak = budget_streak(&app, &kiwi, &kiwi_budget)
        .await
        .expect("a streak");
    assert_eq!(
        (
            &kiwi_streak["current"],
            &kiwi_streak["longest"],
            &kiwi_streak["last_day"]
        ),
        (&json!(1), &json!(1), &json!("2026-11-22")),
        "one day, however often the close runs"
    );
    let utc_streak = budget_streak(&app, &utc, &utc_budget)
        .await
        .expect("a streak");
    assert_eq!(utc_streak["last_day"], "2026-11-21");
    // Each user sees only their own budgets' streaks.
    assert_eq!(
        me(&app, &utc).await["budget_streaks"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // A budget created after the day ended is not closed for it.
    let late = create_budget(&app, &utc, "transport", "50", "EUR", false).await;
    close_days(&app, at).await;
    assert_eq!(budget_streak(&app, &utc, &late).await, None);
}

#[tokio::test]
async fn days_in_a_row_under_one_budget_earn_the_badge_and_a_day_over_breaks_the_streak() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    create_badge(
        &app,
        &admin,
        "Steady",
        25,
        json!({"kind": "under_budget", "days": 2}),
    )
    .await;
    let user = app.signed_up("steady@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let budget = create_budget(&app, &user, "groceries", "100", "EUR", false).await;
    record(
        &app,
        &user,
        &account,
        "2026-11-21",
        "-40.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;

    close_days(&app, datetime!(2026-11-22 12:00 UTC)).await;
    let user = app.login("steady@example.com").await;
    assert!(badge_names(&me(&app, &user).await).is_empty());
    close_days(&app, datetime!(2026-11-23 12:00 UTC)).await;
    let user = app.login("steady@example.com").await;
    let standing = me(&app, &user).await;
    assert_eq!(badge_names(&standing), ["Steady"]);
    assert_eq!(standing["points"], 25);
    let streak = budget_streak(&app, &user, &budget).await.expect("a streak");
    assert_eq!(
        (&streak["current"], &streak["longest"]),
        (&json!(2), &json!(2))
    );

    // Over the budget on the 23rd: that day is not announced, the streak ends, the longest
    // stays; the badge is not earned twice.
    record(
        &app,
        &user,
        &account,
        "2026-11-23",
        "-70.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    close_days(&app, datetime!(2026-11-24 12:00 UTC)).await;
    close_days(&app, datetime!(2026-11-25 12:00 UTC)).await;
    let user = app.login("steady@example.com").await;
    let streak = budget_streak(&app, &user, &budget).await.expect("a streak");
    assert_eq!(
        (&streak["current"], &streak["longest"], &streak["last_day"]),
        (&json!(0), &json!(2), &json!("2026-11-22"))
    );
    assert_eq!(me(&app, &user).await["points"], 25);
}

#[tokio::test]
async fn an_under_budget_rule_needs_two_to_365_days() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    for days in [1, 366] {
        let body = json!({"name": "Steady", "description": "", "points": 5,
            "rule": {"kind": "under_budget", "days": days}});
        assert_eq!(
            invalid_fields(&post(&app, &admin, "/v1/admin/badges", &body).await),
            ["rule.days"]
        );
    }
    let body = json!({"name": "Steady", "description": "", "points": 5,
        "rule": {"kind": "under_budget", "days": 3, "activity": "signed_in"}});
    post(&app, &admin, "/v1/admin/badges", &body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}
