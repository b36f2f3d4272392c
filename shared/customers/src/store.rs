//! Customer persistence. One write of a customer is one transaction: the customer item (new, or
//! at the version it was read), the email and national-id guard items (claimed when new, moved
//! when changed), the index items (copies under every search path; stale ones deleted) and the
//! statistics deltas. Either all of it happens or none of it.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::customer::Customer;
use crate::error::CustomerError;
use crate::ids::CustomerId;
use crate::keys;
use crate::search::{CustomerFilter, SearchPath, index_keys};
use crate::stats;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::ports::table::{
    Condition, Index, Item, Key, Position, Query, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::security::tokens::token_hash;

/// Most partition reads one search page makes while filters drop items.
const MAX_READS_PER_PAGE: usize = 5;

/// The item that reserves a unique value for one customer.
#[derive(Serialize, Deserialize)]
struct Guard {
    customer_id: CustomerId,
}

/// What a write of a transaction is for, to name the failure when its condition fails.
#[derive(Clone, Copy)]
enum Purpose {
    Customer,
    Unique(&'static str),
    Other,
}

/// Reads and writes customers.
#[derive(Clone)]
pub struct CustomerStore {
    table: Arc<dyn Table>,
}

fn guard_put(key: Key, customer_id: &CustomerId) -> Result<Write, TableError> {
    let guard = Guard {
        customer_id: customer_id.clone(),
    };
    Ok(Write::Put {
        item: to_record(&guard, &key, None)?,
        condition: Condition::NotExists,
    })
}

/// The guard keys of a customer's unique values, with the field each protects.
fn unique_keys(customer: &Customer) -> Vec<(&'static str, Key)> {
    let details = &customer.details;
    let mut found = vec![("email", keys::customer_email_guard(details.email.as_str()))];
    if let Some(id) = &details.national_id {
        found.push((
            "national_id",
            keys::customer_national_id_guard(&token_hash(id.as_str())),
        ));
    }
    found
}

impl CustomerStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    pub async fn get(&self, customer_id: &CustomerId) -> Result<Option<Customer>, TableError> {
        self.table
            .get(&keys::customer(customer_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// The customer holding an email address, deleted or not.
    pub async fn find_by_email(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<Customer>, TableError> {
        let Some(item) = self
            .table
            .get(&keys::customer_email_guard(email.as_str()))
            .await?
        else {
            return Ok(None);
        };
        let guard: Guard = from_record(item)?;
        self.get(&guard.customer_id).await
    }

    /// Writes `after` in place of `before` (`None` for a new customer) in one transaction.
    pub async fn write(
        &self,
        before: Option<&Customer>,
        after: &Customer,
    ) -> Result<(), CustomerError> {
        let mut writes: Vec<(Purpose, Write)> = vec![(
            Purpose::Customer,
            Write::Put {
                item: to_record(after, &keys::customer(&after.id), None)?,
                condition: before.map_or(Condition::NotExists, |before| {
                    Condition::version_is(before.version)
                }),
            },
        )];
        let held = before.map(unique_keys).unwrap_or_default();
        let wanted = unique_keys(after);
        for (field, key) in &wanted {
            if !held.iter().any(|(_, old)| old == key) {
                writes.push((Purpose::Unique(field), guard_put(key.clone(), &after.id)?));
            }
        }
        for (_, key) in held
            .into_iter()
            .filter(|(_, old)| !wanted.iter().any(|(_, new)| new == old))
        {
            writes.push((
                Purpose::Other,
                Write::Delete {
                    key,
                    condition: Condition::Always,
                },
            ));
        }
        let new_index = index_keys(after);
        let kept: HashSet<&Key> = new_index.iter().collect();
        for key in before
            .map(index_keys)
            .unwrap_or_default()
            .into_iter()
            .filter(|key| !kept.contains(key))
        {
            writes.push((
                Purpose::Other,
                Write::Delete {
                    key,
                    condition: Condition::Always,
                },
            ));
        }
        for key in &new_index {
            let item = to_record(after, key, None)?;
            writes.push((
                Purpose::Other,
                Write::Put {
                    item,
                    condition: Condition::Always,
                },
            ));
        }
        let deltas = stats::deltas(before, after);
        if !deltas.is_empty() {
            let add = Write::Add {
                key: keys::customer_stats(),
                deltas,
                condition: Condition::Always,
            };
            writes.push((Purpose::Other, add));
        }
        let (purposes, writes): (Vec<Purpose>, Vec<Write>) = writes.into_iter().unzip();
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { at: Some(at) }) => Err(match purposes.get(at) {
                Some(Purpose::Unique(field)) => CustomerError::Duplicate { field },
                Some(Purpose::Customer) => match before {
                    Some(before) => CustomerError::VersionMismatch {
                        expected: before.version,
                    },
                    None => CustomerError::Conflict("a customer with this id already exists"),
                },
                _ => CustomerError::Conflict("the customer changed concurrently; retry"),
            }),
            other => Ok(other?),
        }
    }

    /// One page of a search, and where the next page starts. Items the filters drop make a
    /// page shorter than `limit`; a page still ends with a cursor while the path has more.
    pub async fn search(
        &self,
        filter: &CustomerFilter,
        limit: u32,
        mut start_after: Option<Position>,
    ) -> Result<(Vec<Customer>, Option<Position>), TableError> {
        let (partition, sort, forward) = match filter.path() {
            SearchPath::Email(email) => {
                let found = self
                    .find_by_email(&email)
                    .await?
                    .filter(|customer| filter.matches(customer));
                return Ok((found.into_iter().collect(), None));
            }
            SearchPath::Index {
                partition,
                sort,
                forward,
            } => (partition, sort, forward),
        };
        let mut found = Vec::new();
        for _ in 0..MAX_READS_PER_PAGE {
            let remaining = limit.saturating_sub(u32::try_from(found.len()).unwrap_or(u32::MAX));
            let query = Query {
                index: Index::Primary,
                partition: partition.clone(),
                sort: sort.clone(),
                forward,
                limit: remaining,
                start_after: start_after.take(),
            };
            let page = self.table.query(query).await?;
            for item in page.items {
                let customer: Customer = from_record(item)?;
                if filter.matches(&customer) {
                    found.push(customer);
                }
            }
            start_after = page.next;
            if start_after.is_none() || found.len() >= usize::try_from(limit).unwrap_or(usize::MAX)
            {
                break;
            }
        }
        Ok((found, start_after))
    }

    /// The statistics counters item, if any customer was ever written.
    pub async fn counters(&self) -> Result<Option<Item>, TableError> {
        self.table.get(&keys::customer_stats()).await
    }
}
