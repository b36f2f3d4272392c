//! Support for Ferrofin's black-box tests: [`TestApp`] (the whole API on embedded adapters with
//! a steppable clock), the port conformance suites, and access to the emulators.

pub mod app;
pub mod conformance;
pub mod customers;
pub mod drift;
pub mod dynamo_limits;
pub mod embedded_subjects;
#[cfg(feature = "emulators")]
pub mod emulators;
pub mod identity;
pub mod ledger;
pub mod routes;
#[cfg(feature = "emulators")]
pub mod streams;
pub mod template;

pub use app::{TestApp, TestResponse};
