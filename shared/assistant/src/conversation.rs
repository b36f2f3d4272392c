//! What a conversation holds: its messages, each answer with the figures it used and the
//! citations (ids of the records it read) a client links to.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{ConversationId, DraftId, MessageId};
use ferrofin_platform::ids::UserId;

/// A conversation of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: ConversationId,
    pub user_id: UserId,
    pub title: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
}

/// What produced an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnsweredBy {
    /// The built-in intent parser (no model configured, or the model was unavailable).
    Parser,
    /// The configured model, calling the tools.
    Model,
}

/// A number an answer used: an amount (decimal string with its currency) or a count or
/// percentage (decimal string, no currency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub currency: Option<String>,
}

impl Figure {
    pub fn money(label: impl Into<String>, money: ferrofin_platform::money::Money) -> Self {
        Self {
            label: label.into(),
            value: money.to_decimal_string(),
            currency: Some(money.currency().code().to_owned()),
        }
    }

    pub fn number(label: impl Into<String>, value: impl ToString) -> Self {
        Self {
            label: label.into(),
            value: value.to_string(),
            currency: None,
        }
    }
}

/// What kind of record a citation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    Account,
    Transaction,
    Budget,
    Goal,
    Loan,
    Portfolio,
    Import,
    Rule,
}

/// A record an answer read, by id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Citation {
    pub kind: CitationKind,
    pub id: String,
}

impl Citation {
    pub fn new(kind: CitationKind, id: impl AsRef<str>) -> Self {
        Self {
            kind,
            id: id.as_ref().to_owned(),
        }
    }
}

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub user_id: UserId,
    pub role: Role,
    pub text: String,
    /// Answers only: what produced it.
    pub answered_by: Option<AnsweredBy>,
    /// Answers only: the tools it called, in order.
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    /// Answers only: the writes it proposed, to confirm or discard.
    #[serde(default)]
    pub drafts: Vec<DraftId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// An answer before it is stored: text, and what the tools it called read and proposed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    pub tools: Vec<String>,
    pub figures: Vec<Figure>,
    pub citations: Vec<Citation>,
    pub drafts: Vec<DraftId>,
}

impl Answer {
    /// Adds what one tool call read (citations once each).
    pub fn absorb(&mut self, tool: &str, output: &crate::tools::ToolOutput) {
        self.tools.push(tool.to_owned());
        self.figures.extend(output.figures.iter().cloned());
        for citation in &output.citations {
            if !self.citations.contains(citation) {
                self.citations.push(citation.clone());
            }
        }
        self.drafts.extend(output.draft.iter().cloned());
    }
}
