//! Budgets: a monthly spending limit for one expense category in one currency, and where they
//! are stored. A guard item per category x currency keeps one budget per pair and lets the
//! threshold check find the budget of a rollup with one read.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::BudgetId;
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{
    Condition, Key, Table, TableError, Write, from_record, to_record,
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
            ])
            .await
    }
}
