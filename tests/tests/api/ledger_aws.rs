//! The ledger's all-or-nothing writes against DynamoDB Local: balances, transfers, updates that
//! move a transaction between months and accounts, deletes, and parallel writes on one account.

use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::AccountKind;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::transaction_service::{NewTransaction, TransactionChanges};
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_tests::TestApp;

const USER: &str = "01DYNAMOLEDGERUSER";

fn user() -> UserId {
    UserId::from(USER)
}

fn spend(account_id: &AccountId, amount: &str, transfer_to: Option<&AccountId>) -> NewTransaction {
    NewTransaction {
        account_id: account_id.clone(),
        date: "2026-05-10".to_owned(),
        amount: amount.to_owned(),
        currency: "EUR".to_owned(),
        description: "test".to_owned(),
        merchant: None,
        category: transfer_to.is_none().then(|| "groceries".to_owned()),
        tags: vec![],
        notes: None,
        transfer_to_account_id: transfer_to.cloned(),
    }
}

async fn balance(ledger: &Ledger, account_id: &AccountId) -> i64 {
    ledger
        .account(&user(), account_id)
        .await
        .expect("account")
        .balance_minor
}

#[tokio::test]
async fn ledger_writes_keep_balances_exact_on_dynamodb() {
    let app = TestApp::new();
    let subject = ferrofin_tests::emulators::table().await;
    let state = AppState {
        table: subject.table.clone(),
        ..app.embedded.state()
    };
    let ledger = Ledger::new(&state);
    let mut ids = Vec::new();
    for opening in ["100.00", "0"] {
        let new = NewAccount {
            kind: AccountKind::Checking,
            name: "A".into(),
            currency: "EUR".into(),
            opening_balance: opening.into(),
            institution: None,
        };
        ids.push(ledger.open_account(&user(), new).await.expect("open").id);
    }
    let (checking, savings) = (&ids[0], &ids[1]);

    let recorded = ledger
        .record(&user(), spend(checking, "-12.50", None), None)
        .await
        .expect("record");
    assert_eq!(balance(&ledger, checking).await, 8_750);
    ledger
        .record(&user(), spend(checking, "30", Some(savings)), None)
        .await
        .expect("transfer");
    assert_eq!(
        (
            balance(&ledger, checking).await,
            balance(&ledger, savings).await
        ),
        (5_750, 3_000)
    );

    let changes = TransactionChanges {
        amount: Some("-20".into()),
        date: Some("2026-06-01".into()),
        account_id: Some(savings.clone()),
        ..TransactionChanges::default()
    };
    ledger
        .change_transaction(&user(), &recorded[0].id, changes)
        .await
        .expect("change");
    assert_eq!(
        (
            balance(&ledger, checking).await,
            balance(&ledger, savings).await
        ),
        (7_000, 1_000)
    );
    ledger
        .delete_transaction(&user(), &recorded[0].id)
        .await
        .expect("delete");
    assert_eq!(balance(&ledger, savings).await, 3_000);

    let user = user();
    let writes = (0..20).map(|_| ledger.record(&user, spend(checking, "-1.00", None), None));
    for result in futures::future::join_all(writes).await {
        result.expect("parallel record");
    }
    assert_eq!(balance(&ledger, checking).await, 5_000);
}

#[tokio::test]
async fn a_category_in_use_cannot_be_deleted_on_dynamodb() {
    use ferrofin_ledger::LedgerError;
    use ferrofin_ledger::categories::CategoryKind;

    let app = TestApp::new();
    let subject = ferrofin_tests::emulators::table().await;
    let state = AppState {
        table: subject.table.clone(),
        ..app.embedded.state()
    };
    let ledger = Ledger::new(&state);
    let new = NewAccount {
        kind: AccountKind::Checking,
        name: "A".into(),
        currency: "EUR".into(),
        opening_balance: "0".into(),
        institution: None,
    };
    let account = ledger.open_account(&user(), new).await.expect("open").id;
    let pets = ledger
        .create_category(&user(), "Pets", CategoryKind::Expense, Some("shopping"))
        .await
        .expect("category");
    let mut food = spend(&account, "-9.00", None);
    food.category = Some(pets.id.as_str().to_owned());
    let recorded = ledger
        .record(&user(), food, None)
        .await
        .expect("record with a user category");

    let refused = ledger.delete_category(&user(), &pets.id).await;
    assert!(
        matches!(refused, Err(LedgerError::Conflict(_))),
        "{refused:?}"
    );
    ledger
        .delete_transaction(&user(), &recorded[0].id)
        .await
        .expect("delete transaction");
    ledger
        .delete_category(&user(), &pets.id)
        .await
        .expect("an unused category can go");
}
