//! Per user and day (the user's, in their time zone): messages sent, tokens used (the chat
//! model's and the embeddings') and their cost, in one item added to
//! atomically; and the daily message limit, read through ONE port ([`MessageLimit`]), fed by
//! the runtime setting `assistant.daily_message_limit` ([`SettingsLimit`]) that admins change
//! at `PUT /v1/admin/settings` (cached 30 s). A message is counted
//! before it is answered, by an add conditioned on the count read (compare and add), so
//! concurrent questions cannot pass the limit together.

use std::sync::Arc;

use async_trait::async_trait;
use rust_decimal::Decimal;
use time::Date;

use crate::embeddings::EmbeddingSettings;
use crate::keys;
use crate::settings::ModelSettings;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{AttributeValue, Condition, Table, TableError, Write};
use ferrofin_platform::settings::{ASSISTANT_DAILY_MESSAGE_LIMIT, RuntimeSettings};

const MESSAGES: &str = "messages";
const PROMPT_TOKENS: &str = "prompt_tokens";
const COMPLETION_TOKENS: &str = "completion_tokens";
const EMBEDDING_TOKENS: &str = "embedding_tokens";
/// Cost in millionths of a US dollar.
const COST_MICROS: &str = "cost_micro_usd";

/// How many messages a user may send a day.
#[async_trait]
pub trait MessageLimit: Send + Sync {
    async fn daily_messages(&self, user_id: &UserId) -> Result<u32, TableError>;
}

/// The runtime setting, the same for every user.
pub struct SettingsLimit(pub RuntimeSettings);

#[async_trait]
impl MessageLimit for SettingsLimit {
    async fn daily_messages(&self, _: &UserId) -> Result<u32, TableError> {
        let limit = self.0.integer(ASSISTANT_DAILY_MESSAGE_LIMIT).await?;
        Ok(u32::try_from(limit).unwrap_or_default())
    }
}

/// One day's usage of a user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub messages: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub embedding_tokens: u64,
    pub cost_micro_usd: u64,
}

/// Tokens the endpoints reported for answering one message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    pub prompt: u64,
    pub completion: u64,
    /// The embeddings endpoint's (vector search).
    pub embedding: u64,
}

impl Tokens {
    /// The cost in millionths of a dollar at the prices per million tokens of the model and
    /// of the embeddings (rounded half-even to the micro-dollar).
    pub fn cost_micro_usd(
        self,
        model: Option<&ModelSettings>,
        embeddings: Option<&EmbeddingSettings>,
    ) -> u64 {
        let chat = model.map_or(Decimal::ZERO, |model| {
            Decimal::from(self.prompt) * model.prompt_price
                + Decimal::from(self.completion) * model.completion_price
        });
        let vectors = embeddings.map_or(Decimal::ZERO, |embeddings| {
            Decimal::from(self.embedding) * embeddings.price
        });
        u64::try_from((chat + vectors).round_dp(0)).unwrap_or(0)
    }
}

#[derive(Clone)]
pub struct UsageStore {
    table: Arc<dyn Table>,
}

fn count(item: &ferrofin_platform::ports::table::Item, name: &str) -> u64 {
    match item.get(name) {
        Some(AttributeValue::N(number)) => number.parse().unwrap_or(0),
        _ => 0,
    }
}

fn saturating(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl UsageStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    pub async fn day(&self, user_id: &UserId, day: Date) -> Result<Usage, TableError> {
        Ok(self
            .table
            .get(&keys::usage(user_id, day))
            .await?
            .map(|item| Usage {
                messages: count(&item, MESSAGES),
                prompt_tokens: count(&item, PROMPT_TOKENS),
                completion_tokens: count(&item, COMPLETION_TOKENS),
                embedding_tokens: count(&item, EMBEDDING_TOKENS),
                cost_micro_usd: count(&item, COST_MICROS),
            })
            .unwrap_or_default())
    }

    /// Counts one message of the day if fewer than `limit` were counted; `false` when the
    /// limit is reached.
    pub async fn reserve(
        &self,
        user_id: &UserId,
        day: Date,
        limit: u32,
    ) -> Result<bool, TableError> {
        let key = keys::usage(user_id, day);
        loop {
            let item = self.table.get(&key).await?;
            let counted = item.as_ref().map_or(0, |item| count(item, MESSAGES));
            if counted >= u64::from(limit) {
                return Ok(false);
            }
            let condition = match item {
                None => Condition::NotExists,
                Some(_) => Condition::Equals {
                    name: MESSAGES.to_owned(),
                    value: AttributeValue::N(counted.to_string()),
                },
            };
            let write = Write::Add {
                key: key.clone(),
                deltas: vec![(MESSAGES.to_owned(), 1)],
                condition,
            };
            match self.table.transact(vec![write]).await {
                // Another question was counted meanwhile: read the count again.
                Err(TableError::ConditionFailed { .. }) => continue,
                other => return other.map(|()| true),
            }
        }
    }

    /// Adds what a model used answering a message of the user's `day`.
    pub async fn add_tokens(
        &self,
        user_id: &UserId,
        day: Date,
        tokens: Tokens,
        cost_micro_usd: u64,
    ) -> Result<(), TableError> {
        let write = Write::Add {
            key: keys::usage(user_id, day),
            deltas: vec![
                (PROMPT_TOKENS.to_owned(), saturating(tokens.prompt)),
                (COMPLETION_TOKENS.to_owned(), saturating(tokens.completion)),
                (EMBEDDING_TOKENS.to_owned(), saturating(tokens.embedding)),
                (COST_MICROS.to_owned(), saturating(cost_micro_usd)),
            ],
            condition: Condition::Always,
        };
        self.table.transact(vec![write]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_prices_per_million_tokens_in_micro_dollars() {
        let model = ModelSettings {
            base_url: String::new(),
            model: String::new(),
            api_key: String::new(),
            prompt_price: Decimal::new(15, 2),
            completion_price: Decimal::new(60, 2),
        };
        let tokens = Tokens {
            prompt: 1_000,
            completion: 500,
            embedding: 300,
        };
        // 1000 x 0.15 + 500 x 0.60 = 450 micro-dollars.
        assert_eq!(tokens.cost_micro_usd(Some(&model), None), 450);
        let embeddings = EmbeddingSettings {
            base_url: String::new(),
            model: String::new(),
            api_key: String::new(),
            price: Decimal::new(2, 2),
        };
        // ... + 300 x 0.02 = 6.
        assert_eq!(tokens.cost_micro_usd(Some(&model), Some(&embeddings)), 456);
        assert_eq!(tokens.cost_micro_usd(None, Some(&embeddings)), 6);
    }
}
