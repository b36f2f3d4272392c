//! The events worker and local event delivery: the stream fixture is delivered once however
//! often it comes, a failing record stops the batch at its sequence number, events committed
//! but not handed over (a crash) are delivered on resume, and an event that keeps failing ends
//! in the dead-letter list.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use aws_lambda_events::event::dynamodb::Event;
use ferrofin_ledger::events::TransactionRecorded;
use ferrofin_platform::adapters::embedded::DeliveryPolicy;
use ferrofin_platform::events::stream::handle_stream_batch;
use ferrofin_platform::events::{
    Dispatcher, LocalEvents, ReactError, Reaction, Subscriber, outbox,
};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::keys;
use ferrofin_platform::ports::queue::{Envelope, Message};
use ferrofin_platform::ports::table::{Condition, Table};
use ferrofin_tests::TestApp;

use crate::events::{STREAM_FIXTURES, events_dir};

fn fixture_batch() -> Event {
    let text = std::fs::read_to_string(events_dir().join(STREAM_FIXTURES[0])).expect("fixture");
    serde_json::from_str(&text).expect("a DynamoDB stream event")
}

/// Counts what it handles; fails (transiently) on the events whose id is in `fail`.
struct Counting {
    handled: AtomicUsize,
    fail: Vec<EventId>,
}

#[async_trait]
impl Subscriber for Counting {
    fn name(&self) -> &'static str {
        "tests.counting"
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[TransactionRecorded::TYPE]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        if self.fail.contains(&event.id) {
            return Err(ReactError::Transient("asked to fail".to_owned()));
        }
        self.handled.fetch_add(1, Ordering::SeqCst);
        Ok(Reaction::nothing())
    }
}

fn counting(fail: &[&str]) -> Arc<Counting> {
    Arc::new(Counting {
        handled: AtomicUsize::new(0),
        fail: fail.iter().copied().map(EventId::from).collect(),
    })
}

fn envelope_of(batch: &Event, at: usize) -> Envelope {
    outbox::envelope_of(&batch.records[at].change.new_image).expect("outbox item")
}

#[tokio::test]
async fn the_stream_fixture_is_delivered_once_however_often_it_comes() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let dispatcher = ferrofin_fn_events_worker::dispatcher(&state);
    let batch = fixture_batch();
    for _ in 0..2 {
        let response = handle_stream_batch(&dispatcher, batch.clone()).await;
        assert!(response.batch_item_failures.is_empty());
    }
    let event = envelope_of(&batch, 0);
    let guard = keys::event_handled(&event.id, "budgets.thresholds");
    assert!(state.table.get(&guard).await.expect("get").is_some());
    let (pending, _) = outbox::pending(state.table.as_ref(), 10, None)
        .await
        .expect("pending");
    assert!(pending.is_empty(), "the event is marked delivered");
}

#[tokio::test]
async fn a_failing_record_stops_the_batch_and_is_reported_by_its_sequence_number() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let mut batch = fixture_batch();
    let mut second = batch.records[0].clone();
    let mut envelope = envelope_of(&batch, 0);
    envelope.id = "01KAKJ3V02C8D0E2F4G6H8J0E2".into();
    second.change.new_image = outbox::pending_item(&envelope).expect("item");
    second.change.sequence_number = Some("4421584500000000017450439092".to_owned());
    let mut third = second.clone();
    third.change.sequence_number = Some("4421584500000000017450439093".to_owned());
    batch.records.extend([second, third]);

    let subscriber = counting(&["01KAKJ3V02C8D0E2F4G6H8J0E2"]);
    let dispatcher = Dispatcher::new(
        state.table.clone(),
        state.queue.clone(),
        state.clock.clone(),
        vec![subscriber.clone()],
    );
    let response = handle_stream_batch(&dispatcher, batch).await;
    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.clone().unwrap_or_default())
        .collect();
    assert_eq!(failed, ["4421584500000000017450439092"]);
    assert_eq!(
        subscriber.handled.load(Ordering::SeqCst),
        1,
        "the record after the failure waits for the retry"
    );
}

#[tokio::test]
async fn events_committed_but_not_handed_over_are_delivered_on_resume() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let event = envelope_of(&fixture_batch(), 0);
    // Written past the local stream, as if the process died right after the commit.
    app.embedded
        .table
        .put(
            outbox::pending_item(&event).expect("item"),
            Condition::NotExists,
        )
        .await
        .expect("put");
    let resumed = app
        .embedded
        .events
        .resume(state.table.as_ref())
        .await
        .expect("resume");
    assert_eq!(resumed, 1);
    app.settle().await;
    let guard = keys::event_handled(&event.id, "budgets.thresholds");
    assert!(state.table.get(&guard).await.expect("get").is_some());
}

#[tokio::test]
async fn an_event_that_keeps_failing_ends_in_the_dead_letter_list() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let event = envelope_of(&fixture_batch(), 0);
    let subscriber = counting(&[event.id.as_str()]);
    let events = LocalEvents::new(DeliveryPolicy {
        max_receive_count: 3,
        retry_delay: Duration::ZERO,
    });
    events.start(Dispatcher::new(
        state.table.clone(),
        state.queue.clone(),
        state.clock.clone(),
        vec![subscriber],
    ));
    app.embedded
        .table
        .put(
            outbox::pending_item(&event).expect("item"),
            Condition::NotExists,
        )
        .await
        .expect("put");
    events
        .resume(app.embedded.table.as_ref())
        .await
        .expect("resume");
    events.settle().await;
    assert_eq!(events.dead_letters(), [event]);
}

#[tokio::test]
async fn an_event_commits_with_its_change_or_not_at_all() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let key = keys::readiness_probe();
    let event = |id: &str| TransactionRecorded {
        user_id: id.into(),
        ..serde_json::from_value(envelope_of(&fixture_batch(), 0).payload).expect("payload")
    };
    let change = |condition| ferrofin_platform::ports::table::Write::Put {
        item: key.to_item(),
        condition,
    };
    let failed = state
        .table
        .transact(vec![
            change(Condition::Exists),
            outbox::emit(&event("rolled-back"), state.clock.as_ref()).expect("emit"),
        ])
        .await;
    assert!(failed.is_err(), "the change's condition fails");
    let (pending, _) = outbox::pending(app.embedded.table.as_ref(), 10, None)
        .await
        .expect("pending");
    assert!(pending.is_empty(), "no event for a change that rolled back");

    state
        .table
        .transact(vec![
            change(Condition::NotExists),
            outbox::emit(&event("committed"), state.clock.as_ref()).expect("emit"),
        ])
        .await
        .expect("committed");
    app.settle().await;
    let stored = app
        .embedded
        .table
        .query(ferrofin_platform::ports::table::Query::partition(
            "SYSTEM", 10,
        ))
        .await
        .expect("query")
        .items
        .len();
    assert_eq!(stored, 1, "the change is there");
    let (pending, _) = outbox::pending(app.embedded.table.as_ref(), 10, None)
        .await
        .expect("pending");
    assert!(pending.is_empty(), "its event was delivered");
}
