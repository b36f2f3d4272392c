//! Answering with a model: the chat-completions client and the bounded tool-calling loop.

pub mod agent;
pub mod client;

pub use agent::{Agent, ModelAnswer};
pub use client::{ChatClient, ChatMessage, ModelError, SharedHttp};
