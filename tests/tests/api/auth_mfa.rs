//! TOTP: setup, enable with recovery codes, the MFA login step, replay and recovery codes.

use axum::http::{Method, StatusCode};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::security::totp::{TotpSecret, code_at};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::{PASSWORD, SignedIn};
use serde_json::{Value, json};
use time::Duration;

/// Enables TOTP for the user; returns the secret and the recovery codes.
async fn enable_totp(app: &TestApp, user: &SignedIn) -> (TotpSecret, Vec<String>) {
    let setup = app
        .call(
            Method::POST,
            "/v1/auth/mfa/totp/setup",
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(setup.status, StatusCode::OK);
    let setup = setup.json();
    assert!(
        setup["otpauth_uri"]
            .as_str()
            .expect("uri")
            .starts_with("otpauth://totp/")
    );
    let secret =
        TotpSecret::from_base32(setup["secret"].as_str().expect("secret")).expect("base32");
    let code = code_at(&secret, app.clock.now());
    let enabled = app
        .call(
            Method::POST,
            "/v1/auth/mfa/totp/enable",
            Some(&user.access_token),
            Some(&json!({"code": code})),
        )
        .await;
    assert_eq!(enabled.status, StatusCode::OK, "{:?}", enabled.json());
    let codes: Vec<String> = enabled.json()["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

async fn challenge(app: &TestApp, email: &str) -> String {
    let response = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let body: Value = response.json();
    assert_eq!(body["mfa_required"], true);
    assert!(body.get("tokens").is_none());
    body["challenge"].as_str().expect("challenge").to_owned()
}

#[tokio::test]
async fn a_login_with_totp_needs_the_second_step_and_a_code_works_once() {
    let app = TestApp::new();
    let user = app.signed_up("mf@example.com").await;
    let (secret, _) = enable_totp(&app, &user).await;
    app.clock.advance(Duration::seconds(30));

    let first = challenge(&app, "mf@example.com").await;
    let code = code_at(&secret, app.clock.now());
    let signed_in = app
        .post_json(
            "/v1/auth/login/mfa",
            &json!({"challenge": first, "code": code}),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.json());
    assert!(signed_in.json()["tokens"]["access_token"].is_string());

    let second = challenge(&app, "mf@example.com").await;
    app.post_json(
        "/v1/auth/login/mfa",
        &json!({"challenge": second, "code": code}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
    app.post_json(
        "/v1/auth/login/mfa",
        &json!({"challenge": first, "code": code}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_TOKEN");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::new();
    let user = app.signed_up("rc@example.com").await;
    let (_, codes) = enable_totp(&app, &user).await;
    let first = challenge(&app, "rc@example.com").await;
    let response = app
        .post_json(
            "/v1/auth/login/mfa",
            &json!({"challenge": first, "code": codes[3]}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let again = challenge(&app, "rc@example.com").await;
    app.post_json(
        "/v1/auth/login/mfa",
        &json!({"challenge": again, "code": codes[3]}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
}

#[tokio::test]
async fn a_wrong_code_cannot_enable_totp_and_enabling_twice_conflicts() {
    let app = TestApp::new();
    let user = app.signed_up("we@example.com").await;
    app.call(
        Method::POST,
        "/v1/auth/mfa/totp/setup",
        Some(&user.access_token),
        None,
    )
    .await;
    app.call(
        Method::POST,
        "/v1/auth/mfa/totp/enable",
        Some(&user.access_token),
        Some(&json!({"code": "000000"})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "INVALID_CODE");
    let user = app.login("we@example.com").await;
    enable_totp(&app, &user).await;
    app.call(
        Method::POST,
        "/v1/auth/mfa/totp/setup",
        Some(&user.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
}

#[tokio::test]
async fn disabling_totp_needs_the_password_and_a_code() {
    let app = TestApp::new();
    let user = app.signed_up("di@example.com").await;
    let (secret, _) = enable_totp(&app, &user).await;
    app.clock.advance(Duration::seconds(30));
    let code = code_at(&secret, app.clock.now());
    app.call(
        Method::POST,
        "/v1/auth/mfa/totp/disable",
        Some(&user.access_token),
        Some(&json!({"password": "wrong password", "code": code})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "REAUTHENTICATION_FAILED");
    let disabled = app
        .call(
            Method::POST,
            "/v1/auth/mfa/totp/disable",
            Some(&user.access_token),
            Some(&json!({"password": PASSWORD, "code": code})),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::NO_CONTENT);
    app.login("di@example.com").await;
}

#[tokio::test]
async fn only_failed_second_factor_checks_count_towards_the_limit() {
    let app = TestApp::new();
    let user = app.signed_up("mfa-limit@example.com").await;
    let (secret, codes) = enable_totp(&app, &user).await;
    // Six sign-ins in a row inside one 5-minute window, each with a fresh code: none is limited
    // (the limit is 5 failures; successful checks used to count too).
    for _ in 0..6 {
        app.clock.advance(Duration::seconds(30));
        let step = challenge(&app, "mfa-limit@example.com").await;
        let code = code_at(&secret, app.clock.now());
        let signed_in = app
            .post_json(
                "/v1/auth/login/mfa",
                &json!({"challenge": step, "code": code}),
            )
            .await;
        assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.json());
    }
    // Five wrong codes: the sixth attempt is refused, even with a recovery code.
    let step = challenge(&app, "mfa-limit@example.com").await;
    for _ in 0..5 {
        app.post_json(
            "/v1/auth/login/mfa",
            &json!({"challenge": step, "code": "000000"}),
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
    }
    app.post_json(
        "/v1/auth/login/mfa",
        &json!({"challenge": step, "code": codes[0]}),
    )
    .await
    .assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
}

#[tokio::test]
async fn login_audit_entries_name_the_method_and_failed_checks_are_audited() {
    let app = TestApp::new();
    let user = app.signed_up("mfa-audit@example.com").await;
    let (secret, codes) = enable_totp(&app, &user).await;
    app.clock.advance(Duration::seconds(30));
    let step = challenge(&app, "mfa-audit@example.com").await;
    app.post_json(
        "/v1/auth/login/mfa",
        &json!({"challenge": step, "code": "000000"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "INVALID_CODE");
    let code = code_at(&secret, app.clock.now());
    let totp = app
        .post_json(
            "/v1/auth/login/mfa",
            &json!({"challenge": step, "code": code}),
        )
        .await;
    assert_eq!(totp.status, StatusCode::OK);
    let step = challenge(&app, "mfa-audit@example.com").await;
    let recovery = app
        .post_json(
            "/v1/auth/login/mfa",
            &json!({"challenge": step, "code": codes[0]}),
        )
        .await;
    assert_eq!(recovery.status, StatusCode::OK);
    let audit = ferrofin_identity::Identity::new(&app.embedded.state())
        .audit
        .for_user(user.user_id.as_str(), 50)
        .await
        .expect("audit");
    let methods: Vec<&str> = audit
        .iter()
        .filter(|entry| entry.action == AuditAction::LoginSucceeded)
        .filter_map(|entry| entry.metadata["method"].as_str())
        .collect();
    // Newest first: the recovery code, the TOTP code, and the password sign-in of signing up.
    assert_eq!(methods, ["recovery_code", "totp", "password"]);
    assert_eq!(
        audit
            .iter()
            .filter(|entry| entry.action == AuditAction::MfaCheckFailed)
            .count(),
        1
    );
}

#[tokio::test]
async fn the_owner_is_emailed_when_mfa_the_password_or_the_account_changes() {
    let app = TestApp::new();
    let email = "security-mail@example.com";
    let user = app.signed_up(email).await;
    let (secret, _) = enable_totp(&app, &user).await;
    assert_eq!(
        app.last_mail_to(email).await.subject,
        "Two-factor authentication is on"
    );
    app.clock.advance(Duration::seconds(30));
    let code = code_at(&secret, app.clock.now());
    let disabled = app
        .call(
            Method::POST,
            "/v1/auth/mfa/totp/disable",
            Some(&user.access_token),
            Some(&json!({"password": PASSWORD, "code": code})),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.last_mail_to(email).await.subject,
        "Two-factor authentication is off"
    );
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
    let mail = app.last_mail_to(email).await;
    assert_eq!(mail.subject, "Your Ferrofin password was changed");
    assert!(mail.text_body.contains("If this was not you"));
    let deleted = app
        .call(
            Method::DELETE,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"password": "a different passphrase 42"})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.last_mail_to(email).await.subject,
        "Your Ferrofin account was deleted"
    );
}
