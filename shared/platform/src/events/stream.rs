//! The DynamoDB Streams side of domain events: the events worker Lambda receives a batch of
//! stream records (new images of outbox items, selected by the event source mapping's filter),
//! delivers each event in order and reports the first failure by its sequence number
//! (`ReportBatchItemFailures`). Lambda then retries from that record (bisecting the batch on
//! error) and sends what keeps failing to the mapping's on-failure destination, an SQS DLQ.
//! Each batch records its size and failures as metrics; its log lines carry the trace id.

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use lambda_runtime::{LambdaEvent, service_fn};
use tracing::Instrument;

use super::dispatch::Dispatcher;
use super::outbox;

/// Delivers the events of a batch in stream order; stops at the first record that fails and
/// reports it, so that it and everything after it is retried (records before it are done).
pub async fn handle_stream_batch(dispatcher: &Dispatcher, event: Event) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    let size = event.records.len();
    for record in event.records {
        if let Err(reason) = handle_record(dispatcher, &record).await {
            let sequence_number = record.change.sequence_number.clone().unwrap_or_default();
            tracing::warn!(
                sequence_number,
                event_id = record.event_id,
                reason,
                "event not delivered; the stream will retry it"
            );
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = Some(sequence_number);
            response.batch_item_failures.push(failure);
            break;
        }
    }
    crate::metrics::batch(size, response.batch_item_failures.len());
    response
}

/// Delivers the event of one record. Records that are not new outbox events (the mapping's
/// filter should have dropped them) are skipped.
async fn handle_record(dispatcher: &Dispatcher, record: &EventRecord) -> Result<(), String> {
    let image = &record.change.new_image;
    if record.event_name != "INSERT" || !outbox::is_pending(image) {
        return Ok(());
    }
    let envelope = outbox::envelope_of(image).map_err(|err| err.to_string())?;
    dispatcher
        .deliver(&envelope)
        .await
        .map_err(|err| format!("{} {}: {err}", envelope.message_type, envelope.id))
}

/// Runs the events worker Lambda: every invocation's stream batch goes through
/// [`handle_stream_batch`].
pub async fn run_stream_worker(dispatcher: Dispatcher) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| {
        let dispatcher = dispatcher.clone();
        let span = tracing::info_span!("batch", trace_id = crate::telemetry::trace_id());
        async move {
            Ok::<_, std::convert::Infallible>(handle_stream_batch(&dispatcher, event.payload).await)
        }
        .instrument(span)
    }))
    .await
}
