//! The ledger: accounts, transactions (with transfers and idempotent creation), the rollups
//! kept on every write, transaction listing with filters, user categories and categorisation
//! rules.

pub mod accounts;
pub mod accounts_service;
pub mod analytics;
pub mod cashflow;
pub mod categories;
mod categorise;
pub mod category_service;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod ids;
pub mod import_batch;
pub mod import_records;
pub mod import_undo;
pub mod keys;
pub mod limits;
pub mod listing;
pub mod payout;
pub mod portfolio_values;
pub mod recategorize;
pub mod rollups;
pub mod rule_service;
pub mod rules;
pub mod service;
pub mod transaction_changes;
pub mod transaction_service;
pub mod transactions;
pub mod user_categories;
pub mod wallet;
mod write_runs;

pub use error::LedgerError;
pub use service::Ledger;
