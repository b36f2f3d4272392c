//! Ferrofin's shared library: ports and their AWS and embedded adapters, the HTTP kit every
//! function's router is built from, configuration, telemetry and table keys.
//!
//! See DESIGN.md (`../shared/DESIGN.md`) and `docs/architecture.md` for how the pieces fit.

pub mod adapters;
pub mod budgets;
pub mod config;
pub mod customers;
pub mod email;
pub mod http;
pub mod identity;
pub mod keys;
pub mod ledger;
pub mod money;
pub mod ports;
pub mod security;
pub mod state;
pub mod telemetry;
pub mod worker;

pub use state::{AppState, Embedded, EmbeddedOptions};
