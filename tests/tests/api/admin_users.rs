//! /v1/admin/users: the directory search (index-backed, paged, cursors bound to the filters),
//! one account without secrets, and repairing access (unban, unlock, sign-out everywhere,
//! a new verification link), each behind its permission and audited.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::{PASSWORD, SignedIn};
use serde_json::{Value, json};
use time::Duration;

/// The emails of every item of a search, following `next_cursor` to the end.
async fn search_all(app: &TestApp, admin: &SignedIn, query: &str) -> Vec<String> {
    let mut emails = Vec::new();
    let mut url = format!("/v1/admin/users?{query}");
    loop {
        let page = app
            .call(Method::GET, &url, Some(&admin.access_token), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.json());
        let body = page.json();
        for item in body["items"].as_array().expect("items") {
            emails.push(item["email"].as_str().expect("email").to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(cursor) => url = format!("/v1/admin/users?{query}&cursor={cursor}"),
            None => return emails,
        }
    }
}

/// The actions of the newest audit entries about `user`.
async fn audit_actions(app: &TestApp, admin: &SignedIn, user: &SignedIn) -> Vec<Value> {
    let path = format!("/v1/admin/users/{}/audit", user.user_id);
    let body = app
        .call(Method::GET, &path, Some(&admin.access_token), None)
        .await
        .json();
    body["items"].as_array().expect("items").clone()
}

async fn post(app: &TestApp, admin: &SignedIn, path: &str) -> ferrofin_tests::TestResponse {
    app.call(Method::POST, path, Some(&admin.access_token), None)
        .await
}

#[tokio::test]
async fn each_user_administration_route_needs_its_permission() {
    let app = TestApp::new();
    let target = app.signed_up("target@example.com").await;
    let user = |rest: &str| format!("/v1/admin/users/{}{rest}", target.user_id);
    let cases = [
        (
            Method::GET,
            "/v1/admin/users".to_owned(),
            Permission::UsersRead,
        ),
        (Method::GET, user(""), Permission::UsersRead),
        (Method::POST, user("/unban"), Permission::UsersBan),
        (Method::POST, user("/unlock"), Permission::UsersManage),
        (Method::POST, user("/sign-out"), Permission::UsersManage),
        (
            Method::POST,
            user("/verification-email"),
            Permission::UsersManage,
        ),
    ];
    for (method, path, permission) in cases {
        app.assert_requires_permission(method, &path, None, permission)
            .await;
    }
}

#[tokio::test]
async fn the_directory_searches_by_email_prefix_status_role_and_creation_through_pages() {
    let app = TestApp::new();
    app.signed_up_as("root@example.com", Role::Admin).await;
    app.clock.advance(Duration::hours(1));
    let admin = app.login("root@example.com").await;
    for name in ["ada", "adam", "bob"] {
        app.signed_up(&format!("{name}@example.com")).await;
    }
    app.signed_up_as("adele@example.com", Role::LoanOfficer)
        .await;
    let banned = app.signed_up("carol@example.com").await;
    post(
        &app,
        &admin,
        &format!("/v1/admin/users/{}/ban", banned.user_id),
    )
    .await;

    let by_prefix = search_all(&app, &admin, "email=AD&limit=1").await;
    assert_eq!(
        by_prefix,
        ["ada@example.com", "adam@example.com", "adele@example.com"],
        "by address, case-insensitive, one a page"
    );
    assert_eq!(
        search_all(&app, &admin, "email=ad&role=loan_officer").await,
        ["adele@example.com"]
    );
    assert_eq!(
        search_all(&app, &admin, "status=banned").await,
        ["carol@example.com"]
    );
    assert_eq!(
        search_all(&app, &admin, "role=admin").await,
        ["root@example.com"]
    );
    let everyone = search_all(&app, &admin, "limit=2").await;
    assert_eq!(everyone.len(), 6);
    assert_eq!(
        everyone.last().map(String::as_str),
        Some("root@example.com"),
        "newest first"
    );
    let after_the_admin = search_all(&app, &admin, "created_from=2026-11-21T12:30:00Z").await;
    assert_eq!(after_the_admin.len(), 5);
    assert!(!after_the_admin.contains(&"root@example.com".to_owned()));
    assert_eq!(
        search_all(&app, &admin, "created_to=2026-11-21T12:30:00Z").await,
        ["root@example.com"]
    );

    let first = app
        .call(
            Method::GET,
            "/v1/admin/users?role=user&limit=1",
            Some(&admin.access_token),
            None,
        )
        .await
        .json();
    let item = &first["items"][0];
    assert_eq!(item["email"], "carol@example.com", "the newest plain user");
    assert_eq!(item["status"], "banned");
    assert!(item.get("password_hash").is_none() && item.get("totp").is_none());
    let cursor = first["next_cursor"].as_str().expect("more users");
    app.call(
        Method::GET,
        &format!("/v1/admin/users?role=admin&limit=1&cursor={cursor}"),
        Some(&admin.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    for bad in [
        "status=gone",
        "role=root",
        "created_from=yesterday",
        "colour=red",
    ] {
        app.call(
            Method::GET,
            &format!("/v1/admin/users?{bad}"),
            Some(&admin.access_token),
            None,
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    }
}

#[tokio::test]
async fn an_account_reads_without_secrets_and_the_read_is_audited() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("viewed@example.com").await;
    let path = format!("/v1/admin/users/{}", user.user_id);
    let response = app
        .call(Method::GET, &path, Some(&admin.access_token), None)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let account = response.json();
    assert_eq!(account["id"], user.user_id.as_str());
    assert_eq!(account["email"], "viewed@example.com");
    assert_eq!(account["role"], "user");
    assert_eq!(account["email_verified"], true);
    assert_eq!(account["mfa_enabled"], false);
    assert_eq!(account["active_sessions"], 1);
    assert_eq!(account["locked_until"], Value::Null);
    let text = account.to_string();
    for secret in ["password", "totp", "secret", "hash", "token", "version"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let newest = &audit_actions(&app, &admin, &user).await[0];
    assert_eq!(newest["action"], "user_viewed");
    assert_eq!(newest["actor"], admin.user_id.as_str());
    app.call(
        Method::GET,
        "/v1/admin/users/01NOBODY",
        Some(&admin.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn an_unban_lets_the_user_sign_in_again_and_only_a_banned_user_is_unbanned() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("pardoned@example.com").await;
    let user_path = |rest: &str| format!("/v1/admin/users/{}{rest}", user.user_id);
    let status = post(&app, &admin, &user_path("/ban")).await.status;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let refused = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": "pardoned@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let status = post(&app, &admin, &user_path("/unban")).await.status;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.login("pardoned@example.com").await;
    post(&app, &admin, &user_path("/unban"))
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    post(&app, &admin, "/v1/admin/users/01NOBODY/unban")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let entries = audit_actions(&app, &admin, &user).await;
    let unbanned = entries
        .iter()
        .find(|entry| entry["action"] == "user_unbanned")
        .expect("unban audited");
    assert_eq!(unbanned["actor"], admin.user_id.as_str());
    assert_eq!(
        search_all(&app, &admin, "status=active&email=pardoned").await,
        ["pardoned@example.com"],
        "the directory follows the status"
    );
}

#[tokio::test]
async fn an_unlock_lifts_a_lockout_before_it_ends() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("locked@example.com").await;
    let wrong = json!({"email": "locked@example.com", "password": "not the password"});
    for _ in 0..5 {
        app.post_json("/v1/auth/login", &wrong).await;
    }
    let account = format!("/v1/admin/users/{}", user.user_id);
    let details = app
        .call(Method::GET, &account, Some(&admin.access_token), None)
        .await
        .json();
    assert_eq!(details["locked_until"], "2026-11-21T12:30:00Z");
    let unlock = format!("{account}/unlock");
    assert_eq!(
        post(&app, &admin, &unlock).await.status,
        StatusCode::NO_CONTENT
    );
    app.login("locked@example.com").await;
    post(&app, &admin, &unlock)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    assert!(
        audit_actions(&app, &admin, &user)
            .await
            .iter()
            .any(|entry| entry["action"] == "account_unlocked"
                && entry["actor"] == admin.user_id.as_str())
    );
}

#[tokio::test]
async fn a_forced_sign_out_ends_every_session_and_refresh_token() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let user = app.signed_up("everywhere@example.com").await;
    let other = app.login("everywhere@example.com").await;
    let path = format!("/v1/admin/users/{}/sign-out", user.user_id);
    let response = post(&app, &admin, &path).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    assert_eq!(response.json()["revoked"], 2);
    for signed_in in [&user, &other] {
        app.call(
            Method::GET,
            "/v1/users/me",
            Some(&signed_in.access_token),
            None,
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        let refresh = app
            .post_json(
                "/v1/auth/refresh",
                &json!({"refresh_token": signed_in.refresh_token}),
            )
            .await;
        assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    }
    let newest = &audit_actions(&app, &admin, &user).await[0];
    assert_eq!(newest["action"], "all_sessions_revoked");
    assert_eq!(newest["actor"], admin.user_id.as_str());
    assert_eq!(newest["metadata"]["revoked"], 2);
}

#[tokio::test]
async fn a_new_verification_link_goes_to_an_unverified_address_only() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let registered = app
        .post_json(
            "/v1/auth/register",
            &json!({"email": "late@example.com", "password": PASSWORD, "name": "Late"}),
        )
        .await;
    assert_eq!(registered.status, StatusCode::ACCEPTED);
    let found = app
        .call(
            Method::GET,
            "/v1/admin/users?email=late",
            Some(&admin.access_token),
            None,
        )
        .await
        .json();
    assert_eq!(found["items"][0]["email_verified"], false);
    let user_id = found["items"][0]["id"].as_str().expect("id").to_owned();
    let first_link = app.link_parameter("late@example.com", "token").await;
    let path = format!("/v1/admin/users/{user_id}/verification-email");
    assert_eq!(post(&app, &admin, &path).await.status, StatusCode::ACCEPTED);
    let second_link = app.link_parameter("late@example.com", "token").await;
    assert_ne!(first_link, second_link, "a new link was sent");
    let verified = app
        .post_json("/v1/auth/verify-email", &json!({"token": second_link}))
        .await;
    assert_eq!(verified.status, StatusCode::OK);
    post(&app, &admin, &path)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
}

#[tokio::test]
async fn a_rebuild_puts_users_stored_before_the_directory_back_in_it() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let old = app.signed_up("early@example.com").await;
    let identity = ferrofin_identity::Identity::new(&app.embedded.state());
    let user = identity
        .users
        .get(&old.user_id)
        .await
        .expect("read")
        .expect("user");
    for key in ferrofin_identity::directory::index_keys(&user) {
        app.embedded
            .state()
            .table
            .delete(&key, ferrofin_platform::ports::table::Condition::Always)
            .await
            .expect("forget the directory item");
    }
    assert!(search_all(&app, &admin, "email=early").await.is_empty());

    let path = "/v1/admin/directory/rebuild";
    app.assert_requires_permission(
        Method::POST,
        path,
        Some(&json!({})),
        Permission::UsersManage,
    )
    .await;
    let rebuilt = app
        .call(
            Method::POST,
            path,
            Some(&admin.access_token),
            Some(&json!({})),
        )
        .await;
    assert_eq!(rebuilt.status, StatusCode::OK, "{:?}", rebuilt.json());
    assert!(rebuilt.json()["rebuilt"].as_u64().is_some_and(|n| n >= 2));
    assert_eq!(rebuilt.json()["next_cursor"], Value::Null);
    assert_eq!(
        search_all(&app, &admin, "email=early").await,
        ["early@example.com"]
    );
    app.call(
        Method::POST,
        path,
        Some(&admin.access_token),
        Some(&json!({"cursor": "forged"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}
