//! The QueueAdmin port on SQS (moto): counts of a queue and its dead-letter queue, the dead
//! letters listed without being consumed (and visible again at once), and one or all of them
//! redriven to the queue.

use std::collections::HashMap;

use ferrofin_platform::adapters::aws::{QueuePair, SqsQueueAdmin};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::ports::queue::{Envelope, QueueName};
use ferrofin_platform::ports::queue_admin::{QueueAdmin, Redrive};
use ferrofin_tests::emulators::{self, create_sqs_queue_with_dlq};
use time::macros::datetime;

fn envelope(name: &str) -> Envelope {
    let clock = ManualClock::at(datetime!(2026-11-21 12:00 UTC));
    Envelope {
        message_type: name.to_owned(),
        version: 1,
        id: EventId::generate(&clock),
        occurred_at: datetime!(2026-11-21 12:00 UTC),
        payload: serde_json::json!({}),
    }
}

#[tokio::test]
async fn dead_letters_on_sqs_are_counted_listed_and_redriven() {
    let sqs = aws_sdk_sqs::Client::new(&emulators::sdk_config().await);
    let (url, dead_letter_url) = create_sqs_queue_with_dlq(&sqs, "ferrofin-admin", 3).await;
    let (first, second) = (envelope("job.first"), envelope("job.second"));
    for dead in [&first, &second] {
        sqs.send_message()
            .queue_url(&dead_letter_url)
            .message_body(dead.to_json().expect("json"))
            .send()
            .await
            .expect("send to the dead-letter queue");
    }
    let pair = QueuePair {
        url: url.clone(),
        dead_letter_url,
    };
    let admin = SqsQueueAdmin::new(sqs.clone(), HashMap::from([(QueueName::Jobs, pair)]));
    let stats = admin.stats(QueueName::Jobs).await.expect("stats");
    assert_eq!(
        (stats.depth, stats.in_flight, stats.dead_letters),
        (0, 0, 2)
    );
    let mut listed: Vec<String> = admin
        .dead_letters(QueueName::Jobs, 10)
        .await
        .expect("list")
        .into_iter()
        .map(|dead| dead.message_type)
        .collect();
    listed.sort();
    assert_eq!(listed, ["job.first", "job.second"]);
    assert!(
        admin.stats(QueueName::Risk).await.is_err(),
        "a queue without URLs"
    );

    let one = Redrive::Only(vec![second.id.clone()]);
    assert_eq!(
        admin.redrive(QueueName::Jobs, &one).await.expect("redrive"),
        1
    );
    assert_eq!(
        admin
            .redrive(QueueName::Jobs, &Redrive::All)
            .await
            .expect("redrive"),
        1
    );
    let stats = admin.stats(QueueName::Jobs).await.expect("stats");
    assert_eq!((stats.depth, stats.dead_letters), (2, 0));
    let received = sqs
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .send()
        .await
        .expect("receive");
    let mut ids: Vec<EventId> = received
        .messages()
        .iter()
        .map(|m| {
            Envelope::from_json(m.body().expect("body"))
                .expect("envelope")
                .id
        })
        .collect();
    ids.sort();
    let mut expected = vec![first.id, second.id];
    expected.sort();
    assert_eq!(ids, expected);
}
