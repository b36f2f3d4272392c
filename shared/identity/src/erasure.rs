//! Erasing a deleted user's data. Deleting an account removes the profile, the email guard and
//! the sessions at once, then queues a `user.erase` job: the jobs worker deletes everything else
//! in the user's partition (accounts, transactions, rollups, budgets, goals, notifications,
//! categories, rules, counters) in bounded steps, queueing the next step until the partition is
//! empty. Audit entries live in their own partition and keep only the user id.

use serde::{Deserialize, Serialize};

use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Message, Queue, QueueError, QueueName, send_message};
use ferrofin_platform::ports::table::{
    Condition, Key, MAX_TRANSACTION_WRITES, Query, Table, TableError, Write,
};

/// Items one step deletes before it queues the next step.
pub const ITEMS_PER_STEP: usize = 1_000;

/// The job that erases a deleted user's remaining data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseUser {
    pub user_id: UserId,
}

impl Message for EraseUser {
    const TYPE: &'static str = "user.erase";
    const VERSION: u32 = 1;
}

/// Queues the erasure of a user's data.
pub async fn queue_erasure(
    queue: &dyn Queue,
    clock: &dyn Clock,
    user_id: &UserId,
) -> Result<(), QueueError> {
    let erase = EraseUser {
        user_id: user_id.clone(),
    };
    send_message(queue, QueueName::Jobs, &erase, clock).await
}

/// Deletes up to [`ITEMS_PER_STEP`] items of the user's partition; returns whether it is empty.
/// Repeating a step is harmless: deleting a missing item succeeds.
pub async fn erase_step(table: &dyn Table, user_id: &UserId) -> Result<bool, TableError> {
    let partition = keys::user_partition(user_id);
    let mut deleted = 0;
    while deleted < ITEMS_PER_STEP {
        let limit = u32::try_from(MAX_TRANSACTION_WRITES).unwrap_or(100);
        let page = table
            .query(Query::partition(partition.clone(), limit))
            .await?;
        if page.items.is_empty() {
            return Ok(true);
        }
        let writes = page
            .items
            .iter()
            .map(|item| {
                Key::of_item(item).map(|key| Write::Delete {
                    key,
                    condition: Condition::Always,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        deleted += writes.len();
        table.transact(writes).await?;
        if page.next.is_none() {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use ferrofin_platform::adapters::embedded::EmbeddedTable;
    use ferrofin_platform::ports::clock::ManualClock;
    use ferrofin_platform::ports::table::AttributeValue;
    use time::macros::datetime;

    #[tokio::test]
    async fn steps_empty_the_users_partition_and_leave_others_alone() {
        let table = EmbeddedTable::new(Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC))));
        let (gone, kept) = (UserId::from("gone"), UserId::from("kept"));
        for i in 0..2_500 {
            let mut item = Key::new(keys::user_partition(&gone), format!("TX#{i:05}")).to_item();
            item.insert("n".into(), AttributeValue::N(i.to_string()));
            table.put(item, Condition::Always).await.expect("put");
        }
        table
            .put(
                Key::new(keys::user_partition(&kept), "PROFILE").to_item(),
                Condition::Always,
            )
            .await
            .expect("put");
        assert!(!erase_step(&table, &gone).await.expect("first step"));
        assert!(!erase_step(&table, &gone).await.expect("second step"));
        assert!(erase_step(&table, &gone).await.expect("third step"));
        let left = table
            .query(Query::partition(keys::user_partition(&gone), 10))
            .await
            .expect("query");
        assert!(left.items.is_empty());
        assert!(
            table
                .get(&Key::new(keys::user_partition(&kept), "PROFILE"))
                .await
                .expect("get")
                .is_some()
        );
    }
}
