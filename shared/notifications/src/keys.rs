//! Notifications' table keys: the user's notification list.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | notification | `USER#<uid>` | `NOTIFICATION#<event id>` | |

pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const NOTIFICATION_PREFIX: &str = "NOTIFICATION#";

pub fn notification(user_id: &str, notification_id: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{NOTIFICATION_PREFIX}{notification_id}"),
    )
}
