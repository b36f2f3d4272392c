//! Customer groups: named sets of customers (a portfolio, a campaign). Groups live in one
//! partition (`CUSTOMER_GROUPS`), listed by id, i.e. by creation; `member_count` and `version`
//! change with every membership change (see `members`).

use std::sync::Arc;

use ferrofin_platform::http::text_schemas::{required_text, required_text_or_null};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::error::CustomerError;
use crate::fields::Text;
use crate::ids::GroupId;
use crate::keys;
use crate::service::{Actor, Customers};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Position, Query, SortKey, Table, TableError, from_record, to_record,
};

/// What staff set on a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Portfolio A", "description": "London SMEs"}))]
pub struct GroupDetails {
    #[schema(schema_with = required_text::<200>)]
    pub name: Text,
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub description: Option<Text>,
}

/// A customer group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerGroup {
    pub id: GroupId,
    pub details: GroupDetails,
    pub member_count: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub updated_by: UserId,
    pub version: u64,
}

/// The group services.
#[derive(Clone)]
pub struct CustomerGroups {
    pub(super) table: Arc<dyn Table>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) customers: Customers,
}

impl CustomerGroups {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            clock: state.clock.clone(),
            customers: Customers::new(state),
        }
    }

    pub async fn create(
        &self,
        actor: &Actor,
        details: GroupDetails,
    ) -> Result<CustomerGroup, CustomerError> {
        let now = self.clock.now();
        let group = CustomerGroup {
            id: GroupId::generate(self.clock.as_ref()),
            details,
            member_count: 0,
            created_at: now,
            created_by: actor.user_id.clone(),
            updated_at: now,
            updated_by: actor.user_id.clone(),
            version: 1,
        };
        let item = to_record(&group, &keys::customer_group(&group.id), None)?;
        self.table.put(item, Condition::NotExists).await?;
        let metadata = json!({ "after": group.details });
        self.customers
            .record(
                actor,
                AuditAction::CustomerGroupCreated,
                group.id.as_str(),
                metadata,
            )
            .await?;
        Ok(group)
    }

    pub async fn get(&self, group_id: &GroupId) -> Result<CustomerGroup, CustomerError> {
        let item = self.table.get(&keys::customer_group(group_id)).await?;
        item.map(from_record)
            .transpose()?
            .ok_or(CustomerError::GroupNotFound)
    }

    /// A page of groups, oldest first.
    pub async fn list(
        &self,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<CustomerGroup>, Option<Position>), CustomerError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::CUSTOMER_GROUP_PREFIX.to_owned()),
            start_after,
            ..Query::partition(keys::CUSTOMER_GROUPS_PARTITION, limit)
        };
        let page = self.table.query(query).await?;
        let groups = page
            .items
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        Ok((groups, page.next))
    }

    /// Replaces a group's name and description; `expected` (If-Match) is checked when given.
    pub async fn update(
        &self,
        actor: &Actor,
        group_id: &GroupId,
        expected: Option<u64>,
        details: GroupDetails,
    ) -> Result<CustomerGroup, CustomerError> {
        let before = self.get(group_id).await?;
        if let Some(expected) = expected.filter(|expected| *expected != before.version) {
            return Err(CustomerError::VersionMismatch { expected });
        }
        let mut after = before.clone();
        after.details = details;
        after.version += 1;
        after.updated_at = self.clock.now();
        after.updated_by = actor.user_id.clone();
        let item = to_record(&after, &keys::customer_group(group_id), None)?;
        match self
            .table
            .put(item, Condition::version_is(before.version))
            .await
        {
            Err(TableError::ConditionFailed { .. }) => {
                return Err(CustomerError::VersionMismatch {
                    expected: before.version,
                });
            }
            other => other?,
        }
        let metadata = json!({ "before": before.details, "after": after.details });
        self.customers
            .record(
                actor,
                AuditAction::CustomerGroupUpdated,
                group_id.as_str(),
                metadata,
            )
            .await?;
        Ok(after)
    }

    /// Deletes a group after removing its memberships (both sides).
    pub async fn delete(&self, actor: &Actor, group_id: &GroupId) -> Result<(), CustomerError> {
        self.get(group_id).await?;
        loop {
            let (members, next) = self.members(group_id, 25, None).await?;
            for member in &members {
                match self.remove_one(group_id, &member.customer_id).await {
                    Ok(()) | Err(CustomerError::NotMember) => {}
                    Err(err) => return Err(err),
                }
            }
            if next.is_none() {
                break;
            }
        }
        let empty = Condition::Equals {
            name: "member_count".to_owned(),
            value: AttributeValue::N("0".to_owned()),
        };
        match self
            .table
            .delete(&keys::customer_group(group_id), empty)
            .await
        {
            Err(TableError::ConditionFailed { .. }) => {
                return Err(CustomerError::Conflict(
                    "customers were added while the group was being deleted; retry",
                ));
            }
            other => other?,
        }
        self.customers
            .record(
                actor,
                AuditAction::CustomerGroupDeleted,
                group_id.as_str(),
                json!({}),
            )
            .await
    }
}
