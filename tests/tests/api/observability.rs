//! Metrics in CloudWatch's embedded format: every request by route and status class with its
//! latency, worker batches with their size and failures, login failures and lockouts, dead
//! letters of the embedded queue — recorded as EMF objects, no network call.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use axum::http::{Method, StatusCode};
use ferrofin_platform::metrics::capture;
use ferrofin_platform::ports::queue::{Consumer, Envelope};
use ferrofin_platform::worker::handle_sqs_batch;
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

/// The recorded objects that carry the metric `name`.
fn with_metric<'a>(lines: &'a [Value], name: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|line| line.get(name).is_some())
        .collect()
}

#[tokio::test]
async fn every_request_is_counted_by_route_and_status_class_with_its_latency() {
    let app = TestApp::new();
    let (response, lines) = capture(app.call(Method::GET, "/v1/admin/users", None, None)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    let requests = with_metric(&lines, "Requests");
    assert_eq!(requests.len(), 1, "{lines:?}");
    let line = requests[0];
    assert_eq!(line["Route"], "GET /v1/admin/users");
    assert_eq!(line["StatusClass"], "4xx");
    assert_eq!(line["Service"], "local");
    assert!(line["Latency"].as_f64().is_some_and(|ms| ms >= 0.0));
    let definition = &line["_aws"]["CloudWatchMetrics"][0];
    assert_eq!(definition["Namespace"], "Ferrofin");
    assert_eq!(
        definition["Dimensions"],
        json!([["Service", "Route", "StatusClass"]])
    );

    let (_, lines) = capture(app.get("/v1/nothing-here")).await;
    assert_eq!(with_metric(&lines, "Requests")[0]["Route"], "unmatched");
    let (_, lines) = capture(app.get("/health")).await;
    let health = with_metric(&lines, "Requests")[0];
    assert_eq!(
        (health["Route"].clone(), health["StatusClass"].clone()),
        (json!("GET /health"), json!("2xx"))
    );
}

#[tokio::test]
async fn failed_logins_and_lockouts_are_counted() {
    let app = TestApp::new();
    app.register_verified("counted@example.com").await;
    let wrong = json!({"email": "counted@example.com", "password": "not the password"});
    let (_, lines) = capture(async {
        for _ in 0..5 {
            app.post_json("/v1/auth/login", &wrong).await;
        }
    })
    .await;
    assert_eq!(with_metric(&lines, "LoginFailures").len(), 5);
    assert_eq!(with_metric(&lines, "Lockouts").len(), 1);
}

struct Refuses;

#[async_trait::async_trait]
impl Consumer for Refuses {
    async fn consume(
        &self,
        envelope: Envelope,
    ) -> Result<(), ferrofin_platform::ports::queue::ConsumeError> {
        if envelope.message_type == "bad" {
            return Err(ferrofin_platform::ports::queue::ConsumeError::Transient(
                "no".to_owned(),
            ));
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_worker_batch_records_its_size_and_failures() {
    let app = TestApp::new();
    let record = |message_type: &str, id: &str| {
        let mut envelope = Envelope::wrap(
            &crate::email_worker::login_code("ada@example.com"),
            app.clock.as_ref(),
        )
        .expect("wrap");
        envelope.message_type = message_type.to_owned();
        let mut message = SqsMessage::default();
        message.message_id = Some(id.to_owned());
        message.body = Some(envelope.to_json().expect("json"));
        message
    };
    let mut event = SqsEvent::default();
    event.records = vec![
        record("good", "m1"),
        record("bad", "m2"),
        record("good", "m3"),
    ];
    let (response, lines) = capture(handle_sqs_batch(&Refuses, event)).await;
    assert_eq!(response.batch_item_failures.len(), 1);
    let batch = with_metric(&lines, "BatchSize");
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0]["BatchSize"], 3.0);
    assert_eq!(batch[0]["BatchFailures"], 1.0);
}
