//! Emails held for quiet hours or a digest (`USER#<uid>` / `EMAIL_HELD#<id>`), each indexed by
//! the hour it is due in (`gsi1`: `EMAIL_HELD#<hour>` / `<due>#<uid>#<id>`), so the delivery
//! job reads what is due by now without scanning.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, TableError, Write, attr, to_record,
};

use crate::keys;
use crate::kind::NotificationKind;

/// A held email outlives its due time by this much at most (in case delivery never ran).
pub const HELD_FOR_AT_MOST: Duration = Duration::days(30);

/// One notification's email, waiting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldEmail {
    pub user_id: UserId,
    /// The notification's id.
    pub id: EventId,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
}

impl HeldEmail {
    /// The write that holds it (once: ids are event ids).
    pub fn hold(&self) -> Result<Write, TableError> {
        let mut item = to_record(
            self,
            &keys::held_email(&self.user_id, &self.id),
            Some(self.due + HELD_FOR_AT_MOST),
        )?;
        item.insert(
            attr::GSI1_PK.to_owned(),
            AttributeValue::S(keys::held_email_hour(self.due)),
        );
        item.insert(
            attr::GSI1_SK.to_owned(),
            AttributeValue::S(keys::held_email_sort(self.due, &self.user_id, &self.id)),
        );
        Ok(Write::Put {
            item,
            condition: Condition::NotExists,
        })
    }

    /// The write that lets it go once sent.
    pub fn release(&self) -> Write {
        Write::Delete {
            key: keys::held_email(&self.user_id, &self.id),
            condition: Condition::Always,
        }
    }
}
