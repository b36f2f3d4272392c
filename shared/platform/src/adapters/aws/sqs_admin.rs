//! The QueueAdmin port on SQS: counts from `GetQueueAttributes` of a queue and its dead-letter
//! queue, dead letters read with `ReceiveMessage` (hidden while one listing reads on, so it
//! sees each once, and made visible again at its end), and redrive as receive, send to the
//! queue, delete from the dead-letter queue — one message at a time, so a failure moves none
//! twice; the letters not chosen are made visible again.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::{Message, MessageSystemAttributeName, QueueAttributeName};

use super::describe;
use super::lazy_client::LazyClient;
use crate::ports::queue::{Envelope, QueueError, QueueName};
use crate::ports::queue_admin::{DeadLetter, MAX_DEAD_LETTERS, QueueAdmin, QueueStats, Redrive};

/// Seconds a dead letter being read stays hidden (released at once when not moved).
const PEEK_VISIBILITY_SECONDS: i32 = 30;
/// Most messages one `ReceiveMessage` answers.
const RECEIVE_BATCH: i32 = 10;

/// A queue's URL and its dead-letter queue's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuePair {
    pub url: String,
    pub dead_letter_url: String,
}

/// SQS queues and their dead-letter queues, by name.
pub struct SqsQueueAdmin {
    client: LazyClient<Client>,
    queues: HashMap<QueueName, QueuePair>,
}

fn unavailable<E: std::error::Error + 'static>(err: &E) -> QueueError {
    QueueError::Unavailable(describe(err))
}

impl SqsQueueAdmin {
    pub fn new(
        client: impl Into<LazyClient<Client>>,
        queues: HashMap<QueueName, QueuePair>,
    ) -> Self {
        Self {
            client: client.into(),
            queues,
        }
    }

    fn pair(&self, queue: QueueName) -> Result<&QueuePair, QueueError> {
        self.queues.get(&queue).ok_or_else(|| {
            QueueError::Unavailable(format!(
                "no URLs configured for queue {} and its dead-letter queue",
                queue.as_str()
            ))
        })
    }

    async fn counts(&self, url: &str) -> Result<(u64, u64), QueueError> {
        let output = self
            .client
            .get()
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .map_err(|err| unavailable(&err))?;
        let attributes = output.attributes.unwrap_or_default();
        let count = |name: &QueueAttributeName| {
            attributes
                .get(name)
                .and_then(|value| value.parse().ok())
                .unwrap_or_default()
        };
        Ok((
            count(&QueueAttributeName::ApproximateNumberOfMessages),
            count(&QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        ))
    }

    /// Up to `limit` distinct dead letters, hidden for a few seconds each.
    async fn receive_dead(&self, url: &str, limit: usize) -> Result<Vec<Message>, QueueError> {
        let mut seen = HashSet::new();
        let mut messages = Vec::new();
        while messages.len() < limit {
            let output = self
                .client
                .get()
                .receive_message()
                .queue_url(url)
                .max_number_of_messages(RECEIVE_BATCH)
                .visibility_timeout(PEEK_VISIBILITY_SECONDS)
                .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
                .send()
                .await
                .map_err(|err| unavailable(&err))?;
            let batch = output.messages.unwrap_or_default();
            let before = messages.len();
            for message in batch {
                let id = message.message_id.clone().unwrap_or_default();
                if messages.len() < limit && seen.insert(id) {
                    messages.push(message);
                }
            }
            if messages.len() == before {
                break;
            }
        }
        Ok(messages)
    }

    /// Makes dead letters that were read and not moved visible again.
    async fn release(&self, url: &str, messages: &[&Message]) -> Result<(), QueueError> {
        for handle in messages.iter().filter_map(|m| m.receipt_handle()) {
            self.client
                .get()
                .change_message_visibility()
                .queue_url(url)
                .receipt_handle(handle)
                .visibility_timeout(0)
                .send()
                .await
                .map_err(|err| unavailable(&err))?;
        }
        Ok(())
    }
}

/// The envelope in a message's body, when it is one.
fn envelope_of(message: &Message) -> Option<Envelope> {
    message
        .body()
        .and_then(|body| Envelope::from_json(body).ok())
}

#[async_trait]
impl QueueAdmin for SqsQueueAdmin {
    async fn stats(&self, queue: QueueName) -> Result<QueueStats, QueueError> {
        let pair = self.pair(queue)?;
        let (depth, in_flight) = self.counts(&pair.url).await?;
        let (dead, dead_in_flight) = self.counts(&pair.dead_letter_url).await?;
        Ok(QueueStats {
            queue,
            depth,
            in_flight,
            dead_letters: dead + dead_in_flight,
        })
    }

    async fn dead_letters(
        &self,
        queue: QueueName,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError> {
        let pair = self.pair(queue)?;
        let messages = self
            .receive_dead(&pair.dead_letter_url, limit.min(MAX_DEAD_LETTERS))
            .await?;
        self.release(&pair.dead_letter_url, &messages.iter().collect::<Vec<_>>())
            .await?;
        Ok(messages
            .iter()
            .filter_map(|message| {
                let envelope = envelope_of(message)?;
                let receive_count = message
                    .attributes()
                    .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                    .and_then(|count| count.parse().ok())
                    .unwrap_or_default();
                Some(DeadLetter {
                    message_type: envelope.message_type,
                    id: envelope.id,
                    error: None,
                    receive_count,
                })
            })
            .collect())
    }

    async fn redrive(&self, queue: QueueName, which: &Redrive) -> Result<usize, QueueError> {
        let pair = self.pair(queue)?;
        let client = self.client.get();
        let messages = self
            .receive_dead(&pair.dead_letter_url, MAX_DEAD_LETTERS)
            .await?;
        let (chosen, others): (Vec<&Message>, Vec<&Message>) = messages
            .iter()
            .partition(|m| envelope_of(m).is_some_and(|envelope| which.includes(&envelope.id)));
        self.release(&pair.dead_letter_url, &others).await?;
        let mut moved = 0;
        for message in chosen {
            let (Some(body), Some(handle)) = (message.body(), message.receipt_handle()) else {
                continue;
            };
            client
                .send_message()
                .queue_url(&pair.url)
                .message_body(body)
                .send()
                .await
                .map_err(|err| unavailable(&err))?;
            client
                .delete_message()
                .queue_url(&pair.dead_letter_url)
                .receipt_handle(handle)
                .send()
                .await
                .map_err(|err| unavailable(&err))?;
            moved += 1;
        }
        Ok(moved)
    }
}
