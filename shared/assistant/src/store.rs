//! Conversations and their messages in the user's partition: a conversation's messages sort by
//! their time-ordered ids under the conversation, so a conversation reads oldest first and a
//! delete removes them page by page.

use std::sync::Arc;

use crate::conversation::{Conversation, Message};
use crate::ids::ConversationId;
use crate::keys;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Condition, Position, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::{all_under, page_under};

/// Messages of earlier turns the model sees as context.
pub const HISTORY_MESSAGES: u32 = 10;

#[derive(Clone)]
pub struct ConversationStore {
    table: Arc<dyn Table>,
}

impl ConversationStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    pub async fn create(&self, conversation: &Conversation) -> Result<(), TableError> {
        let key = keys::conversation(&conversation.user_id, &conversation.id);
        self.table
            .put(to_record(conversation, &key, None)?, Condition::NotExists)
            .await
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        id: &ConversationId,
    ) -> Result<Option<Conversation>, TableError> {
        self.table
            .get(&keys::conversation(user_id, id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// One page of the user's conversations, newest first.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Conversation>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::CONVERSATION_PREFIX,
            true,
            limit,
            start_after,
        )
        .await
    }

    /// Stores the question and its answer together.
    pub async fn add(&self, messages: &[&Message]) -> Result<(), TableError> {
        let writes = messages
            .iter()
            .map(|message| {
                let key = keys::message(&message.user_id, &message.conversation_id, &message.id);
                Ok(Write::Put {
                    item: to_record(message, &key, None)?,
                    condition: Condition::NotExists,
                })
            })
            .collect::<Result<Vec<_>, TableError>>()?;
        self.table.transact(writes).await
    }

    /// One page of a conversation's messages, oldest first.
    pub async fn messages(
        &self,
        user_id: &UserId,
        id: &ConversationId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Message>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            &keys::messages_of(id),
            false,
            limit,
            start_after,
        )
        .await
    }

    /// The last [`HISTORY_MESSAGES`] messages, oldest first.
    pub async fn recent(
        &self,
        user_id: &UserId,
        id: &ConversationId,
    ) -> Result<Vec<Message>, TableError> {
        let (mut newest, _) = page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            &keys::messages_of(id),
            true,
            HISTORY_MESSAGES,
            None,
        )
        .await?;
        newest.reverse();
        Ok(newest)
    }

    /// Every message of the conversation (to delete it with its drafts).
    pub async fn all_messages(
        &self,
        user_id: &UserId,
        id: &ConversationId,
    ) -> Result<Vec<Message>, TableError> {
        all_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            &keys::messages_of(id),
        )
        .await
    }

    /// Deletes these keys, as many per table transaction as the table takes.
    pub async fn delete_keys(
        &self,
        keys: Vec<ferrofin_platform::ports::table::Key>,
    ) -> Result<(), TableError> {
        let size = self.table.max_transaction_writes();
        for chunk in keys.chunks(size) {
            let writes = chunk
                .iter()
                .map(|key| Write::Delete {
                    key: key.clone(),
                    condition: Condition::Always,
                })
                .collect();
            self.table.transact(writes).await?;
        }
        Ok(())
    }
}
