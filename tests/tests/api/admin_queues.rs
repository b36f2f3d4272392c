//! /v1/admin/queues: counts per queue, the dead letters of one (type, id, last error, receive
//! count) and their redrive, behind `queues:read` / `queues:redrive`, on the embedded queue.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_platform::ports::queue::{Envelope, Queue, QueueName};
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

use crate::email_worker::login_code;

/// An email envelope of a version the worker does not know: it always fails.
async fn poison(app: &TestApp) -> Envelope {
    let mut envelope =
        Envelope::wrap(&login_code("ada@example.com"), app.clock.as_ref()).expect("wrap");
    envelope.version = 99;
    app.embedded
        .queue
        .send(QueueName::Email, &envelope)
        .await
        .expect("send");
    app.settle().await;
    envelope
}

fn email_stats(body: &Value) -> Value {
    body["queues"]
        .as_array()
        .expect("queues")
        .iter()
        .find(|queue| queue["queue"] == "email")
        .expect("email queue")
        .clone()
}

#[tokio::test]
async fn the_queue_routes_need_their_permissions() {
    let app = TestApp::new();
    app.assert_requires_permission(
        Method::GET,
        "/v1/admin/queues",
        None,
        Permission::QueuesRead,
    )
    .await;
    app.assert_requires_permission(
        Method::GET,
        "/v1/admin/queues/email/dead-letters",
        None,
        Permission::QueuesRead,
    )
    .await;
    app.assert_requires_permission(
        Method::POST,
        "/v1/admin/queues/email/redrive",
        Some(&json!({"all": true})),
        Permission::QueuesRedrive,
    )
    .await;
}

#[tokio::test]
async fn a_dead_letter_is_counted_listed_and_redriven_and_the_redrive_audited() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let token = Some(admin.access_token.as_str());
    let dead = poison(&app).await;

    let stats = app.call(Method::GET, "/v1/admin/queues", token, None).await;
    assert_eq!(stats.status, StatusCode::OK, "{:?}", stats.json());
    assert_eq!(stats.json()["queues"].as_array().expect("queues").len(), 5);
    let email = email_stats(&stats.json());
    assert_eq!(
        (email["depth"].clone(), email["dead_letters"].clone()),
        (json!(0), json!(1))
    );

    let listed = app
        .call(
            Method::GET,
            "/v1/admin/queues/email/dead-letters?limit=10",
            token,
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.json());
    let letter = &listed.json()["dead_letters"][0];
    assert_eq!(letter["message_type"], "email.send");
    assert_eq!(letter["id"], dead.id.as_str());
    assert_eq!(letter["receive_count"], 3);
    assert!(
        letter["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{letter}"
    );

    let redrive = |body: Value| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/v1/admin/queues/email/redrive",
                token,
                Some(&body),
            )
            .await
        }
    };
    let moved = redrive(json!({"ids": [dead.id.as_str()]})).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json());
    assert_eq!(moved.json()["moved"], 1);
    app.settle().await;
    assert_eq!(
        app.embedded.queue.dead_letters(QueueName::Email),
        vec![dead],
        "delivered again, and refused again"
    );
    assert_eq!(redrive(json!({"all": true})).await.json()["moved"], 1);
    app.settle().await;

    let audit = app
        .call(
            Method::GET,
            "/v1/admin/audit?action=dead_letters_redriven",
            token,
            None,
        )
        .await
        .json();
    let entries = audit["items"].as_array().expect("items");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["actor"], admin.user_id.as_str());
    assert_eq!(
        entries[0]["metadata"],
        json!({"queue": "email", "moved": 1})
    );

    for bad in [
        json!({}),
        json!({"ids": []}),
        json!({"all": false}),
        json!({"ids": ["x"], "all": true}),
    ] {
        redrive(bad)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    app.call(
        Method::GET,
        "/v1/admin/queues/nowhere/dead-letters",
        token,
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_PATH");
    app.call(
        Method::GET,
        "/v1/admin/queues/email/dead-letters?limit=0",
        token,
        None,
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}
