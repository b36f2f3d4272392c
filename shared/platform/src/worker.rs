//! The SQS side of background work (docs/architecture.md, "Background work"): a worker Lambda receives a batch of SQS
//! records, each body an [`Envelope`], hands each envelope to its [`Consumer`] and reports the
//! records that failed (`ReportBatchItemFailures`), so SQS retries only those and moves a
//! record that keeps failing to the queue's dead-letter queue after the max receive count.
//! Each batch records its size and failures as metrics ([`crate::metrics`]), and its log lines
//! carry the invocation's X-Ray trace id.

use std::sync::Arc;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use futures::StreamExt;
use lambda_runtime::{LambdaEvent, service_fn};

use crate::ids::EventId;
use crate::metrics;
use crate::ports::queue::{ConsumeError, Consumer, Envelope};
use tracing::Instrument;

/// Records of one batch handled at the same time (SQS batches hold at most 10 by default).
pub const MAX_CONCURRENT_RECORDS: usize = 10;

/// Why one record was not handled.
#[derive(Debug)]
enum RecordFailure {
    /// The body is missing or not an envelope: a poison message.
    NotAnEnvelope(String),
    Consumer {
        message_type: String,
        envelope_id: EventId,
        error: ConsumeError,
    },
}

/// Hands each record to the consumer, a few at a time, and lists the message ids of the
/// records that failed. A record without a message id cannot be named: it is reported with
/// an empty id, which makes Lambda retry the whole batch rather than lose the record.
pub async fn handle_sqs_batch(consumer: &dyn Consumer, event: SqsEvent) -> SqsBatchResponse {
    let size = event.records.len();
    let failed: Vec<String> = futures::stream::iter(event.records)
        .map(|record| handle_record(consumer, record))
        .buffered(MAX_CONCURRENT_RECORDS)
        .filter_map(|failed| async move { failed })
        .collect()
        .await;
    metrics::batch(size, failed.len());
    let mut response = SqsBatchResponse::default();
    response.set_failures(failed);
    response
}

/// Handles one record; returns its message id when it failed, after logging why (once,
/// without the body).
async fn handle_record(consumer: &dyn Consumer, record: SqsMessage) -> Option<String> {
    let message_id = record.message_id.unwrap_or_default();
    let failure = match parse(record.body.as_deref()) {
        Err(failure) => failure,
        Ok(envelope) => {
            let message_type = envelope.message_type.clone();
            let envelope_id = envelope.id.clone();
            match consumer.consume(envelope).await {
                Ok(()) => return None,
                Err(error) => RecordFailure::Consumer {
                    message_type,
                    envelope_id,
                    error,
                },
            }
        }
    };
    match &failure {
        RecordFailure::NotAnEnvelope(reason) => {
            tracing::error!(message_id, reason, "SQS record is not an envelope");
        }
        RecordFailure::Consumer {
            message_type,
            envelope_id,
            error,
        } => {
            tracing::warn!(message_id, message_type, envelope_id = envelope_id.as_str(), error = %error, "message not handled; SQS will retry it");
        }
    }
    Some(message_id)
}

/// Reads a record body as an envelope. The reason names the JSON problem's kind and place,
/// never the body's content.
fn parse(body: Option<&str>) -> Result<Envelope, RecordFailure> {
    let body = body.ok_or_else(|| RecordFailure::NotAnEnvelope("no body".to_owned()))?;
    serde_json::from_str(body).map_err(|err| {
        RecordFailure::NotAnEnvelope(format!(
            "{:?} JSON error at line {} column {}",
            err.classify(),
            err.line(),
            err.column()
        ))
    })
}

/// Runs a worker Lambda: every invocation's SQS batch goes through [`handle_sqs_batch`].
pub async fn run_sqs_worker(consumer: Arc<dyn Consumer>) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let consumer = Arc::clone(&consumer);
        let span = tracing::info_span!("batch", trace_id = crate::telemetry::trace_id());
        async move {
            Ok::<_, std::convert::Infallible>(
                handle_sqs_batch(consumer.as_ref(), event.payload).await,
            )
        }
        .instrument(span)
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;
    use crate::ports::queue::Message;
    use async_trait::async_trait;
    use serde::{Deserialize, Serialize};
    use std::sync::Mutex;
    use time::macros::datetime;

    #[derive(Serialize, Deserialize)]
    struct Ping {
        fail: bool,
    }
    impl Message for Ping {
        const TYPE: &'static str = "ping";
        const VERSION: u32 = 1;
    }

    /// Fails the pings that ask for it and records the envelope ids it handled.
    #[derive(Default)]
    struct PingConsumer {
        handled: Mutex<Vec<EventId>>,
    }

    #[async_trait]
    impl Consumer for PingConsumer {
        async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
            let ping: Ping = envelope
                .open()
                .map_err(|err| ConsumeError::Permanent(err.to_string()))?;
            if ping.fail {
                return Err(ConsumeError::Transient("asked to fail".to_owned()));
            }
            self.handled.lock().expect("lock").push(envelope.id);
            Ok(())
        }
    }

    fn record(message_id: &str, body: Option<String>) -> SqsMessage {
        let mut record = SqsMessage::default();
        record.message_id = Some(message_id.to_owned());
        record.body = body;
        record
    }

    fn ping(fail: bool) -> String {
        let clock = ManualClock::at(datetime!(2026-11-21 12:00 UTC));
        Envelope::wrap(&Ping { fail }, &clock)
            .and_then(|envelope| envelope.to_json())
            .expect("envelope")
    }

    fn event(records: Vec<SqsMessage>) -> SqsEvent {
        let mut event = SqsEvent::default();
        event.records = records;
        event
    }

    fn failed_ids(response: &SqsBatchResponse) -> Vec<&str> {
        response
            .batch_item_failures
            .iter()
            .map(|failure| failure.item_identifier.as_str())
            .collect()
    }

    #[tokio::test]
    async fn only_the_records_that_failed_are_reported() {
        let consumer = PingConsumer::default();
        let response = handle_sqs_batch(
            &consumer,
            event(vec![
                record("m1", Some(ping(false))),
                record("m2", Some(ping(true))),
                record("m3", Some(ping(false))),
            ]),
        )
        .await;
        assert_eq!(failed_ids(&response), ["m2"]);
        assert_eq!(consumer.handled.lock().expect("lock").len(), 2);
    }

    #[tokio::test]
    async fn bodies_that_are_not_envelopes_are_reported_without_reaching_the_consumer() {
        let consumer = PingConsumer::default();
        let response = handle_sqs_batch(
            &consumer,
            event(vec![
                record("garbage", Some("not json".to_owned())),
                record("wrong-shape", Some(r#"{"type":"ping"}"#.to_owned())),
                record("empty", None),
                record("fine", Some(ping(false))),
            ]),
        )
        .await;
        assert_eq!(failed_ids(&response), ["garbage", "wrong-shape", "empty"]);
        assert_eq!(consumer.handled.lock().expect("lock").len(), 1);
    }

    #[tokio::test]
    async fn a_batch_without_failures_reports_none_in_the_lambda_response_shape() {
        let response = handle_sqs_batch(
            &PingConsumer::default(),
            event(vec![record("m1", Some(ping(false)))]),
        )
        .await;
        assert_eq!(
            serde_json::to_value(&response).expect("json"),
            serde_json::json!({"batchItemFailures": []})
        );
    }
}
