//! The devserver keeps its data: an app on a data dir's durable store, dropped and built again
//! on the same folder, still has its users, accounts and transactions, and delivers the queued
//! messages the first one left undelivered.

use axum::http::{Method, StatusCode};
use ferrofin_platform::adapters::embedded::Storage;
use ferrofin_platform::ports::queue::{Envelope, Queue, QueueName};
use ferrofin_tests::TestApp;
use serde_json::json;
use time::macros::datetime;

fn spend(account_id: &str, amount: &str, description: &str) -> serde_json::Value {
    json!({"account_id": account_id, "date": "2026-03-14", "amount": amount, "currency": "EUR",
           "description": description, "category": "groceries"})
}

#[tokio::test]
async fn users_accounts_and_transactions_survive_a_restart() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let account = {
        let app = TestApp::on_data_dir(data_dir.path());
        let user = app.signed_up("keeper@example.com").await;
        let account = app.open_account(&user, "checking", "EUR", "100.00").await;
        app.record_transaction(&user, &spend(&account, "-12.30", "Market"))
            .await;
        app.record_transaction(&user, &spend(&account, "-7.70", "Bakery"))
            .await;
        // Deliveries in flight hold the store; a devserver process simply exits.
        app.settle().await;
        account
    };
    assert!(data_dir.path().join(Storage::FILE_NAME).is_file());

    let app = TestApp::on_data_dir(data_dir.path());
    let user = app.login("keeper@example.com").await;
    let path = format!("/v1/accounts/{account}");
    let fetched = app
        .call(Method::GET, &path, Some(&user.access_token), None)
        .await;
    assert_eq!(fetched.status, StatusCode::OK, "{:?}", fetched.json());
    assert_eq!(fetched.json()["balance"], "80.00");
    let listing = format!("/v1/transactions?account_id={account}");
    let listed = app
        .call(Method::GET, &listing, Some(&user.access_token), None)
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.json());
    let mut descriptions: Vec<String> = listed.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|tx| tx["description"].as_str().expect("description").to_owned())
        .collect();
    descriptions.sort();
    assert_eq!(descriptions, ["Bakery", "Market"]);
}

#[tokio::test]
async fn a_second_app_on_a_data_dir_in_use_is_refused() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let _running = TestApp::on_data_dir(data_dir.path());
    let options = ferrofin_platform::EmbeddedOptions {
        data_dir: data_dir.path().to_path_buf(),
        storage: Storage::durable_in(data_dir.path()),
        base_url: "http://127.0.0.1:3000".to_owned(),
        clock: ferrofin_tests::embedded_subjects::test_clock(),
        secret: b"another-secret".to_vec(),
        delivery: Default::default(),
        event_copies: 1,
        http: Default::default(),
        mail_from: "no-reply@ferrofin.test".to_owned(),
    };
    let refused = ferrofin_platform::Embedded::new(options)
        .err()
        .expect("a locked store");
    assert!(
        refused.to_string().contains("in use by another process"),
        "{refused}"
    );
}

#[tokio::test]
async fn messages_queued_before_a_restart_are_delivered_after_it() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let envelope = Envelope {
        message_type: "job.unknown".to_owned(),
        version: 1,
        id: "01JCRESTARTRESTARTRESTART0".into(),
        occurred_at: datetime!(2026-11-21 12:00 UTC),
        payload: json!({}),
    };
    {
        // An app whose workers never registered: the envelope stays pending.
        let embedded = ferrofin_platform::Embedded::new(ferrofin_platform::EmbeddedOptions {
            data_dir: data_dir.path().to_path_buf(),
            storage: Storage::durable_in(data_dir.path()),
            base_url: "http://127.0.0.1:3000".to_owned(),
            clock: ferrofin_tests::embedded_subjects::test_clock(),
            secret: b"test-secret".to_vec(),
            delivery: ferrofin_platform::adapters::embedded::DeliveryPolicy {
                max_receive_count: 1,
                retry_delay: std::time::Duration::ZERO,
            },
            event_copies: 1,
            http: Default::default(),
            mail_from: "no-reply@ferrofin.test".to_owned(),
        })
        .expect("embedded");
        embedded
            .queue
            .send(QueueName::Jobs, &envelope)
            .await
            .expect("send");
        assert_eq!(
            embedded.queue.waiting(QueueName::Jobs),
            vec![envelope.clone()]
        );
    }
    // TestApp registers the real workers; the jobs worker refuses an unknown type, so after its
    // retries the envelope is a dead letter, which proves it was delivered after the restart.
    let app = TestApp::on_data_dir(data_dir.path());
    app.embedded.queue.settle().await;
    assert!(app.embedded.queue.waiting(QueueName::Jobs).is_empty());
    assert_eq!(
        app.embedded.queue.dead_letters(QueueName::Jobs),
        vec![envelope]
    );
}

#[tokio::test]
async fn domain_events_committed_before_a_restart_are_delivered_after_it() {
    use ferrofin_ledger::events::{TransactionFacts, TransactionRecorded};
    use ferrofin_platform::events::outbox;
    use ferrofin_platform::keys;

    let data_dir = tempfile::tempdir().expect("data dir");
    let event_id = {
        // No subscriber registered: the event is committed but never handed over.
        let embedded = ferrofin_platform::Embedded::new(ferrofin_platform::EmbeddedOptions {
            data_dir: data_dir.path().to_path_buf(),
            storage: Storage::durable_in(data_dir.path()),
            base_url: "http://127.0.0.1:3000".to_owned(),
            clock: ferrofin_tests::embedded_subjects::test_clock(),
            secret: b"test-secret".to_vec(),
            delivery: Default::default(),
            event_copies: 1,
            http: Default::default(),
            mail_from: "no-reply@ferrofin.test".to_owned(),
        })
        .expect("embedded");
        let state = embedded.state();
        let event = TransactionRecorded {
            user_id: "01JRESTARTEVENTSUSER000000".into(),
            transaction: TransactionFacts {
                id: "01JRESTARTEVENTSTX00000000".into(),
                account_id: "01JRESTARTEVENTSAC00000000".into(),
                date: time::macros::date!(2026 - 11 - 21),
                amount_minor: -1000,
                currency: ferrofin_platform::money::Currency::parse("EUR").expect("EUR"),
                category: Some("groceries".to_owned()),
                is_transfer: false,
            },
        };
        state
            .table
            .transact(vec![
                outbox::emit(&event, state.clock.as_ref()).expect("emit"),
            ])
            .await
            .expect("committed");
        let (pending, _) = outbox::pending(state.table.as_ref(), 10, None)
            .await
            .expect("pending");
        assert_eq!(pending.len(), 1);
        pending[0].id.clone()
    };

    let app = TestApp::on_data_dir(data_dir.path());
    app.settle().await;
    let state = app.embedded.state();
    let guard = keys::event_handled(&event_id, "budgets.thresholds");
    assert!(
        state.table.get(&guard).await.expect("get").is_some(),
        "the subscriber handled the event after the restart"
    );
    let (pending, _) = outbox::pending(state.table.as_ref(), 10, None)
        .await
        .expect("pending");
    assert!(pending.is_empty());
}
