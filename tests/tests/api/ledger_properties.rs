//! Property: after any sequence of creates, updates and deletes, every account balance equals
//! its opening balance plus its transactions, and the month x category rollups equal a
//! recomputation from the transactions.

use std::collections::BTreeMap;

use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::AccountKind;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::keys;
use ferrofin_ledger::rollups::{Totals, UNCATEGORISED};
use ferrofin_ledger::transaction_service::{NewTransaction, TransactionChanges};
use ferrofin_ledger::transactions::Transaction;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    AttributeValue, Query, SortKey, attr, from_record, query_all,
};
use ferrofin_tests::TestApp;
use proptest::prelude::*;

const USER: &str = "01PROPERTYUSER";

fn user() -> UserId {
    UserId::from(USER)
}
const CATEGORIES: [Option<&str>; 3] = [None, Some("groceries"), Some("salary")];

#[derive(Clone, Debug)]
enum Op {
    Create {
        account: usize,
        amount: i64,
        month: u8,
        category: usize,
    },
    Update {
        which: usize,
        amount: i64,
        month: u8,
        account: usize,
    },
    Delete {
        which: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, -50_000..50_000i64, 1..4u8, 0..3usize)
            .prop_map(|(account, amount, month, category)| Op::Create { account, amount, month, category }),
        1 => (0..100usize, -50_000..50_000i64, 1..4u8, 0..2usize)
            .prop_map(|(which, amount, month, account)| Op::Update { which, amount, month, account }),
        1 => (0..100usize).prop_map(|which| Op::Delete { which }),
    ]
}

fn decimal(minor: i64) -> String {
    ferrofin_platform::money::Money::from_minor(
        minor,
        ferrofin_platform::money::Currency::parse("EUR").expect("EUR"),
    )
    .to_decimal_string()
}

async fn apply(ledger: &Ledger, accounts: &[AccountId], live: &mut Vec<Transaction>, op: Op) {
    match op {
        Op::Create {
            account,
            amount,
            month,
            category,
        } => {
            let new = NewTransaction {
                account_id: accounts[account].clone(),
                date: format!("2026-0{month}-15"),
                amount: decimal(amount),
                currency: "EUR".to_owned(),
                description: "generated".to_owned(),
                merchant: None,
                category: CATEGORIES[category].map(str::to_owned),
                tags: vec![],
                notes: None,
                transfer_to_account_id: None,
            };
            live.extend(ledger.record(&user(), new, None).await.expect("record"));
        }
        Op::Update {
            which,
            amount,
            month,
            account,
        } if !live.is_empty() => {
            let index = which % live.len();
            let changes = TransactionChanges {
                amount: Some(decimal(amount)),
                date: Some(format!("2026-0{month}-20")),
                account_id: Some(accounts[account].clone()),
                ..TransactionChanges::default()
            };
            live[index] = ledger
                .change_transaction(&user(), &live[index].id, changes)
                .await
                .expect("change");
        }
        Op::Delete { which } if !live.is_empty() => {
            let removed = live.remove(which % live.len());
            ledger
                .delete_transaction(&user(), &removed.id)
                .await
                .expect("delete");
        }
        _ => {}
    }
}

/// The non-zero month x category rollups of `user`, keyed `<yyyy-mm>#<cur>#<category>`.
pub async fn stored_month_rollups(state: &AppState, user: &UserId) -> BTreeMap<String, Totals> {
    let query = Query {
        sort: SortKey::BeginsWith(keys::MONTH_ROLLUP_PREFIX.to_owned()),
        ..Query::partition(keys::user_partition(user), 100)
    };
    let mut rollups = BTreeMap::new();
    for item in query_all(state.table.as_ref(), query).await.expect("query") {
        let Some(AttributeValue::S(sk)) = item.get(attr::SK).cloned() else {
            panic!("no sk")
        };
        let totals: Totals = from_record(item).expect("totals");
        if totals != Totals::default() {
            rollups.insert(
                sk.trim_start_matches(keys::MONTH_ROLLUP_PREFIX).to_owned(),
                totals,
            );
        }
    }
    rollups
}

/// The month x category rollups recomputed from EUR transactions.
pub fn recomputed_month_rollups(live: &[Transaction]) -> BTreeMap<String, Totals> {
    let mut rollups: BTreeMap<String, Totals> = BTreeMap::new();
    for transaction in live {
        let key = format!(
            "{}#EUR#{}",
            &transaction.date_string()[..7],
            transaction.category.as_deref().unwrap_or(UNCATEGORISED)
        );
        let totals = rollups.entry(key).or_default();
        if transaction.amount_minor >= 0 {
            totals.income_minor += transaction.amount_minor;
        } else {
            totals.expense_minor -= transaction.amount_minor;
        }
        totals.count += 1;
    }
    rollups.retain(|_, totals| *totals != Totals::default());
    rollups
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn balances_and_rollups_always_equal_a_recomputation(ops in proptest::collection::vec(op(), 1..25)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let app = TestApp::new();
            let state = app.embedded.state();
            let ledger = Ledger::new(&state);
            let mut accounts = Vec::new();
            for opening in ["100.00", "-20.00"] {
                let new = NewAccount { kind: AccountKind::Checking, name: "A".into(), currency: "EUR".into(), opening_balance: opening.into(), institution: None };
                accounts.push(ledger.open_account(&user(), new).await.expect("open").id);
            }
            let mut live = Vec::new();
            for op in ops {
                apply(&ledger, &accounts, &mut live, op).await;
            }
            for (account_id, opening) in accounts.iter().zip([10_000_i64, -2_000]) {
                let account = ledger.account(&user(), account_id).await.expect("account");
                let sum: i64 = live.iter().filter(|t| &t.account_id == account_id).map(|t| t.amount_minor).sum();
                assert_eq!(account.balance_minor, opening + sum);
            }
            assert_eq!(stored_month_rollups(&state, &user()).await, recomputed_month_rollups(&live));
        });
    }
}
