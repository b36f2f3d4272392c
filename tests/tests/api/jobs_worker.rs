//! The jobs worker: erasing a deleted user's data in the background, its SQS fixture, and
//! unknown jobs failing permanently.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use axum::http::{Method, StatusCode};
use ferrofin_fn_jobs_worker::JobsConsumer;
use ferrofin_identity::Identity;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::keys;
use ferrofin_platform::ports::queue::Envelope;
use ferrofin_platform::ports::table::Query;
use ferrofin_platform::worker::handle_sqs_batch;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::json;

use super::email_worker::{failed_ids, sqs_fixture};
use super::files::uploaded;

async fn partition_len(app: &TestApp, user_id: &UserId) -> usize {
    let query = Query::partition(keys::user_partition(user_id), 100);
    app.embedded
        .state()
        .table
        .query(query)
        .await
        .expect("query")
        .items
        .len()
}

#[tokio::test]
async fn deleting_an_account_erases_its_data_in_the_background() {
    let app = TestApp::new();
    let user = app.signed_up("erase@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "10").await;
    let body = json!({"account_id": account, "date": "2026-03-14", "amount": "-1.00", "currency": "EUR", "description": "x", "category": "groceries"});
    app.record_transaction(&user, &body).await;
    assert!(partition_len(&app, &user.user_id).await > 3);
    let statement = uploaded(
        &app,
        &user,
        b"Date,Amount\n2026-03-01,-1.00\n",
        "text/csv",
        "import",
    )
    .await;
    let blobs = app.embedded.state().blobs;
    let pending = format!("uploads/users/{}/files/pending", user.user_id);
    blobs
        .put(&pending, bytes::Bytes::from_static(b"x"), "text/csv")
        .await
        .expect("a pending upload");
    let other = app.signed_up("erase-other@example.com").await;
    uploaded(
        &app,
        &other,
        b"Date,Amount\n2026-03-01,-1.00\n",
        "text/csv",
        "import",
    )
    .await;
    let objects_of = |user_id: &UserId| {
        let blobs = blobs.clone();
        let prefixes = keys::user_object_prefixes(user_id);
        async move {
            let mut found = Vec::new();
            for prefix in prefixes {
                found.extend(blobs.list(&prefix, 10).await.expect("list"));
            }
            found
        }
    };
    assert_eq!(objects_of(&user.user_id).await.len(), 2);
    assert!(statement.len() > 1);

    let deleted = app
        .call(
            Method::DELETE,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.embedded.queue.settle().await;
    assert_eq!(partition_len(&app, &user.user_id).await, 0);
    assert_eq!(
        objects_of(&user.user_id).await,
        Vec::<String>::new(),
        "the uploaded file and the pending upload are gone"
    );
    assert_eq!(
        objects_of(&other.user_id).await.len(),
        1,
        "others' objects stay"
    );
    let audit = Identity::new(&app.embedded.state())
        .audit
        .for_user(user.user_id.as_str(), 50)
        .await
        .expect("audit");
    assert!(!audit.is_empty(), "audit entries stay");
}

#[tokio::test]
async fn the_jobs_fixture_is_handled_without_failures() {
    let app = TestApp::new();
    let worker = JobsConsumer::new(&app.embedded.state());
    let response = handle_sqs_batch(&worker, sqs_fixture("jobs-worker/sqs-batch.json")).await;
    assert!(failed_ids(&response).is_empty(), "{response:?}");
}

#[tokio::test]
async fn an_unknown_job_is_reported_as_failed() {
    let app = TestApp::new();
    let worker = JobsConsumer::new(&app.embedded.state());
    let envelope = Envelope {
        message_type: "report.mystery".to_owned(),
        version: 1,
        id: "01KAKJ3V03".into(),
        occurred_at: time::macros::datetime!(2026-11-21 12:00 UTC),
        payload: json!({}),
    };
    let mut message = SqsMessage::default();
    message.message_id = Some("m-1".to_owned());
    message.body = Some(envelope.to_json().expect("json"));
    let mut event = SqsEvent::default();
    event.records = vec![message];
    let response = handle_sqs_batch(&worker, event).await;
    assert_eq!(failed_ids(&response), ["m-1"]);
}
