//! Benchmark of the wallet summary on the embedded store with 1,000 and with 1,000,000
//! transactions for one user (issue 4): the summary reads only rollups, so its latency must not
//! grow with the number of transactions (target: ratio under 1.5).
//!
//! Run with `cargo bench -p ferrofin-tests --bench wallet`; results go in BENCHMARKS.md. Seeding
//! a million transactions through the ledger takes a while and a few GB of memory.

#![allow(clippy::float_arithmetic)]

use ferrofin_platform::ids::UserId;
use std::time::{Duration, Instant};

use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::AccountKind;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::transaction_service::NewTransaction;
use ferrofin_tests::TestApp;
use time::macros::date;

const USER: &str = "01BENCHWALLETUSER";

fn user() -> UserId {
    UserId::from(USER)
}
const CATEGORIES: [&str; 8] = [
    "groceries",
    "dining",
    "rent",
    "utilities",
    "transport",
    "shopping",
    "travel",
    "salary",
];
const SUMMARY_RUNS: usize = 200;

/// A ledger with `count` transactions spread over two years and eight categories.
async fn seeded(count: usize) -> (TestApp, Ledger) {
    let app = TestApp::new();
    let ledger = Ledger::new(&app.embedded.state());
    let new = NewAccount {
        kind: AccountKind::Checking,
        name: "Main".into(),
        currency: "EUR".into(),
        opening_balance: "0".into(),
        institution: None,
    };
    let account = ledger.open_account(&user(), new).await.expect("account").id;
    let start = date!(2025 - 01 - 01);
    for i in 0..count {
        let date = start + time::Duration::days((i % 730) as i64);
        let category = CATEGORIES[i % CATEGORIES.len()];
        let amount = if category == "salary" {
            "2500.00".to_owned()
        } else {
            format!("-{}.{:02}", 1 + i % 90, i % 100)
        };
        let transaction = NewTransaction {
            account_id: account.clone(),
            date: format!("{date}"),
            amount,
            currency: "EUR".into(),
            description: "generated".into(),
            merchant: None,
            category: Some(category.into()),
            tags: vec![],
            notes: None,
            transfer_to_account_id: None,
        };
        ledger
            .record(&user(), transaction, None)
            .await
            .expect("record");
    }
    (app, ledger)
}

async fn summary_latency(ledger: &Ledger) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(SUMMARY_RUNS);
    for _ in 0..SUMMARY_RUNS {
        let start = Instant::now();
        let summary = ledger
            .summary(&user(), date!(2025 - 07 - 01), date!(2026 - 06 - 30))
            .await
            .expect("summary");
        samples.push(start.elapsed());
        assert_eq!(summary.len(), 1);
    }
    samples.sort();
    samples
}

fn median(samples: &[Duration]) -> Duration {
    samples[samples.len() / 2]
}

#[tokio::main]
async fn main() {
    println!("| transactions | seeding | summary median | summary p90 |");
    println!("|---:|---:|---:|---:|");
    let mut medians = Vec::new();
    for count in [1_000, 1_000_000] {
        let seeding = Instant::now();
        let (_app, ledger) = seeded(count).await;
        let seeded_in = seeding.elapsed();
        let samples = summary_latency(&ledger).await;
        let p90 = samples[samples.len() * 9 / 10];
        println!(
            "| {count} | {:.1} s | {:.2} ms | {:.2} ms |",
            seeded_in.as_secs_f64(),
            median(&samples).as_secs_f64() * 1e3,
            p90.as_secs_f64() * 1e3
        );
        medians.push(median(&samples));
    }
    let ratio = medians[1].as_secs_f64() / medians[0].as_secs_f64();
    println!("\nratio of medians (1,000,000 / 1,000): {ratio:.2} (target: under 1.5)");
}
