//! Erasing a deleted user's data. Deleting an account removes the profile, the email guard and
//! the sessions at once, then queues a `user.erase` job: the jobs worker deletes the user's
//! objects (uploaded files and pending uploads, under the platform's user object prefixes) and
//! everything else in the user's partition (accounts, transactions, rollups, budgets, goals,
//! notifications, files' records, categories, rules, counters) in bounded steps, queueing the
//! next step until both are empty. Audit entries live in their own partition and keep only the
//! user id.

use serde::{Deserialize, Serialize};

use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::job_status::JobId;
use ferrofin_platform::keys::user_object_prefixes;
use ferrofin_platform::ports::blobs::{BlobError, Blobs};
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Message, Queue, QueueError, QueueName, send_message};
use ferrofin_platform::ports::table::{
    Condition, Key, MAX_TRANSACTION_WRITES, Query, Table, TableError, Write,
};

/// Items one step deletes before it queues the next step.
pub const ITEMS_PER_STEP: usize = 1_000;

/// Objects one step deletes (one request each) before it turns to items or queues the next step.
pub const OBJECTS_PER_STEP: usize = 100;

/// The job that erases a deleted user's remaining data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseUser {
    pub user_id: UserId,
    /// The erasure's run (`None` on the first step, which begins it).
    #[serde(default)]
    pub run: Option<JobId>,
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
        run: None,
    };
    send_message(queue, QueueName::Jobs, &erase, clock).await
}

/// Why an erasure step failed (worth retrying).
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Blob(#[from] BlobError),
}

/// Deletes up to [`OBJECTS_PER_STEP`] of the user's objects, then (once none is left) up to
/// [`ITEMS_PER_STEP`] items of their partition; returns whether both are empty. Repeating a step is
/// harmless: deleting a missing object or item succeeds.
pub async fn erase_step(
    table: &dyn Table,
    blobs: &dyn Blobs,
    user_id: &UserId,
) -> Result<bool, EraseError> {
    if !erase_objects(blobs, user_id).await? {
        return Ok(false);
    }
    Ok(erase_items(table, user_id).await?)
}

/// Deletes up to [`OBJECTS_PER_STEP`] of the user's objects; returns whether none is left.
async fn erase_objects(blobs: &dyn Blobs, user_id: &UserId) -> Result<bool, BlobError> {
    let mut deleted = 0;
    for prefix in user_object_prefixes(user_id) {
        loop {
            let objects = blobs.list(&prefix, OBJECTS_PER_STEP - deleted).await?;
            if objects.is_empty() {
                break;
            }
            for key in objects {
                blobs.delete(&key).await?;
                deleted += 1;
            }
            if deleted == OBJECTS_PER_STEP {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Deletes up to [`ITEMS_PER_STEP`] items of the user's partition; returns whether it is empty.
async fn erase_items(table: &dyn Table, user_id: &UserId) -> Result<bool, TableError> {
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
        assert!(!erase_items(&table, &gone).await.expect("first step"));
        assert!(!erase_items(&table, &gone).await.expect("second step"));
        assert!(erase_items(&table, &gone).await.expect("third step"));
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
