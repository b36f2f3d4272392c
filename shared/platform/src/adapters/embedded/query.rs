//! Queries on the embedded store: one read transaction (a consistent snapshot), a key range on
//! `items` (primary index) or `gsi1` computed by `sort_range`, read forward or backward, expired
//! items skipped, and a page that ends with a cursor only when a further live item exists (no
//! empty last page), as the DynamoDB adapter does by reading one item more than the limit.

use time::OffsetDateTime;

use super::codec;
use super::rows::live_item;
use super::sort_range::{entry_range, gsi1_bound, primary_bound};
use super::store::{GSI1, ITEMS, Store, unavailable};
use crate::ports::table::{Index, Item, Key, Page, Position, Query, TableError, is_expired};

/// A live item the query matched and where a page ending with it ends; `None` for an expired one.
type Match = Result<Option<(Item, Position)>, TableError>;

/// Reads one page of `query` as of `now`.
pub(super) fn run(store: &Store, query: &Query, now: OffsetDateTime) -> Result<Page, TableError> {
    if query.limit == 0 {
        return Err(TableError::InvalidRequest(
            "limit must be positive".to_owned(),
        ));
    }
    let Some((lower, upper)) = entry_range(
        &query.partition,
        &query.sort,
        query.start_after.as_ref(),
        query.forward,
    ) else {
        return Ok(Page::default());
    };
    let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
    let txn = store.read()?;
    let items = txn.open_table(ITEMS).map_err(unavailable)?;
    match query.index {
        Index::Primary => {
            let range = items
                .range((primary_bound(&lower), primary_bound(&upper)))
                .map_err(unavailable)?;
            let matches = range.map(|entry| -> Match {
                let (key, value) = entry.map_err(unavailable)?;
                let item = codec::decode(value.value())?;
                if is_expired(&item, now) {
                    return Ok(None);
                }
                let (pk, sk) = key.value();
                let position = Position {
                    key: Key::new(pk, sk),
                    index_key: None,
                };
                Ok(Some((item, position)))
            });
            if query.forward {
                page_of(matches, limit)
            } else {
                page_of(matches.rev(), limit)
            }
        }
        Index::Gsi1 => {
            let gsi1 = txn.open_table(GSI1).map_err(unavailable)?;
            let range = gsi1
                .range((gsi1_bound(&lower), gsi1_bound(&upper)))
                .map_err(unavailable)?;
            let matches = range.map(|entry| -> Match {
                let (entry, _) = entry.map_err(unavailable)?;
                let (gpk, gsk, pk, sk) = entry.value();
                let key = Key::new(pk, sk);
                let Some(item) = live_item(&items, &key, now)? else {
                    return Ok(None);
                };
                let position = Position {
                    key,
                    index_key: Some((gpk.to_owned(), gsk.to_owned())),
                };
                Ok(Some((item, position)))
            });
            if query.forward {
                page_of(matches, limit)
            } else {
                page_of(matches.rev(), limit)
            }
        }
    }
}

/// Takes up to `limit` live matches; the page gets a cursor only if one more live match follows.
fn page_of(matches: impl Iterator<Item = Match>, limit: usize) -> Result<Page, TableError> {
    let mut page = Page::default();
    let mut last = None;
    for found in matches {
        let Some((item, position)) = found? else {
            continue;
        };
        if page.items.len() == limit {
            page.next = last;
            return Ok(page);
        }
        page.items.push(item);
        last = Some(position);
    }
    Ok(page)
}
