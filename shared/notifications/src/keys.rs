//! Notifications' table keys.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | notification | `USER#<uid>` | `NOTIFICATION#<event id>` | |
//! | unread count | `USER#<uid>` | `NOTIFICATION_COUNTS` | |
//! | preferences | `USER#<uid>` | `NOTIFICATION_PREFERENCES` | |
//! | email held for quiet hours or a digest | `USER#<uid>` | `EMAIL_HELD#<notification id>` | `EMAIL_HELD#<due hour, UTC>` / `<due>#<uid>#<id>` |
//! | where the held-email delivery stands | `JOB#notifications.deliver` | `STATE` | |

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use ferrofin_platform::ids::{EventId, UserId};
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const NOTIFICATION_PREFIX: &str = "NOTIFICATION#";
pub const HELD_EMAIL_PREFIX: &str = "EMAIL_HELD#";

/// A notification is keyed by the event it was made from.
pub fn notification(user_id: &UserId, id: &EventId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{NOTIFICATION_PREFIX}{id}"),
    )
}

pub fn counts(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "NOTIFICATION_COUNTS")
}

pub fn preferences(user_id: &UserId) -> Key {
    Key::new(user_partition(user_id), "NOTIFICATION_PREFERENCES")
}

pub fn held_email(user_id: &UserId, id: &EventId) -> Key {
    Key::new(user_partition(user_id), format!("{HELD_EMAIL_PREFIX}{id}"))
}

/// The index partition of emails due within the hour that starts at `hour` (UTC).
pub fn held_email_hour(hour: OffsetDateTime) -> String {
    let hour = hour.to_offset(time::UtcOffset::UTC);
    format!(
        "{HELD_EMAIL_PREFIX}{:04}-{:02}-{:02}T{:02}",
        hour.year(),
        u8::from(hour.month()),
        hour.day(),
        hour.hour()
    )
}

/// The index sort key of a held email: due time first, so a query reads those due by now.
pub fn held_email_sort(due: OffsetDateTime, user_id: &UserId, id: &EventId) -> String {
    format!("{}#{user_id}#{id}", instant(due))
}

/// The index sort-key bound of everything due at or before `at`.
pub fn held_email_due_by(at: OffsetDateTime) -> String {
    format!("{}#~", instant(at))
}

fn instant(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn delivery_state() -> Key {
    Key::new("JOB#notifications.deliver", "STATE")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn held_emails_sort_by_due_time_within_their_hour() {
        let user = UserId::from("u1");
        let id = EventId::from("01J".to_owned());
        assert_eq!(
            held_email_hour(datetime!(2026-12-02 07:45 UTC)),
            "EMAIL_HELD#2026-12-02T07"
        );
        let sort = held_email_sort(datetime!(2026-12-02 07:00 UTC), &user, &id);
        assert_eq!(sort, "2026-12-02T07:00:00Z#u1#01J");
        assert!(sort.as_str() <= held_email_due_by(datetime!(2026-12-02 07:00 UTC)).as_str());
        assert!(sort.as_str() > held_email_due_by(datetime!(2026-12-02 06:59 UTC)).as_str());
    }
}
