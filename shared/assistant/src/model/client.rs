//! An OpenAI-compatible chat-completions client with function calling: one POST of the
//! messages and the tool list, the answer's text or tool calls, and the tokens it used.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::settings::ModelSettings;
use crate::usage::Tokens;

/// Why the model gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("the model endpoint did not answer in time")]
    Timeout,
    #[error("the model endpoint failed: {0}")]
    Failed(String),
}

/// A call of a tool the model asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedCall {
    pub id: String,
    pub name: String,
    /// JSON text, as the API sends it.
    pub arguments: String,
}

/// One message of the chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatMessage {
    System(String),
    User(String),
    Assistant {
        content: Option<String>,
        calls: Vec<RequestedCall>,
    },
    Tool {
        call_id: String,
        content: String,
    },
}

impl ChatMessage {
    fn to_json(&self) -> Value {
        match self {
            Self::System(text) => json!({"role": "system", "content": text}),
            Self::User(text) => json!({"role": "user", "content": text}),
            Self::Assistant { content, calls } if calls.is_empty() => {
                json!({"role": "assistant", "content": content})
            }
            Self::Assistant { content, calls } => json!({
                "role": "assistant", "content": content,
                "tool_calls": calls.iter().map(|call| json!({
                    "id": call.id, "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                })).collect::<Vec<_>>(),
            }),
            Self::Tool { call_id, content } => {
                json!({"role": "tool", "tool_call_id": call_id, "content": content})
            }
        }
    }
}

/// What one request answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub content: Option<String>,
    pub calls: Vec<RequestedCall>,
    pub tokens: Tokens,
}

#[derive(Deserialize)]
struct Response {
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<UsageBody>,
}

#[derive(Deserialize)]
struct Choice {
    message: ResponseMessage,
}

#[derive(Deserialize)]
struct ResponseMessage {
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<ToolCallBody>,
}

#[derive(Deserialize)]
struct ToolCallBody {
    id: String,
    function: FunctionBody,
}

#[derive(Deserialize)]
struct FunctionBody {
    name: String,
    #[serde(default)]
    arguments: String,
}

#[derive(Deserialize)]
struct UsageBody {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
}

/// The HTTP client of model requests (connection pool, TLS set-up), built on first use and
/// kept with the settings that own it, so every question a process answers reuses it.
#[derive(Clone, Default)]
pub struct SharedHttp(OnceLock<reqwest::Client>);

impl SharedHttp {
    pub fn client(&self) -> Result<reqwest::Client, ModelError> {
        if let Some(client) = self.0.get() {
            return Ok(client.clone());
        }
        // The process may already have installed it (another client did): that is fine.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let client = reqwest::Client::builder()
            .build()
            .map_err(|err| ModelError::Failed(err.to_string()))?;
        Ok(self.0.get_or_init(|| client).clone())
    }
}

impl std::fmt::Debug for SharedHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedHttp")
    }
}

pub struct ChatClient {
    settings: ModelSettings,
    http: reqwest::Client,
    /// Of each request, connecting included.
    timeout: std::time::Duration,
}

impl ChatClient {
    pub fn new(
        settings: ModelSettings,
        http: reqwest::Client,
        timeout: std::time::Duration,
    ) -> Self {
        Self {
            settings,
            http,
            timeout,
        }
    }

    /// One chat-completions request.
    pub async fn complete(
        &self,
        messages: &[ChatMessage],
        tools: &[Value],
    ) -> Result<Completion, ModelError> {
        let body = json!({
            "model": self.settings.model,
            "messages": messages.iter().map(ChatMessage::to_json).collect::<Vec<_>>(),
            "tools": tools,
            "tool_choice": "auto",
        });
        let mut request = self
            .http
            .post(format!("{}/chat/completions", self.settings.base_url))
            .timeout(self.timeout)
            .json(&body);
        if !self.settings.api_key.is_empty() {
            request = request.bearer_auth(&self.settings.api_key);
        }
        let failed = |err: reqwest::Error| {
            if err.is_timeout() {
                ModelError::Timeout
            } else {
                ModelError::Failed(err.without_url().to_string())
            }
        };
        let response = request.send().await.map_err(failed)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ModelError::Failed(format!("status {status}")));
        }
        let response: Response = response.json().await.map_err(failed)?;
        let message = response
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| ModelError::Failed("no choices in the answer".to_owned()))?
            .message;
        let usage = response.usage.unwrap_or(UsageBody {
            prompt_tokens: 0,
            completion_tokens: 0,
        });
        Ok(Completion {
            content: message.content,
            calls: message
                .tool_calls
                .into_iter()
                .map(|call| RequestedCall {
                    id: call.id,
                    name: call.function.name,
                    arguments: call.function.arguments,
                })
                .collect(),
            tokens: Tokens {
                prompt: usage.prompt_tokens,
                completion: usage.completion_tokens,
                embedding: 0,
            },
        })
    }
}
