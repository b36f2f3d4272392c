//! /v1/admin/jobs: every import, every erasure of a deleted user's data and every scheduled run
//! (a day's loans run, a held-email delivery), newest first with its state, behind
//! `queues:read`; filtered by state; bad queries refused.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_loans::RunDaily;
use ferrofin_notifications::DeliverHeld;
use ferrofin_platform::ports::queue::{QueueName, send_message};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::{PASSWORD, SignedIn};
use serde_json::{Value, json};

use crate::files::uploaded;
use crate::imports::{CSV, csv_import, start};
use crate::ledger_transactions::open_account;

async fn jobs(app: &TestApp, admin: &SignedIn, query: &str) -> Value {
    let response = app
        .call(
            Method::GET,
            &format!("/v1/admin/jobs?{query}"),
            Some(&admin.access_token),
            None,
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{query}: {:?}",
        response.json()
    );
    response.json()
}

#[tokio::test]
async fn the_jobs_view_needs_queues_read() {
    let app = TestApp::new();
    app.assert_requires_permission(
        Method::GET,
        "/v1/admin/jobs?kind=import",
        None,
        Permission::QueuesRead,
    )
    .await;
}

#[tokio::test]
async fn imports_of_every_user_are_listed_newest_first_with_their_state() {
    let app = TestApp::new();
    let admin = app.signed_up_as("ops@example.com", Role::Admin).await;
    let mut ids = Vec::new();
    for email in ["first@example.com", "second@example.com"] {
        let user = app.signed_up(email).await;
        let account = open_account(&app, &user, "EUR", "0").await;
        let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
        let queued = start(&app, &user, &csv_import(&file, &account)).await;
        ids.push((queued["id"].as_str().expect("id").to_owned(), user.user_id));
        app.settle().await;
    }
    let listed = jobs(&app, &admin, "kind=import").await;
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{listed}");
    let (newest, newest_user) = &ids[1];
    assert_eq!(items[0]["id"], newest.as_str());
    assert_eq!(items[0]["user_id"], newest_user.as_str());
    assert_eq!(
        (&items[0]["state"], &items[0]["status"]),
        (&json!("completed"), &json!("completed_with_errors"))
    );
    assert_eq!(
        items[0]["detail"],
        "4 rows read: 3 imported, 0 duplicates, 1 failed"
    );
    assert_eq!(items[1]["id"], ids[0].0.as_str());

    let page = jobs(&app, &admin, "kind=import&limit=1").await;
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let rest = jobs(
        &app,
        &admin,
        &format!("kind=import&limit=1&cursor={cursor}"),
    )
    .await;
    assert_eq!(rest["items"][0]["id"], ids[0].0.as_str());
    assert_eq!(rest["next_cursor"], Value::Null);
    assert_eq!(
        jobs(&app, &admin, "kind=import&state=failed").await["items"],
        json!([])
    );
}

#[tokio::test]
async fn an_erasure_and_scheduled_runs_are_recorded_step_by_step() {
    let app = TestApp::new();
    let admin = app.signed_up_as("ops@example.com", Role::Admin).await;
    let user = app.signed_up("leaving@example.com").await;
    open_account(&app, &user, "EUR", "10").await;
    let deleted = app
        .call(
            Method::DELETE,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.settle().await;
    let erasures = jobs(&app, &admin, "kind=erasure").await;
    let erasure = &erasures["items"][0];
    assert_eq!(
        (&erasure["name"], &erasure["user_id"], &erasure["state"]),
        (
            &json!("user.erase"),
            &json!(user.user_id.as_str()),
            &json!("completed")
        ),
        "{erasures}"
    );
    assert!(erasure["steps"].as_u64().is_some_and(|steps| steps >= 1));
    assert_eq!(erasure["detail"], "erased");
    assert!(erasure["finished_at"].is_string());

    let state = app.embedded.state();
    let (queue, clock) = (state.queue.as_ref(), state.clock.as_ref());
    send_message(queue, QueueName::Jobs, &RunDaily::default(), clock)
        .await
        .expect("schedule the loans run");
    app.settle().await;
    send_message(queue, QueueName::Jobs, &DeliverHeld::default(), clock)
        .await
        .expect("schedule the delivery");
    app.settle().await;
    let runs = jobs(&app, &admin, "kind=scheduled&state=completed").await;
    let names: Vec<&str> = runs["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|run| run["name"].as_str())
        .collect();
    assert_eq!(names, ["notifications.deliver", "loans.daily"], "{runs}");
    assert_eq!(
        runs["items"][1]["detail"],
        "2026-11-21: 0 loans seen, 0 changed"
    );
    assert_eq!(
        jobs(&app, &admin, "kind=scheduled&state=running").await["items"],
        json!([])
    );
}

#[tokio::test]
async fn a_missing_or_unknown_kind_or_state_is_refused() {
    let app = TestApp::new();
    let admin = app.signed_up_as("ops@example.com", Role::Admin).await;
    for query in [
        "",
        "kind=reports",
        "kind=import&state=stuck",
        "kind=import&limit=0",
    ] {
        let response = app
            .call(
                Method::GET,
                &format!("/v1/admin/jobs?{query}"),
                Some(&admin.access_token),
                None,
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{query}: {:?}",
            response.json()
        );
    }
}
