//! The assistant's configuration, from the environment (`ASSISTANT_*`; in AWS the API key is a
//! Secrets Manager dynamic reference in the function's environment, as every other secret).
//! With no model base URL the assistant answers with the intent parser alone.

use std::time::Duration;

use rust_decimal::Decimal;

use crate::embeddings::EmbeddingSettings;
use crate::model::SharedHttp;

/// Model rounds (each may call several tools) before the answer must be final.
pub const DEFAULT_MAX_TOOL_ROUNDS: u32 = 4;
/// How long one model request may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// An OpenAI-compatible chat-completions endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct ModelSettings {
    /// e.g. `https://api.openai.com/v1` (`/chat/completions` is appended).
    pub base_url: String,
    pub model: String,
    pub api_key: String,
    /// Per million tokens, in USD, for the cost accounting.
    pub prompt_price: Decimal,
    pub completion_price: Decimal,
}

impl std::fmt::Debug for ModelSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelSettings")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &"<redacted>")
            .field("prompt_price", &self.prompt_price)
            .field("completion_price", &self.completion_price)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct AssistantSettings {
    pub model: Option<ModelSettings>,
    /// Vector search over the user's texts; keyword search alone without it.
    pub embeddings: Option<EmbeddingSettings>,
    pub max_tool_rounds: u32,
    pub timeout: Duration,
    /// The model requests' HTTP client, made once per settings (once per process).
    pub http: SharedHttp,
}

impl Default for AssistantSettings {
    /// No model: the intent parser answers.
    fn default() -> Self {
        Self {
            model: None,
            embeddings: None,
            max_tool_rounds: DEFAULT_MAX_TOOL_ROUNDS,
            timeout: DEFAULT_TIMEOUT,
            http: SharedHttp::default(),
        }
    }
}

fn number<T: std::str::FromStr>(name: &str, raw: Option<String>, default: T) -> Result<T, String> {
    match raw {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|_| format!("{name} must be a whole number, not {raw:?}")),
    }
}

impl AssistantSettings {
    /// Reads `ASSISTANT_MODEL_BASE_URL`, `ASSISTANT_MODEL`, `ASSISTANT_API_KEY`,
    /// `ASSISTANT_PROMPT_PRICE`, `ASSISTANT_COMPLETION_PRICE`, `ASSISTANT_EMBEDDINGS_BASE_URL`,
    /// `ASSISTANT_EMBEDDINGS_MODEL`, `ASSISTANT_EMBEDDINGS_API_KEY` (default: the model's key),
    /// `ASSISTANT_EMBEDDINGS_PRICE`,
    /// `ASSISTANT_MAX_TOOL_ROUNDS` and `ASSISTANT_TIMEOUT_SECONDS`; blank counts as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let given = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let price = |name: &str| -> Result<Decimal, String> {
            given(name).map_or(Ok(Decimal::ZERO), |raw| {
                raw.trim()
                    .parse::<Decimal>()
                    .ok()
                    .filter(|price| !price.is_sign_negative())
                    .ok_or_else(|| format!("{name} must be a decimal price, not {raw:?}"))
            })
        };
        let model = match given("ASSISTANT_MODEL_BASE_URL") {
            None => None,
            Some(base_url) => Some(ModelSettings {
                base_url: base_url.trim_end_matches('/').to_owned(),
                model: given("ASSISTANT_MODEL")
                    .ok_or("ASSISTANT_MODEL is needed with ASSISTANT_MODEL_BASE_URL")?,
                api_key: given("ASSISTANT_API_KEY").unwrap_or_default(),
                prompt_price: price("ASSISTANT_PROMPT_PRICE")?,
                completion_price: price("ASSISTANT_COMPLETION_PRICE")?,
            }),
        };
        let embeddings = match given("ASSISTANT_EMBEDDINGS_BASE_URL") {
            None => None,
            Some(base_url) => Some(EmbeddingSettings {
                base_url: base_url.trim_end_matches('/').to_owned(),
                model: given("ASSISTANT_EMBEDDINGS_MODEL").ok_or(
                    "ASSISTANT_EMBEDDINGS_MODEL is needed with ASSISTANT_EMBEDDINGS_BASE_URL",
                )?,
                api_key: given("ASSISTANT_EMBEDDINGS_API_KEY")
                    .or_else(|| given("ASSISTANT_API_KEY"))
                    .unwrap_or_default(),
                price: price("ASSISTANT_EMBEDDINGS_PRICE")?,
            }),
        };
        let seconds = number(
            "ASSISTANT_TIMEOUT_SECONDS",
            given("ASSISTANT_TIMEOUT_SECONDS"),
            DEFAULT_TIMEOUT.as_secs(),
        )?;
        Ok(Self {
            model,
            embeddings,
            max_tool_rounds: number(
                "ASSISTANT_MAX_TOOL_ROUNDS",
                given("ASSISTANT_MAX_TOOL_ROUNDS"),
                DEFAULT_MAX_TOOL_ROUNDS,
            )?
            .clamp(1, 10),
            timeout: Duration::from_secs(seconds.clamp(1, 120)),
            http: SharedHttp::default(),
        })
    }

    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_base_url_is_no_model_and_defaults_apply() {
        let settings = AssistantSettings::from_lookup(|_| None).expect("settings");
        let default = AssistantSettings::default();
        assert_eq!(
            (
                settings.model,
                settings.embeddings,
                settings.max_tool_rounds,
                settings.timeout
            ),
            (
                default.model,
                default.embeddings,
                default.max_tool_rounds,
                default.timeout
            )
        );
    }

    #[test]
    fn a_model_needs_its_name_and_the_key_is_not_printed() {
        let env = HashMap::from([
            ("ASSISTANT_MODEL_BASE_URL", "http://127.0.0.1:9/v1/"),
            ("ASSISTANT_API_KEY", "sk-secret"),
            ("ASSISTANT_PROMPT_PRICE", "0.15"),
        ]);
        let lookup = |name: &str| env.get(name).map(|value| (*value).to_owned());
        assert!(AssistantSettings::from_lookup(lookup).is_err());
        let mut env = env.clone();
        env.insert("ASSISTANT_MODEL", "small");
        let settings =
            AssistantSettings::from_lookup(|name| env.get(name).map(|v| (*v).to_owned()))
                .expect("settings");
        let model = settings.model.expect("model");
        assert_eq!(model.base_url, "http://127.0.0.1:9/v1");
        assert_eq!(model.prompt_price, Decimal::new(15, 2));
        assert!(!format!("{model:?}").contains("sk-secret"));
    }

    #[test]
    fn embeddings_need_their_model_and_share_the_models_key_by_default() {
        let env = HashMap::from([
            ("ASSISTANT_EMBEDDINGS_BASE_URL", "http://127.0.0.1:9/v1"),
            ("ASSISTANT_API_KEY", "sk-secret"),
        ]);
        let lookup = |name: &str| env.get(name).map(|value| (*value).to_owned());
        assert!(AssistantSettings::from_lookup(lookup).is_err());
        let mut env = env.clone();
        env.insert("ASSISTANT_EMBEDDINGS_MODEL", "embed-small");
        let settings =
            AssistantSettings::from_lookup(|name| env.get(name).map(|v| (*v).to_owned()))
                .expect("settings");
        let embeddings = settings.embeddings.expect("embeddings");
        assert_eq!(embeddings.api_key, "sk-secret");
        assert!(
            settings.model.is_none(),
            "embeddings work with the parser too"
        );
        assert!(!format!("{embeddings:?}").contains("sk-secret"));
    }
}
