//! Gamification through the API: badges of every rule kind earned from real actions, a sign-in
//! streak counted in the user's time zone, a challenge completed once, redelivered events
//! earning nothing twice, and the points, level and notifications that come with them. Also
//! the helpers the other gamification tests use.

use axum::http::{Method, StatusCode};
use ferrofin_budgets::BudgetCreated;
use ferrofin_identity::roles::Role;
use ferrofin_platform::ports::queue::Envelope;
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};
use time::macros::datetime;

use crate::budgets_crud::{create_budget, get, post, record};
use crate::goals::{contribute, create_goal};
use crate::ledger_transactions::open_account;

pub async fn admin(app: &TestApp) -> SignedIn {
    app.signed_up_as("game-admin@example.com", Role::Admin)
        .await
}

/// Creates a badge as `admin` and returns its id.
pub async fn create_badge(
    app: &TestApp,
    admin: &SignedIn,
    name: &str,
    points: u64,
    rule: Value,
) -> String {
    let body = json!({"name": name, "description": "", "points": points, "rule": rule});
    let response = post(app, admin, "/v1/admin/badges", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()["id"].as_str().expect("id").to_owned()
}

/// Creates a challenge of November 2026 as `admin` and returns its id.
pub async fn create_challenge(
    app: &TestApp,
    admin: &SignedIn,
    activity: &str,
    target: u64,
    reward: u64,
) -> String {
    let body = json!({"name": "November", "activity": activity, "target": target, "reward_points": reward,
        "starts_at": "2026-11-01T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z"});
    let response = post(app, admin, "/v1/admin/challenges", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()["id"].as_str().expect("id").to_owned()
}

pub async fn me(app: &TestApp, user: &SignedIn) -> Value {
    let response = get(app, user, "/v1/gamification/me").await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    response.json()
}

/// The names (with their tier) of the badges the user holds.
pub fn badge_names(me: &Value) -> Vec<String> {
    let mut names: Vec<String> = me["badges"]
        .as_array()
        .expect("badges")
        .iter()
        .map(|badge| match badge["tier"].as_u64() {
            Some(tier) => format!("{} {tier}", badge["name"].as_str().unwrap_or_default()),
            None => badge["name"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    names.sort();
    names
}

/// Notifications of `kind` in the user's inbox.
async fn notifications_of(app: &TestApp, user: &SignedIn, kind: &str) -> Vec<Value> {
    let response = get(app, user, &format!("/v1/notifications?kind={kind}")).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    response.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
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
async fn each_rule_kind_earns_its_badge_from_api_actions_once() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    let user = app.signed_up("badges@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    app.settle().await;
    create_badge(
        &app,
        &admin,
        "First budget",
        10,
        json!({"kind": "first", "activity": "budget_created"}),
    )
    .await;
    create_badge(
        &app,
        &admin,
        "Sorter",
        5,
        json!({"kind": "tiers", "activity": "transaction_categorised", "tiers": [2, 3, 1000]}),
    )
    .await;
    create_badge(
        &app,
        &admin,
        "Busy week",
        15,
        json!({"kind": "window", "activity": "transaction_recorded", "times": 3, "days": 7}),
    )
    .await;
    create_badge(
        &app,
        &admin,
        "Saver",
        30,
        json!({"kind": "savings", "currency": "EUR", "amount": "100.00"}),
    )
    .await;

    create_budget(&app, &user, "groceries", "300", "EUR", false).await;
    for day in ["2026-11-19", "2026-11-20", "2026-11-21"] {
        record(&app, &user, &account, day, "-12.50", "EUR", "groceries").await;
    }
    let goal = create_goal(&app, &user, &json!({"name": "Holiday", "target_amount": "500.00", "currency": "EUR", "target_date": "2027-12-31"})).await;
    let goal_id = goal["id"].as_str().expect("goal id");
    for amount in ["60.00", "40.00"] {
        let contributed = contribute(&app, &user, goal_id, amount, "EUR", "2026-11-21").await;
        assert_eq!(
            contributed.status,
            StatusCode::CREATED,
            "{:?}",
            contributed.json()
        );
    }
    app.settle().await;

    let standing = me(&app, &user).await;
    assert_eq!(
        badge_names(&standing),
        ["Busy week", "First budget", "Saver", "Sorter 2", "Sorter 3"]
    );
    // Every event was delivered twice; each award counted once.
    assert_eq!(standing["points"], 10 + 5 + 5 + 15 + 30);
    assert_eq!(standing["level"]["number"], 1);
    assert_eq!(standing["level"]["next_at"], 100);
    assert_eq!(standing["recent_points"].as_array().map(Vec::len), Some(5));
    assert!(
        standing["recent_points"]
            .as_array()
            .expect("entries")
            .iter()
            .all(|entry| entry["reason"] == "badge_earned" && entry["source_event_id"].is_string())
    );
    // Each badge became one notification.
    let told = notifications_of(&app, &user, "badge.earned").await;
    assert_eq!(told.len(), 5);
    assert!(
        told.iter()
            .any(|n| n["title"] == "Badge earned" && n["data"]["name"] == "Saver")
    );

    // More of the same earns nothing again.
    create_budget(&app, &user, "transport", "50", "EUR", false).await;
    app.settle().await;
    assert_eq!(me(&app, &user).await["points"], 65);
}

#[tokio::test]
async fn a_redelivered_event_earns_nothing_twice() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    let user = app.signed_up("redelivered@example.com").await;
    create_badge(
        &app,
        &admin,
        "First budget",
        10,
        json!({"kind": "first", "activity": "budget_created"}),
    )
    .await;
    let state = app.embedded.state();
    let event = BudgetCreated {
        user_id: user.user_id.clone(),
        budget_id: "01JBUDGET".into(),
        category: "groceries".to_owned(),
        currency: ferrofin_platform::money::Currency::parse("EUR").expect("EUR"),
    };
    let envelope = Envelope::wrap(&event, state.clock.as_ref()).expect("envelope");
    let dispatcher = ferrofin_fn_events_worker::dispatcher(&state);
    for _ in 0..3 {
        dispatcher.deliver(&envelope).await.expect("delivered");
    }
    app.settle().await;
    let standing = me(&app, &user).await;
    assert_eq!(standing["points"], 10);
    assert_eq!(badge_names(&standing), ["First budget"]);
    assert_eq!(standing["recent_points"].as_array().map(Vec::len), Some(1));
    assert_eq!(notifications_of(&app, &user, "badge.earned").await.len(), 1);
}

/// Signs in at `at` (access tokens are short-lived: the new session's token is used after).
async fn sign_in_at(app: &TestApp, email: &str, at: time::OffsetDateTime) -> SignedIn {
    app.clock.set(at);
    let user = app.login(email).await;
    app.settle().await;
    user
}

#[tokio::test]
async fn a_sign_in_streak_counts_the_users_days_in_their_time_zone() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    create_badge(
        &app,
        &admin,
        "Three days",
        20,
        json!({"kind": "streak", "activity": "signed_in", "days": 3}),
    )
    .await;
    let email = "streak@example.com";
    // Signs in on 21 November (UTC, their zone then).
    let user = app.signed_up(email).await;
    app.settle().await;
    let zone = call(
        &app,
        &user,
        Method::PATCH,
        "/v1/users/me",
        Some(&json!({"time_zone": "Pacific/Auckland"})),
    )
    .await;
    assert_eq!(zone.status, StatusCode::OK, "{:?}", zone.json());
    // 10:00 and 12:00 UTC on the 22nd are the 22nd and the 23rd in Auckland (UTC+13): in UTC
    // this would be two days, in the user's days it is three.
    let user = sign_in_at(&app, email, datetime!(2026-11-22 10:00 UTC)).await;
    assert!(badge_names(&me(&app, &user).await).is_empty());
    let user = sign_in_at(&app, email, datetime!(2026-11-22 12:00 UTC)).await;
    let standing = me(&app, &user).await;
    assert_eq!(badge_names(&standing), ["Three days"]);
    let streak = &standing["streaks"][0];
    assert_eq!(
        (
            streak["activity"].as_str(),
            streak["current"].as_u64(),
            streak["longest"].as_u64()
        ),
        (Some("signed_in"), Some(3), Some(3))
    );
    assert_eq!(streak["last_day"], "2026-11-23");
    // A whole Auckland day (the 24th) without signing in breaks it; the longest stays. Signing
    // in on the 25th (Auckland) starts again.
    let user = sign_in_at(&app, email, datetime!(2026-11-24 12:00 UTC)).await;
    let streak = me(&app, &user).await["streaks"][0].clone();
    assert_eq!(
        (streak["current"].as_u64(), streak["longest"].as_u64()),
        (Some(1), Some(3))
    );
    // Two days later, with a refreshed token (a refresh is no sign-in): the streak is over.
    app.clock.set(datetime!(2026-11-26 12:00 UTC));
    let refreshed = app
        .post_json(
            "/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.json());
    let user = ferrofin_tests::identity::signed_in(email, &refreshed.json());
    app.settle().await;
    let streak = me(&app, &user).await["streaks"][0].clone();
    assert_eq!(
        (streak["current"].as_u64(), streak["longest"].as_u64()),
        (Some(0), Some(3))
    );
}

#[tokio::test]
async fn a_challenge_counts_after_joining_and_completes_once() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    let user = app.signed_up("challenger@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let challenge = create_challenge(&app, &admin, "transaction_recorded", 2, 40).await;
    let listed = get(&app, &user, "/v1/gamification/challenges").await.json();
    let open = listed["items"].as_array().expect("items");
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0]["id"].as_str(), &open[0]["joined"]),
        (Some(challenge.as_str()), &Value::Null)
    );

    // Before joining: does not count.
    record(
        &app,
        &user,
        &account,
        "2026-11-20",
        "-5.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    let path = format!("/v1/gamification/challenges/{challenge}/join");
    let joined = call(&app, &user, Method::POST, &path, None).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.json());
    assert_eq!(joined.json()["joined"]["progress"], 0);
    for _ in 0..3 {
        record(
            &app,
            &user,
            &account,
            "2026-11-21",
            "-5.00",
            "EUR",
            "groceries",
        )
        .await;
    }
    app.settle().await;

    let standing = me(&app, &user).await;
    let mine = &standing["challenges"][0];
    assert_eq!(
        (
            mine["joined"]["progress"].as_u64(),
            mine["joined"]["completed"].as_bool()
        ),
        (Some(2), Some(true))
    );
    assert_eq!(standing["points"], 40);
    assert_eq!(
        standing["recent_points"][0]["reason"],
        "challenge_completed"
    );
    assert_eq!(
        notifications_of(&app, &user, "challenge.completed")
            .await
            .len(),
        1
    );
    // Joining again changes nothing; a completed challenge cannot be left.
    let again = call(&app, &user, Method::POST, &path, None).await;
    assert_eq!(again.json()["joined"]["completed"], true);
    call(&app, &user, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    record(
        &app,
        &user,
        &account,
        "2026-11-21",
        "-5.00",
        "EUR",
        "groceries",
    )
    .await;
    app.settle().await;
    assert_eq!(me(&app, &user).await["points"], 40);
}

#[tokio::test]
async fn joining_and_leaving_are_the_callers_own() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    let user = app.signed_up("leaver@example.com").await;
    let other = app.signed_up("other-leaver@example.com").await;
    let challenge = create_challenge(&app, &admin, "signed_in", 5, 10).await;
    let path = format!("/v1/gamification/challenges/{challenge}/join");
    assert_eq!(
        call(&app, &other, Method::POST, &path, None).await.status,
        StatusCode::OK
    );
    // Another user's participation is not the caller's: 404.
    call(&app, &user, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        call(&app, &other, Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    call(&app, &other, Method::DELETE, &path, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    call(
        &app,
        &user,
        Method::POST,
        "/v1/gamification/challenges/nope/join",
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    // An ended challenge is not listed and cannot be joined.
    app.clock.set(datetime!(2026-12-01 00:00 UTC));
    let user = app.login("leaver@example.com").await;
    let listed = get(&app, &user, "/v1/gamification/challenges").await.json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    call(&app, &user, Method::POST, &path, None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
}

#[tokio::test]
async fn every_gamification_route_needs_a_token() {
    let app = TestApp::new();
    for (method, path) in [
        (Method::GET, "/v1/gamification/me"),
        (Method::PUT, "/v1/gamification/me/leaderboard"),
        (Method::GET, "/v1/gamification/leaderboard"),
        (Method::GET, "/v1/gamification/challenges"),
        (Method::POST, "/v1/gamification/challenges/x/join"),
        (Method::DELETE, "/v1/gamification/challenges/x/join"),
    ] {
        app.call(method, path, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}
