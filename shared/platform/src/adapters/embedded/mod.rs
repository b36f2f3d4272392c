//! Embedded adapters: a table and a queue on one redb store (a file under the devserver's data
//! dir, or memory in tests), local-folder blobs with signed URLs and the bucket's lifecycle
//! expiry, an outbox-folder mailer. Same semantics as the AWS adapters, no network.

mod blob_server;
mod blobs;
mod codec;
mod lifecycle;
mod mailer;
mod query;
mod queue;
mod queue_store;
mod rows;
mod sort_range;
mod store;
mod table;

pub use blob_server::blob_routes;
pub use blobs::{EmbeddedBlobs, LOCAL_BLOBS_PATH};
pub use lifecycle::{ExpiryRule, UPLOADS_BUCKET_EXPIRY};
pub use mailer::OutboxMailer;
pub use queue::{DeliveryPolicy, EmbeddedQueue};
pub use store::{OpenError, Storage, Store};
pub use table::EmbeddedTable;
