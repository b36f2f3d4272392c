//! The Queue port on SQS: one message per envelope (JSON body), batches split into SQS's
//! limit of ten.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::{QueueAttributeName, SendMessageBatchRequestEntry};

use super::describe;
use super::lazy_client::LazyClient;
use crate::ports::queue::{Envelope, MAX_SEND_BATCH, Queue, QueueError, QueueName};

/// SQS queues by name.
pub struct SqsQueue {
    client: LazyClient<Client>,
    urls: HashMap<QueueName, String>,
}

impl SqsQueue {
    pub fn new(client: impl Into<LazyClient<Client>>, urls: HashMap<QueueName, String>) -> Self {
        Self {
            client: client.into(),
            urls,
        }
    }

    fn url(&self, queue: QueueName) -> Result<&str, QueueError> {
        self.urls.get(&queue).map(String::as_str).ok_or_else(|| {
            QueueError::Unavailable(format!("no URL configured for queue {}", queue.as_str()))
        })
    }
}

#[async_trait]
impl Queue for SqsQueue {
    /// One `GetQueueAttributes` on the email queue, the one every function has.
    async fn ping(&self) -> Result<(), QueueError> {
        self.client
            .get()
            .get_queue_attributes()
            .queue_url(self.url(QueueName::Email)?)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map(|_| ())
            .map_err(|err| QueueError::Unavailable(describe(&err)))
    }

    async fn send(&self, queue: QueueName, envelope: &Envelope) -> Result<(), QueueError> {
        self.client
            .get()
            .send_message()
            .queue_url(self.url(queue)?)
            .message_body(envelope.to_json()?)
            .send()
            .await
            .map(|_| ())
            .map_err(|err| QueueError::Unavailable(describe(&err)))
    }

    async fn send_batch(&self, queue: QueueName, envelopes: &[Envelope]) -> Result<(), QueueError> {
        let url = self.url(queue)?;
        for chunk in envelopes.chunks(MAX_SEND_BATCH) {
            let entries = chunk
                .iter()
                .enumerate()
                .map(|(i, envelope)| {
                    SendMessageBatchRequestEntry::builder()
                        .id(i.to_string())
                        .message_body(envelope.to_json()?)
                        .build()
                        .map_err(|err| QueueError::Malformed(err.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let output = self
                .client
                .get()
                .send_message_batch()
                .queue_url(url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(|err| QueueError::Unavailable(describe(&err)))?;
            if let Some(failed) = output.failed.first() {
                return Err(QueueError::Unavailable(format!(
                    "{} of {} messages not sent: {}",
                    output.failed.len(),
                    chunk.len(),
                    failed.message.as_deref().unwrap_or(&failed.code)
                )));
            }
        }
        Ok(())
    }
}
