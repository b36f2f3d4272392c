//! The Table port on DynamoDB (GetItem, BatchGetItem, PutItem, DeleteItem, Query, UpdateItem
//! ADD, TransactWriteItems). SDK errors become port errors: a failed condition is a
//! `ConditionFailed`, throttling and outages are `Unavailable`, never a panic.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeValue as SdkValue, ConditionCheck, Delete, KeysAndAttributes, Put, ReturnValue,
    TransactWriteItem, Update,
};
use time::OffsetDateTime;

use super::describe;
use super::expressions::Expression;
use super::lazy_client::LazyClient;
use crate::ports::clock::Clock;
use crate::ports::table::{
    Condition, Index, Item, Key, MAX_BATCH_GET_KEYS, MAX_TRANSACTION_WRITES, Page, Position, Query,
    Table, TableError, Write, attr, check_transaction, expiry_value,
};

/// Name of the generic secondary index.
const GSI1_NAME: &str = "gsi1";
/// Attempts of a transaction that DynamoDB cancelled for a conflict with another transaction.
const CONFLICT_ATTEMPTS: u32 = 4;
/// Requests of one `BatchGetItem` page while DynamoDB leaves keys unprocessed (throttling).
const BATCH_GET_ATTEMPTS: u32 = 6;

type SdkItem = HashMap<String, SdkValue>;

/// A DynamoDB table with the single-table schema of docs/architecture.md, "Data".
pub struct DynamoTable {
    client: LazyClient<Client>,
    table_name: String,
    clock: Arc<dyn Clock>,
}

impl DynamoTable {
    pub fn new(
        client: impl Into<LazyClient<Client>>,
        table_name: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            client: client.into(),
            table_name: table_name.into(),
            clock,
        }
    }

    fn now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    fn transact_item(&self, write: Write, now: i64) -> Result<TransactWriteItem, TableError> {
        let mut expr = Expression::default();
        let built = match write {
            Write::Put { item, condition } => {
                let condition = expr.condition(&condition, now);
                TransactWriteItem::builder().put(
                    Put::builder()
                        .table_name(&self.table_name)
                        .set_item(Some(HashMap::from(item)))
                        .set_condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(invalid)?,
                )
            }
            Write::Delete { key, condition } => {
                let condition = expr.condition(&condition, now);
                TransactWriteItem::builder().delete(
                    Delete::builder()
                        .table_name(&self.table_name)
                        .set_key(Some(sdk_key(&key)))
                        .set_condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(invalid)?,
                )
            }
            Write::Check { key, condition } => {
                let condition = expr.condition_or_true(&condition, now);
                TransactWriteItem::builder().condition_check(
                    ConditionCheck::builder()
                        .table_name(&self.table_name)
                        .set_key(Some(sdk_key(&key)))
                        .condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(invalid)?,
                )
            }
            Write::Add {
                key,
                deltas,
                condition,
            } => {
                let update = expr.add(&deltas);
                let condition = expr.condition(&condition, now);
                TransactWriteItem::builder().update(
                    Update::builder()
                        .table_name(&self.table_name)
                        .set_key(Some(sdk_key(&key)))
                        .update_expression(update)
                        .set_condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(invalid)?,
                )
            }
        };
        Ok(built.build())
    }

    /// Resets an expired counter item to `delta`, if it is still expired.
    async fn restart_counter(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<(), TableError> {
        let mut item = key.to_item();
        item.insert(
            attribute.to_owned(),
            crate::ports::table::AttributeValue::N(delta.to_string()),
        );
        if let Some(at) = expires_at {
            item.insert(attr::EXPIRES_AT.to_owned(), expiry_value(at));
        }
        let mut expr = Expression::default();
        let expired = format!("{} <= :now", expr_name(&mut expr, "#exp", attr::EXPIRES_AT));
        expr.values
            .insert(":now".to_owned(), SdkValue::N(self.now().to_string()));
        self.client
            .get()
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(HashMap::from(item)))
            .condition_expression(expired)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await
            .map(|_| ())
            .map_err(table_error)
    }
}

fn expr_name(expr: &mut Expression, placeholder: &str, name: &str) -> String {
    expr.names.insert(placeholder.to_owned(), name.to_owned());
    placeholder.to_owned()
}

fn sdk_key(key: &Key) -> SdkItem {
    HashMap::from([
        (attr::PK.to_owned(), SdkValue::S(key.pk.clone())),
        (attr::SK.to_owned(), SdkValue::S(key.sk.clone())),
    ])
}

fn invalid(err: impl std::fmt::Display) -> TableError {
    TableError::InvalidRequest(err.to_string())
}

/// Maps an SDK error of any DynamoDB operation to the port's error.
fn table_error<E, R>(err: SdkError<E, R>) -> TableError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match err.code() {
        Some("ConditionalCheckFailedException") => TableError::ConditionFailed { at: None },
        Some("TransactionConflictException") => TableError::Contention,
        Some("ValidationException") => {
            TableError::InvalidRequest(err.message().unwrap_or_default().to_owned())
        }
        _ => TableError::Unavailable(describe(&err)),
    }
}

/// Interprets a cancelled transaction from its per-write reasons.
fn cancellation_error(reasons: &[Option<&str>]) -> TableError {
    if let Some(at) = reasons
        .iter()
        .position(|code| *code == Some("ConditionalCheckFailed"))
    {
        return TableError::ConditionFailed { at: Some(at) };
    }
    if reasons.contains(&Some("TransactionConflict")) {
        return TableError::Contention;
    }
    TableError::Unavailable(format!("transaction cancelled: {reasons:?}"))
}

fn start_key(position: &Position) -> SdkItem {
    let mut key = sdk_key(&position.key);
    if let Some((partition, sort)) = &position.index_key {
        key.insert(attr::GSI1_PK.to_owned(), SdkValue::S(partition.clone()));
        key.insert(attr::GSI1_SK.to_owned(), SdkValue::S(sort.clone()));
    }
    key
}

#[async_trait]
impl Table for DynamoTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, TableError> {
        let output = self
            .client
            .get()
            .get_item()
            .table_name(&self.table_name)
            .set_key(Some(sdk_key(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(table_error)?;
        let now = self.clock.now();
        Ok(output
            .item
            .map(Item::from)
            .filter(|item| !crate::ports::table::is_expired(item, now)))
    }

    /// `BatchGetItem`, 100 keys a request, asking again (with a growing pause) for the keys
    /// DynamoDB leaves unprocessed.
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, TableError> {
        let now = self.clock.now();
        let mut found: HashMap<Key, Item> = HashMap::with_capacity(keys.len());
        for page in keys.chunks(MAX_BATCH_GET_KEYS) {
            let mut unique: Vec<&Key> = page.iter().collect();
            unique.sort();
            unique.dedup();
            let mut wanted = KeysAndAttributes::builder()
                .set_keys(Some(unique.into_iter().map(sdk_key).collect()))
                .consistent_read(true)
                .build()
                .map_err(invalid)?;
            for attempt in 1..=BATCH_GET_ATTEMPTS {
                let output = self
                    .client
                    .get()
                    .batch_get_item()
                    .request_items(&self.table_name, wanted)
                    .send()
                    .await
                    .map_err(table_error)?;
                for sdk_item in output
                    .responses
                    .and_then(|mut tables| tables.remove(&self.table_name))
                    .unwrap_or_default()
                {
                    let item = Item::from(sdk_item);
                    found.insert(Key::of_item(&item)?, item);
                }
                match output
                    .unprocessed_keys
                    .and_then(|mut tables| tables.remove(&self.table_name))
                {
                    Some(left) if !left.keys.is_empty() => wanted = left,
                    _ => break,
                }
                if attempt == BATCH_GET_ATTEMPTS {
                    return Err(TableError::Unavailable(
                        "BatchGetItem left keys unprocessed after every retry".to_owned(),
                    ));
                }
                tokio::time::sleep(Duration::from_millis(25 << attempt)).await;
            }
        }
        Ok(keys
            .iter()
            .map(|key| {
                found
                    .get(key)
                    .filter(|item| !crate::ports::table::is_expired(item, now))
                    .cloned()
            })
            .collect())
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), TableError> {
        let mut expr = Expression::default();
        let condition = expr.condition(&condition, self.now());
        self.client
            .get()
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(HashMap::from(item)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await
            .map(|_| ())
            .map_err(table_error)
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), TableError> {
        let mut expr = Expression::default();
        let condition = expr.condition(&condition, self.now());
        self.client
            .get()
            .delete_item()
            .table_name(&self.table_name)
            .set_key(Some(sdk_key(key)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await
            .map(|_| ())
            .map_err(table_error)
    }

    async fn query(&self, query: Query) -> Result<Page, TableError> {
        if query.limit == 0 {
            return Err(TableError::InvalidRequest(
                "limit must be positive".to_owned(),
            ));
        }
        let mut expr = Expression::default();
        let key_condition =
            expr.key_condition(query.index.key_attributes(), &query.partition, &query.sort);
        let filter = expr.live_filter(self.now());
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        // One extra item tells whether another page exists without an empty last page.
        let output = self
            .client
            .get()
            .query()
            .table_name(&self.table_name)
            .set_index_name((query.index == Index::Gsi1).then(|| GSI1_NAME.to_owned()))
            .key_condition_expression(key_condition)
            .filter_expression(filter)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .scan_index_forward(query.forward)
            .limit(i32::try_from(query.limit.saturating_add(1)).unwrap_or(i32::MAX))
            .set_exclusive_start_key(query.start_after.as_ref().map(start_key))
            .send()
            .await
            .map_err(table_error)?;
        let mut items: Vec<Item> = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(Item::from)
            .collect();
        let next = if items.len() > limit {
            items.truncate(limit);
            items
                .last()
                .map(|item| Position::of_item(query.index, item))
                .transpose()?
        } else {
            output
                .last_evaluated_key
                .map(|key| Position::of_item(query.index, &Item::from(key)))
                .transpose()?
        };
        Ok(Page { items, next })
    }

    async fn increment(
        &self,
        key: &Key,
        attribute: &str,
        delta: i64,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        for _ in 0..CONFLICT_ATTEMPTS {
            let mut expr = Expression::default();
            let mut update = expr.add(&[(attribute.to_owned(), delta)]);
            if let Some(at) = expires_at {
                update.push_str(" SET #exp = :expires");
                expr.values
                    .insert(":expires".to_owned(), expiry_value(at).into());
            }
            let pk = expr_name(&mut expr, "#pk", attr::PK);
            let live = format!(
                "attribute_not_exists({pk}) OR {}",
                expr.live_filter(self.now())
            );
            let result = self
                .client
                .get()
                .update_item()
                .table_name(&self.table_name)
                .set_key(Some(sdk_key(key)))
                .update_expression(update)
                .condition_expression(live)
                .set_expression_attribute_names(expr.names())
                .set_expression_attribute_values(expr.values())
                .return_values(ReturnValue::UpdatedNew)
                .send()
                .await;
            match result.map_err(table_error) {
                Ok(output) => {
                    return match output
                        .attributes
                        .and_then(|mut attributes| attributes.remove(attribute))
                    {
                        Some(SdkValue::N(n)) => n.parse().map_err(invalid),
                        _ => Err(TableError::InvalidRequest(format!(
                            "{attribute} missing after ADD"
                        ))),
                    };
                }
                // The item exists but has expired: start it again from `delta`.
                Err(TableError::ConditionFailed { .. }) => {
                    match self
                        .restart_counter(key, attribute, delta, expires_at)
                        .await
                    {
                        Ok(()) => return Ok(delta),
                        Err(TableError::ConditionFailed { .. }) => continue,
                        Err(err) => return Err(err),
                    }
                }
                Err(err) => return Err(err),
            }
        }
        Err(TableError::Contention)
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), TableError> {
        check_transaction(&writes, MAX_TRANSACTION_WRITES)?;
        let now = self.now();
        let items = writes
            .into_iter()
            .map(|write| self.transact_item(write, now))
            .collect::<Result<Vec<_>, _>>()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .client
                .get()
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            let err = match result {
                Ok(_) => return Ok(()),
                Err(err) => err,
            };
            let mapped = match err.as_service_error() {
                Some(service) if service.is_transaction_canceled_exception() => {
                    let reasons = match service {
                        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(e) => e
                            .cancellation_reasons()
                            .iter()
                            .map(|reason| reason.code())
                            .collect::<Vec<_>>(),
                        _ => Vec::new(),
                    };
                    cancellation_error(&reasons)
                }
                _ => table_error(err),
            };
            if mapped != TableError::Contention || attempt >= CONFLICT_ATTEMPTS {
                return Err(mapped);
            }
            tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
        }
    }

    async fn ping(&self) -> Result<(), TableError> {
        self.get(&crate::keys::readiness_probe()).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_transaction_names_the_failed_write() {
        let reasons = [Some("None"), Some("ConditionalCheckFailed"), None];
        assert_eq!(
            cancellation_error(&reasons),
            TableError::ConditionFailed { at: Some(1) }
        );
        assert_eq!(
            cancellation_error(&[Some("TransactionConflict")]),
            TableError::Contention
        );
    }
}
