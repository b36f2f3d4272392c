//! Lockout after failed logins, and email one-time-code login with its limits.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::json;
use time::Duration;

async fn wrong_login(app: &TestApp, email: &str) -> ferrofin_tests::TestResponse {
    app.post_json(
        "/v1/auth/login",
        &json!({"email": email, "password": "not the password"}),
    )
    .await
}

#[tokio::test]
async fn login_locks_the_account_after_five_failures_and_unlocks_after_30_minutes() {
    let app = TestApp::new();
    app.register_verified("lo@example.com").await;
    for _ in 0..4 {
        wrong_login(&app, "lo@example.com")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
    let locked = wrong_login(&app, "lo@example.com").await;
    locked.assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");
    assert_eq!(locked.header("retry-after"), Some("1800"));
    let alert = app.last_mail_to("lo@example.com").await;
    assert!(
        alert.subject.to_lowercase().contains("lock"),
        "{}",
        alert.subject
    );

    let still = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": "lo@example.com", "password": PASSWORD}),
        )
        .await;
    still.assert_error(StatusCode::LOCKED, "ACCOUNT_LOCKED");

    app.clock.advance(Duration::minutes(30));
    app.login("lo@example.com").await;
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = TestApp::new();
    app.register_verified("re@example.com").await;
    for _ in 0..4 {
        wrong_login(&app, "re@example.com").await;
    }
    app.login("re@example.com").await;
    for _ in 0..4 {
        wrong_login(&app, "re@example.com")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    }
}

#[tokio::test]
async fn an_unknown_address_fails_like_a_wrong_password() {
    let app = TestApp::new();
    wrong_login(&app, "ghost@example.com")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn an_emailed_code_signs_in_once() {
    let app = TestApp::new();
    app.register_verified("ot@example.com").await;
    let requested = app
        .post_json(
            "/v1/auth/login/otp/request",
            &json!({"email": "ot@example.com"}),
        )
        .await;
    assert_eq!(requested.status, StatusCode::ACCEPTED);
    let code = app.emailed_code("ot@example.com").await;
    let body = json!({"email": "ot@example.com", "code": code});
    let signed_in = app.post_json("/v1/auth/login/otp/verify", &body).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.json());
    assert!(signed_in.json()["tokens"]["access_token"].is_string());
    app.post_json("/v1/auth/login/otp/verify", &body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
}

#[tokio::test]
async fn a_fourth_code_request_within_15_minutes_is_rate_limited() {
    let app = TestApp::new();
    app.register_verified("rl@example.com").await;
    for _ in 0..3 {
        let response = app
            .post_json(
                "/v1/auth/login/otp/request",
                &json!({"email": "rl@example.com"}),
            )
            .await;
        assert_eq!(response.status, StatusCode::ACCEPTED);
    }
    let limited = app
        .post_json(
            "/v1/auth/login/otp/request",
            &json!({"email": "rl@example.com"}),
        )
        .await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(limited.header("retry-after").is_some());
    app.clock.advance(Duration::minutes(15));
    let again = app
        .post_json(
            "/v1/auth/login/otp/request",
            &json!({"email": "rl@example.com"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn five_wrong_entries_end_a_code() {
    let app = TestApp::new();
    app.register_verified("we@example.com").await;
    app.post_json(
        "/v1/auth/login/otp/request",
        &json!({"email": "we@example.com"}),
    )
    .await;
    let code = app.emailed_code("we@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        app.post_json(
            "/v1/auth/login/otp/verify",
            &json!({"email": "we@example.com", "code": wrong}),
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
    }
    app.post_json(
        "/v1/auth/login/otp/verify",
        &json!({"email": "we@example.com", "code": code}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let app = TestApp::new();
    app.register_verified("ex@example.com").await;
    app.post_json(
        "/v1/auth/login/otp/request",
        &json!({"email": "ex@example.com"}),
    )
    .await;
    let code = app.emailed_code("ex@example.com").await;
    app.clock.advance(Duration::minutes(10));
    app.post_json(
        "/v1/auth/login/otp/verify",
        &json!({"email": "ex@example.com", "code": code}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
}

#[tokio::test]
async fn a_code_request_for_an_unknown_address_is_accepted_and_sends_nothing() {
    let app = TestApp::new();
    let response = app
        .post_json(
            "/v1/auth/login/otp/request",
            &json!({"email": "none@example.com"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert!(app.mail().await.is_empty());
}
