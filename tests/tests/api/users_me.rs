//! GET, PATCH and DELETE /v1/users/me.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::json;

#[tokio::test]
async fn the_profile_is_read_and_changed() {
    let app = TestApp::new();
    let user = app.signed_up("pf@example.com").await;
    let patch = json!({"name": "Ada Lovelace", "default_currency": "EUR", "locale": "en-GB", "time_zone": "Europe/Lisbon"});
    let changed = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&patch),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    let me = app
        .call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
        .json();
    assert_eq!(me["name"], "Ada Lovelace");
    assert_eq!(me["default_currency"], "EUR");
    assert_eq!(me["locale"], "en-GB");
    assert_eq!(me["time_zone"], "Europe/Lisbon");
    assert!(me.get("password_hash").is_none());
}

#[tokio::test]
async fn invalid_profile_values_are_a_422_per_field() {
    let app = TestApp::new();
    let user = app.signed_up("iv@example.com").await;
    let patch = json!({"name": "", "default_currency": "euro", "locale": "ENGLISH", "time_zone": "Europe/Atlantis"});
    let response = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&patch),
        )
        .await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(
        response.json()["error"]["details"]
            .as_array()
            .expect("details")
            .len(),
        4
    );
    // Three capital letters are not enough: the currency must be one accounts take.
    let unknown = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"default_currency": "XYZ"})),
        )
        .await;
    unknown.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(
        unknown.json()["error"]["details"][0]["field"],
        "default_currency"
    );
    let role = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"role": "admin"})),
        )
        .await;
    role.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}

#[tokio::test]
async fn an_email_taken_by_another_account_is_a_conflict() {
    let app = TestApp::new();
    app.signed_up("taken@example.com").await;
    let user = app.signed_up("mine@example.com").await;
    app.call(
        Method::PATCH,
        "/v1/users/me",
        Some(&user.access_token),
        Some(&json!({"email": "taken@example.com"})),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_ends_sessions_and_frees_the_address() {
    let app = TestApp::new();
    let user = app.signed_up("del@example.com").await;
    app.call(
        Method::DELETE,
        "/v1/users/me",
        Some(&user.access_token),
        Some(&json!({"password": "not my password"})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "REAUTHENTICATION_FAILED");
    let deleted = app
        .call(
            Method::DELETE,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.register_verified("del@example.com").await;
}
