//! Customers and customer groups, managed by staff: the customer entity and its field types,
//! persistence with uniqueness guards, search index items and statistics counters written in
//! one transaction, batch changes, groups and memberships. Handlers live in
//! `functions/customers`; access is decided by permissions (`identity::roles`). See
//! docs/customers.md.

pub mod customer;
pub mod details;
pub mod error;
pub mod fields;
pub mod groups;
pub mod ids;
pub mod keys;
pub mod kinds;
pub mod members;
pub mod search;
pub mod service;
pub mod stats;
pub mod store;

pub use customer::Customer;
pub use details::{Address, CustomerDetails, CustomerPatch};
pub use error::CustomerError;
pub use groups::{CustomerGroup, CustomerGroups, GroupDetails};
pub use members::{Membership, MembershipChange};
pub use search::CustomerFilter;
pub use service::{Actor, Change, Customers};
pub use stats::CustomerStatistics;
