//! The ledger's batch import: rows recorded through the same writes as the API (balances,
//! rollups, events), duplicates by external reference (already in the account, or twice in one
//! batch), a deleted transaction frees its reference, and batches larger than one table
//! transaction.

use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::import_batch::{ImportedOutcome, ImportedTransaction};
use ferrofin_ledger::keys;
use ferrofin_ledger::transactions::Transaction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::records::all_under;
use ferrofin_tests::TestApp;
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
    let state = app.embedded.state();
    let ledger = Ledger::new(&state);
    let account = account(&ledger).await;
    let rows: Vec<ImportedTransaction> = (0..130)
        .map(|i| {
            let day = date!(2026 - 01 - 01).saturating_add(time::Duration::days(i % 60));
            row(day, -(i + 1) * 10, "Shop", &format!("ref-{i}"))
        })
        .collect();
    let outcomes = ledger
        .record_imported(&account, "import-1", rows)
        .await
        .expect("import");
    assert_eq!(recorded(&outcomes), 130);
    let total: i64 = (1..=130).map(|i| i * 10).sum();
    let balance = ledger.account(&user(), &account.id).await.expect("account");
    assert_eq!(balance.balance().minor(), 10_000 - total);
    app.settle().await;
    let live: Vec<Transaction> = all_under(
        state.table.as_ref(),
        keys::user_partition(&user()),
        keys::TRANSACTION_PREFIX,
    )
    .await
    .expect("transactions");
    assert_eq!(live.len(), 130);
    assert_eq!(
        stored_month_rollups(&state, &user()).await,
        recomputed_month_rollups(&live)
    );
}
