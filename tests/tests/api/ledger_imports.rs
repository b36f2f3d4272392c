//! The ledger's batch import: rows recorded through the same writes as the API (balances,
//! rollups, one event per table transaction), duplicates by external reference (already in the
//! account, or twice in one batch), a deleted transaction frees its reference, batches larger
//! than one DynamoDB transaction, a batch prepared while the one before is not written yet, and
//! undoing an import step by step.

use std::collections::HashMap;

use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::import_batch::{ImportedOutcome, ImportedTransaction};
use ferrofin_ledger::import_records::ImportRecord;
use ferrofin_ledger::keys;
use ferrofin_ledger::transaction_service::{NewTransaction, TransactionChanges};
use ferrofin_ledger::transactions::Transaction;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::records::all_under;
use ferrofin_tests::TestApp;
use ferrofin_tests::dynamo_limits::with_dynamo_limits;
use time::Date;
use time::macros::date;

use crate::ledger_properties::{recomputed_month_rollups, stored_month_rollups};

fn user() -> UserId {
    UserId::from("01IMPORTUSER")
}

fn row(day: Date, minor: i64, description: &str, reference: &str) -> ImportedTransaction {
    ImportedTransaction {
        date: day,
        amount: Money::from_minor(minor, Currency::parse("EUR").expect("EUR")),
        description: description.to_owned(),
        merchant: None,
        category: None,
        notes: None,
        external_ref: reference.to_owned(),
    }
}

async fn account(ledger: &Ledger) -> Account {
    let new = NewAccount {
        kind: AccountKind::Checking,
        name: "Bank".into(),
        currency: "EUR".into(),
        opening_balance: "100.00".into(),
        institution: None,
    };
    ledger.open_account(&user(), new).await.expect("open")
}

fn recorded(outcomes: &[ImportedOutcome]) -> usize {
    outcomes
        .iter()
        .filter(|outcome| matches!(outcome, ImportedOutcome::Recorded(_)))
        .count()
}

#[tokio::test]
async fn a_batch_prepared_before_the_one_before_is_written_takes_its_references_as_recorded() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let coffee = || row(date!(2026 - 03 - 01), -450, "Coffee", "fitid-1");
    let first = ledger
        .prepare_imported(&account, "import-1", vec![coffee()], &HashMap::new())
        .await
        .expect("prepare the first batch");
    let ImportedOutcome::Recorded(id) = first.outcomes[0].clone() else {
        panic!("the first row is recorded");
    };
    // The second batch repeats fitid-1 while the first is not written yet.
    let bus = row(date!(2026 - 03 - 02), -120, "Bus", "fitid-2");
    let second = ledger
        .prepare_imported(&account, "import-1", vec![coffee(), bus], &first.recorded)
        .await
        .expect("prepare the second batch");
    assert_eq!(second.outcomes[0], ImportedOutcome::AlreadyRecorded(id));
    assert_eq!(recorded(&second.outcomes), 1);
    ledger
        .write_imported(first.writes)
        .await
        .expect("write the first");
    ledger
        .write_imported(second.writes)
        .await
        .expect("the second writes no guard of the first again");
    let balance = ledger.account(&user(), &account.id).await.expect("account");
    assert_eq!(balance.balance().to_decimal_string(), "94.30");
}

#[tokio::test]
async fn rows_are_recorded_once_and_a_reimport_is_all_duplicates() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let rows = vec![
        row(date!(2026 - 03 - 01), -450, "Coffee", "fitid-1"),
        row(date!(2026 - 03 - 02), 250_000, "Salary", "fitid-2"),
        row(date!(2026 - 03 - 02), -450, "Coffee", "fitid-1"),
    ];
    let outcomes = ledger
        .record_imported(&account, "import-1", rows.clone())
        .await
        .expect("import");
    assert_eq!(recorded(&outcomes), 2);
    let ImportedOutcome::Recorded(first) = &outcomes[0] else {
        panic!("the first row is recorded");
    };
    assert_eq!(outcomes[2], ImportedOutcome::Duplicate(first.clone()));
    let again = ledger
        .record_imported(&account, "import-2", rows)
        .await
        .expect("re-import");
    assert_eq!(recorded(&again), 0, "{again:?}");
    assert!(matches!(again[0], ImportedOutcome::Duplicate(_)));
    let redelivered = ledger
        .record_imported(
            &account,
            "import-1",
            vec![row(date!(2026 - 03 - 01), -450, "Coffee", "fitid-1")],
        )
        .await
        .expect("the same import again");
    assert_eq!(
        redelivered,
        [ImportedOutcome::AlreadyRecorded(first.clone())]
    );
    let balance = ledger.account(&user(), &account.id).await.expect("account");
    assert_eq!(balance.balance().to_decimal_string(), "2595.50");
}

#[tokio::test]
async fn a_deleted_transaction_is_brought_back_by_a_reimport() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let rows = vec![row(date!(2026 - 03 - 01), -450, "Coffee", "fp-a")];
    let outcomes = ledger
        .record_imported(&account, "import-1", rows.clone())
        .await
        .expect("import");
    let ImportedOutcome::Recorded(id) = &outcomes[0] else {
        panic!("recorded");
    };
    ledger
        .delete_transaction(&user(), id)
        .await
        .expect("delete");
    let again = ledger
        .record_imported(&account, "import-2", rows)
        .await
        .expect("re-import");
    assert_eq!(recorded(&again), 1);
}

#[tokio::test]
async fn a_large_batch_spans_several_table_transactions_with_exact_balance_and_rollups() {
    let app = TestApp::new();
    // DynamoDB's 100 writes per transaction, as in AWS.
    let state = with_dynamo_limits(&app.embedded.state());
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let outcomes = ledger
        .record_imported(&account, "import-1", shop_rows(130))
        .await
        .expect("import");
    assert_eq!(recorded(&outcomes), 130);
    let total: i64 = (1..=130).map(|i| i * 10).sum();
    let balance = ledger.account(&user(), &account.id).await.expect("account");
    assert_eq!(balance.balance().minor(), 10_000 - total);
    app.settle().await;
    let live = live_transactions(&state).await;
    assert_eq!(live.len(), 130);
    assert_eq!(
        stored_month_rollups(&state, &user()).await,
        recomputed_month_rollups(&live)
    );
    // One record (and one event) per table transaction, listing every transaction once.
    let records: Vec<ImportRecord> = all_under(
        state.table.as_ref(),
        keys::user_partition(&user()),
        &keys::import_records_prefix("import-1"),
    )
    .await
    .expect("records");
    assert!(records.len() > 1, "{} table transactions", records.len());
    let mut listed: Vec<_> = records
        .iter()
        .flat_map(|record| record.transaction_ids.clone())
        .collect();
    listed.sort();
    let mut ids: Vec<_> = live.iter().map(|t| t.id.clone()).collect();
    ids.sort();
    assert_eq!(listed, ids);
}

#[tokio::test]
async fn undoing_an_import_removes_exactly_what_it_recorded_step_by_step() {
    let app = TestApp::new();
    let state = with_dynamo_limits(&app.embedded.state());
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let outcomes = ledger
        .record_imported(&account, "import-1", shop_rows(130))
        .await
        .expect("import");
    let ids: Vec<_> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            ImportedOutcome::Recorded(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    // One deleted by hand, one changed, and a transaction entered by hand that stays.
    ledger
        .delete_transaction(&user(), &ids[0])
        .await
        .expect("delete");
    let changes = TransactionChanges {
        amount: Some("-999.99".into()),
        date: Some("2026-06-30".into()),
        ..TransactionChanges::default()
    };
    ledger
        .change_transaction(&user(), &ids[1], changes)
        .await
        .expect("change");
    let manual = NewTransaction {
        account_id: account.id.clone(),
        date: "2026-01-05".into(),
        amount: "-12.00".into(),
        currency: "EUR".into(),
        description: "Market".into(),
        merchant: None,
        category: None,
        tags: Vec::new(),
        notes: None,
        transfer_to_account_id: None,
    };
    ledger.record(&user(), manual, None).await.expect("manual");

    let mut removed = 0;
    let mut steps = 0;
    loop {
        let step = ledger
            .undo_import_step(&user(), "import-1")
            .await
            .expect("undo step");
        steps += 1;
        if step.finished {
            break;
        }
        removed += step.removed;
    }
    assert_eq!(removed, 129, "everything but the one deleted by hand");
    assert!(steps > 2, "undone in bounded steps, not in one: {steps}");
    app.settle().await;
    let live = live_transactions(&state).await;
    assert_eq!(
        live.iter()
            .map(|t| t.description.as_str())
            .collect::<Vec<_>>(),
        ["Market"]
    );
    let balance = ledger.account(&user(), &account.id).await.expect("account");
    assert_eq!(balance.balance().to_decimal_string(), "88.00");
    assert_eq!(
        stored_month_rollups(&state, &user()).await,
        recomputed_month_rollups(&live)
    );
    let again = ledger
        .undo_import_step(&user(), "import-1")
        .await
        .expect("undo again");
    assert!(
        again.finished && again.removed == 0,
        "nothing is left to undo"
    );
    let reimported = ledger
        .record_imported(&account, "import-2", shop_rows(130))
        .await
        .expect("re-import");
    assert_eq!(recorded(&reimported), 130, "undoing freed every reference");
}

/// `count` rows of one shop over 5 days (so the rows of a table transaction share rollups), each
/// with its own reference.
fn shop_rows(count: i64) -> Vec<ImportedTransaction> {
    (0..count)
        .map(|i| {
            let day = date!(2026 - 01 - 01).saturating_add(time::Duration::days(i % 5));
            row(day, -(i + 1) * 10, "Shop", &format!("ref-{i}"))
        })
        .collect()
}

async fn live_transactions(state: &AppState) -> Vec<Transaction> {
    all_under(
        state.table.as_ref(),
        keys::user_partition(&user()),
        keys::TRANSACTION_PREFIX,
    )
    .await
    .expect("transactions")
}
