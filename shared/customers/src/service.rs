//! `Customers`: create, read, change, soft-delete, batch-change, search and count customers,
//! writing every change (and every unmasked read) to the audit log.

use std::sync::Arc;

use serde_json::json;

use crate::customer::{Customer, changed_fields};
use crate::details::{CustomerDetails, CustomerPatch};
use crate::error::CustomerError;
use crate::ids::CustomerId;
use crate::search::CustomerFilter;
use crate::stats::CustomerStatistics;
use crate::store::CustomerStore;
use ferrofin_identity::roles::Role;
use ferrofin_identity::users::UserStore;
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::Position;

/// Most customers one batch changes.
pub const MAX_BATCH: usize = 100;

/// The staff member acting, for `created_by`/`updated_by` and the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub ip: String,
}

/// How an update changes the details.
#[derive(Clone, Debug)]
pub enum Change {
    Replace(Box<CustomerDetails>),
    Patch(Box<CustomerPatch>),
}

/// The customer services.
#[derive(Clone)]
pub struct Customers {
    pub store: CustomerStore,
    users: UserStore,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
}

impl Customers {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: CustomerStore::new(state.table.clone()),
            users: UserStore::new(state.table.clone()),
            audit: AuditLog::new(state.table.clone(), state.clock.clone()),
            clock: state.clock.clone(),
        }
    }

    /// Writes an audit entry about `target` (a customer, a group, or `CUSTOMERS` for a batch)
    /// by `actor`.
    pub async fn record(
        &self,
        actor: &Actor,
        action: AuditAction,
        target: &str,
        metadata: serde_json::Value,
    ) -> Result<(), CustomerError> {
        let ip = (!actor.ip.is_empty()).then_some(actor.ip.as_str());
        Ok(self
            .audit
            .record(action, Some(&actor.user_id), Some(target), ip, metadata)
            .await?)
    }

    /// The cross-field rules, and that a newly assigned officer is a staff member.
    async fn check(
        &self,
        details: &CustomerDetails,
        before: Option<&CustomerDetails>,
    ) -> Result<(), CustomerError> {
        details
            .check(self.clock.now().date())
            .map_err(CustomerError::Invalid)?;
        let officer = details.assigned_officer.as_ref();
        if let Some(officer) =
            officer.filter(|id| before.is_none_or(|b| b.assigned_officer.as_ref() != Some(id)))
        {
            let staff = self
                .users
                .get(officer)
                .await?
                .is_some_and(|user| user.role != Role::User);
            if !staff {
                return Err(CustomerError::invalid(
                    "assigned_officer",
                    "must be the user id of a staff member",
                ));
            }
        }
        Ok(())
    }

    pub async fn create(
        &self,
        actor: &Actor,
        details: CustomerDetails,
    ) -> Result<Customer, CustomerError> {
        self.check(&details, None).await?;
        let now = self.clock.now();
        let customer = Customer {
            id: CustomerId::generate(self.clock.as_ref()),
            details,
            created_at: now,
            created_by: actor.user_id.clone(),
            updated_at: now,
            updated_by: actor.user_id.clone(),
            version: 1,
            deleted_at: None,
        };
        self.store.write(None, &customer).await?;
        let changes = changed_fields(None, Some(&customer.details));
        self.record(
            actor,
            AuditAction::CustomerCreated,
            customer.id.as_str(),
            json!({ "changes": changes }),
        )
        .await?;
        Ok(customer)
    }

    /// A customer; a deleted one only with `include_deleted`.
    pub async fn get(
        &self,
        customer_id: &CustomerId,
        include_deleted: bool,
    ) -> Result<Customer, CustomerError> {
        self.store
            .get(customer_id)
            .await?
            .filter(|customer| include_deleted || !customer.is_deleted())
            .ok_or(CustomerError::NotFound)
    }

    /// Records that `actor` saw the customer's unmasked national id.
    pub async fn record_sensitive_read(
        &self,
        actor: &Actor,
        customer: &Customer,
    ) -> Result<(), CustomerError> {
        let fields = json!({ "fields": ["national_id"] });
        self.record(
            actor,
            AuditAction::CustomerSensitiveRead,
            customer.id.as_str(),
            fields,
        )
        .await
    }

    /// Changes a customer read at version `expected` (the `If-Match` header, required).
    pub async fn update(
        &self,
        actor: &Actor,
        customer_id: &CustomerId,
        expected: Option<u64>,
        change: Change,
    ) -> Result<Customer, CustomerError> {
        let expected = expected.ok_or(CustomerError::VersionRequired)?;
        let before = self.get(customer_id, false).await?;
        if before.version != expected {
            return Err(CustomerError::VersionMismatch { expected });
        }
        let details = match change {
            Change::Replace(details) => *details,
            Change::Patch(patch) => before.details.patched(*patch),
        };
        self.save(actor, before, details).await
    }

    async fn save(
        &self,
        actor: &Actor,
        before: Customer,
        details: CustomerDetails,
    ) -> Result<Customer, CustomerError> {
        self.check(&details, Some(&before.details)).await?;
        let mut after = self.next_version(&before, actor);
        after.details = details;
        self.store.write(Some(&before), &after).await?;
        let changes = changed_fields(Some(&before.details), Some(&after.details));
        self.record(
            actor,
            AuditAction::CustomerUpdated,
            after.id.as_str(),
            json!({ "changes": changes }),
        )
        .await?;
        Ok(after)
    }

    /// The next version of `before`, changed now by `actor` (the caller sets what changes).
    fn next_version(&self, before: &Customer, actor: &Actor) -> Customer {
        let mut after = before.clone();
        after.version += 1;
        after.updated_at = self.clock.now();
        after.updated_by = actor.user_id.clone();
        after
    }

    /// Soft-deletes a customer (`If-Match` optional: checked when given).
    pub async fn delete(
        &self,
        actor: &Actor,
        customer_id: &CustomerId,
        expected: Option<u64>,
    ) -> Result<(), CustomerError> {
        let before = self.get(customer_id, false).await?;
        if let Some(expected) = expected.filter(|expected| *expected != before.version) {
            return Err(CustomerError::VersionMismatch { expected });
        }
        let mut after = self.next_version(&before, actor);
        after.deleted_at = Some(after.updated_at);
        self.store.write(Some(&before), &after).await?;
        self.record(
            actor,
            AuditAction::CustomerDeleted,
            customer_id.as_str(),
            json!({ "version": after.version }),
        )
        .await
    }

    /// Applies one change set to each customer on its own; a failure leaves that customer as it was.
    pub async fn batch_update(
        &self,
        actor: &Actor,
        customer_ids: &[CustomerId],
        patch: CustomerPatch,
    ) -> Result<Vec<(CustomerId, Result<Customer, CustomerError>)>, CustomerError> {
        check_batch(customer_ids, &patch)?;
        let mut results = Vec::with_capacity(customer_ids.len());
        for id in customer_ids {
            let result = match self.get(id, false).await {
                Ok(before) => {
                    let details = before.details.patched(patch.clone());
                    self.save(actor, before, details).await
                }
                Err(err) => Err(err),
            };
            results.push((id.clone(), result));
        }
        let updated: Vec<&CustomerId> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(id, _)| id)
            .collect();
        let metadata = json!({ "requested": customer_ids, "updated": updated });
        self.record(
            actor,
            AuditAction::CustomersBatchUpdated,
            "CUSTOMERS",
            metadata,
        )
        .await?;
        Ok(results)
    }

    pub async fn search(
        &self,
        filter: &CustomerFilter,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Customer>, Option<Position>), CustomerError> {
        Ok(self.store.search(filter, limit, start_after).await?)
    }

    pub async fn statistics(&self) -> Result<CustomerStatistics, CustomerError> {
        let counters = self.store.counters().await?;
        Ok(CustomerStatistics::from_counters(
            counters.as_ref(),
            self.clock.now(),
        ))
    }
}

/// A list of customer ids names 1 to [`MAX_BATCH`] distinct customers.
pub fn check_id_list(field: &str, customer_ids: &[CustomerId]) -> Result<(), CustomerError> {
    if customer_ids.is_empty() || customer_ids.len() > MAX_BATCH {
        return Err(CustomerError::invalid(
            field,
            format!("must list 1 to {MAX_BATCH} customers"),
        ));
    }
    let mut unique = customer_ids.to_vec();
    unique.sort();
    unique.dedup();
    if unique.len() != customer_ids.len() {
        return Err(CustomerError::invalid(field, "must not repeat a customer"));
    }
    Ok(())
}

/// A batch names 1 to 100 distinct customers and changes something, but no unique field.
fn check_batch(customer_ids: &[CustomerId], patch: &CustomerPatch) -> Result<(), CustomerError> {
    check_id_list("ids", customer_ids)?;
    if patch.is_empty() {
        return Err(CustomerError::invalid(
            "changes",
            "must change at least one field",
        ));
    }
    if patch.email.is_some() || patch.national_id.is_some() {
        return Err(CustomerError::invalid(
            "changes",
            "a batch cannot set unique fields (email, national_id)",
        ));
    }
    Ok(())
}
