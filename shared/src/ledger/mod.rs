//! The ledger: accounts, transactions (with transfers and idempotent creation), the rollups
//! kept on every write, and transaction listing with filters.

pub mod accounts;
pub mod accounts_service;
pub mod analytics;
pub mod categories;
pub mod error;
pub mod fields;
pub mod idempotency;
pub mod listing;
pub mod rollups;
pub mod service;
pub mod transaction_service;
pub mod transactions;
pub mod wallet;

pub use error::LedgerError;
pub use service::Ledger;
