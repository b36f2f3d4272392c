//! Notifications' table keys: the user's notification list.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | notification | `USER#<uid>` | `NOTIFICATION#<event id>` | |

use ferrofin_platform::ids::{EventId, UserId};
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const NOTIFICATION_PREFIX: &str = "NOTIFICATION#";

/// A notification is keyed by the event it was made from.
pub fn notification(user_id: &UserId, event_id: &EventId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{NOTIFICATION_PREFIX}{event_id}"),
    )
}
