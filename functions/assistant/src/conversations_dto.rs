//! Request and response bodies of the conversation routes.

use ferrofin_assistant::{
    AnsweredBy, Citation, CitationKind, Conversation, ConversationId, DraftId, Figure, Message,
    MessageId, Role,
};
use ferrofin_platform::http::text_schemas::{required_text, required_text_or_null};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::drafts_dto::DraftView;

/// A new conversation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Spending in October"}))]
pub struct CreateConversation {
    /// 1 to 100 characters (default "New conversation").
    #[schema(schema_with = required_text_or_null::<100>)]
    pub title: Option<String>,
}

/// A question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "How much did I spend on groceries last month?"}))]
pub struct AskBody {
    /// 1 to 2,000 characters.
    #[schema(schema_with = required_text::<2000>)]
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationView {
    #[schema(value_type = String)]
    pub id: ConversationId,
    pub title: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Conversation> for ConversationView {
    fn from(conversation: Conversation) -> Self {
        Self {
            id: conversation.id,
            title: conversation.title,
            created_at: conversation.created_at,
        }
    }
}

/// A number an answer used.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureView {
    pub label: String,
    /// A decimal string (an amount in its currency's decimals, a count or a percentage).
    pub value: String,
    /// For amounts.
    pub currency: Option<String>,
}

/// A record an answer read: link it by kind and id.
#[derive(Debug, Serialize, ToSchema)]
pub struct CitationView {
    /// `account`, `transaction`, `budget`, `goal`, `loan`, `portfolio`, `import` or `rule`.
    #[schema(value_type = String)]
    pub kind: CitationKind,
    pub id: String,
}

impl From<Figure> for FigureView {
    fn from(figure: Figure) -> Self {
        Self {
            label: figure.label,
            value: figure.value,
            currency: figure.currency,
        }
    }
}

impl From<Citation> for CitationView {
    fn from(citation: Citation) -> Self {
        Self {
            kind: citation.kind,
            id: citation.id,
        }
    }
}

/// One message: the user's question, or the assistant's answer with what it used.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    #[schema(value_type = String)]
    pub id: MessageId,
    /// `user` or `assistant`.
    #[schema(value_type = String)]
    pub role: Role,
    pub text: String,
    /// Answers: `parser` (no model, or the model was unavailable) or `model`.
    #[schema(value_type = Option<String>)]
    pub answered_by: Option<AnsweredBy>,
    /// Answers: the tools called, in order.
    pub tools: Vec<String>,
    pub figures: Vec<FigureView>,
    pub citations: Vec<CitationView>,
    /// Answers: drafts proposed, to confirm or discard.
    #[schema(value_type = Vec<String>)]
    pub drafts: Vec<DraftId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Message> for MessageView {
    fn from(message: Message) -> Self {
        Self {
            id: message.id,
            role: message.role,
            text: message.text,
            answered_by: message.answered_by,
            tools: message.tools,
            figures: message.figures.into_iter().map(Into::into).collect(),
            citations: message.citations.into_iter().map(Into::into).collect(),
            drafts: message.drafts,
            created_at: message.created_at,
        }
    }
}

/// A question and its answer, with the drafts the answer proposed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangeView {
    pub question: MessageView,
    pub answer: MessageView,
    pub drafts: Vec<DraftView>,
}

/// Today's use of the assistant by the caller (their day, in their time zone).
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageView {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub messages: u64,
    pub daily_limit: u32,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Tokens of the embeddings endpoint (vector search).
    pub embedding_tokens: u64,
    /// The model's and the embeddings' cost, in millionths of a US dollar (0 with neither).
    pub cost_micro_usd: u64,
}
