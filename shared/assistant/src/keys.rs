//! The assistant's table keys, all in the user's partition.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | conversation | `USER#<uid>` | `ASSISTANT_CONVERSATION#<id>` |
//! | message | `USER#<uid>` | `ASSISTANT_MESSAGE#<conversation id>#<message id>` |
//! | draft of a write | `USER#<uid>` | `ASSISTANT_DRAFT#<id>` |
//! | a day's usage (messages, tokens, cost) | `USER#<uid>` | `ASSISTANT_USAGE#<YYYY-MM-DD>` |

use time::Date;

use crate::ids::{ConversationId, DraftId, MessageId};
use ferrofin_platform::fields::format_date;
use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const CONVERSATION_PREFIX: &str = "ASSISTANT_CONVERSATION#";
pub const MESSAGE_PREFIX: &str = "ASSISTANT_MESSAGE#";
pub const DRAFT_PREFIX: &str = "ASSISTANT_DRAFT#";
pub const USAGE_PREFIX: &str = "ASSISTANT_USAGE#";

pub fn conversation(user_id: &UserId, id: &ConversationId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{CONVERSATION_PREFIX}{id}"),
    )
}

/// The sort-key prefix of one conversation's messages (oldest first by id).
pub fn messages_of(id: &ConversationId) -> String {
    format!("{MESSAGE_PREFIX}{id}#")
}

pub fn message(user_id: &UserId, conversation: &ConversationId, id: &MessageId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{id}", messages_of(conversation)),
    )
}

pub fn draft(user_id: &UserId, id: &DraftId) -> Key {
    Key::new(user_partition(user_id), format!("{DRAFT_PREFIX}{id}"))
}

pub fn usage(user_id: &UserId, day: Date) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{USAGE_PREFIX}{}", format_date(day)),
    )
}
