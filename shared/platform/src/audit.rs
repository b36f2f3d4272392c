//! The audit log: append-only entries (actor, action, target, ip, time, metadata), readable per
//! user and, through the index, by day for admins.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::ids::UserId;
use crate::keys;
use crate::ports::clock::{Clock, new_id};
use crate::ports::table::{
    AttributeValue, Condition, Item, Position, Query, Table, TableError, Write, attr, from_record,
    to_record,
};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    UserRegistered,
    EmailVerified,
    /// A change of the account's address was asked for (the new address not yet confirmed).
    EmailChangeRequested,
    /// The new address was confirmed and replaced the old one.
    EmailChanged,
    /// The old address undid a change: cancelled while pending, or restored once confirmed.
    EmailChangeUndone,
    LoginSucceeded,
    LoginFailed,
    AccountLocked,
    MfaEnabled,
    MfaDisabled,
    /// A wrong second factor at sign-in.
    MfaCheckFailed,
    PasswordChanged,
    PasswordReset,
    SessionRevoked,
    AllSessionsRevoked,
    RefreshTokenReused,
    RoleChanged,
    UserBanned,
    /// An admin lifted a ban.
    UserUnbanned,
    /// An admin lifted a lockout.
    AccountUnlocked,
    /// An admin had a new verification link sent.
    VerificationResent,
    /// An admin read a user's account.
    UserViewed,
    /// An admin wrote the directory items of a page of users.
    UserDirectoryRebuilt,
    UserDeleted,
    /// An admin exported audit entries as CSV.
    AuditExported,
    /// An admin sent dead letters back to their queue.
    DeadLettersRedriven,
    /// An admin changed runtime settings.
    SettingsChanged,
    CustomerCreated,
    CustomerUpdated,
    CustomerDeleted,
    CustomerSensitiveRead,
    CustomersBatchUpdated,
    CustomerGroupCreated,
    CustomerGroupUpdated,
    CustomerGroupDeleted,
    CustomerGroupMembersAdded,
    CustomerGroupMembersRemoved,
    LoanProductCreated,
    LoanProductChanged,
    LoanApplied,
    LoanSubmitted,
    LoanApproved,
    LoanRejected,
    LoanWithdrawn,
    LoanDisbursed,
    LoanRepaid,
    LoanRepaymentReversed,
    LoanRescheduled,
    LoanWrittenOff,
    LoanRefunded,
    BadgeCreated,
    BadgeChanged,
    BadgeDeleted,
    ChallengeCreated,
    ChallengeChanged,
    ChallengeDeleted,
}

/// One audit entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who did it, when known.
    pub actor: Option<UserId>,
    pub action: AuditAction,
    /// Whom or what it was done to.
    pub target: Option<String>,
    pub ip: Option<String>,
    pub metadata: serde_json::Value,
}

/// Writes and reads audit entries.
#[derive(Clone)]
pub struct AuditLog {
    pub(crate) table: Arc<dyn Table>,
    pub(crate) clock: Arc<dyn Clock>,
}

impl AuditLog {
    pub fn new(table: Arc<dyn Table>, clock: Arc<dyn Clock>) -> Self {
        Self { table, clock }
    }

    /// Appends an entry under the target (or actor) user.
    pub async fn record(
        &self,
        action: AuditAction,
        actor: Option<&UserId>,
        target: Option<&str>,
        ip: Option<&str>,
        metadata: serde_json::Value,
    ) -> Result<(), TableError> {
        let item = self.entry_item(action, actor, target, ip, metadata)?;
        self.table.put(item, Condition::NotExists).await
    }

    /// The write that appends an entry, for a table transaction that records the change it
    /// audits in the same step.
    pub fn write(
        &self,
        action: AuditAction,
        actor: Option<&UserId>,
        target: Option<&str>,
        ip: Option<&str>,
        metadata: serde_json::Value,
    ) -> Result<Write, TableError> {
        Ok(Write::Put {
            item: self.entry_item(action, actor, target, ip, metadata)?,
            condition: Condition::NotExists,
        })
    }

    /// The stored entry: under its subject, and in the day's index.
    fn entry_item(
        &self,
        action: AuditAction,
        actor: Option<&UserId>,
        target: Option<&str>,
        ip: Option<&str>,
        metadata: serde_json::Value,
    ) -> Result<Item, TableError> {
        let entry = AuditEntry {
            id: new_id(self.clock.as_ref()),
            at: self.clock.now(),
            actor: actor.cloned(),
            action,
            target: target.map(str::to_owned),
            ip: ip.map(str::to_owned),
            metadata,
        };
        let at = entry
            .at
            .format(&Rfc3339)
            .map_err(|err| TableError::InvalidRequest(err.to_string()))?;
        let subject = target.or(actor.map(UserId::as_str)).unwrap_or("SYSTEM");
        let sort = keys::audit_sort(&at, &entry.id);
        let key = crate::ports::table::Key::new(keys::audit_partition(subject), sort.clone());
        let mut item = to_record(&entry, &key, None)?;
        let day = at.get(..10).unwrap_or_default();
        item.insert(
            attr::GSI1_PK.to_owned(),
            AttributeValue::S(keys::audit_day_partition(day)),
        );
        item.insert(attr::GSI1_SK.to_owned(), AttributeValue::S(sort));
        Ok(item)
    }

    /// The newest entries about a user (or another target: a customer, a group).
    pub async fn for_user(&self, subject: &str, limit: u32) -> Result<Vec<AuditEntry>, TableError> {
        Ok(self.page_for_user(subject, limit, None).await?.0)
    }

    /// A page of entries about a user, newest first, and where the next page starts.
    pub async fn page_for_user(
        &self,
        subject: &str,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<AuditEntry>, Option<Position>), TableError> {
        let query = Query {
            forward: false,
            start_after,
            ..Query::partition(keys::audit_partition(subject), limit)
        };
        let page = self.table.query(query).await?;
        let entries = page
            .items
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        Ok((entries, page.next))
    }
}
