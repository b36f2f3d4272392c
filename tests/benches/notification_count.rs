//! Benchmark of the unread notification count on the embedded store with 10, 1,000 and 100,000
//! notifications in one user's inbox (issue 11): the count is one read of a counter kept beside
//! the inbox, so its latency must not grow with the number of notifications (target: the
//! 100,000 / 10 ratio of the medians under 1.5).
//!
//! Run with `cargo bench -p ferrofin-tests --bench notification_count`; results go in
//! BENCHMARKS.md.

#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use ferrofin_imports::ImportId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_notifications::{ImportResult, Notification, NotificationData, NotificationStore};
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_tests::TestApp;

const USER: &str = "01BENCHNOTIFICATIONS";
const COUNT_RUNS: usize = 500;

fn user() -> UserId {
    UserId::from(USER)
}

/// An import-finished notification, as the notification maker makes one.
fn notification(app: &TestApp, index: usize) -> Notification {
    let clock = app.embedded.clock.as_ref();
    let data = NotificationData::ImportFinished(ImportResult {
        import_id: ImportId::from(format!("01BENCHIMPORT{index:08}")),
        account_id: AccountId::from("01BENCHACCOUNT"),
        status: "completed".into(),
        imported: 100,
        duplicates: 0,
        failed: 0,
    });
    Notification::new(
        EventId::generate(clock),
        user(),
        ("Import finished".into(), "100 transactions imported".into()),
        data,
        clock.now(),
    )
}

/// An inbox with `count` unread notifications, each written as the notification maker writes
/// one (the notification and its unread count in one transaction).
async fn seeded(count: usize) -> (TestApp, NotificationStore) {
    let app = TestApp::new();
    let state = app.embedded.state();
    for index in 0..count {
        let writes = NotificationStore::create(&notification(&app, index)).expect("writes");
        state.table.transact(writes).await.expect("seed");
    }
    let store = NotificationStore::new(&state);
    (app, store)
}

async fn count_latency(store: &NotificationStore, expected: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(COUNT_RUNS);
    for _ in 0..COUNT_RUNS {
        let start = Instant::now();
        let unread = store.unread_count(&user()).await.expect("count");
        samples.push(start.elapsed());
        assert_eq!(unread, expected as u64);
    }
    samples.sort();
    samples
}

fn nearest_rank(samples: &[Duration], percent: usize) -> Duration {
    samples[(samples.len() * percent / 100).min(samples.len() - 1)]
}

#[tokio::main]
async fn main() {
    println!("| notifications | seeding | count median | count p90 |");
    println!("|---:|---:|---:|---:|");
    let mut medians = Vec::new();
    for count in [10, 1_000, 100_000] {
        let seeding = Instant::now();
        let (_app, store) = seeded(count).await;
        let seeded_in = seeding.elapsed();
        let samples = count_latency(&store, count).await;
        let median = nearest_rank(&samples, 50);
        println!(
            "| {count} | {:.1} s | {:.1} µs | {:.1} µs |",
            seeded_in.as_secs_f64(),
            median.as_secs_f64() * 1e6,
            nearest_rank(&samples, 90).as_secs_f64() * 1e6
        );
        medians.push(median);
    }
    let ratio = medians[2].as_secs_f64() / medians[0].as_secs_f64();
    println!("\nratio of medians (100,000 / 10): {ratio:.2} (target: under 1.5)");
}
