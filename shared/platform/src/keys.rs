//! Table keys the platform owns, built here and never with `format!` in handlers: the
//! readiness probe, the user partition every area keeps its user's items in (and the prefix of
//! their objects), the audit log,
//! the outbox of domain events and `Idempotency-Key` records. Each domain crate builds its own keys in its `keys` module.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | audit entry | `AUDIT#<user id or SYSTEM>` | `<at>#<id>` | `AUDIT#<yyyy-mm-dd>` / `<at>#<id>` |
//! | outbox event (envelope JSON in `event`) | `OUTBOX#<event id>` | `EVENT` | `OUTBOX` / `<event id>` until delivered |
//! | subscriber handled an event (guard) | `EVENT_HANDLED#<event id>` | `<subscriber>` | |
//! | idempotency record of a user's request | `USER#<uid>` | `IDEMPOTENCY#<scope>#<key>` | |
//! | runtime setting | `SETTINGS` | `<key>` | |

use crate::ids::{EventId, UserId};
use crate::ports::table::Key;

/// The item the readiness check reads; it need not exist.
pub fn readiness_probe() -> Key {
    Key::new("SYSTEM", "READINESS_PROBE")
}

pub fn user_partition(user_id: &UserId) -> String {
    format!("USER#{user_id}")
}

/// The object-key prefix every area keeps a user's objects under (`users/<uid>/`), as the user
/// partition holds their items: erasing the user removes both.
pub fn user_objects(user_id: &UserId) -> String {
    format!("users/{user_id}/")
}

/// The prefix of objects uploaded but not confirmed yet (`uploads/<a user object key>`): the
/// bucket's lifecycle rule removes what stays there a day.
pub const UPLOADS_PREFIX: &str = "uploads/";

/// Every prefix a user's objects are under: their objects and their pending uploads.
pub fn user_object_prefixes(user_id: &UserId) -> [String; 2] {
    let objects = user_objects(user_id);
    [format!("{UPLOADS_PREFIX}{objects}"), objects]
}

/// `subject` is whom or what the entries are about (a user, a customer, a group) or `SYSTEM`.
pub fn audit_partition(subject: &str) -> String {
    format!("AUDIT#{subject}")
}

pub fn audit_sort(at: &str, id: &str) -> String {
    format!("{at}#{id}")
}

pub fn audit_day_partition(day: &str) -> String {
    format!("AUDIT#{day}")
}

/// Partition of the runtime settings (one item per setting, see `adapters::table_settings`).
pub const SETTINGS_PARTITION: &str = "SETTINGS";

pub fn setting(key: &str) -> Key {
    Key::new(SETTINGS_PARTITION, key)
}

/// Object key of an audit export (template.yaml expires `exports/` after a day).
pub fn audit_export_object(export_id: &str) -> String {
    format!("exports/audit/{export_id}.csv")
}

/// Partition-key prefix of outbox items; the stream's event filter matches on it.
pub const OUTBOX_PREFIX: &str = "OUTBOX#";

/// Index partition of the events not yet delivered to every subscriber.
pub const OUTBOX_PENDING_PARTITION: &str = "OUTBOX";

pub fn outbox_event(event_id: &EventId) -> Key {
    Key::new(format!("{OUTBOX_PREFIX}{event_id}"), "EVENT")
}

pub fn event_handled(event_id: &EventId, subscriber: &str) -> Key {
    Key::new(format!("EVENT_HANDLED#{event_id}"), subscriber)
}

/// An `Idempotency-Key` record of a user's request in `scope` (`transactions`, `imports`, ...).
pub fn idempotency(user_id: &UserId, scope: &str, key: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("IDEMPOTENCY#{scope}#{key}"),
    )
}
