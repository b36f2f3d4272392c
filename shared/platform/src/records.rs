//! Persistence every area repeats, written once against the Table port: saving an entity with
//! optimistic concurrency on its `version`, reading every record under a sort-key prefix of a
//! partition, and reading one page of them — from the table, or of a small list put in order in
//! memory ([`page_in_order`]).

use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::ports::table::{
    AttributeValue, Condition, Item, Key, Position, Query, SortKey, Table, TableError, Write,
    from_record, query_all, to_record,
};

/// An entity stored under one key with a `version` that every save increments.
pub trait Versioned: Serialize {
    fn key(&self) -> Key;
    /// The version stored now; saving expects it and stores the next one.
    fn version_mut(&mut self) -> &mut u64;
    fn set_updated_at(&mut self, at: OffsetDateTime);
    /// Index attributes stored with the entity (e.g. `gsi1pk`/`gsi1sk`); none by default.
    fn index_attributes(&self) -> Vec<(String, AttributeValue)> {
        Vec::new()
    }
}

/// The item of `entity`: its record under its key, with its index attributes.
pub fn versioned_record<T: Versioned>(entity: &T) -> Result<Item, TableError> {
    let mut item = to_record(entity, &entity.key(), None)?;
    item.extend(entity.index_attributes());
    Ok(item)
}

/// Saves `entity` if nobody wrote it since it was read (its version still matches), bumping the
/// version and the change time; a lost race is [`TableError::ConditionFailed`].
pub async fn save_versioned<T: Versioned>(
    table: &dyn Table,
    entity: &mut T,
    now: OffsetDateTime,
) -> Result<(), TableError> {
    let expected = *entity.version_mut();
    *entity.version_mut() = expected + 1;
    entity.set_updated_at(now);
    let item = versioned_record(&*entity)?;
    table.put(item, Condition::version_is(expected)).await
}

/// [`save_versioned`] with `also` in the same table transaction (e.g. the event announcing the
/// change); a lost race on the entity is [`TableError::ConditionFailed`] at 0.
pub async fn save_versioned_with<T: Versioned>(
    table: &dyn Table,
    entity: &mut T,
    now: OffsetDateTime,
    also: Vec<Write>,
) -> Result<(), TableError> {
    if also.is_empty() {
        return save_versioned(table, entity, now).await;
    }
    let expected = *entity.version_mut();
    *entity.version_mut() = expected + 1;
    entity.set_updated_at(now);
    let mut writes = vec![Write::Put {
        item: versioned_record(&*entity)?,
        condition: Condition::version_is(expected),
    }];
    writes.extend(also);
    table.transact(writes).await
}

/// Every record under `prefix` in `partition`, in sort-key order (for small, bounded sets such
/// as a user's accounts or budgets).
pub async fn all_under<T: DeserializeOwned>(
    table: &dyn Table,
    partition: String,
    prefix: &str,
) -> Result<Vec<T>, TableError> {
    let query = Query {
        sort: SortKey::BeginsWith(prefix.to_owned()),
        ..Query::partition(partition, 100)
    };
    query_all(table, query)
        .await?
        .into_iter()
        .map(from_record)
        .collect()
}

/// One page of the records under `prefix` in `partition`, and where it ended.
pub async fn page_under<T: DeserializeOwned>(
    table: &dyn Table,
    partition: String,
    prefix: &str,
    newest_first: bool,
    limit: u32,
    start_after: Option<Position>,
) -> Result<(Vec<T>, Option<Position>), TableError> {
    let query = Query {
        sort: SortKey::BeginsWith(prefix.to_owned()),
        forward: !newest_first,
        start_after,
        ..Query::partition(partition, limit)
    };
    let page = table.query(query).await?;
    let items = page
        .items
        .into_iter()
        .map(from_record)
        .collect::<Result<Vec<T>, _>>()?;
    Ok((items, page.next))
}

/// One page of what `query` reads that `keep` accepts: reads on until it has `query.limit` of
/// them, the records end, or it has read `budget` records, and answers where it stopped — so a
/// page can hold fewer than the limit while more follow (as a filtered DynamoDB query does),
/// and a filter never makes one request read a whole partition.
pub async fn page_matching<T: DeserializeOwned>(
    table: &dyn Table,
    query: Query,
    budget: u32,
    keep: impl Fn(&T) -> bool,
) -> Result<(Vec<T>, Option<Position>), TableError> {
    let wanted = query.limit as usize;
    let index = query.index;
    let mut query = Query {
        limit: query.limit.max(MATCHING_READ_SIZE),
        ..query
    };
    let mut kept = Vec::new();
    let mut read = 0u32;
    loop {
        let page = table.query(query.clone()).await?;
        let count = page.items.len();
        for (at, item) in page.items.into_iter().enumerate() {
            read += 1;
            let here = Position::of_item(index, &item)?;
            let record: T = from_record(item)?;
            if keep(&record) {
                kept.push(record);
            }
            let last_of_all = at + 1 == count && page.next.is_none();
            if (kept.len() >= wanted || read >= budget) && !last_of_all {
                return Ok((kept, Some(here)));
            }
        }
        match page.next {
            Some(next) => query.start_after = Some(next),
            None => return Ok((kept, None)),
        }
    }
}

/// Records [`page_matching`] reads a request, at least.
const MATCHING_READ_SIZE: u32 = 50;

/// The partition of the positions [`page_in_order`] hands out (never a table key).
const IN_ORDER_PARTITION: &str = "IN_ORDER";

/// One page of a small, bounded list that is ordered in memory rather than by its keys (rules
/// by priority, built-in and own categories together): `place` gives each item's place as text
/// that sorts as the list must (e.g. a zero-padded priority, then the id), unique per item. The
/// page resumes after the place the previous one ended at, so an item deleted or added between
/// two pages moves no other item to another page.
pub fn page_in_order<T>(
    mut items: Vec<T>,
    place: impl Fn(&T) -> String,
    limit: u32,
    start_after: Option<Position>,
) -> (Vec<T>, Option<Position>) {
    items.sort_by_cached_key(|item| place(item));
    let resume_after = start_after
        .filter(|position| position.key.pk == IN_ORDER_PARTITION)
        .map(|position| position.key.sk);
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|item| {
            resume_after
                .as_ref()
                .is_none_or(|after| place(item) > *after)
        })
        .collect();
    let limit = limit as usize;
    if rest.len() <= limit {
        return (rest, None);
    }
    rest.truncate(limit);
    let next = rest.last().map(|last| Position {
        key: Key::new(IN_ORDER_PARTITION, place(last)),
        index_key: None,
    });
    (rest, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(items: &[(u32, &str)]) -> Vec<String> {
        items
            .iter()
            .map(|(n, id)| format!("{n:010}#{id}"))
            .collect()
    }

    #[test]
    fn a_list_in_memory_pages_in_its_order_with_no_empty_last_page() {
        let rules = vec![(20, "b"), (10, "z"), (10, "a"), (30, "c")];
        let place = |rule: &(u32, &str)| format!("{:010}#{}", rule.0, rule.1);
        let (first, next) = page_in_order(rules.clone(), place, 2, None);
        assert_eq!(places(&first), places(&[(10, "a"), (10, "z")]));
        let (second, last) = page_in_order(rules, place, 2, next);
        assert_eq!(places(&second), places(&[(20, "b"), (30, "c")]));
        assert_eq!(last, None, "a full last page says it is the last");
    }

    #[test]
    fn a_deleted_item_moves_nothing_to_another_page() {
        let place = |rule: &(u32, &str)| format!("{:010}#{}", rule.0, rule.1);
        let (_, next) = page_in_order(vec![(1, "a"), (2, "b"), (3, "c")], place, 2, None);
        let (second, _) = page_in_order(vec![(1, "a"), (3, "c")], place, 2, next);
        assert_eq!(places(&second), places(&[(3, "c")]));
    }
}
