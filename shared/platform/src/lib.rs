//! Ferrofin's platform: the ports and their AWS and embedded adapters, the HTTP kit every
//! function's router is built from, configuration, telemetry, the worker kit, table keys and
//! the generic field types (field errors and parsers, email addresses, calendar months, money)
//! and the audit log that every domain crate builds on. The platform knows no domain: domain
//! crates depend on it, never the reverse. See `docs/architecture.md`.

pub mod adapters;
pub mod audit;
pub mod audit_export;
pub mod audit_search;
pub mod blocking_read;
pub mod config;
pub mod email;
pub mod email_address;
pub mod events;
pub mod fields;
pub mod http;
pub mod idempotency;
pub mod ids;
pub mod job_status;
pub mod keys;
pub mod merge_patch;
pub mod metrics;
pub mod money;
pub mod month;
pub mod ports;
pub mod problem;
pub mod records;
pub mod schedule;
pub mod security;
pub mod settings;
pub mod state;
pub mod telemetry;
pub mod time_zone;
pub mod worker;

pub use state::{AppState, Embedded, EmbeddedOptions};
