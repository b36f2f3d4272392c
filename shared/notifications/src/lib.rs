//! Notifications: the one place that turns other areas' events into what a user is told. Each
//! notification carries a kind-tagged payload (`kind` + `data`) so new kinds join without
//! touching the others. Today: budget thresholds crossed, imports finished (also by email).
//! The subscriber is
//! [`NotificationMaker`]; the list is read through [`NotificationStore`].

pub mod keys;
pub mod notification;
pub mod store;
pub mod subscriber;

pub use notification::{BudgetThreshold, ImportResult, Notification, NotificationData};
pub use store::NotificationStore;
pub use subscriber::NotificationMaker;
