//! Budgets: a monthly spending limit for one expense category in one currency, and where they
//! are stored. A guard item per category x currency keeps one budget per pair and lets the
//! threshold check find the budget of a rollup with one read; a roster item per budget puts it
//! in one index partition, which the daily close pages through (never a scan).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::BudgetId;
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Index, Item, Key, Position, Query, Table, TableError, Write, attr,
    from_record, to_record,
};
use ferrofin_platform::records::{Versioned, all_under, save_versioned};

/// A monthly budget of a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub id: BudgetId,
    pub user_id: UserId,
    /// A default expense category id.
    pub category: String,
    pub currency: Currency,
    /// The limit of every month, in minor units.
    pub amount_minor: i64,
    /// Whether the previous month's remainder (or overspending) carries into the month.
    pub rollover: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Versioned for Budget {
    fn key(&self) -> Key {
        Budget::key(self)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}

impl Budget {
    pub fn amount(&self) -> Money {
        Money::from_minor(self.amount_minor, self.currency)
    }

    fn key(&self) -> Key {
        keys::budget(&self.user_id, &self.id)
    }

    fn guard_key(&self) -> Key {
        keys::budget_category_guard(&self.user_id, self.currency.code(), &self.category)
    }
}

/// The category x currency guard: which budget holds the pair.
#[derive(Serialize, Deserialize)]
struct CategoryGuard {
    budget_id: BudgetId,
}

/// A budget's line on the roster of all budgets (its ids; the budget is read for the rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub user_id: UserId,
    pub budget_id: BudgetId,
}

impl RosterEntry {
    fn of(budget: &Budget) -> Self {
        Self {
            user_id: budget.user_id.clone(),
            budget_id: budget.id.clone(),
        }
    }

    fn key(&self) -> Key {
        keys::budget_roster(&self.user_id, &self.budget_id)
    }

    fn record(&self) -> Result<Item, TableError> {
        let mut item = to_record(self, &self.key(), None)?;
        item.insert(
            attr::GSI1_PK.to_owned(),
            AttributeValue::S(keys::BUDGET_ROSTER_PARTITION.to_owned()),
        );
        item.insert(
            attr::GSI1_SK.to_owned(),
            AttributeValue::S(keys::budget_roster_sort(&self.user_id, &self.budget_id)),
        );
        Ok(item)
    }
}

/// Index of the guard write in [`BudgetStore::create`]'s transaction.
pub const GUARD_WRITE: usize = 1;

/// Reads and writes budgets.
#[derive(Clone)]
pub struct BudgetStore {
    table: Arc<dyn Table>,
}

impl BudgetStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Writes a new budget and claims its category x currency, with `announce` (its
    /// `budget.created` event) in the same transaction; a taken pair fails at [`GUARD_WRITE`].
    pub async fn create(&self, budget: &Budget, announce: Write) -> Result<(), TableError> {
        let guard = to_record(
            &CategoryGuard {
                budget_id: budget.id.clone(),
            },
            &budget.guard_key(),
            None,
        )?;
        self.table
            .transact(vec![
                Write::Put {
                    item: to_record(budget, &budget.key(), None)?,
                    condition: Condition::NotExists,
                },
                Write::Put {
                    item: guard,
                    condition: Condition::NotExists,
                },
                Write::Put {
                    item: RosterEntry::of(budget).record()?,
                    condition: Condition::Always,
                },
                announce,
            ])
            .await
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        budget_id: &BudgetId,
    ) -> Result<Option<Budget>, TableError> {
        self.table
            .get(&keys::budget(user_id, budget_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// The budget of a category in a currency, if the user has one.
    pub async fn for_category(
        &self,
        user_id: &UserId,
        currency: Currency,
        category: &str,
    ) -> Result<Option<Budget>, TableError> {
        let guard = keys::budget_category_guard(user_id, currency.code(), category);
        let Some(guard) = self.table.get(&guard).await? else {
            return Ok(None);
        };
        let guard: CategoryGuard = from_record(guard)?;
        self.get(user_id, &guard.budget_id).await
    }

    /// Every budget of the user (at most one per category x currency: a bounded set).
    pub async fn all(&self, user_id: &UserId) -> Result<Vec<Budget>, TableError> {
        all_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::BUDGET_PREFIX,
        )
        .await
    }

    /// Saves changes if nobody wrote the budget in between.
    pub async fn save(&self, budget: &mut Budget, now: OffsetDateTime) -> Result<(), TableError> {
        save_versioned(self.table.as_ref(), budget, now).await
    }

    /// One page of the roster of every user's budgets (the index partition), after `after`.
    pub async fn roster(
        &self,
        limit: u32,
        after: Option<Position>,
    ) -> Result<(Vec<RosterEntry>, Option<Position>), TableError> {
        let query = Query {
            index: Index::Gsi1,
            start_after: after,
            ..Query::partition(keys::BUDGET_ROSTER_PARTITION, limit)
        };
        let page = self.table.query(query).await?;
        let entries = page
            .items
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        Ok((entries, page.next))
    }

    /// Deletes the budget and frees its category x currency, together.
    pub async fn delete(&self, budget: &Budget) -> Result<(), TableError> {
        self.table
            .transact(vec![
                Write::Delete {
                    key: budget.key(),
                    condition: Condition::version_is(budget.version),
                },
                Write::Delete {
                    key: budget.guard_key(),
                    condition: Condition::Always,
                },
                Write::Delete {
                    key: RosterEntry::of(budget).key(),
                    condition: Condition::Always,
                },
            ])
            .await
    }
}
