//! Notifications: the one place that turns other areas' events into what a user is told.
//!
//! - [`NotificationMaker`] subscribes to budgets, imports, goals, gamification, loans and
//!   identity events and
//!   makes, as the user's [`Preferences`] allow, an inbox notification and an email — now, or
//!   held for the end of quiet hours or the next digest ([`HeldDelivery`], a scheduled job);
//!   critical kinds (security, loan repayments) always go out at once.
//! - [`NotificationStore`] is the inbox: newest first, read/unread/archive, delete, and an
//!   unread count kept beside it so counting is one read.
//! - Every non-critical email carries a signed link that turns its kind off ([`unsubscribe`]).
//!
//! All time logic is in the user's IANA time zone.

pub mod compose;
pub mod delivery;
pub mod held;
pub mod keys;
pub mod kind;
pub mod notification;
pub mod preference_store;
pub mod preferences;
pub mod store;
pub mod subscriber;
pub mod unsubscribe;

pub use delivery::{DeliverHeld, DeliveryError, DeliveryStep, HeldDelivery};
pub use kind::NotificationKind;
pub use notification::{BudgetThreshold, ImportResult, Notification, NotificationData};
pub use preference_store::PreferenceStore;
pub use preferences::{Channel, DigestFrequency, KindChannels, Preferences, QuietHours};
pub use store::{InboxChange, InboxError, InboxFilter, NotificationStore};
pub use subscriber::NotificationMaker;
