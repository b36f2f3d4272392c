//! Domain events through a transactional outbox: one area reacts to another by subscribing to
//! its events, never by calling into it.
//!
//! - A service announces a change by adding [`outbox::emit`]'s write to the same
//!   `TransactWriteItems` as the change: no event for a change that rolled back, no change
//!   without its event.
//! - A [`Subscriber`] lives in the area that reacts. It answers an event with the writes of its
//!   reaction; the [`Dispatcher`] commits them together with a guard per (event id, subscriber),
//!   so a redelivered event changes nothing twice.
//! - Delivery in AWS: DynamoDB Streams (new images of outbox items) feed the events worker
//!   ([`stream::handle_stream_batch`]); locally, [`LocalEvents`] delivers committed outbox
//!   items in-process with the same at-least-once contract.
//! - After every subscriber handled it, an event is marked delivered: it leaves the pending
//!   index and expires by TTL.

pub mod dispatch;
pub mod local;
pub mod outbox;
pub mod stream;
pub mod subscriber;

pub use dispatch::{DeliveryError, Dispatcher};
pub use local::LocalEvents;
pub use subscriber::{ReactError, Reaction, Subscriber};
