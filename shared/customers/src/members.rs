//! Group membership: two items per membership, written and removed together with the group's
//! `member_count` — one under the group (its members) and one under the customer (its groups).
//! Bulk adds and removes change each customer on its own and report per-customer results.

use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

use crate::error::CustomerError;
use crate::groups::CustomerGroups;
use crate::ids::{CustomerId, GroupId};
use crate::keys;
use crate::service::{Actor, check_id_list};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Condition, Position, Query, SortKey, TableError, Write, from_record, to_record,
};

/// One membership, as stored on both sides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Membership {
    #[schema(value_type = String)]
    pub group_id: GroupId,
    #[schema(value_type = String)]
    pub customer_id: CustomerId,
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub added_by: UserId,
}

/// The change of a group's counters when a member comes (+1) or goes (-1).
fn count_change(group_id: &GroupId, delta: i64) -> Write {
    Write::Add {
        key: keys::customer_group(group_id),
        deltas: vec![
            ("member_count".to_owned(), delta),
            ("version".to_owned(), 1),
        ],
        condition: Condition::Exists,
    }
}

/// Per-customer results of a bulk change.
pub type BulkResults = Vec<(CustomerId, Result<(), CustomerError>)>;

/// Which way a bulk membership change goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipChange {
    Add,
    Remove,
}

impl CustomerGroups {
    /// Adds customers to a group (each must exist and not be a member yet) or removes them
    /// (each must be a member), each customer on its own; one audit entry lists the changed.
    pub async fn change_members(
        &self,
        actor: &Actor,
        group_id: &GroupId,
        customer_ids: &[CustomerId],
        change: MembershipChange,
    ) -> Result<BulkResults, CustomerError> {
        check_id_list("customer_ids", customer_ids)?;
        self.get(group_id).await?;
        let mut results = Vec::with_capacity(customer_ids.len());
        for customer_id in customer_ids {
            let result = match change {
                MembershipChange::Add => self.add_one(actor, group_id, customer_id).await,
                MembershipChange::Remove => self.remove_one(group_id, customer_id).await,
            };
            results.push((customer_id.clone(), result));
        }
        let changed: Vec<&CustomerId> = results
            .iter()
            .filter(|(_, result)| result.is_ok())
            .map(|(id, _)| id)
            .collect();
        if !changed.is_empty() {
            let action = match change {
                MembershipChange::Add => AuditAction::CustomerGroupMembersAdded,
                MembershipChange::Remove => AuditAction::CustomerGroupMembersRemoved,
            };
            let metadata = json!({ "customer_ids": changed });
            self.customers
                .record(actor, action, group_id.as_str(), metadata)
                .await?;
        }
        Ok(results)
    }

    async fn add_one(
        &self,
        actor: &Actor,
        group_id: &GroupId,
        customer_id: &CustomerId,
    ) -> Result<(), CustomerError> {
        self.customers.get(customer_id, false).await?;
        let membership = Membership {
            group_id: group_id.clone(),
            customer_id: customer_id.clone(),
            added_at: self.clock.now(),
            added_by: actor.user_id.clone(),
        };
        let writes = vec![
            Write::Check {
                key: keys::customer(customer_id),
                condition: Condition::Exists,
            },
            Write::Put {
                item: to_record(
                    &membership,
                    &keys::group_member(group_id, customer_id),
                    None,
                )?,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: to_record(
                    &membership,
                    &keys::customer_group_link(customer_id, group_id),
                    None,
                )?,
                condition: Condition::Always,
            },
            count_change(group_id, 1),
        ];
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { at: Some(0) }) => Err(CustomerError::NotFound),
            Err(TableError::ConditionFailed { at: Some(1) }) => {
                Err(CustomerError::Conflict("the customer is already a member"))
            }
            Err(TableError::ConditionFailed { at: Some(3) }) => Err(CustomerError::GroupNotFound),
            other => Ok(other?),
        }
    }

    pub(super) async fn remove_one(
        &self,
        group_id: &GroupId,
        customer_id: &CustomerId,
    ) -> Result<(), CustomerError> {
        let writes = vec![
            Write::Delete {
                key: keys::group_member(group_id, customer_id),
                condition: Condition::Exists,
            },
            Write::Delete {
                key: keys::customer_group_link(customer_id, group_id),
                condition: Condition::Always,
            },
            count_change(group_id, -1),
        ];
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { at: Some(0) }) => Err(CustomerError::NotMember),
            Err(TableError::ConditionFailed { at: Some(2) }) => Err(CustomerError::GroupNotFound),
            other => Ok(other?),
        }
    }

    /// A page of a group's members, by customer id.
    pub async fn members(
        &self,
        group_id: &GroupId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Membership>, Option<Position>), CustomerError> {
        self.get(group_id).await?;
        let partition = keys::customer_group_members_partition(group_id);
        self.memberships(partition, keys::GROUP_MEMBER_PREFIX, limit, start_after)
            .await
    }

    /// A page of the groups a customer belongs to, by group id.
    pub async fn groups_of(
        &self,
        customer_id: &CustomerId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Membership>, Option<Position>), CustomerError> {
        self.customers.get(customer_id, true).await?;
        let partition = keys::customer_partition(customer_id);
        self.memberships(partition, keys::CUSTOMER_GROUP_PREFIX, limit, start_after)
            .await
    }

    async fn memberships(
        &self,
        partition: String,
        prefix: &str,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Membership>, Option<Position>), CustomerError> {
        let query = Query {
            sort: SortKey::BeginsWith(prefix.to_owned()),
            start_after,
            ..Query::partition(partition, limit)
        };
        let page = self.table.query(query).await?;
        let found = page
            .items
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        Ok((found, page.next))
    }
}
