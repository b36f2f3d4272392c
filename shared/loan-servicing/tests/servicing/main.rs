//! The servicing crate's integration tests, in one binary: worked examples derived by hand
//! (allocation, payoff, reversal, accrual, overdue and penalties, delinquency), refused
//! histories and settings, the serde shapes, and properties over random histories.

mod accrual;
mod allocation;
mod common;
mod delinquency;
mod payoff;
mod penalties;
mod properties;
mod refused;
mod reschedule;
mod reversal;
mod serde_shapes;
