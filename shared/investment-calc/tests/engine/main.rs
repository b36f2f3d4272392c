//! The engine's integration tests, in one binary: worked examples derived by hand, the
//! errors a ledger or its market data can raise, and properties over random ledgers.

mod common;
mod errors;
mod properties;
mod worked_examples;
