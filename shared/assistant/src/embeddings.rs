//! Vector search over the caller's own texts, when an embeddings endpoint is configured (an
//! OpenAI-compatible `POST {base}/embeddings`). Each distinct text of the caller's transactions
//! (description, merchant, notes and tags together) is embedded once and its vector stored in
//! the caller's partition, `ASSISTANT_VECTOR#<model>#<SHA-256 of the text>`, so a later
//! question embeds only what is new and erasing the account erases the vectors. A question's
//! query is embedded and each text scored by cosine similarity. Vectors are not money: `f32` is
//! their type. One question embeds at most [`MAX_NEW_TEXTS`] new texts; the others are scored
//! on a later question.

// Similarities are the one place floating point belongs (never money): the lint that keeps
// floats out of the workspace is lifted for this module only.
#![allow(clippy::float_arithmetic)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::model::ModelError;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Item, Key, MAX_BATCH_GET_KEYS, MAX_TRANSACTION_WRITES, Table,
    TableError, Write,
};

/// New texts one question embeds at most.
pub const MAX_NEW_TEXTS: usize = 256;
/// Texts one embeddings request carries.
const TEXTS_PER_REQUEST: usize = 64;
const VECTOR: &str = "vector";

/// An OpenAI-compatible embeddings endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct EmbeddingSettings {
    /// e.g. `https://api.openai.com/v1` (`/embeddings` is appended).
    pub base_url: String,
    pub model: String,
    pub api_key: String,
    /// Per million tokens, in USD, for the cost accounting.
    pub price: Decimal,
}

impl std::fmt::Debug for EmbeddingSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddingSettings")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &"<redacted>")
            .field("price", &self.price)
            .finish()
    }
}

#[derive(Deserialize)]
struct EmbeddingsResponse {
    data: Vec<EmbeddingData>,
    usage: Option<EmbeddingsUsage>,
}

#[derive(Deserialize)]
struct EmbeddingsUsage {
    #[serde(default)]
    prompt_tokens: u64,
}

#[derive(Deserialize)]
struct EmbeddingData {
    index: usize,
    embedding: Vec<f32>,
}

/// Embeds texts and keeps their vectors, for one endpoint.
#[derive(Clone)]
pub struct Embedder {
    settings: EmbeddingSettings,
    http: reqwest::Client,
    timeout: Duration,
    table: Arc<dyn Table>,
    /// Tokens the endpoint reported, for the usage of the message being answered.
    used: Arc<AtomicU64>,
}

/// The cosine similarity of two vectors (0 when either is empty or of another length).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let norms = norm(a) * norm(b);
    if norms == 0.0 { 0.0 } else { dot / norms }
}

/// How well a text matches a query: the better of its similarity by meaning (when embedded)
/// and the share of the query's `words` it holds.
pub fn rank(similarity: Option<f32>, matches: usize, words: usize) -> f32 {
    let share = if words == 0 {
        0.0
    } else {
        matches as f32 / words as f32
    };
    similarity.unwrap_or(0.0).max(share)
}

fn encode(vector: &[f32]) -> String {
    let bytes: Vec<u8> = vector.iter().flat_map(|x| x.to_le_bytes()).collect();
    STANDARD.encode(bytes)
}

fn decode(text: &str) -> Option<Vec<f32>> {
    let bytes = STANDARD.decode(text).ok()?;
    (bytes.len() % 4 == 0).then(|| {
        bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    })
}

impl Embedder {
    pub fn new(
        settings: EmbeddingSettings,
        http: reqwest::Client,
        timeout: Duration,
        table: Arc<dyn Table>,
    ) -> Self {
        Self {
            settings,
            http,
            timeout,
            table,
            used: Arc::default(),
        }
    }

    /// Tokens the endpoint reported since this embedder was made.
    pub fn tokens_used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    fn key(&self, user_id: &UserId, text: &str) -> Key {
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        Key::new(
            user_partition(user_id),
            format!("ASSISTANT_VECTOR#{}#{hex}", self.settings.model),
        )
    }

    /// One embeddings request: a vector per text, in order.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut request = self
            .http
            .post(format!("{}/embeddings", self.settings.base_url))
            .timeout(self.timeout)
            .json(&json!({"model": self.settings.model, "input": texts}));
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
        if !response.status().is_success() {
            return Err(ModelError::Failed(format!("status {}", response.status())));
        }
        let mut body: EmbeddingsResponse = response.json().await.map_err(failed)?;
        let tokens = body.usage.map_or(0, |usage| usage.prompt_tokens);
        self.used.fetch_add(tokens, Ordering::Relaxed);
        body.data.sort_by_key(|data| data.index);
        if body.data.len() != texts.len() {
            return Err(ModelError::Failed(format!(
                "{} embeddings for {} texts",
                body.data.len(),
                texts.len()
            )));
        }
        Ok(body.data.into_iter().map(|data| data.embedding).collect())
    }

    /// The stored vectors of `texts` (distinct), by text.
    async fn stored(
        &self,
        user_id: &UserId,
        texts: &[&String],
    ) -> Result<HashMap<String, Vec<f32>>, TableError> {
        let mut found = HashMap::new();
        for chunk in texts.chunks(MAX_BATCH_GET_KEYS) {
            let keys: Vec<Key> = chunk.iter().map(|text| self.key(user_id, text)).collect();
            let items = self.table.get_many(&keys).await?;
            for (text, item) in chunk.iter().zip(items) {
                let vector = item.and_then(|item| match item.get(VECTOR) {
                    Some(AttributeValue::S(encoded)) => decode(encoded),
                    _ => None,
                });
                if let Some(vector) = vector {
                    found.insert((*text).clone(), vector);
                }
            }
        }
        Ok(found)
    }

    async fn store(
        &self,
        user_id: &UserId,
        vectors: &[(String, Vec<f32>)],
    ) -> Result<(), TableError> {
        for chunk in vectors.chunks(MAX_TRANSACTION_WRITES) {
            let writes = chunk
                .iter()
                .map(|(text, vector)| {
                    let mut item: Item = self.key(user_id, text).to_item();
                    item.insert(VECTOR.to_owned(), AttributeValue::S(encode(vector)));
                    Write::Put {
                        item,
                        condition: Condition::Always,
                    }
                })
                .collect();
            self.table.transact(writes).await?;
        }
        Ok(())
    }

    /// The similarity of each of `texts` to `query` (`None` for a text not embedded yet),
    /// embedding and storing up to [`MAX_NEW_TEXTS`] texts that have no vector.
    pub async fn similarities(
        &self,
        user_id: &UserId,
        query: &str,
        texts: &[String],
    ) -> Result<Vec<Option<f32>>, ModelError> {
        let unavailable = |err: TableError| ModelError::Failed(err.to_string());
        let mut distinct: Vec<&String> = texts.iter().collect();
        distinct.sort();
        distinct.dedup();
        let mut vectors = self.stored(user_id, &distinct).await.map_err(unavailable)?;
        let missing: Vec<String> = distinct
            .into_iter()
            .filter(|text| !vectors.contains_key(*text))
            .take(MAX_NEW_TEXTS)
            .cloned()
            .collect();
        for batch in missing.chunks(TEXTS_PER_REQUEST) {
            let embedded: Vec<(String, Vec<f32>)> = batch
                .iter()
                .cloned()
                .zip(self.embed(batch).await?)
                .collect();
            self.store(user_id, &embedded).await.map_err(unavailable)?;
            vectors.extend(embedded);
        }
        let query = self
            .embed(&[query.to_owned()])
            .await?
            .pop()
            .unwrap_or_default();
        Ok(texts
            .iter()
            .map(|text| vectors.get(text).map(|vector| cosine(&query, vector)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_and_cosine_is_the_angle() {
        let vector = vec![0.5, -1.25, 3.0];
        assert_eq!(decode(&encode(&vector)), Some(vector));
        assert_eq!(decode("not base64!"), None);
        assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
        assert_eq!(cosine(&[1.0], &[1.0, 2.0]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 2.0]), 0.0);
        assert_eq!(rank(Some(0.9), 1, 2), 0.9);
        assert_eq!(rank(None, 1, 2), 0.5);
        assert_eq!(rank(Some(0.2), 0, 0), 0.2);
    }
}
