//! The Table conformance suite.

use std::sync::Arc;

use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Index, Item, Key, MAX_TRANSACTION_WRITES, Query, SortKey, Table,
    TableError, Write, attr, expiry_value,
};
use time::Duration;

/// A table under test and the clock its adapter reads.
pub struct TableSubject {
    pub table: Arc<dyn Table>,
    pub clock: Arc<ManualClock>,
    /// The folder a durable adapter keeps its file in, removed with the subject.
    pub data_dir: Option<tempfile::TempDir>,
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn item(pk: &str, sk: &str, extra: &[(&str, AttributeValue)]) -> Item {
    let mut item = Key::new(pk, sk).to_item();
    for (name, value) in extra {
        item.insert((*name).to_owned(), value.clone());
    }
    item
}

fn sort_keys(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item.get(attr::SK) {
            Some(AttributeValue::S(sk)) => sk.clone(),
            other => panic!("item without sk: {other:?}"),
        })
        .collect()
}

async fn put_all(table: &dyn Table, items: Vec<Item>) {
    for item in items {
        table.put(item, Condition::Always).await.expect("put");
    }
}

async fn query_all(table: &dyn Table, mut query: Query) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let page = table.query(query.clone()).await.expect("query");
        assert!(page.items.len() <= query.limit as usize);
        seen.extend(sort_keys(&page.items));
        match page.next {
            Some(next) => query.start_after = Some(next),
            None => return seen,
        }
    }
}

pub async fn get_returns_every_attribute_type_put_stored(subject: &TableSubject) {
    let stored = item(
        "USER#1",
        "PROFILE",
        &[
            ("name", s("Ada")),
            ("balance_minor", n(-123_456)),
            ("verified", AttributeValue::Bool(true)),
            ("nothing", AttributeValue::Null(true)),
            ("tags", AttributeValue::L(vec![s("a"), n(2)])),
            (
                "address",
                AttributeValue::M([("city".to_owned(), s("Riga"))].into_iter().collect()),
            ),
        ],
    );
    subject
        .table
        .put(stored.clone(), Condition::Always)
        .await
        .expect("put");
    let read = subject
        .table
        .get(&Key::new("USER#1", "PROFILE"))
        .await
        .expect("get");
    assert_eq!(read, Some(stored));
}

pub async fn get_of_a_missing_key_is_none(subject: &TableSubject) {
    assert_eq!(
        subject
            .table
            .get(&Key::new("USER#none", "X"))
            .await
            .expect("get"),
        None
    );
}

pub async fn put_if_not_exists_refuses_a_second_put(subject: &TableSubject) {
    let guard = item("EMAIL#ada@example.com", "GUARD", &[]);
    subject
        .table
        .put(guard.clone(), Condition::NotExists)
        .await
        .expect("first put");
    let second = subject.table.put(guard, Condition::NotExists).await;
    assert_eq!(second, Err(TableError::ConditionFailed { at: None }));
}

pub async fn put_with_the_expected_version_succeeds_and_a_stale_version_conflicts(
    subject: &TableSubject,
) {
    let table = &subject.table;
    table
        .put(
            item("ACC#1", "META", &[(attr::VERSION, n(1))]),
            Condition::NotExists,
        )
        .await
        .expect("create");
    table
        .put(
            item("ACC#1", "META", &[(attr::VERSION, n(2))]),
            Condition::version_is(1),
        )
        .await
        .expect("update at version 1");
    let stale = table
        .put(
            item("ACC#1", "META", &[(attr::VERSION, n(2))]),
            Condition::version_is(1),
        )
        .await;
    assert_eq!(stale, Err(TableError::ConditionFailed { at: None }));
    let read = table
        .get(&Key::new("ACC#1", "META"))
        .await
        .expect("get")
        .expect("item");
    assert_eq!(read.get(attr::VERSION), Some(&n(2)));
}

pub async fn exists_and_equals_conditions_fail_on_a_missing_item(subject: &TableSubject) {
    let missing = item("ACC#missing", "META", &[]);
    assert!(matches!(
        subject.table.put(missing.clone(), Condition::Exists).await,
        Err(TableError::ConditionFailed { .. })
    ));
    assert!(matches!(
        subject.table.put(missing, Condition::version_is(1)).await,
        Err(TableError::ConditionFailed { .. })
    ));
    assert_eq!(
        subject
            .table
            .get(&Key::new("ACC#missing", "META"))
            .await
            .expect("get"),
        None
    );
}

pub async fn delete_honours_its_condition_and_deleting_a_missing_item_succeeds(
    subject: &TableSubject,
) {
    let table = &subject.table;
    table
        .put(
            item("ACC#2", "META", &[(attr::VERSION, n(3))]),
            Condition::Always,
        )
        .await
        .expect("put");
    let stale = table
        .delete(&Key::new("ACC#2", "META"), Condition::version_is(2))
        .await;
    assert!(matches!(stale, Err(TableError::ConditionFailed { .. })));
    table
        .delete(&Key::new("ACC#2", "META"), Condition::version_is(3))
        .await
        .expect("delete");
    assert_eq!(
        table.get(&Key::new("ACC#2", "META")).await.expect("get"),
        None
    );
    table
        .delete(&Key::new("ACC#2", "META"), Condition::Always)
        .await
        .expect("delete missing");
}

fn ledger(pk: &str) -> Vec<Item> {
    [
        "TX#2026-01-05",
        "TX#2026-01-01",
        "TX#2026-02-10",
        "TX#2026-01-20",
        "BUDGET#food",
    ]
    .iter()
    .map(|sk| item(pk, sk, &[]))
    .collect()
}

pub async fn query_returns_one_partition_in_sort_order_both_ways(subject: &TableSubject) {
    put_all(subject.table.as_ref(), ledger("USER#q1")).await;
    put_all(subject.table.as_ref(), ledger("USER#q10")).await;
    let mut query = Query::partition("USER#q1", 100);
    let forward = query_all(subject.table.as_ref(), query.clone()).await;
    assert_eq!(
        forward,
        [
            "BUDGET#food",
            "TX#2026-01-01",
            "TX#2026-01-05",
            "TX#2026-01-20",
            "TX#2026-02-10"
        ]
    );
    query.forward = false;
    let backward = query_all(subject.table.as_ref(), query).await;
    assert_eq!(backward, forward.iter().rev().cloned().collect::<Vec<_>>());
}

pub async fn query_applies_each_sort_key_condition(subject: &TableSubject) {
    put_all(subject.table.as_ref(), ledger("USER#q2")).await;
    let run = |sort: SortKey| {
        let query = Query {
            sort,
            ..Query::partition("USER#q2", 100)
        };
        query_all(subject.table.as_ref(), query)
    };
    assert_eq!(
        run(SortKey::Equals("TX#2026-01-05".into())).await,
        ["TX#2026-01-05"]
    );
    assert_eq!(
        run(SortKey::BeginsWith("TX#2026-01".into())).await,
        ["TX#2026-01-01", "TX#2026-01-05", "TX#2026-01-20"]
    );
    assert_eq!(
        run(SortKey::Between(
            "TX#2026-01-05".into(),
            "TX#2026-02-10".into()
        ))
        .await,
        ["TX#2026-01-05", "TX#2026-01-20", "TX#2026-02-10"]
    );
    assert_eq!(
        run(SortKey::AtLeast("TX#2026-01-20".into())).await,
        ["TX#2026-01-20", "TX#2026-02-10"]
    );
    assert_eq!(
        run(SortKey::AtMost("TX#2026-01-01".into())).await,
        ["BUDGET#food", "TX#2026-01-01"]
    );
}

fn numbered(pk: &str, count: usize) -> Vec<Item> {
    (0..count)
        .map(|i| item(pk, &format!("TX#{i:03}"), &[]))
        .collect()
}

pub async fn query_pages_visit_every_item_once_and_end_without_a_cursor(subject: &TableSubject) {
    put_all(subject.table.as_ref(), numbered("USER#p", 10)).await;
    let expected: Vec<String> = (0..10).map(|i| format!("TX#{i:03}")).collect();
    for limit in [1, 3, 5, 10, 11] {
        let seen = query_all(subject.table.as_ref(), Query::partition("USER#p", limit)).await;
        assert_eq!(seen, expected, "limit {limit}");
    }
    let full = subject
        .table
        .query(Query::partition("USER#p", 10))
        .await
        .expect("query");
    assert_eq!(full.items.len(), 10);
    assert!(
        full.next.is_none(),
        "a page that holds the rest has no cursor"
    );
}

pub async fn backward_pages_resume_where_they_stopped(subject: &TableSubject) {
    put_all(subject.table.as_ref(), numbered("USER#b", 7)).await;
    let query = Query {
        forward: false,
        sort: SortKey::BeginsWith("TX#".into()),
        ..Query::partition("USER#b", 3)
    };
    let seen = query_all(subject.table.as_ref(), query).await;
    let expected: Vec<String> = (0..7).rev().map(|i| format!("TX#{i:03}")).collect();
    assert_eq!(seen, expected);
}

pub async fn gsi_query_orders_by_index_sort_key_and_pages(subject: &TableSubject) {
    let rows = [
        ("C#3", "2026-03-01"),
        ("C#1", "2026-01-01"),
        ("C#2", "2026-02-01"),
        ("C#4", "2026-02-01"),
    ];
    for (pk, date) in rows {
        let indexed = item(
            pk,
            "META",
            &[(attr::GSI1_PK, s("OFFICER#7")), (attr::GSI1_SK, s(date))],
        );
        subject
            .table
            .put(indexed, Condition::Always)
            .await
            .expect("put");
    }
    let mut query = Query {
        index: Index::Gsi1,
        ..Query::partition("OFFICER#7", 1)
    };
    let mut dates = Vec::new();
    loop {
        let page = subject.table.query(query.clone()).await.expect("query");
        for found in &page.items {
            dates.push(match found.get(attr::GSI1_SK) {
                Some(AttributeValue::S(date)) => date.clone(),
                other => panic!("no gsi1sk: {other:?}"),
            });
        }
        match page.next {
            Some(next) => query.start_after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        dates,
        ["2026-01-01", "2026-02-01", "2026-02-01", "2026-03-01"]
    );
}

pub async fn items_without_index_keys_stay_out_of_the_gsi(subject: &TableSubject) {
    subject
        .table
        .put(
            item("C#9", "META", &[(attr::GSI1_PK, s("OFFICER#8"))]),
            Condition::Always,
        )
        .await
        .expect("put");
    let page = subject
        .table
        .query(Query {
            index: Index::Gsi1,
            ..Query::partition("OFFICER#8", 10)
        })
        .await
        .expect("query");
    assert!(page.items.is_empty());
}

pub async fn increment_counts_concurrent_adds_exactly(subject: &TableSubject) {
    let key = Key::new("RATE#login#ada", "WINDOW");
    let adds = (0..20).map(|_| subject.table.increment(&key, "count", 1, None));
    let results = futures::future::join_all(adds).await;
    let mut values: Vec<i64> = results.into_iter().map(|r| r.expect("increment")).collect();
    values.sort_unstable();
    assert_eq!(values, (1..=20).collect::<Vec<_>>());
    assert_eq!(
        subject
            .table
            .increment(&key, "count", -5, None)
            .await
            .expect("decrement"),
        15
    );
}

pub async fn expired_items_are_absent_and_their_keys_reusable(subject: &TableSubject) {
    let table = &subject.table;
    let expires = subject.clock.now_plus(Duration::minutes(10));
    let otp = item(
        "OTP#ada",
        "CODE",
        &[(attr::EXPIRES_AT, expiry_value(expires))],
    );
    table
        .put(otp.clone(), Condition::NotExists)
        .await
        .expect("put");
    assert!(
        table
            .get(&Key::new("OTP#ada", "CODE"))
            .await
            .expect("get")
            .is_some()
    );
    assert!(matches!(
        table.put(otp.clone(), Condition::NotExists).await,
        Err(TableError::ConditionFailed { .. })
    ));

    subject.clock.advance(Duration::minutes(10));
    assert_eq!(
        table.get(&Key::new("OTP#ada", "CODE")).await.expect("get"),
        None
    );
    assert!(
        table
            .query(Query::partition("OTP#ada", 10))
            .await
            .expect("query")
            .items
            .is_empty()
    );
    assert!(matches!(
        table
            .delete(&Key::new("OTP#ada", "CODE"), Condition::Exists)
            .await,
        Err(TableError::ConditionFailed { .. })
    ));
    let fresh = item(
        "OTP#ada",
        "CODE",
        &[(
            attr::EXPIRES_AT,
            expiry_value(subject.clock.now_plus(Duration::minutes(10))),
        )],
    );
    table
        .put(fresh, Condition::NotExists)
        .await
        .expect("an expired key can be claimed again");
}

pub async fn an_expired_counter_starts_again(subject: &TableSubject) {
    let key = Key::new("RATE#otp#ada", "WINDOW");
    let window_end = subject.clock.now_plus(Duration::minutes(15));
    for expected in 1..=3 {
        let count = subject
            .table
            .increment(&key, "count", 1, Some(window_end))
            .await
            .expect("increment");
        assert_eq!(count, expected);
    }
    subject.clock.advance(Duration::minutes(16));
    let next_end = subject.clock.now_plus(Duration::minutes(15));
    assert_eq!(
        subject
            .table
            .increment(&key, "count", 1, Some(next_end))
            .await
            .expect("increment"),
        1
    );
}

pub async fn transaction_applies_every_write(subject: &TableSubject) {
    let table = &subject.table;
    put_all(
        table.as_ref(),
        vec![
            item("T#1", "OLD", &[]),
            item("T#1", "ACCOUNT", &[("balance", n(100))]),
            item("T#1", "OWNER", &[]),
        ],
    )
    .await;
    table
        .transact(vec![
            Write::Put {
                item: item("T#1", "TX#1", &[("amount", n(-30))]),
                condition: Condition::NotExists,
            },
            Write::Delete {
                key: Key::new("T#1", "OLD"),
                condition: Condition::Exists,
            },
            Write::Add {
                key: Key::new("T#1", "ACCOUNT"),
                deltas: vec![("balance".to_owned(), -30), ("tx_count".to_owned(), 1)],
                condition: Condition::Exists,
            },
            Write::Add {
                key: Key::new("T#1", "ROLLUP#2026-01"),
                deltas: vec![("spent".to_owned(), 30)],
                condition: Condition::Always,
            },
            Write::Check {
                key: Key::new("T#1", "OWNER"),
                condition: Condition::Exists,
            },
        ])
        .await
        .expect("transaction");
    let account = table
        .get(&Key::new("T#1", "ACCOUNT"))
        .await
        .expect("get")
        .expect("account");
    assert_eq!(account.get("balance"), Some(&n(70)));
    assert_eq!(account.get("tx_count"), Some(&n(1)));
    let rollup = table
        .get(&Key::new("T#1", "ROLLUP#2026-01"))
        .await
        .expect("get")
        .expect("rollup");
    assert_eq!(rollup.get("spent"), Some(&n(30)));
    assert!(
        table
            .get(&Key::new("T#1", "TX#1"))
            .await
            .expect("get")
            .is_some()
    );
    assert_eq!(table.get(&Key::new("T#1", "OLD")).await.expect("get"), None);
}

pub async fn transaction_with_a_failed_condition_changes_nothing_and_names_the_write(
    subject: &TableSubject,
) {
    let table = &subject.table;
    put_all(
        table.as_ref(),
        vec![
            item("T#2", "ACCOUNT", &[("balance", n(100))]),
            item("T#2", "TX#dup", &[]),
        ],
    )
    .await;
    let result = table
        .transact(vec![
            Write::Add {
                key: Key::new("T#2", "ACCOUNT"),
                deltas: vec![("balance".to_owned(), -30)],
                condition: Condition::Exists,
            },
            Write::Put {
                item: item("T#2", "TX#dup", &[]),
                condition: Condition::NotExists,
            },
            Write::Put {
                item: item("T#2", "TX#new", &[]),
                condition: Condition::NotExists,
            },
        ])
        .await;
    assert_eq!(result, Err(TableError::ConditionFailed { at: Some(1) }));
    let account = table
        .get(&Key::new("T#2", "ACCOUNT"))
        .await
        .expect("get")
        .expect("account");
    assert_eq!(account.get("balance"), Some(&n(100)));
    assert_eq!(
        table.get(&Key::new("T#2", "TX#new")).await.expect("get"),
        None
    );
}

pub async fn transaction_touching_one_item_twice_is_refused(subject: &TableSubject) {
    let result = subject
        .table
        .transact(vec![
            Write::Put {
                item: item("T#3", "A", &[]),
                condition: Condition::Always,
            },
            Write::Delete {
                key: Key::new("T#3", "A"),
                condition: Condition::Always,
            },
        ])
        .await;
    assert!(
        matches!(result, Err(TableError::InvalidRequest(_))),
        "{result:?}"
    );
    assert_eq!(
        subject.table.get(&Key::new("T#3", "A")).await.expect("get"),
        None
    );
}

pub async fn a_transaction_of_the_tables_limit_succeeds_and_more_is_refused(
    subject: &TableSubject,
) {
    let limit = subject.table.max_transaction_writes();
    assert!(
        limit >= MAX_TRANSACTION_WRITES,
        "every table takes at least DynamoDB's {MAX_TRANSACTION_WRITES} writes, not {limit}"
    );
    let writes = |count: usize| -> Vec<Write> {
        (0..count)
            .map(|i| Write::Put {
                item: item("T#4", &format!("ITEM#{i:05}"), &[]),
                condition: Condition::NotExists,
            })
            .collect()
    };
    let too_many = subject.table.transact(writes(limit + 1)).await;
    assert!(
        matches!(too_many, Err(TableError::InvalidRequest(_))),
        "{too_many:?}"
    );
    subject
        .table
        .transact(writes(limit))
        .await
        .expect("as many writes as the table takes");
    let stored = query_all(subject.table.as_ref(), Query::partition("T#4", 100)).await;
    assert_eq!(stored.len(), limit);
}

pub async fn get_many_answers_in_the_order_asked_with_none_for_what_is_missing(
    subject: &TableSubject,
) {
    for (sk, value) in [("B", "2"), ("A", "1"), ("GONE", "x")] {
        subject
            .table
            .put(item("MANY#1", sk, &[("v", s(value))]), Condition::NotExists)
            .await
            .expect("put");
    }
    let mut expiring = item("MANY#1", "EXPIRED", &[]);
    expiring.insert(
        attr::EXPIRES_AT.to_owned(),
        expiry_value(subject.clock.now_plus(Duration::seconds(30))),
    );
    subject
        .table
        .put(expiring, Condition::NotExists)
        .await
        .expect("put");
    subject.clock.advance(Duration::minutes(1));
    subject
        .table
        .delete(&Key::new("MANY#1", "GONE"), Condition::Always)
        .await
        .expect("delete");
    // More keys than one DynamoDB batch, the same key twice, missing, deleted and expired keys.
    let mut keys: Vec<Key> = (0..150)
        .map(|i| Key::new("MANY#1", format!("MISSING#{i}")))
        .collect();
    keys.extend(["B", "GONE", "A", "EXPIRED", "B"].map(|sk| Key::new("MANY#1", sk)));
    let found = subject.table.get_many(&keys).await.expect("get_many");
    assert_eq!(found.len(), keys.len());
    assert!(found[..150].iter().all(Option::is_none));
    let values: Vec<Option<AttributeValue>> = found[150..]
        .iter()
        .map(|item| item.as_ref().and_then(|item| item.get("v").cloned()))
        .collect();
    assert_eq!(
        values,
        [Some(s("2")), None, Some(s("1")), None, Some(s("2"))]
    );
}

/// Time arithmetic on the manual clock.
trait NowPlus {
    fn now_plus(&self, by: Duration) -> time::OffsetDateTime;
}

impl NowPlus for ManualClock {
    fn now_plus(&self, by: Duration) -> time::OffsetDateTime {
        use ferrofin_platform::ports::clock::Clock;
        self.now() + by
    }
}
