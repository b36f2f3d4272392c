//! Roles and permissions, and the one function that decides whether a role may do something.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user's role. Staff roles serve the lending side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Admin,
    LoanOfficer,
    Approver,
    CustomerManager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Admin => "admin",
            Self::LoanOfficer => "loan_officer",
            Self::Approver => "approver",
            Self::CustomerManager => "customer_manager",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::User,
            Self::Admin,
            Self::LoanOfficer,
            Self::Approver,
            Self::CustomerManager,
        ]
        .into_iter()
        .find(|role| role.as_str() == text)
    }
}

/// Something a role may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    UsersRead,
    UsersManageRoles,
    UsersBan,
    /// Unlock an account, sign a user out everywhere, resend a verification link.
    UsersManage,
    AuditRead,
    /// See the queues' counts and dead letters.
    QueuesRead,
    /// Send dead letters back to their queue.
    QueuesRedrive,
    /// Read the runtime settings.
    SettingsRead,
    /// Change the runtime settings.
    SettingsWrite,
    CustomersCreate,
    CustomersRead,
    CustomersReadSensitive,
    CustomersUpdate,
    CustomersDelete,
    CustomersStatistics,
    CustomersBatchUpdate,
    CustomerGroupsRead,
    CustomerGroupsCreate,
    CustomerGroupsUpdate,
    CustomerGroupsDelete,
    CustomerGroupsManageMembers,
    LoansCreate,
    LoansRead,
    LoansApproveLevel1,
    LoansApproveLevel2,
    /// Create, change and retire loan products.
    LoansProducts,
    /// Pay out an approved loan.
    LoansDisburse,
    /// Record and reverse repayments of loans.
    LoansRepayments,
    /// Run the loans' scheduled work now (the daily run).
    LoansOperations,
    /// Reschedule an active loan (new rate, longer term, added grace).
    LoansReschedule,
    /// Write off an active loan that will not be repaid.
    LoansWriteOff,
    /// Run and read risk assessments of customers' statements.
    RiskCustomers,
    /// Create, change and delete badges and challenges.
    GamificationManage,
}

impl Permission {
    /// The permission's stable name, as documented and as shown in 403 responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UsersRead => "users:read",
            Self::UsersManageRoles => "users:manage-roles",
            Self::UsersBan => "users:ban",
            Self::UsersManage => "users:manage",
            Self::AuditRead => "audit:read",
            Self::QueuesRead => "queues:read",
            Self::QueuesRedrive => "queues:redrive",
            Self::SettingsRead => "settings:read",
            Self::SettingsWrite => "settings:write",
            Self::CustomersCreate => "customers:create",
            Self::CustomersRead => "customers:read",
            Self::CustomersReadSensitive => "customers:read:sensitive",
            Self::CustomersUpdate => "customers:update",
            Self::CustomersDelete => "customers:delete",
            Self::CustomersStatistics => "customers:statistics",
            Self::CustomersBatchUpdate => "customers:batch-update",
            Self::CustomerGroupsRead => "customer-groups:read",
            Self::CustomerGroupsCreate => "customer-groups:create",
            Self::CustomerGroupsUpdate => "customer-groups:update",
            Self::CustomerGroupsDelete => "customer-groups:delete",
            Self::CustomerGroupsManageMembers => "customer-groups:manage-members",
            Self::LoansCreate => "loans:create",
            Self::LoansRead => "loans:read",
            Self::LoansApproveLevel1 => "loans:approve:level1",
            Self::LoansApproveLevel2 => "loans:approve:level2",
            Self::LoansProducts => "loans:products",
            Self::LoansDisburse => "loans:disburse",
            Self::LoansRepayments => "loans:repayments",
            Self::LoansOperations => "loans:operations",
            Self::LoansReschedule => "loans:reschedule",
            Self::LoansWriteOff => "loans:write-off",
            Self::RiskCustomers => "risk:customers",
            Self::GamificationManage => "gamification:manage",
        }
    }
}

/// Whether `role` grants `permission`. Plain users hold no staff permission: their own data is
/// protected by ownership checks, not permissions.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission as P;
    match role {
        Role::Admin => true,
        Role::User => false,
        Role::CustomerManager => matches!(
            permission,
            P::CustomersCreate
                | P::CustomersRead
                | P::CustomersReadSensitive
                | P::CustomersUpdate
                | P::CustomersDelete
                | P::CustomersStatistics
                | P::CustomersBatchUpdate
                | P::CustomerGroupsRead
                | P::CustomerGroupsCreate
                | P::CustomerGroupsUpdate
                | P::CustomerGroupsDelete
                | P::CustomerGroupsManageMembers
        ),
        Role::LoanOfficer => matches!(
            permission,
            P::CustomersCreate
                | P::CustomersRead
                | P::CustomersUpdate
                | P::CustomerGroupsRead
                | P::LoansCreate
                | P::LoansRead
                | P::LoansDisburse
                | P::LoansRepayments
                | P::RiskCustomers
        ),
        Role::Approver => matches!(
            permission,
            P::CustomersRead
                | P::CustomerGroupsRead
                | P::LoansRead
                | P::LoansApproveLevel1
                | P::LoansApproveLevel2
                | P::LoansReschedule
                | P::LoansWriteOff
                | P::RiskCustomers
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_roles_hold_staff_permissions() {
        assert!(!allows(Role::User, Permission::CustomersRead));
        assert!(allows(Role::Admin, Permission::UsersManageRoles));
        assert!(allows(Role::Approver, Permission::LoansApproveLevel1));
        assert!(!allows(Role::LoanOfficer, Permission::LoansApproveLevel1));
        assert!(allows(
            Role::CustomerManager,
            Permission::CustomersReadSensitive
        ));
        assert!(!allows(
            Role::LoanOfficer,
            Permission::CustomersReadSensitive
        ));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [
            Role::User,
            Role::Admin,
            Role::LoanOfficer,
            Role::Approver,
            Role::CustomerManager,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
