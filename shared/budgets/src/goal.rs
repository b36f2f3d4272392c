//! Savings goals and their contributions, and where they are stored. A goal's `saved_minor` is
//! the sum of its contributions, moved by an ADD in the same table transaction that records a
//! contribution (like an account balance), never set directly.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{ContributionId, GoalId};
use crate::keys;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::transactions::date_string;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{
    Condition, Key, Query, SortKey, Table, TableError, Write, attr, from_record, query_all,
    to_record,
};
use ferrofin_platform::records::{Versioned, save_versioned};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// A savings goal of a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    pub user_id: UserId,
    pub name: String,
    pub currency: Currency,
    pub target_minor: i64,
    #[serde(with = "iso_date")]
    pub target_date: Date,
    /// The user's account (same currency) the savings are kept in, if any.
    pub account_id: Option<AccountId>,
    /// The sum of the contributions.
    pub saved_minor: i64,
    /// The day the goal was created: the start of its saving pace.
    #[serde(with = "iso_date")]
    pub start_date: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Versioned for Goal {
    fn key(&self) -> Key {
        Goal::key(self)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}

impl Goal {
    pub fn target(&self) -> Money {
        Money::from_minor(self.target_minor, self.currency)
    }

    pub fn saved(&self) -> Money {
        Money::from_minor(self.saved_minor, self.currency)
    }

    fn key(&self) -> Key {
        keys::goal(&self.user_id, &self.id)
    }
}

/// Money put towards a goal on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub id: ContributionId,
    pub goal_id: GoalId,
    pub user_id: UserId,
    pub amount_minor: i64,
    pub currency: Currency,
    #[serde(with = "iso_date")]
    pub date: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Contribution {
    pub fn amount(&self) -> Money {
        Money::from_minor(self.amount_minor, self.currency)
    }

    fn key(&self) -> Key {
        keys::goal_contribution(
            &self.user_id,
            &self.goal_id,
            &date_string(self.date),
            &self.id,
        )
    }
}

/// Reads and writes goals and contributions.
#[derive(Clone)]
pub struct GoalStore {
    table: Arc<dyn Table>,
}

impl GoalStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    pub async fn create(&self, goal: &Goal) -> Result<(), TableError> {
        self.table
            .put(to_record(goal, &goal.key(), None)?, Condition::NotExists)
            .await
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        goal_id: &GoalId,
    ) -> Result<Option<Goal>, TableError> {
        self.table
            .get(&keys::goal(user_id, goal_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Saves descriptive changes if nothing (a contribution included) wrote in between.
    pub async fn save(&self, goal: &mut Goal, now: OffsetDateTime) -> Result<(), TableError> {
        save_versioned(self.table.as_ref(), goal, now).await
    }

    /// Stores a contribution, adds it to the goal and writes its announcement, all at once.
    pub async fn contribute(
        &self,
        contribution: &Contribution,
        announcement: Write,
    ) -> Result<(), TableError> {
        let goal = keys::goal(&contribution.user_id, &contribution.goal_id);
        self.table
            .transact(vec![
                Write::Put {
                    item: to_record(contribution, &contribution.key(), None)?,
                    condition: Condition::NotExists,
                },
                Write::Add {
                    key: goal,
                    deltas: vec![
                        ("saved_minor".to_owned(), contribution.amount_minor),
                        (attr::VERSION.to_owned(), 1),
                    ],
                    condition: Condition::Exists,
                },
                announcement,
            ])
            .await
    }

    /// The keys of every contribution to the goal.
    pub async fn contribution_keys(&self, goal: &Goal) -> Result<Vec<Key>, TableError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::goal_contributions_prefix(&goal.id)),
            ..Query::partition(keys::user_partition(&goal.user_id), 100)
        };
        query_all(self.table.as_ref(), query)
            .await?
            .iter()
            .map(Key::of_item)
            .collect()
    }

    /// Deletes the goal and its contributions (`contributions`, fewer than
    /// `MAX_TRANSACTION_WRITES`) in one table transaction.
    pub async fn delete(&self, goal: &Goal, contributions: Vec<Key>) -> Result<(), TableError> {
        let mut writes = vec![Write::Delete {
            key: goal.key(),
            condition: Condition::version_is(goal.version),
        }];
        writes.extend(contributions.into_iter().map(|key| Write::Delete {
            key,
            condition: Condition::Always,
        }));
        self.table.transact(writes).await
    }
}
