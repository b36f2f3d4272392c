//! A table with DynamoDB's transaction limit over any other: batch code (statement import and
//! its undo) run on the embedded store in tests cuts its work as it would in AWS.

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_platform::AppState;
use ferrofin_platform::ports::table::{
    Condition, Item, Key, MAX_TRANSACTION_WRITES, Page, Query, Table, TableError, Write,
    check_transaction,
};
use time::OffsetDateTime;

/// Refuses transactions of more than [`MAX_TRANSACTION_WRITES`] and says so to its callers.
pub struct DynamoLimits {
    table: Arc<dyn Table>,
}

/// `state` with its table behind [`DynamoLimits`].
pub fn with_dynamo_limits(state: &AppState) -> AppState {
    AppState {
        table: Arc::new(DynamoLimits {
            table: state.table.clone(),
        }),
        ..state.clone()
    }
}

#[async_trait]
impl Table for DynamoLimits {
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError> {
        self.table.get(key).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, TableError> {
        self.table.get_many(keys).await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError> {
        self.table.put(item, condition).await
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError> {
        self.table.delete(key, condition).await
    }

    async fn query(&self, query: Query) -> Result<Page, TableError> {
        self.table.query(query).await
    }

    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        self.table
            .increment(key, attribute, delta, expires_at)
            .await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError> {
        check_transaction(&writes, MAX_TRANSACTION_WRITES)?;
        self.table.transact(writes).await
    }

    async fn ping(&self) -> Result<(), TableError> {
        self.table.ping().await
    }
}
