//! The admin routes of badges and challenges: the permission they need, create / list / read /
//! replace / delete, the audit entry of each change, and their 422s.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::Permission;
use ferrofin_platform::audit::AuditLog;
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::gamification::{admin, call};
use ferrofin_tests::TestApp;

fn badge() -> Value {
    json!({"name": "Sorter", "points": 20, "rule": {"kind": "tiers", "activity": "transaction_categorised", "tiers": [10, 100, 1000]}})
}

fn challenge() -> Value {
    json!({"name": "Ten in December", "activity": "transaction_recorded", "target": 10, "reward_points": 50, "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z"})
}

#[tokio::test]
async fn admin_routes_need_gamification_manage() {
    let app = TestApp::new();
    for (method, path, body) in [
        (Method::POST, "/v1/admin/badges", Some(badge())),
        (Method::GET, "/v1/admin/badges", None),
        (Method::GET, "/v1/admin/badges/x", None),
        (Method::PUT, "/v1/admin/badges/x", Some(badge())),
        (Method::DELETE, "/v1/admin/badges/x", None),
        (Method::POST, "/v1/admin/challenges", Some(challenge())),
        (Method::GET, "/v1/admin/challenges", None),
        (Method::GET, "/v1/admin/challenges/x", None),
        (Method::PUT, "/v1/admin/challenges/x", Some(challenge())),
        (Method::DELETE, "/v1/admin/challenges/x", None),
    ] {
        app.assert_requires_permission(method, path, body.as_ref(), Permission::GamificationManage)
            .await;
    }
}

async fn audited(app: &TestApp, subject: &str) -> Vec<String> {
    let state = app.embedded.state();
    AuditLog::new(state.table.clone(), state.clock.clone())
        .for_user(subject, 10)
        .await
        .expect("audit")
        .into_iter()
        .map(|entry| {
            serde_json::to_value(entry.action)
                .expect("action")
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn badges_and_challenges_are_kept_by_admins_and_audited() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    for (base, body, prefix, what) in [
        ("/v1/admin/badges", badge(), "BADGE#", "badge"),
        (
            "/v1/admin/challenges",
            challenge(),
            "CHALLENGE#",
            "challenge",
        ),
    ] {
        let created = post(&app, &admin, base, &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
        let id = created.json()["id"].as_str().expect("id").to_owned();
        let path = format!("{base}/{id}");
        assert_eq!(get(&app, &admin, &path).await.json()["name"], body["name"]);
        let listed = get(&app, &admin, base).await.json();
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(1), "{what}");
        let mut changed = body.clone();
        changed["name"] = json!("Renamed");
        let replaced = call(&app, &admin, Method::PUT, &path, Some(&changed)).await;
        assert_eq!(replaced.status, StatusCode::OK, "{:?}", replaced.json());
        assert_eq!(replaced.json()["name"], "Renamed");
        assert_eq!(
            call(&app, &admin, Method::DELETE, &path, None).await.status,
            StatusCode::NO_CONTENT
        );
        get(&app, &admin, &path)
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
        call(&app, &admin, Method::DELETE, &path, None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
        call(&app, &admin, Method::PUT, &path, Some(&body))
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
        let mut actions = audited(&app, &format!("{prefix}{id}")).await;
        actions.sort();
        assert_eq!(
            actions,
            [
                format!("{what}_changed"),
                format!("{what}_created"),
                format!("{what}_deleted")
            ]
        );
    }
}

#[tokio::test]
async fn bad_definitions_are_422_with_their_fields() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    let badge_with = |rule: Value| json!({"name": "B", "points": 5, "rule": rule});
    for (body, fields) in [
        (
            json!({"name": "", "points": 20_000, "rule": {"kind": "first", "activity": "signed_in"}}),
            vec!["name", "points"],
        ),
        (
            badge_with(json!({"kind": "tiers", "activity": "signed_in", "tiers": [10, 5]})),
            vec!["rule.tiers"],
        ),
        (
            badge_with(json!({"kind": "tiers", "activity": "signed_in", "tiers": []})),
            vec!["rule.tiers"],
        ),
        (
            badge_with(
                json!({"kind": "tiers", "activity": "signed_in", "tiers": [10, 9_223_372_036_854_775_808_u64]}),
            ),
            vec!["rule.tiers"],
        ),
        (
            badge_with(json!({"kind": "streak", "activity": "signed_in", "days": 1})),
            vec!["rule.days"],
        ),
        (
            badge_with(json!({"kind": "window", "activity": "signed_in", "times": 0, "days": 91})),
            vec!["rule.times", "rule.days"],
        ),
        (
            badge_with(json!({"kind": "savings", "currency": "XXX", "amount": "10"})),
            vec!["rule.currency"],
        ),
        (
            badge_with(json!({"kind": "savings", "currency": "EUR", "amount": "-1.00"})),
            vec!["rule.amount"],
        ),
        (
            badge_with(json!({"kind": "savings", "currency": "EUR", "amount": "1.001"})),
            vec!["rule.amount"],
        ),
    ] {
        assert_eq!(
            invalid_fields(&post(&app, &admin, "/v1/admin/badges", &body).await),
            fields,
            "{body}"
        );
    }
    let unknown = post(
        &app,
        &admin,
        "/v1/admin/badges",
        &badge_with(json!({"kind": "forever", "activity": "signed_in"})),
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        unknown.json()
    );
    let unknown = post(
        &app,
        &admin,
        "/v1/admin/badges",
        &badge_with(json!({"kind": "first", "activity": "jumping"})),
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        unknown.json()
    );
    let mut ends_first = challenge();
    ends_first["ends_at"] = json!("2026-11-01T00:00:00Z");
    ends_first["target"] = json!(0);
    assert_eq!(
        invalid_fields(&post(&app, &admin, "/v1/admin/challenges", &ends_first).await),
        ["target", "ends_at"]
    );
    let mut not_a_time = challenge();
    not_a_time["starts_at"] = json!("tomorrow");
    assert_eq!(
        invalid_fields(&post(&app, &admin, "/v1/admin/challenges", &not_a_time).await),
        ["starts_at"]
    );
    app.send_body(Method::POST, "/v1/admin/badges", "text/plain", "x")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}
