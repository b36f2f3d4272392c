//! /v1/admin/audit: the audit log searched by actor, target, action and time range (by
//! target's partition or day by day through the index, paged across days), and exported as
//! CSV with a presigned download, behind `audit:read`.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};
use time::Duration;

use crate::files::presigned;

/// Every entry of a search, following `next_cursor` to the end, and the most entries a page
/// held.
async fn search_all(app: &TestApp, admin: &SignedIn, query: &str) -> (Vec<Value>, usize) {
    let mut entries = Vec::new();
    let mut fullest = 0;
    let mut url = format!("/v1/admin/audit?{query}");
    loop {
        let page = app
            .call(Method::GET, &url, Some(&admin.access_token), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.json());
        let body = page.json();
        let items = body["items"].as_array().expect("items");
        fullest = fullest.max(items.len());
        entries.extend(items.iter().cloned());
        match body["next_cursor"].as_str() {
            Some(cursor) => url = format!("/v1/admin/audit?{query}&cursor={cursor}"),
            None => return (entries, fullest),
        }
    }
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|entry| entry["action"].as_str().expect("action"))
        .collect()
}

/// An admin who bans one user on each of three days (21, 23 and 25 November 2026, noon);
/// the admin's sign-in of the last day is the one returned.
async fn bans_over_days(app: &TestApp) -> (SignedIn, Vec<SignedIn>) {
    app.signed_up_as("root@example.com", Role::Admin).await;
    let mut banned = Vec::new();
    let mut admin = None;
    for (n, day) in [21, 23, 25].into_iter().enumerate() {
        if n > 0 {
            app.clock.advance(Duration::days(2));
        }
        let signed_in = app.login("root@example.com").await;
        let user = app.signed_up(&format!("user{day}@example.com")).await;
        let path = format!("/v1/admin/users/{}/ban", user.user_id);
        let status = app
            .call(Method::POST, &path, Some(&signed_in.access_token), None)
            .await
            .status;
        assert_eq!(status, StatusCode::NO_CONTENT);
        banned.push(user);
        admin = Some(signed_in);
    }
    (admin.expect("admin"), banned)
}

#[tokio::test]
async fn the_audit_search_and_export_need_audit_read() {
    let app = TestApp::new();
    app.assert_requires_permission(Method::GET, "/v1/admin/audit", None, Permission::AuditRead)
        .await;
    app.assert_requires_permission(
        Method::POST,
        "/v1/admin/audit/exports",
        Some(&json!({})),
        Permission::AuditRead,
    )
    .await;
}

#[tokio::test]
async fn the_audit_log_is_searched_by_action_actor_target_and_range_across_days() {
    let app = TestApp::new();
    let (admin, banned) = bans_over_days(&app).await;

    let (bans, fullest) = search_all(&app, &admin, "action=user_banned&limit=1").await;
    assert_eq!(actions(&bans), ["user_banned"; 3], "across the days");
    assert_eq!(fullest, 1, "at most one a page");
    let targets: Vec<&str> = bans
        .iter()
        .map(|entry| entry["target"].as_str().expect("target"))
        .collect();
    let newest_first: Vec<&str> = banned.iter().rev().map(|u| u.user_id.as_str()).collect();
    assert_eq!(targets, newest_first);

    let (by_admin, _) = search_all(&app, &admin, &format!("actor={}", admin.user_id)).await;
    assert!(
        by_admin
            .iter()
            .all(|entry| entry["actor"] == admin.user_id.as_str())
    );
    assert_eq!(
        actions(&by_admin)
            .iter()
            .filter(|action| **action == "user_banned")
            .count(),
        3
    );

    let first = &banned[0];
    let (about_first, _) = search_all(&app, &admin, &format!("target={}", first.user_id)).await;
    assert_eq!(
        actions(&about_first),
        [
            "user_banned",
            "login_succeeded",
            "email_verified",
            "user_registered"
        ]
    );

    let (middle_day, _) = search_all(
        &app,
        &admin,
        "action=user_banned&from=2026-11-23T00:00:00Z&to=2026-11-23T23:59:59Z",
    )
    .await;
    assert_eq!(middle_day.len(), 1);
    assert_eq!(middle_day[0]["target"], banned[1].user_id.as_str());
    let (default_range, _) =
        search_all(&app, &admin, "action=user_banned&to=2026-12-24T00:00:00Z").await;
    assert_eq!(default_range.len(), 1, "30 days before `to` by default");
}

#[tokio::test]
async fn bad_audit_searches_are_refused_with_the_standard_error() {
    let app = TestApp::new();
    let (admin, _) = bans_over_days(&app).await;
    let get = |query: &str| {
        let url = format!("/v1/admin/audit?{query}");
        let token = admin.access_token.clone();
        let app = &app;
        async move { app.call(Method::GET, &url, Some(&token), None).await }
    };
    get("from=2026-11-25T00:00:00Z&to=2026-11-21T00:00:00Z")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    get("from=2024-01-01T00:00:00Z&to=2026-11-21T00:00:00Z")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    for bad in ["action=made_up", "from=yesterday", "limit=0", "colour=red"] {
        get(bad)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    }
    let first = get("action=user_banned&limit=1").await.json();
    let cursor = first["next_cursor"].as_str().expect("cursor");
    get(&format!("action=login_failed&limit=1&cursor={cursor}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}

#[tokio::test]
async fn an_export_is_a_csv_behind_a_presigned_download_and_is_audited() {
    let app = TestApp::new();
    let (admin, banned) = bans_over_days(&app).await;
    let body = json!({"action": "user_banned", "from": "2026-11-01T00:00:00Z"});
    let response = app
        .call(
            Method::POST,
            "/v1/admin/audit/exports",
            Some(&admin.access_token),
            Some(&body),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    let export = response.json();
    assert_eq!(export["entries"], 3);
    assert_eq!(export["download"]["method"], "GET");
    assert_eq!(export["download"]["expires_at"], "2026-11-25T12:15:00Z");
    let file = presigned(&app, &export["download"], b"").await;
    assert_eq!(file.status, StatusCode::OK);
    let text = String::from_utf8(file.body.to_vec()).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,at,actor,action,target,ip,metadata"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].contains(banned[2].user_id.as_str()), "{}", rows[0]);
    assert!(rows.iter().all(|row| row.contains(",user_banned,")));

    let (exports, _) = search_all(&app, &admin, "action=audit_exported").await;
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0]["actor"], admin.user_id.as_str());
    assert_eq!(exports[0]["metadata"]["entries"], 3);

    let unknown = app
        .call(
            Method::POST,
            "/v1/admin/audit/exports",
            Some(&admin.access_token),
            Some(&json!({"actions": "user_banned"})),
        )
        .await;
    unknown.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    app.call(
        Method::POST,
        "/v1/admin/audit/exports",
        Some(&admin.access_token),
        Some(&json!({"from": "2026-11-30T00:00:00Z", "to": "2026-11-01T00:00:00Z"})),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}
