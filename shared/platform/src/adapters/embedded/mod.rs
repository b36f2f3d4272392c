//! Embedded adapters: in-memory table, local-folder blobs with signed URLs, in-process queue,
//! outbox-folder mailer. Same semantics as the AWS adapters, no network.

mod blob_server;
mod blobs;
mod mailer;
mod queue;
mod sort_range;
mod table;

pub use blob_server::blob_routes;
pub use blobs::{EmbeddedBlobs, LOCAL_BLOBS_PATH};
pub use mailer::OutboxMailer;
pub use queue::{DeliveryPolicy, EmbeddedQueue};
pub use table::EmbeddedTable;
