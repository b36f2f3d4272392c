//! Access tokens and sessions: forged and expired tokens, refresh-token reuse, revocation and
//! bans taking effect on the next request.

use axum::http::{Method, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ferrofin_identity::{Identity, RequestMeta};
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::security::jwt::{ACCESS_TOKEN_TTL, JwtKeys};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::signed_in;
use serde_json::{Value, json};
use time::Duration;

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json")
}

async fn me(app: &TestApp, token: &str) -> ferrofin_tests::TestResponse {
    app.call(Method::GET, "/v1/users/me", Some(token), None)
        .await
}

#[tokio::test]
async fn forged_or_altered_access_tokens_are_refused() {
    let app = TestApp::new();
    let user = app.signed_up("at@example.com").await;
    let claims = claims_of(&user.access_token);
    let parts: Vec<&str> = user.access_token.split('.').collect();

    let none = format!(
        "{}.{}.",
        encode(&json!({"alg": "none", "typ": "JWT"})),
        parts[1]
    );
    let mut elevated = claims.clone();
    elevated["role"] = json!("admin");
    let tampered = format!("{}.{}.{}", parts[0], encode(&elevated), parts[2]);
    let now = app.clock.now();
    let other_key = JwtKeys::new(
        b"another-secret-another-secret-another",
        "ferrofin",
        "ferrofin-api",
    )
    .issue(
        user.user_id.as_str(),
        "admin",
        &user.session_id,
        now,
        ACCESS_TOKEN_TTL,
    )
    .expect("issue");
    let state = app.embedded.state();
    let wrong_audience = JwtKeys::new(
        b"test-secret-test-secret-test-secret!",
        "ferrofin",
        "another-api",
    )
    .issue(
        user.user_id.as_str(),
        "user",
        &user.session_id,
        now,
        ACCESS_TOKEN_TTL,
    )
    .expect("issue");
    let unknown_session = state
        .jwt
        .issue(
            user.user_id.as_str(),
            "user",
            "01NOSUCHSESSION",
            now,
            ACCESS_TOKEN_TTL,
        )
        .expect("issue");

    for (name, token) in [
        ("alg none", none),
        ("tampered claims", tampered),
        ("wrong key", other_key),
        ("wrong audience", wrong_audience),
        ("unknown session", unknown_session),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let response = me(&app, &token).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{name}");
        response.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    assert_eq!(me(&app, &user.access_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_access_token_expires_after_15_minutes() {
    let app = TestApp::new();
    let user = app.signed_up("ex@example.com").await;
    app.clock.advance(Duration::minutes(14));
    assert_eq!(me(&app, &user.access_token).await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(1));
    me(&app, &user.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_the_whole_session() {
    let app = TestApp::new();
    let user = app.signed_up("ru@example.com").await;
    let first = app
        .post_json(
            "/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    let rotated = signed_in("ru@example.com", &first.json());

    app.post_json(
        "/v1/auth/refresh",
        &json!({"refresh_token": user.refresh_token}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_REFRESH_TOKEN");
    app.post_json(
        "/v1/auth/refresh",
        &json!({"refresh_token": rotated.refresh_token}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_REFRESH_TOKEN");
    me(&app, &rotated.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let audit = Identity::new(&app.embedded.state())
        .audit
        .for_user(user.user_id.as_str(), 50)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == ferrofin_platform::audit::AuditAction::RefreshTokenReused)
    );
}

#[tokio::test]
async fn a_refresh_token_dies_with_its_seven_day_session() {
    let app = TestApp::new();
    let user = app.signed_up("sd@example.com").await;
    app.clock.advance(Duration::days(7));
    app.post_json(
        "/v1/auth/refresh",
        &json!({"refresh_token": user.refresh_token}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_REFRESH_TOKEN");
}

#[tokio::test]
async fn a_banned_user_is_refused_on_the_very_next_request() {
    let app = TestApp::new();
    let admin = app
        .signed_up_as("admin@example.com", ferrofin_identity::roles::Role::Admin)
        .await;
    let user = app.signed_up("ba@example.com").await;
    assert_eq!(me(&app, &user.access_token).await.status, StatusCode::OK);
    Identity::new(&app.embedded.state())
        .ban(&admin.user_id, &user.user_id, &RequestMeta::default())
        .await
        .expect("ban");
    me(&app, &user.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.post_json(
        "/v1/auth/login",
        &json!({"email": "ba@example.com", "password": ferrofin_tests::identity::PASSWORD}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "ACCOUNT_DISABLED");
}

#[tokio::test]
async fn sessions_are_listed_with_the_current_one_marked_and_can_be_ended() {
    let app = TestApp::new();
    let laptop = app.signed_up("se@example.com").await;
    let phone = app.login("se@example.com").await;
    let list = app
        .call(
            Method::GET,
            "/v1/auth/sessions",
            Some(&phone.access_token),
            None,
        )
        .await;
    let items = list.json()["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 2);
    let current: Vec<&Value> = items.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], phone.session_id.as_str());
    assert_eq!(current[0]["user_agent"], "ferrofin-tests/1.0");

    let path = format!("/v1/auth/sessions/{}", laptop.session_id);
    assert_eq!(
        app.call(Method::DELETE, &path, Some(&phone.access_token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    me(&app, &laptop.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    assert_eq!(me(&app, &phone.access_token).await.status, StatusCode::OK);
}

/// The `last_used_at` of the caller's session, as `GET /v1/auth/sessions` lists it.
async fn last_used_at(app: &TestApp, access_token: &str) -> String {
    let list = app
        .call(Method::GET, "/v1/auth/sessions", Some(access_token), None)
        .await;
    let items = list.json()["items"].as_array().expect("items").clone();
    let current = items
        .iter()
        .find(|s| s["current"] == true)
        .expect("current");
    current["last_used_at"]
        .as_str()
        .expect("last_used_at")
        .to_owned()
}

#[tokio::test]
async fn a_sessions_last_use_follows_requests_a_write_every_five_minutes_at_most() {
    let app = TestApp::new();
    let user = app.signed_up("used@example.com").await;
    let signed_in = last_used_at(&app, &user.access_token).await;
    assert_eq!(signed_in, "2026-11-21T12:00:00Z");

    app.clock.advance(time::Duration::minutes(4));
    assert_eq!(me(&app, &user.access_token).await.status, StatusCode::OK);
    assert_eq!(
        last_used_at(&app, &user.access_token).await,
        signed_in,
        "four minutes later the last use is not written again"
    );

    app.clock.advance(time::Duration::minutes(2));
    assert_eq!(me(&app, &user.access_token).await.status, StatusCode::OK);
    assert_eq!(
        last_used_at(&app, &user.access_token).await,
        "2026-11-21T12:06:00Z"
    );
}

#[tokio::test]
async fn another_users_session_is_not_found() {
    let app = TestApp::new();
    let ann = app.signed_up("ann@example.com").await;
    let bob = app.signed_up("bob@example.com").await;
    let path = format!("/v1/auth/sessions/{}", ann.session_id);
    app.call(Method::DELETE, &path, Some(&bob.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(me(&app, &ann.access_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_all_ends_every_session() {
    let app = TestApp::new();
    let one = app.signed_up("la@example.com").await;
    let two = app.login("la@example.com").await;
    assert_eq!(
        app.call(
            Method::POST,
            "/v1/auth/logout-all",
            Some(&one.access_token),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    me(&app, &one.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    me(&app, &two.access_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}
