//! Statement import: a job reads an uploaded statement (CSV with a column mapping, or OFX/QFX)
//! from the object store as a stream, checks each row, and records the new ones on the target
//! account through the ledger's batch import, a batch at a time. Progress (counts, the first
//! row errors, the last row handled) is saved after each batch, so a job stopped anywhere
//! (deadline, crash, redelivery) continues where it was and counts nothing twice: rows already
//! recorded come back as duplicates of their own references. See docs/imports.md.

pub mod error;
pub mod events;
pub mod ids;
pub mod job;
pub mod keys;
pub mod mappings;
pub mod preview;
pub mod queue;
pub mod rows;
pub mod runner;
pub mod service;
pub mod store;

pub use error::ImportError;
pub use events::ImportFinished;
pub use ids::ImportId;
pub use job::{ImportCounts, ImportFormat, ImportJob, ImportRowError, ImportStatus};
pub use mappings::{MappingStore, RememberedMapping};
pub use preview::{ImportPreview, PREVIEW_ROWS};
pub use queue::{RunImport, queue_step};
pub use runner::{ImportRunner, StepOutcome};
pub use service::{FormatChoice, Imports, NewImport};
pub use store::ImportStore;
