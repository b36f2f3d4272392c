//! The email worker on embedded adapters: queued email reaches the outbox once, failures are
//! retried or dead-lettered, and the SQS fixtures go through the Lambda batch handler.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use ferrofin_fn_email_worker::EmailConsumer;
use ferrofin_fn_email_worker::guard::SEND_LEASE;
use ferrofin_platform::email::{EmailTemplate, SendEmail, queue_email};
use ferrofin_platform::ports::mailer::{MailError, Mailer, OutgoingEmail};
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Queue, QueueName};
use ferrofin_platform::worker::handle_sqs_batch;
use ferrofin_tests::TestApp;
use ferrofin_tests::app::TEST_ORIGIN;

use super::events::{SQS_FIXTURES, events_dir};

pub(crate) fn login_code(to: &str) -> SendEmail {
    SendEmail {
        to: to.to_owned(),
        name: Some("Ada".to_owned()),
        template: EmailTemplate::LoginCode {
            code: "493028".to_owned(),
            expires_in_minutes: 10,
        },
    }
}

fn envelope(app: &TestApp, email: &SendEmail) -> Envelope {
    Envelope::wrap(email, app.clock.as_ref()).expect("wrap")
}

/// The email worker on the app's services, or with another mailer.
fn consumer(app: &TestApp, mailer: Option<Arc<dyn Mailer>>) -> EmailConsumer {
    let mut state = app.embedded.state();
    if let Some(mailer) = mailer {
        state.mailer = mailer;
    }
    EmailConsumer::new(&state, TEST_ORIGIN)
}

fn outbox(app: &TestApp) -> Vec<OutgoingEmail> {
    app.embedded.mailer.read_outbox().expect("outbox")
}

pub(crate) fn sqs_fixture(fixture: &str) -> SqsEvent {
    let text = std::fs::read_to_string(events_dir().join(fixture)).expect("fixture");
    serde_json::from_str(&text).expect("an SQS event")
}

pub(crate) fn failed_ids(
    response: &aws_lambda_events::event::sqs::SqsBatchResponse,
) -> Vec<String> {
    response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.clone())
        .collect()
}

/// Fails the first `failures` sends as unavailable, then sends through the outbox.
struct FlakyMailer {
    failures: u32,
    attempts: AtomicU32,
    inner: Arc<dyn Mailer>,
}

#[async_trait]
impl Mailer for FlakyMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        if self.attempts.fetch_add(1, Ordering::SeqCst) < self.failures {
            return Err(MailError::Unavailable("SES is down".to_owned()));
        }
        self.inner.send(email).await
    }

    async fn ping(&self) -> Result<(), MailError> {
        self.inner.ping().await
    }
}

/// Never finishes sending, like a call cut off by the Lambda timeout.
struct HangingMailer;

#[async_trait]
impl Mailer for HangingMailer {
    async fn send(&self, _email: &OutgoingEmail) -> Result<String, MailError> {
        futures::future::pending().await
    }

    async fn ping(&self) -> Result<(), MailError> {
        futures::future::pending().await
    }
}

#[tokio::test]
async fn a_queued_email_is_rendered_and_lands_in_the_outbox() {
    let app = TestApp::new();
    let email = SendEmail {
        to: "ada@example.com".to_owned(),
        name: None,
        template: EmailTemplate::VerifyEmail {
            token: "tok-123".to_owned(),
        },
    };
    queue_email(&app.embedded.queue, app.clock.as_ref(), &email)
        .await
        .expect("queue");
    app.embedded.queue.settle().await;
    let sent = outbox(&app);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "ada@example.com");
    assert!(
        sent[0]
            .text_body
            .contains("https://app.ferrofin.test/verify-email?token=tok-123")
    );
    assert!(app.embedded.queue.dead_letters(QueueName::Email).is_empty());
}

#[tokio::test]
async fn the_same_envelope_delivered_twice_is_sent_once() {
    let app = TestApp::new();
    let envelope = envelope(&app, &login_code("ada@example.com"));
    let worker = consumer(&app, None);
    worker.consume(envelope.clone()).await.expect("first");
    worker.consume(envelope.clone()).await.expect("redelivery");
    app.embedded
        .queue
        .send(QueueName::Email, &envelope)
        .await
        .expect("send");
    app.embedded.queue.settle().await;
    assert_eq!(outbox(&app).len(), 1);
}

#[tokio::test]
async fn a_transient_mail_failure_is_retried_and_then_sent() {
    let app = TestApp::new();
    let flaky = Arc::new(FlakyMailer {
        failures: 2,
        attempts: AtomicU32::new(0),
        inner: app.embedded.mailer.clone(),
    });
    let worker = consumer(&app, Some(flaky.clone()));
    app.embedded
        .queue
        .register(QueueName::Email, Arc::new(worker));
    queue_email(
        &app.embedded.queue,
        app.clock.as_ref(),
        &login_code("ada@example.com"),
    )
    .await
    .expect("queue");
    app.embedded.queue.settle().await;
    assert_eq!(flaky.attempts.load(Ordering::SeqCst), 3);
    let sent = outbox(&app);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].text_body.contains("493028"));
    assert!(app.embedded.queue.dead_letters(QueueName::Email).is_empty());
}

#[tokio::test]
async fn messages_that_are_not_a_valid_email_end_in_the_dead_letter_list() {
    let app = TestApp::new();
    let mut newer = envelope(&app, &login_code("ada@example.com"));
    newer.version = 2;
    let mut garbled = envelope(&app, &login_code("ada@example.com"));
    garbled.payload = serde_json::json!({"to": 5});
    for poison in [&newer, &garbled] {
        assert!(matches!(
            consumer(&app, None).consume(poison.clone()).await,
            Err(ConsumeError::Permanent(_))
        ));
    }
    app.embedded
        .queue
        .send_batch(QueueName::Email, &[newer.clone(), garbled.clone()])
        .await
        .expect("send");
    app.embedded.queue.settle().await;
    let mut dead = app.embedded.queue.dead_letters(QueueName::Email);
    dead.sort_by(|a, b| a.id.cmp(&b.id));
    let mut expected = vec![newer, garbled];
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(dead, expected);
    assert!(outbox(&app).is_empty());
}

#[tokio::test]
async fn a_rejected_email_is_a_permanent_failure_and_ends_in_the_dead_letter_list() {
    let app = TestApp::new();
    let rejected = envelope(&app, &login_code("ada@example.com\r\nBcc: eve@example.com"));
    assert!(matches!(
        consumer(&app, None).consume(rejected.clone()).await,
        Err(ConsumeError::Permanent(_))
    ));
    app.embedded
        .queue
        .send(QueueName::Email, &rejected)
        .await
        .expect("send");
    app.embedded.queue.settle().await;
    assert_eq!(
        app.embedded.queue.dead_letters(QueueName::Email),
        vec![rejected]
    );
    assert!(outbox(&app).is_empty());
}

#[tokio::test]
async fn a_send_cut_off_midway_is_sent_by_a_delivery_after_its_lease() {
    let app = TestApp::new();
    let envelope = envelope(&app, &login_code("ada@example.com"));
    let cut_off = tokio::time::timeout(
        Duration::from_millis(50),
        consumer(&app, Some(Arc::new(HangingMailer))).consume(envelope.clone()),
    )
    .await;
    assert!(cut_off.is_err(), "the hanging send must time out");
    let worker = consumer(&app, None);
    assert!(matches!(
        worker.consume(envelope.clone()).await,
        Err(ConsumeError::Transient(_))
    ));
    assert!(outbox(&app).is_empty());
    app.clock.advance(SEND_LEASE);
    worker
        .consume(envelope)
        .await
        .expect("sent after the lease");
    assert_eq!(outbox(&app).len(), 1);
}

#[tokio::test]
async fn each_sqs_fixture_is_handled_by_its_worker_without_failures() {
    for fixture in SQS_FIXTURES
        .iter()
        .filter(|f| f.starts_with("email-worker/"))
    {
        let app = TestApp::new();
        let worker = match fixture.split('/').next() {
            Some("email-worker") => consumer(&app, None),
            _ => panic!("no worker known for events/{fixture}"),
        };
        let event = sqs_fixture(fixture);
        let records = event.records.len();
        let response = handle_sqs_batch(&worker, event).await;
        assert!(failed_ids(&response).is_empty(), "{fixture}: {response:?}");
        let sent = outbox(&app);
        assert_eq!(sent.len(), records, "{fixture}");
        let mut recipients: Vec<&str> = sent.iter().map(|mail| mail.to.as_str()).collect();
        recipients.sort();
        assert_eq!(recipients, ["ada@example.com", "grace@example.com"]);
        assert!(sent.iter().any(|mail| mail.text_body.contains("493028")));
    }
}

#[tokio::test]
async fn only_the_poison_record_of_a_batch_is_reported_as_failed() {
    let app = TestApp::new();
    let mut event = sqs_fixture("email-worker/sqs-batch.json");
    let mut poison = SqsMessage::default();
    poison.message_id = Some("poison-1".to_owned());
    poison.body = Some("this is not an envelope".to_owned());
    event.records.insert(1, poison);
    let response = handle_sqs_batch(&consumer(&app, None), event).await;
    assert_eq!(failed_ids(&response), ["poison-1"]);
    assert_eq!(outbox(&app).len(), 2);
}

#[tokio::test]
async fn a_redelivered_batch_sends_nothing_twice() {
    let app = TestApp::new();
    let worker = consumer(&app, None);
    for _ in 0..2 {
        let response = handle_sqs_batch(&worker, sqs_fixture("email-worker/sqs-batch.json")).await;
        assert!(failed_ids(&response).is_empty());
    }
    assert_eq!(outbox(&app).len(), 2);
}
