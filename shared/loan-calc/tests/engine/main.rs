//! The engine's integration tests, in one binary: worked examples derived by hand, properties
//! over random loans, validation of every field, early repayment and comparison.

mod common;
mod early_repayment_and_compare;
mod properties;
mod validation;
mod worked_examples;
