//! Changing the email address: the new address replaces the old one only once the link sent to
//! it is used; the old address keeps working until then and gets a link that undoes the change
//! (cancelling it while it waits, or restoring the old address and ending every session once it
//! was confirmed).

use axum::http::{Method, StatusCode};
use ferrofin_tests::identity::{PASSWORD, SignedIn};
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};

async fn change_email(app: &TestApp, user: &SignedIn, email: &str) -> TestResponse {
    app.call(
        Method::PATCH,
        "/v1/users/me",
        Some(&user.access_token),
        Some(&json!({ "email": email })),
    )
    .await
}

async fn me(app: &TestApp, user: &SignedIn) -> TestResponse {
    app.call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
}

async fn login_status(app: &TestApp, email: &str) -> StatusCode {
    let body = json!({"email": email, "password": PASSWORD});
    app.call(Method::POST, "/v1/auth/login", None, Some(&body))
        .await
        .status
}

async fn use_link(app: &TestApp, action: &str, token: &str) -> TestResponse {
    let path = format!("/v1/auth/email-change/{action}");
    app.post_json(&path, &json!({ "token": token })).await
}

/// Asks to move `user` from `old` to `new`; answers the confirmation token (sent to `new`) and
/// the undo token (sent to `old`).
async fn ask(app: &TestApp, user: &SignedIn, old: &str, new: &str) -> (String, String) {
    let changed = change_email(app, user, new).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    let profile = changed.json();
    assert_eq!(
        profile["email"], old,
        "the old address stays until confirmed"
    );
    assert_eq!(profile["email_verified"], true);
    assert_eq!(profile["pending_email"], new);
    let confirm = app.link_parameter(new, "token").await;
    let undo = app.link_parameter(old, "token").await;
    (confirm, undo)
}

#[tokio::test]
async fn the_new_address_replaces_the_old_one_only_once_confirmed() {
    let app = TestApp::new();
    let user = app.signed_up("old@example.com").await;
    let (confirm, _) = ask(&app, &user, "old@example.com", "new@example.com").await;
    let notice = app.last_mail_to("old@example.com").await;
    assert!(
        notice.text_body.contains("new@example.com"),
        "{}",
        notice.text_body
    );
    assert!(notice.text_body.contains("/undo-email-change?token="));
    assert_eq!(login_status(&app, "old@example.com").await, StatusCode::OK);
    assert_eq!(
        login_status(&app, "new@example.com").await,
        StatusCode::UNAUTHORIZED,
        "a typo in the new address locks nobody out"
    );

    let confirmed = use_link(&app, "confirm", &confirm).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.json());
    let profile = me(&app, &user).await.json();
    assert_eq!(profile["email"], "new@example.com");
    assert_eq!(profile["email_verified"], true);
    assert_eq!(profile["pending_email"], Value::Null);
    assert_eq!(login_status(&app, "new@example.com").await, StatusCode::OK);
    assert_eq!(
        login_status(&app, "old@example.com").await,
        StatusCode::UNAUTHORIZED
    );
    let told = app.last_mail_to("old@example.com").await;
    assert_eq!(told.subject, "Your Ferrofin email address was changed");
    use_link(&app, "confirm", &confirm)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
    app.register_verified("old@example.com").await;
}

#[tokio::test]
async fn the_undo_link_cancels_a_change_that_waits() {
    let app = TestApp::new();
    let user = app.signed_up("stay@example.com").await;
    let (confirm, undo) = ask(&app, &user, "stay@example.com", "typo@example.con").await;
    let undone = use_link(&app, "undo", &undo).await;
    assert_eq!(undone.status, StatusCode::OK, "{:?}", undone.json());
    let profile = me(&app, &user).await;
    assert_eq!(profile.status, StatusCode::OK, "the session goes on");
    assert_eq!(profile.json()["email"], "stay@example.com");
    assert_eq!(profile.json()["pending_email"], Value::Null);
    use_link(&app, "confirm", &confirm)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn asking_for_the_current_address_again_cancels_a_change_that_waits() {
    let app = TestApp::new();
    let user = app.signed_up("back@example.com").await;
    let (confirm, _) = ask(&app, &user, "back@example.com", "other@example.com").await;
    let again = change_email(&app, &user, "back@example.com").await;
    assert_eq!(again.json()["pending_email"], Value::Null);
    use_link(&app, "confirm", &confirm)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn undoing_a_confirmed_change_restores_the_old_address_and_ends_every_session() {
    let app = TestApp::new();
    let user = app.signed_up("victim@example.com").await;
    let (confirm, undo) = ask(&app, &user, "victim@example.com", "thief@example.com").await;
    assert_eq!(
        use_link(&app, "confirm", &confirm).await.status,
        StatusCode::OK
    );

    let undone = use_link(&app, "undo", &undo).await;
    assert_eq!(undone.status, StatusCode::OK, "{:?}", undone.json());
    me(&app, &user)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let back = app.login("victim@example.com").await;
    let profile = me(&app, &back).await.json();
    assert_eq!(profile["email"], "victim@example.com");
    assert_eq!(profile["email_verified"], true);
    assert_eq!(
        login_status(&app, "thief@example.com").await,
        StatusCode::UNAUTHORIZED
    );
    use_link(&app, "undo", &undo)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn an_address_taken_before_the_confirmation_is_a_conflict_and_nothing_changes() {
    let app = TestApp::new();
    let user = app.signed_up("slow@example.com").await;
    let (confirm, _) = ask(&app, &user, "slow@example.com", "fast@example.com").await;
    app.register_verified("fast@example.com").await;
    use_link(&app, "confirm", &confirm)
        .await
        .assert_error(StatusCode::CONFLICT, "EMAIL_TAKEN");
    let profile = me(&app, &user).await.json();
    assert_eq!(profile["email"], "slow@example.com");
    assert_eq!(login_status(&app, "slow@example.com").await, StatusCode::OK);
}

#[tokio::test]
async fn the_links_refuse_unknown_and_malformed_tokens() {
    let app = TestApp::new();
    for action in ["confirm", "undo"] {
        use_link(&app, action, "not-a-token")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
        let path = format!("/v1/auth/email-change/{action}");
        let missing = app.post_json(&path, &json!({})).await;
        assert!(
            missing.status.is_client_error(),
            "{action}: {:?}",
            missing.status
        );
    }
    // A confirmation link is not an undo link, and the other way round.
    let user = app.signed_up("kinds@example.com").await;
    let (confirm, undo) = ask(&app, &user, "kinds@example.com", "kinds2@example.com").await;
    use_link(&app, "undo", &confirm)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
    use_link(&app, "confirm", &undo)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}
