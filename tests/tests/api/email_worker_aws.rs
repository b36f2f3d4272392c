//! The email worker on the AWS adapters: envelopes travel through a real SQS queue in moto, the
//! guard lives in DynamoDB Local, mail goes out through SES v2 in moto (seen in
//! `/moto-api/data.json`), and a poison message ends in the dead-letter queue.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ferrofin_fn_email_worker::EmailConsumer;
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::aws::SqsQueue;
use ferrofin_platform::email::{EmailTemplate, SendEmail, queue_email};
use ferrofin_platform::ports::queue::{Envelope, Queue, QueueName};
use ferrofin_tests::TestApp;
use ferrofin_tests::app::TEST_ORIGIN;
use ferrofin_tests::conformance::mailer::{MailProbe, SentMail};
use ferrofin_tests::emulators::{self, SqsPoller};

use super::email_worker::{failed_ids, login_code};

/// Longest time a test polls a queue for its messages.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(20);

/// The email worker on DynamoDB Local and SES in moto, a queue in moto to feed it, and a probe
/// of the mail moto recorded.
struct Setup {
    app: TestApp,
    worker: EmailConsumer,
    queue: SqsQueue,
    poller: SqsPoller,
    probe: Arc<dyn MailProbe>,
}

async fn setup() -> Setup {
    let app = TestApp::new();
    let sqs = aws_sdk_sqs::Client::new(&emulators::sdk_config().await);
    let url = emulators::create_sqs_queue(&sqs, "ferrofin-email", &[]).await;
    let mailer = emulators::mailer().await;
    let state = AppState {
        table: emulators::table().await.table,
        mailer: mailer.mailer,
        ..app.embedded.state()
    };
    Setup {
        worker: EmailConsumer::new(&state, TEST_ORIGIN),
        queue: SqsQueue::new(
            sqs.clone(),
            HashMap::from([(QueueName::Email, url.clone())]),
        ),
        poller: SqsPoller { client: sqs, url },
        probe: mailer.probe,
        app,
    }
}

/// A recipient no other test sends to (moto keeps every test's mail).
fn recipient(name: &str) -> String {
    format!(
        "{name}-{}@example.com",
        ulid::Ulid::new().to_string().to_lowercase()
    )
}

/// Polls until `count` messages were handled and deleted; returns the ids reported as failed
/// along the way.
async fn drain(setup: &Setup, count: usize, visibility_timeout: i32) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + DRAIN_TIMEOUT;
    let (mut deleted, mut failed) = (0, Vec::new());
    while deleted < count {
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {deleted} of {count} messages handled"
        );
        let (received, response) = setup
            .poller
            .poll_once(&setup.worker, visibility_timeout)
            .await;
        let failures = failed_ids(&response);
        deleted += received - failures.len();
        failed.extend(failures);
    }
    failed
}

async fn sent_to(probe: &dyn MailProbe, to: &str) -> Vec<SentMail> {
    probe
        .sent()
        .await
        .into_iter()
        .filter(|mail| mail.to == to)
        .collect()
}

#[tokio::test]
async fn queued_emails_travel_through_sqs_and_are_sent_through_ses() {
    let setup = setup().await;
    let (ada, grace) = (recipient("ada"), recipient("grace"));
    let verify = SendEmail {
        to: grace.clone(),
        name: Some("Grace".to_owned()),
        template: EmailTemplate::VerifyEmail {
            token: "tok-123".to_owned(),
        },
    };
    for email in [login_code(&ada), verify] {
        queue_email(&setup.queue, setup.app.clock.as_ref(), &email)
            .await
            .expect("queue through SQS");
    }
    assert_eq!(drain(&setup, 2, 30).await, Vec::<String>::new());
    let to_ada = sent_to(setup.probe.as_ref(), &ada).await;
    assert_eq!(to_ada.len(), 1, "{to_ada:?}");
    assert_eq!(to_ada[0].subject, "Your Ferrofin sign-in code");
    assert!(to_ada[0].body.contains("493028"));
    let to_grace = sent_to(setup.probe.as_ref(), &grace).await;
    assert_eq!(to_grace.len(), 1, "{to_grace:?}");
    assert!(
        to_grace[0]
            .body
            .contains("https://app.ferrofin.test/verify-email?token=tok-123")
    );
    assert!(
        setup.poller.receive(0).await.is_empty(),
        "the queue is drained"
    );
}

#[tokio::test]
async fn an_envelope_sqs_delivers_twice_is_sent_once_through_ses() {
    let setup = setup().await;
    let ada = recipient("ada");
    let envelope = Envelope::wrap(&login_code(&ada), setup.app.clock.as_ref()).expect("wrap");
    setup
        .queue
        .send_batch(QueueName::Email, &[envelope.clone(), envelope])
        .await
        .expect("send twice");
    // Both copies may arrive in one batch: one sends, the other waits for the guard and is
    // retried after a one-second visibility timeout, then acknowledged without sending.
    drain(&setup, 2, 1).await;
    assert_eq!(sent_to(setup.probe.as_ref(), &ada).await.len(), 1);
}

#[tokio::test]
async fn a_poison_message_reaches_the_dead_letter_queue_after_the_max_receive_count() {
    let setup = setup().await;
    let client = setup.poller.client.clone();
    let (url, dlq) = emulators::create_sqs_queue_with_dlq(&client, "ferrofin-email", 2).await;
    let sent = client
        .send_message()
        .queue_url(&url)
        .message_body("this is not an envelope")
        .send()
        .await
        .expect("send poison");
    let message_id = sent.message_id().expect("message id").to_owned();
    let poller = SqsPoller {
        client: client.clone(),
        url,
    };
    for receive in 1..=2 {
        let (received, response) = poller.poll_once(&setup.worker, 0).await;
        assert_eq!(received, 1, "receive {receive}");
        assert_eq!(
            failed_ids(&response),
            vec![message_id.clone()],
            "receive {receive}"
        );
    }
    // Past maxReceiveCount, SQS moves the message instead of delivering it a third time.
    let (received, _) = poller.poll_once(&setup.worker, 0).await;
    assert_eq!(received, 0);
    let dead = SqsPoller { client, url: dlq }.receive(30).await;
    let bodies: Vec<&str> = dead.iter().filter_map(|message| message.body()).collect();
    assert_eq!(bodies, ["this is not an envelope"]);
}
