//! /v1/admin: roles, bans and the audit log, each behind its permission.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn each_admin_route_needs_its_permission() {
    let app = TestApp::new();
    let target = app.signed_up("target@example.com").await;
    let roles = format!("/v1/admin/users/{}/roles", target.user_id);
    let body = json!({"role": "loan_officer"});
    app.assert_requires_permission(
        Method::POST,
        &roles,
        Some(&body),
        Permission::UsersManageRoles,
    )
    .await;
    let ban = format!("/v1/admin/users/{}/ban", target.user_id);
    app.assert_requires_permission(Method::POST, &ban, None, Permission::UsersBan)
        .await;
    let audit = format!("/v1/admin/users/{}/audit", target.user_id);
    app.assert_requires_permission(Method::GET, &audit, None, Permission::AuditRead)
        .await;
}

#[tokio::test]
async fn a_role_change_ends_the_users_sessions_and_the_next_sign_in_carries_it() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("officer@example.com").await;
    let path = format!("/v1/admin/users/{}/roles", user.user_id);
    let changed = app
        .call(
            Method::POST,
            &path,
            Some(&admin.access_token),
            Some(&json!({"role": "loan_officer"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(changed.json()["role"], "loan_officer");
    app.call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let again = app.login("officer@example.com").await;
    let me = app
        .call(Method::GET, "/v1/users/me", Some(&again.access_token), None)
        .await;
    assert_eq!(me.json()["role"], "loan_officer");
    let unknown = app
        .call(
            Method::POST,
            &path,
            Some(&admin.access_token),
            Some(&json!({"role": "superuser"})),
        )
        .await;
    unknown.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn a_ban_through_the_api_refuses_the_users_token_at_once() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("banned@example.com").await;
    let path = format!("/v1/admin/users/{}/ban", user.user_id);
    assert_eq!(
        app.call(Method::POST, &path, Some(&admin.access_token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.call(Method::GET, "/v1/users/me", Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let own = format!("/v1/admin/users/{}/ban", admin.user_id);
    app.call(Method::POST, &own, Some(&admin.access_token), None)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    app.call(
        Method::POST,
        "/v1/admin/users/01NOBODY/ban",
        Some(&admin.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn the_audit_log_pages_with_a_cursor_bound_to_its_user() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("audited@example.com").await;
    for _ in 0..3 {
        app.post_json(
            "/v1/auth/login",
            &json!({"email": "audited@example.com", "password": "wrong password!!"}),
        )
        .await;
    }
    let path = format!("/v1/admin/users/{}/audit", user.user_id);
    let mut seen = Vec::new();
    let mut url = format!("{path}?limit=2");
    loop {
        let page = app
            .call(Method::GET, &url, Some(&admin.access_token), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.json());
        let body = page.json();
        for item in body["items"].as_array().expect("items") {
            seen.push(item["action"].as_str().expect("action").to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(cursor) => url = format!("{path}?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen.first().map(String::as_str),
        Some("login_failed"),
        "newest first: {seen:?}"
    );
    assert!(seen.contains(&"user_registered".to_owned()));
    assert_eq!(seen.iter().filter(|a| *a == "login_failed").count(), 3);

    let first = app
        .call(
            Method::GET,
            &format!("{path}?limit=1"),
            Some(&admin.access_token),
            None,
        )
        .await
        .json();
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let other = format!("/v1/admin/users/{}/audit?cursor={cursor}", admin.user_id);
    app.call(Method::GET, &other, Some(&admin.access_token), None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    app.call(
        Method::GET,
        &format!("{path}?limit=101"),
        Some(&admin.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
}
