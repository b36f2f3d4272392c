//! The user's notification list (`USER#<uid>` / `NOTIFICATION#<id>`), newest first.

use std::sync::Arc;

use crate::keys;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, Position, Table, TableError, Write, to_record};
use ferrofin_platform::records::page_under;

use crate::notification::Notification;

#[derive(Clone)]
pub struct NotificationStore {
    table: Arc<dyn Table>,
}

impl NotificationStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// The write that appends a notification to its user's list (once: ids are event ids).
    pub fn write(notification: &Notification) -> Result<Write, TableError> {
        let key = keys::notification(&notification.user_id, &notification.id);
        Ok(Write::Put {
            item: to_record(notification, &key, None)?,
            condition: Condition::NotExists,
        })
    }

    /// One page of the user's notifications, newest first, and where it ended.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Notification>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::NOTIFICATION_PREFIX,
            true,
            limit,
            start_after,
        )
        .await
    }
}
