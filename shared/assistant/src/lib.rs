//! The assistant: conversations over the caller's own data (see docs/assistant.md).
//!
//! - [`tools`]: typed tools with JSON schemas, run for ONE caller (the id comes from the
//!   authenticated request, never from arguments) through the owning areas' services: ledger,
//!   budgets, loans, investments, imports. Write tools store a [`drafts::Draft`] that the user
//!   confirms; confirming writes through the owning area's service.
//! - [`intent`]: the deterministic parser that answers the common English questions from the
//!   same tools when no model is configured.
//! - [`model`]: an OpenAI-compatible chat-completions client and a bounded tool-calling loop;
//!   the user's stored text reaches it only as quoted data ([`tools::quote`]).
//! - [`usage`]: the daily message limit (one port) and per-user token and cost accounting.
//! - [`embeddings`]: vector search over the caller's texts when an embeddings endpoint is set.
//! - [`service::Assistant`] ties them together; [`store`] keeps conversations and messages.

pub mod conversation;
pub mod drafts;
pub mod embeddings;
pub mod ids;
pub mod intent;
pub mod keys;
pub mod model;
pub mod period;
pub mod service;
pub mod settings;
pub mod store;
pub mod tools;
pub mod usage;

pub use conversation::{AnsweredBy, Citation, CitationKind, Conversation, Figure, Message, Role};
pub use drafts::{Draft, DraftAction, DraftStatus, Drafts};
pub use ids::{ConversationId, DraftId, MessageId};
pub use service::Assistant;
pub use settings::AssistantSettings;
