//! Reads a DynamoDB Local table's stream the way Lambda's event source mapping does (every
//! shard from its start, then onwards) and hands the records over as the Lambda event the
//! events worker receives.

use std::collections::HashMap;

use aws_lambda_events::event::dynamodb::{Event, EventRecord, StreamRecord};
use aws_sdk_dynamodbstreams::types::ShardIteratorType;

/// The position in every shard of one table's stream.
pub struct TableStream {
    client: aws_sdk_dynamodbstreams::Client,
    stream_arn: String,
    iterators: HashMap<String, Option<String>>,
}

impl TableStream {
    /// The stream of `table`, read from its oldest record.
    pub async fn of(table: &str) -> Self {
        let config = crate::emulators::sdk_config().await;
        let tables = aws_sdk_dynamodb::Client::new(&config);
        let description = tables
            .describe_table()
            .table_name(table)
            .send()
            .await
            .expect("describe table");
        let stream_arn = description
            .table()
            .and_then(|table| table.latest_stream_arn())
            .expect("the table has a stream")
            .to_owned();
        Self {
            client: aws_sdk_dynamodbstreams::Client::new(&config),
            stream_arn,
            iterators: HashMap::new(),
        }
    }

    /// The records written since the last read, as one Lambda batch.
    pub async fn next_batch(&mut self) -> Event {
        let stream = self
            .client
            .describe_stream()
            .stream_arn(&self.stream_arn)
            .send()
            .await
            .expect("describe stream");
        let shards: Vec<String> = stream
            .stream_description()
            .map(|description| description.shards())
            .unwrap_or_default()
            .iter()
            .filter_map(|shard| shard.shard_id().map(str::to_owned))
            .collect();
        let mut event = Event::default();
        for shard in shards {
            let iterator = match self.iterators.get(&shard) {
                Some(Some(iterator)) => iterator.clone(),
                Some(None) => continue,
                None => self.first_iterator(&shard).await,
            };
            let page = self
                .client
                .get_records()
                .shard_iterator(iterator)
                .send()
                .await
                .expect("get records");
            event
                .records
                .extend(page.records().iter().map(lambda_record));
            self.iterators
                .insert(shard, page.next_shard_iterator().map(str::to_owned));
        }
        event
    }

    async fn first_iterator(&self, shard: &str) -> String {
        self.client
            .get_shard_iterator()
            .stream_arn(&self.stream_arn)
            .shard_id(shard)
            .shard_iterator_type(ShardIteratorType::TrimHorizon)
            .send()
            .await
            .expect("shard iterator")
            .shard_iterator()
            .expect("an iterator")
            .to_owned()
    }
}

/// A stream record as Lambda delivers it.
fn lambda_record(record: &aws_sdk_dynamodbstreams::types::Record) -> EventRecord {
    let mut change = StreamRecord::default();
    if let Some(dynamodb) = record.dynamodb() {
        change.new_image = dynamodb.new_image().cloned().unwrap_or_default().into();
        change.keys = dynamodb.keys().cloned().unwrap_or_default().into();
        change.sequence_number = dynamodb.sequence_number().map(str::to_owned);
    }
    let mut lambda = EventRecord::default();
    lambda.event_id = record.event_id().unwrap_or_default().to_owned();
    lambda.event_name = record
        .event_name()
        .map(|name| name.as_str().to_owned())
        .unwrap_or_default();
    lambda.change = change;
    lambda
}
