//! The notifications inbox, preferences, held emails and unsubscribe links, through the API:
//! events of other areas (a password change, a goal reached) become notifications and emails.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::macros::datetime;

use ferrofin_notifications::HeldDelivery;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;

use crate::budgets_crud::{get, post};

const PASSWORD: &str = "correct horse battery staple";

async fn change_password(app: &TestApp, user: &SignedIn) {
    let changed = app
        .call(
            Method::POST,
            "/v1/auth/password/change",
            Some(&user.access_token),
            Some(
                &json!({"current_password": PASSWORD, "new_password": "a different passphrase 42"}),
            ),
        )
        .await;
    assert_eq!(
        changed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        changed.json()
    );
    app.settle().await;
}

async fn unread(app: &TestApp, user: &SignedIn) -> Value {
    get(app, user, "/v1/notifications/count").await.json()["unread"].clone()
}

async fn put(
    app: &TestApp,
    user: &SignedIn,
    path: &str,
    body: &Value,
) -> ferrofin_tests::TestResponse {
    app.call(Method::PUT, path, Some(&user.access_token), Some(body))
        .await
}

/// Creates a goal of 100.00 EUR and contributes all of it: the goal is reached.
async fn reach_a_goal(app: &TestApp, user: &SignedIn) {
    let goal = post(
        app,
        user,
        "/v1/goals",
        &json!({"name": "Holiday", "target_amount": "100.00", "currency": "EUR", "target_date": "2027-12-31"}),
    )
    .await
    .json();
    let id = goal["id"].as_str().unwrap_or_else(|| panic!("{goal}"));
    let contributed = post(
        app,
        user,
        &format!("/v1/goals/{id}/contributions"),
        &json!({"amount": "100.00", "currency": "EUR", "date": "2026-11-20"}),
    )
    .await;
    assert_eq!(
        contributed.status,
        StatusCode::CREATED,
        "{:?}",
        contributed.json()
    );
    app.settle().await;
}

#[tokio::test]
async fn a_security_change_lands_in_the_inbox_and_moves_through_it() {
    let app = TestApp::new();
    let user = app.signed_up("inbox@example.com").await;
    assert_eq!(unread(&app, &user).await, 0);
    change_password(&app, &user).await;
    let mail = app.last_mail_to("inbox@example.com").await;
    assert_eq!(mail.subject, "Your Ferrofin password was changed");
    let list = get(&app, &user, "/v1/notifications").await.json();
    let item = &list["items"][0];
    assert_eq!(item["kind"], "security.changed", "{list}");
    assert_eq!(item["data"]["change"], "password_changed");
    assert_eq!(item["read"], false);
    assert_eq!(unread(&app, &user).await, 1);
    let id = item["id"].as_str().expect("id");

    let read = post(
        &app,
        &user,
        &format!("/v1/notifications/{id}/read"),
        &json!({}),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.json());
    assert_eq!(read.json()["read"], true);
    assert_eq!(unread(&app, &user).await, 0);
    let again = post(
        &app,
        &user,
        &format!("/v1/notifications/{id}/read"),
        &json!({}),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(unread(&app, &user).await, 0, "reading twice counts once");
    post(
        &app,
        &user,
        &format!("/v1/notifications/{id}/unread"),
        &json!({}),
    )
    .await;
    assert_eq!(unread(&app, &user).await, 1);
    let unread_only = get(
        &app,
        &user,
        "/v1/notifications?unread=true&kind=security.changed",
    )
    .await
    .json();
    assert_eq!(unread_only["items"].as_array().map(Vec::len), Some(1));

    post(
        &app,
        &user,
        &format!("/v1/notifications/{id}/archive"),
        &json!({}),
    )
    .await;
    assert_eq!(unread(&app, &user).await, 0, "the archive is not counted");
    let inbox = get(&app, &user, "/v1/notifications").await.json();
    assert_eq!(inbox["items"].as_array().map(Vec::len), Some(0));
    let archive = get(&app, &user, "/v1/notifications?archived=true")
        .await
        .json();
    assert_eq!(archive["items"][0]["id"], id);

    let other = app.signed_up("nosy@example.com").await;
    get(&app, &other, &format!("/v1/notifications/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    post(
        &app,
        &other,
        &format!("/v1/notifications/{id}/read"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let deleted = app
        .call(
            Method::DELETE,
            &format!("/v1/notifications/{id}"),
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    get(&app, &user, &format!("/v1/notifications/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn read_all_clears_the_count_and_routes_need_a_token() {
    let app = TestApp::new();
    let user = app.signed_up("all@example.com").await;
    change_password(&app, &user).await;
    reach_a_goal(&app, &user).await;
    assert_eq!(unread(&app, &user).await, 2);
    let all = post(&app, &user, "/v1/notifications/read-all", &json!({}))
        .await
        .json();
    assert_eq!(all["changed"], 2);
    assert_eq!(unread(&app, &user).await, 0);
    for path in [
        "/v1/notifications",
        "/v1/notifications/count",
        "/v1/notifications/preferences",
    ] {
        app.call(Method::GET, path, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    let unknown = get(&app, &user, "/v1/notifications?kind=nonsense").await;
    assert!(unknown.status.is_client_error(), "{:?}", unknown.json());
}

#[tokio::test]
async fn preferences_keep_critical_kinds_on_and_check_every_field() {
    let app = TestApp::new();
    let user = app.signed_up("prefs@example.com").await;
    let defaults = get(&app, &user, "/v1/notifications/preferences")
        .await
        .json();
    assert_eq!(defaults["channels"]["security.changed"]["critical"], true);
    assert_eq!(defaults["channels"]["goal.reached"]["email"], true);
    assert_eq!(defaults["digest"], "off");
    let refused = put(
        &app,
        &user,
        "/v1/notifications/preferences",
        &json!({"channels": {"security.changed": {"in_app": true, "email": false}, "made.up": {"in_app": true, "email": true}}, "quiet_hours": {"start": "25:00", "end": "07:00"}}),
    )
    .await;
    refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let fields: Vec<String> = refused.json()["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|detail| detail["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        fields,
        [
            "channels.made.up",
            "channels.security.changed",
            "quiet_hours.start"
        ]
    );
    let saved = put(
        &app,
        &user,
        "/v1/notifications/preferences",
        &json!({"channels": {"goal.reached": {"in_app": true, "email": false}}, "quiet_hours": {"start": "22:00", "end": "07:00"}, "digest": "weekly"}),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.json());
    let now = get(&app, &user, "/v1/notifications/preferences")
        .await
        .json();
    assert_eq!(now["channels"]["goal.reached"]["email"], false);
    assert_eq!(now["quiet_hours"]["start"], "22:00");
    assert_eq!(now["digest"], "weekly");
}

#[tokio::test]
async fn an_unsubscribe_link_turns_its_kind_off_without_signing_in() {
    let app = TestApp::new();
    let user = app.signed_up("unsub@example.com").await;
    reach_a_goal(&app, &user).await;
    let mail = app.last_mail_to("unsub@example.com").await;
    assert_eq!(mail.subject, "Ferrofin: Goal reached");
    let token = mail
        .text_body
        .split("unsubscribe?token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an unsubscribe link");
    let token = token.replace("%3D", "=");
    let done = app
        .call(
            Method::POST,
            "/v1/notifications/unsubscribe",
            None,
            Some(&json!({"token": token})),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json());
    assert_eq!(done.json()["kind"], "goal.reached");
    let now = get(&app, &user, "/v1/notifications/preferences")
        .await
        .json();
    assert_eq!(now["channels"]["goal.reached"]["email"], false);
    assert_eq!(now["channels"]["goal.reached"]["in_app"], true);
    app.call(
        Method::POST,
        "/v1/notifications/unsubscribe",
        None,
        Some(&json!({"token": "forged.token"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn quiet_hours_hold_email_until_they_end_then_the_delivery_sends_it() {
    let app = TestApp::new();
    app.clock.set(datetime!(2026-12-01 23:00 UTC));
    let user = app.signed_up("quiet@example.com").await;
    let saved = put(
        &app,
        &user,
        "/v1/notifications/preferences",
        &json!({"quiet_hours": {"start": "22:00", "end": "07:00"}}),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let before = app.mail().await.len();
    reach_a_goal(&app, &user).await;
    assert_eq!(app.mail().await.len(), before, "held during quiet hours");
    assert_eq!(unread(&app, &user).await, 1, "the inbox is told at once");
    let delivery = HeldDelivery::new(&app.embedded.state());
    let early = delivery.step().await.expect("step");
    assert_eq!(early.sent, 0);
    app.clock.set(datetime!(2026-12-02 07:05 UTC));
    let due = delivery.step().await.expect("step");
    assert_eq!((due.sent, due.released), (1, 1));
    app.settle().await;
    assert_eq!(
        app.last_mail_to("quiet@example.com").await.subject,
        "Ferrofin: Goal reached"
    );
    let again = delivery.step().await.expect("step");
    assert_eq!(again.sent, 0, "sent once");
}
