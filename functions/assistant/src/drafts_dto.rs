//! Response bodies of the draft routes.

use ferrofin_assistant::{ConversationId, Draft, DraftId, DraftStatus};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::conversations_dto::CitationView;

/// A write the assistant proposed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftView {
    #[schema(value_type = String)]
    pub id: DraftId,
    #[schema(value_type = String)]
    pub conversation_id: ConversationId,
    /// `create_budget`, `create_goal`, `create_rule` or `recategorize`.
    pub kind: String,
    /// The fields of the write, as the owning area's create route takes them.
    #[schema(value_type = Object)]
    pub fields: Value,
    /// What confirming does, in words.
    pub description: String,
    /// `pending`, `confirmed` or `discarded`.
    #[schema(value_type = String)]
    pub status: DraftStatus,
    /// Once confirmed: the record written.
    pub result: Option<CitationView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

impl From<Draft> for DraftView {
    fn from(draft: Draft) -> Self {
        let description = draft.action.describe();
        let tagged = serde_json::to_value(&draft.action).unwrap_or(Value::Null);
        let kind = tagged["kind"].as_str().unwrap_or_default().to_owned();
        Self {
            id: draft.id,
            conversation_id: draft.conversation_id,
            kind,
            fields: tagged.get("fields").cloned().unwrap_or(Value::Null),
            description,
            status: draft.status,
            result: draft.result.map(Into::into),
            created_at: draft.created_at,
            decided_at: draft.decided_at,
        }
    }
}
