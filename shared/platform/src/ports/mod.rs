//! Ports: the few traits through which the domain talks to the outside world.
//!
//! Each port has an AWS adapter (`crate::adapters::aws`) and an embedded adapter
//! (`crate::adapters::embedded`) with the same semantics; the conformance suites in the
//! `ferrofin-tests` crate run against both.

pub mod blobs;
pub mod clock;
pub mod mailer;
pub mod queue;
pub mod queue_admin;
pub mod settings;
pub mod table;
