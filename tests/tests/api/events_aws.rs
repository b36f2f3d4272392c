//! Domain events on DynamoDB Local: the outbox items a change writes appear on the table's
//! stream, and the events worker's handler, fed the stream's records as Lambda would feed
//! them, delivers each event to its subscribers once, however often the batch is redelivered.

use std::sync::Arc;

use ferrofin_budgets::Budgets;
use ferrofin_budgets::budget_service::NewBudget;
use ferrofin_identity::keys as identity_keys;
use ferrofin_identity::roles::Role;
use ferrofin_identity::users::User;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::AccountKind;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::transaction_service::NewTransaction;
use ferrofin_notifications::{NotificationData, NotificationStore};
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::aws::DynamoTable;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::events::outbox;
use ferrofin_platform::events::stream::handle_stream_batch;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, to_record};
use ferrofin_tests::TestApp;
use ferrofin_tests::emulators::{create_table, sdk_config};
use ferrofin_tests::streams::TableStream;

const USER: &str = "01DYNAMOEVENTSUSER";

fn user() -> UserId {
    UserId::from(USER)
}

fn groceries(account_id: &AccountId, date: &str, amount: &str) -> NewTransaction {
    NewTransaction {
        account_id: account_id.clone(),
        date: date.to_owned(),
        amount: amount.to_owned(),
        currency: "EUR".to_owned(),
        description: "market".to_owned(),
        merchant: None,
        category: Some("groceries".to_owned()),
        tags: vec![],
        notes: None,
        transfer_to_account_id: None,
    }
}

#[tokio::test]
async fn outbox_events_on_the_stream_reach_each_subscriber_once() {
    let app = TestApp::new();
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let name = create_table(&client).await;
    let state = AppState {
        table: Arc::new(DynamoTable::new(client, &name, app.embedded.clock.clone())),
        ..app.embedded.state()
    };
    // The notifications area tells only users who exist.
    let profile = User::new(
        user(),
        EmailAddress::parse("stream@example.com").expect("address"),
        "Stream".into(),
        "hash".into(),
        Role::User,
        true,
        app.embedded.clock.now(),
    );
    let item = to_record(&profile, &identity_keys::user(&user()), None).expect("record");
    state
        .table
        .put(item, Condition::NotExists)
        .await
        .expect("user");
    let mut stream = TableStream::of(&name).await;
    let dispatcher = ferrofin_fn_events_worker::dispatcher(&state);

    let ledger = Ledger::new(&state);
    let account = ledger
        .open_account(
            &user(),
            NewAccount {
                kind: AccountKind::Checking,
                name: "Current".into(),
                currency: "EUR".into(),
                opening_balance: "500.00".into(),
                institution: None,
            },
        )
        .await
        .expect("account");
    Budgets::new(&state)
        .create_budget(
            &user(),
            NewBudget {
                category: "groceries".into(),
                amount: "100".into(),
                currency: "EUR".into(),
                rollover: false,
            },
        )
        .await
        .expect("budget");
    ledger
        .record(
            &user(),
            groceries(&account.id, "2026-11-03", "-85.00"),
            None,
        )
        .await
        .expect("recorded");

    // transaction.recorded -> budgets announce budget.threshold_crossed (80 %) -> a
    // notification. Every batch is handed over twice, as a retried batch would be.
    for _ in 0..3 {
        let batch = stream.next_batch().await;
        for _ in 0..2 {
            let response = handle_stream_batch(&dispatcher, batch.clone()).await;
            assert!(
                response.batch_item_failures.is_empty(),
                "{:?}",
                response.batch_item_failures
            );
        }
    }

    let (notifications, _) = NotificationStore::new(&state)
        .page(
            &user(),
            ferrofin_notifications::InboxFilter::default(),
            10,
            None,
        )
        .await
        .expect("notifications");
    let thresholds: Vec<u32> = notifications
        .iter()
        .filter_map(|notification| match &notification.data {
            NotificationData::BudgetThreshold(alert) => Some(alert.threshold_percent),
            _ => None,
        })
        .collect();
    assert_eq!(
        thresholds,
        [80],
        "one notification, however often delivered"
    );
    let (pending, _) = outbox::pending(state.table.as_ref(), 10, None)
        .await
        .expect("pending");
    assert!(pending.is_empty(), "every event was marked delivered");
}
