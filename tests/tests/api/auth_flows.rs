//! Registration, verification, login, refresh and logout through the routers.

use axum::http::{Method, StatusCode};
use ferrofin_identity::Identity;
use ferrofin_platform::audit::AuditAction;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::{PASSWORD, signed_in};
use serde_json::json;

#[tokio::test]
async fn register_verify_login_refresh_logout() {
    let app = TestApp::new();
    app.register_verified("ada@example.com").await;
    let user = app.login("ada@example.com").await;

    let me = app
        .call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "ada@example.com");
    assert_eq!(me.json()["email_verified"], true);

    let refreshed = app
        .post_json(
            "/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK);
    let rotated = signed_in("ada@example.com", &refreshed.json());
    assert_ne!(rotated.refresh_token, user.refresh_token);
    assert_eq!(rotated.session_id, user.session_id);

    let logout = app
        .call(
            Method::POST,
            "/v1/auth/logout",
            Some(&rotated.access_token),
            None,
        )
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    app.call(
        Method::GET,
        "/v1/users/me",
        Some(&rotated.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.post_json(
        "/v1/auth/refresh",
        &json!({"refresh_token": rotated.refresh_token}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_REFRESH_TOKEN");
}

#[tokio::test]
async fn a_verification_link_works_once() {
    let app = TestApp::new();
    let body = json!({"email": "bo@example.com", "password": PASSWORD, "name": "Bo"});
    assert_eq!(
        app.post_json("/v1/auth/register", &body).await.status,
        StatusCode::ACCEPTED
    );
    let token = app.link_parameter("bo@example.com", "token").await;
    assert_eq!(
        app.post_json("/v1/auth/verify-email", &json!({"token": token}))
            .await
            .status,
        StatusCode::OK
    );
    app.post_json("/v1/auth/verify-email", &json!({"token": token}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same_and_sends_nothing() {
    let app = TestApp::new();
    app.register_verified("cy@example.com").await;
    let before = app.mail().await.len();
    let again = app
        .post_json("/v1/auth/register", &json!({"email": "CY@example.com", "password": "another good passphrase", "name": "Imposter"}))
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    assert_eq!(again.json(), json!({"status": "accepted"}));
    assert_eq!(app.mail().await.len(), before);
}

#[tokio::test]
async fn login_before_verifying_the_address_is_refused() {
    let app = TestApp::new();
    let body = json!({"email": "di@example.com", "password": PASSWORD, "name": "Di"});
    app.post_json("/v1/auth/register", &body).await;
    app.post_json(
        "/v1/auth/login",
        &json!({"email": "di@example.com", "password": PASSWORD}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "EMAIL_NOT_VERIFIED");
}

#[tokio::test]
async fn resending_verification_sends_a_new_link_only_to_unverified_accounts() {
    let app = TestApp::new();
    app.post_json(
        "/v1/auth/register",
        &json!({"email": "ed@example.com", "password": PASSWORD, "name": "Ed"}),
    )
    .await;
    let first = app.link_parameter("ed@example.com", "token").await;
    let resent = app
        .post_json(
            "/v1/auth/verify-email/resend",
            &json!({"email": "ed@example.com"}),
        )
        .await;
    assert_eq!(resent.status, StatusCode::ACCEPTED);
    let second = app.link_parameter("ed@example.com", "token").await;
    assert_ne!(first, second);
    let unknown = app
        .post_json(
            "/v1/auth/verify-email/resend",
            &json!({"email": "nobody@example.com"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn weak_passwords_and_bad_addresses_are_refused_with_field_details() {
    let app = TestApp::new();
    let response = app
        .post_json(
            "/v1/auth/register",
            &json!({"email": "not-an-email", "password": "password123", "name": ""}),
        )
        .await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let fields: Vec<String> = response.json()["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["field"].as_str().expect("field").to_owned())
        .collect();
    assert_eq!(fields, ["email", "password", "name"]);
    let short = app
        .post_json(
            "/v1/auth/register",
            &json!({"email": "fi@example.com", "password": "short", "name": "Fi"}),
        )
        .await;
    short.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn registration_is_rate_limited_per_ip() {
    let app = TestApp::new();
    for i in 0..10 {
        let body =
            json!({"email": format!("user{i}@example.com"), "password": PASSWORD, "name": "U"});
        assert_eq!(
            app.post_json("/v1/auth/register", &body).await.status,
            StatusCode::ACCEPTED
        );
    }
    let body = json!({"email": "user10@example.com", "password": PASSWORD, "name": "U"});
    let limited = app.post_json("/v1/auth/register", &body).await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(limited.header("retry-after").is_some());
}

#[tokio::test]
async fn logins_are_audited() {
    let app = TestApp::new();
    let user = app.signed_up("gu@example.com").await;
    app.post_json(
        "/v1/auth/login",
        &json!({"email": "gu@example.com", "password": "wrong password!"}),
    )
    .await;
    let entries = Identity::new(&app.embedded.state())
        .audit
        .for_user(user.user_id.as_str(), 20)
        .await
        .expect("audit");
    let actions: Vec<AuditAction> = entries.iter().map(|e| e.action).collect();
    assert!(actions.contains(&AuditAction::UserRegistered));
    assert!(actions.contains(&AuditAction::EmailVerified));
    assert!(actions.contains(&AuditAction::LoginSucceeded));
    assert!(actions.contains(&AuditAction::LoginFailed));
}
