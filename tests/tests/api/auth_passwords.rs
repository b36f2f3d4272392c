//! Password change and the forgotten-password flow.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::json;
use time::Duration;

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn a_password_reset_sets_the_password_and_ends_every_session() {
    let app = TestApp::new();
    let user = app.signed_up("pr@example.com").await;
    let forgot = app
        .post_json(
            "/v1/auth/password/forgot",
            &json!({"email": "pr@example.com"}),
        )
        .await;
    assert_eq!(forgot.status, StatusCode::ACCEPTED);
    let token = app.link_parameter("pr@example.com", "token").await;

    let check = app
        .post_json("/v1/auth/password/verify-token", &json!({"token": token}))
        .await;
    assert_eq!(check.status, StatusCode::OK);
    let reset = app
        .post_json(
            "/v1/auth/password/reset",
            &json!({"token": token, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);

    app.call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.post_json(
        "/v1/auth/login",
        &json!({"email": "pr@example.com", "password": PASSWORD}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    let login = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": "pr@example.com", "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    app.post_json(
        "/v1/auth/password/reset",
        &json!({"token": token, "new_password": "yet another passphrase"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn a_reset_link_expires_after_30_minutes() {
    let app = TestApp::new();
    app.signed_up("rx@example.com").await;
    app.post_json(
        "/v1/auth/password/forgot",
        &json!({"email": "rx@example.com"}),
    )
    .await;
    let token = app.link_parameter("rx@example.com", "token").await;
    app.clock.advance(Duration::minutes(30));
    app.post_json("/v1/auth/password/verify-token", &json!({"token": token}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_unknown_addresses_and_sends_nothing() {
    let app = TestApp::new();
    let response = app
        .post_json(
            "/v1/auth/password/forgot",
            &json!({"email": "nobody@example.com"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.json(), json!({"status": "accepted"}));
    assert!(app.mail().await.is_empty());
}

#[tokio::test]
async fn a_password_change_keeps_this_session_and_ends_the_others() {
    let app = TestApp::new();
    let other = app.signed_up("pc@example.com").await;
    let this = app.login("pc@example.com").await;
    let wrong = app
        .call(
            Method::POST,
            "/v1/auth/password/change",
            Some(&this.access_token),
            Some(&json!({"current_password": "not it at all", "new_password": NEW_PASSWORD})),
        )
        .await;
    wrong.assert_error(StatusCode::FORBIDDEN, "REAUTHENTICATION_FAILED");
    assert!(
        !wrong.json()["error"]["message"]
            .to_string()
            .contains("email"),
        "no mention of an email"
    );
    let changed = app
        .call(
            Method::POST,
            "/v1/auth/password/change",
            Some(&this.access_token),
            Some(&json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.call(Method::GET, "/v1/users/me", Some(&this.access_token), None)
            .await
            .status,
        StatusCode::OK
    );
    app.call(Method::GET, "/v1/users/me", Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_reset_lifts_a_lock() {
    let app = TestApp::new();
    app.signed_up("lk@example.com").await;
    for _ in 0..5 {
        app.post_json(
            "/v1/auth/login",
            &json!({"email": "lk@example.com", "password": "wrong wrong wrong"}),
        )
        .await;
    }
    app.post_json(
        "/v1/auth/password/forgot",
        &json!({"email": "lk@example.com"}),
    )
    .await;
    let token = app.link_parameter("lk@example.com", "token").await;
    app.post_json(
        "/v1/auth/password/reset",
        &json!({"token": token, "new_password": NEW_PASSWORD}),
    )
    .await;
    let login = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": "lk@example.com", "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
}
